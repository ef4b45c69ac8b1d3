"""`regbot ask` (one answer, or a batch) and `regbot chat` (the terminal channel)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bot.answer import Engine, get_engine
from bot.commands.common import InputError, joined, print_json, read_batch
from bot.models import Turn
from bot.render import to_text

HISTORY = Path(os.environ.get("REGBOT_HISTORY", Path.home() / ".regbot_history"))


def ask(engine: Engine, question: str, as_json: bool) -> int:
    """Answer one question on stdout."""
    answer = engine.ask(question)
    if as_json:
        print_json(answer.to_json())
    else:
        print(to_text(answer))
    return 0


def batch(engine: Engine, path: str) -> int:
    """One JSON answer line, with the input's id, per input line, in order."""
    for qid, question in read_batch(path):
        print_json({"id": qid, **engine.ask(question).to_json()})
    return 0


def _readline() -> None:
    """Line editing and a history kept across sessions, where the terminal supports it."""
    try:
        import readline

        if HISTORY.exists():
            readline.read_history_file(HISTORY)
        readline.set_history_length(1000)
    except (ImportError, OSError):
        pass


def _save_history() -> None:
    try:
        import readline

        readline.write_history_file(HISTORY)
    except (ImportError, OSError):
        pass


def chat(engine: Engine) -> int:
    """An interactive session: the Telegram bot's commands, follow-ups, history; Ctrl-D leaves."""
    interactive = sys.stdin.isatty()
    if interactive:
        _readline()
        print("条例助手（输入问题，/help 查看命令，Ctrl-D 退出）")
    previous: Turn | None = None
    while True:
        try:
            line = input("你> " if interactive else "")
        except EOFError:
            break
        except KeyboardInterrupt:
            print()
            continue
        if not line.strip():
            continue
        answer = engine.handle(line, previous)
        if answer.turn is not None:
            previous = answer.turn
        print(to_text(answer))
        print()
    if interactive:
        _save_history()
        print("再见。")
    return 0


def run(args: argparse.Namespace) -> int:
    try:
        if args.command == "chat":
            return chat(get_engine())
        if args.batch:
            return batch(get_engine(), args.batch)
        question = joined(args.question)
        if not question:
            print("请给出问题，例如：regbot ask \"温州市直机关党委每届任期几年？\"", file=sys.stderr)
            return 2
        return ask(get_engine(), question, args.json)
    except InputError as exc:
        print(str(exc), file=sys.stderr)
        return 2
