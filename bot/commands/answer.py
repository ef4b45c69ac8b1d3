"""`regbot ask` (one answer, or a batch) and `regbot chat` (the terminal channel)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.answer import Engine, get_engine
from bot.commands import batch as batch_file
from bot.commands.common import EXIT_BAD_INPUT, EXIT_NOT_FOUND, EXIT_OK, explain, joined, print_json
from bot.inputs import clean
from bot.models import Turn
from bot.render import to_text
from bot.settings import Settings


def ask(engine: Engine, question: str, as_json: bool) -> int:
    """Answer one question on stdout: exit 0 when answered, 1 when the documents hold no answer."""
    answer = engine.ask(question)
    if as_json:
        print_json(answer.to_json())
    else:
        print(to_text(answer))
    return EXIT_OK if answer.found else EXIT_NOT_FOUND


def batch(engine: Engine, path: str) -> int:
    """One JSON answer line, with the input's id, per input line, in order (bad lines get an "error")."""
    data = batch_file.read_file(path)
    batch_file.run(data, lambda q: engine.ask(q).to_json(), lambda line: print(line, flush=True),
                   lambda exc: explain(exc)[0])
    return EXIT_OK


def _readline(history: Path) -> None:
    """Line editing and a history kept across sessions, where the terminal supports it."""
    try:
        import readline

        if history.exists():
            readline.read_history_file(history)
        readline.set_history_length(1000)
    except (ImportError, OSError):
        pass


def _save_history(history: Path) -> None:
    try:
        import readline

        readline.write_history_file(history)
    except (ImportError, OSError):
        pass


def chat(engine: Engine, history: Path) -> int:
    """An interactive session: the Telegram bot's commands, follow-ups, history; Ctrl-D leaves. A line that
    cannot be answered gets a message and the session goes on."""
    interactive = sys.stdin.isatty()
    if interactive:
        _readline(history)
        print("条例助手（输入问题，/help 查看命令，Ctrl-D 退出）")
    previous: Turn | None = None
    while True:
        try:
            line = clean(input("你> " if interactive else ""))
        except EOFError:
            break
        except KeyboardInterrupt:
            print()
            continue
        if not line:
            continue
        try:
            answer = engine.handle(line, previous)
        except Exception as exc:  # one bad question never ends the session
            print(f"出错了：{explain(exc)[0]}\n")
            continue
        if answer.turn is not None:
            previous = answer.turn
        print(to_text(answer))
        print()
    if interactive:
        _save_history(history)
        print("再见。")
    return EXIT_OK


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Dispatch `ask` and `chat` with the engine for these settings."""
    if args.command == "chat":
        return chat(get_engine(settings.index), settings.regbot_history)
    if args.batch:
        return batch(get_engine(settings.index), args.batch)
    question = joined(args.question)
    if not question:
        print("请给出问题，例如：regbot ask \"温州市直机关党委每届任期几年？\"", file=sys.stderr)
        return EXIT_BAD_INPUT
    return ask(get_engine(settings.index), question, args.json)
