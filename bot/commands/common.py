"""Small helpers the command modules share: user text from arguments, JSON output, error messages."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from bot.inputs import MAX_CHARS, clean, was_cut

# Exit statuses, the same for every command (README: 退出码).
EXIT_OK = 0  # answered
EXIT_NOT_FOUND = 1  # nothing found (or, for `index status`, an index needs rebuilding)
EXIT_BAD_INPUT = 2  # bad input: missing or malformed arguments, settings, files
EXIT_ERROR = 3  # the program or its data cannot work: a missing or damaged data file, an internal error


class InputError(Exception):
    """Bad input from the user: shown as a Chinese message, exit status 2."""


_UNSAFE_JSON = re.compile("[\ud800-\udfff\u2028\u2029]")


def dumps(obj: Any) -> str:
    """One JSON document on one line, Chinese kept readable, always encodable as UTF-8 and strict JSON: lone
    surrogates (and U+2028/U+2029) are written as \\uXXXX escapes, so such strings round-trip exactly."""
    text = json.dumps(obj, ensure_ascii=False, allow_nan=False)
    return _UNSAFE_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def print_json(obj: Any) -> None:
    """Write `obj` as one JSON line on stdout."""
    sys.stdout.write(dumps(obj) + "\n")
    sys.stdout.flush()


def joined(words: list[str] | None, limit: int = MAX_CHARS) -> str:
    """The words of a positional argument as one cleaned string (bad Unicode repaired, control and escape
    characters removed), cut to `limit` characters with a note on stderr when longer."""
    raw = " ".join(words or [])
    if was_cut(raw, limit):
        print(f"提示：输入超过 {limit} 个字，只取前 {limit} 个字。", file=sys.stderr)
    return clean(raw, limit)


_DATA_SUFFIXES = {".txt", ".toml", ".json", ".npy", ".faiss", ".csv"}


def _data_file(exc: BaseException) -> str:
    """The data file being read when `exc` was raised (innermost frame first), or ""."""
    from pathlib import Path

    filename = getattr(exc, "filename", None)
    if filename:
        return str(filename)
    frames = []
    tb = exc.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    for frame in reversed(frames):
        for value in frame.f_locals.values():
            if isinstance(value, Path) and value.suffix in _DATA_SUFFIXES:
                return str(value)
    return ""


def explain(exc: BaseException) -> tuple[str, int]:
    """A Chinese message and exit status for any exception that reaches a command's last guard."""
    import tomllib

    from pydantic import ValidationError

    from bot.inputs import printable

    from index.embed import BackendError

    if isinstance(exc, (InputError, BackendError)):
        return str(exc), EXIT_BAD_INPUT
    if isinstance(exc, (OverflowError, RecursionError, MemoryError)):
        return "输入中的数字过大或内容过于复杂，无法处理。请换个说法再试。", EXIT_BAD_INPUT
    where = printable(_data_file(exc))
    named = f"（{where}）" if where else ""
    if isinstance(exc, FileNotFoundError):
        return f"找不到数据文件{named}。安装可能不完整，请重新安装 regbot。", EXIT_ERROR
    if isinstance(exc, OSError):
        return f"无法读取数据文件{named}：{printable(exc.strerror or exc)}。", EXIT_ERROR
    if isinstance(exc, (UnicodeError, tomllib.TOMLDecodeError, json.JSONDecodeError, ValidationError)):
        return f"数据文件已损坏或格式不对{named}（{type(exc).__name__}）。请重新安装 regbot。", EXIT_ERROR
    return f"程序内部出错（{type(exc).__name__}）。加 --debug 可查看详细信息。", EXIT_ERROR
