"""Batch files (`regbot ask|calc|search --json --batch FILE`): one `{"id", "question"}` JSON object per line in,
exactly one JSON line out per non-blank input line, in order, whatever the line holds.

The file is read as bytes and split on b"\\n" only (a U+2028 inside a string is not a line break). Each line's
`id` is written back as the same JSON value (1 stays 1, null stays null). A line that cannot be answered — not
UTF-8, not JSON, not an object, no id, no question or a question that is not text — gets
`{"id": <as given, or null>, "error": "<Chinese message>"}` and the next line is read; so does a line whose
answer fails. Questions go through the same hygiene as command-line arguments (bot/inputs.py).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.commands.common import InputError, dumps
from bot.inputs import MAX_CHARS, clean, printable



@dataclass
class Line:
    """One non-blank line of a batch file: its id (as given) and question, or why it cannot be answered."""

    number: int
    id: Any = None
    question: str = ""
    error: str = ""


def read_file(path: str) -> bytes:
    """The batch file's bytes; an InputError (Chinese) when it cannot be read."""
    file = Path(path)
    try:
        return file.read_bytes()
    except FileNotFoundError:
        raise InputError(f"找不到文件：{printable(path)}") from None
    except IsADirectoryError:
        raise InputError(f"{printable(path)} 是目录，不是文件。") from None
    except OSError as exc:
        raise InputError(f"无法读取文件 {printable(path)}：{exc.strerror or exc}") from None


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("number out of range")
    return value


def _reject(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_line(raw: bytes, number: int) -> Line:
    """One line of a batch file read as far as it goes: id and question, or an error (Chinese)."""
    line = Line(number)
    try:
        text, bad_bytes = raw.decode("utf-8"), False
    except UnicodeDecodeError:
        text, bad_bytes = raw.decode("utf-8", errors="replace"), True
    text = text.lstrip("\ufeff").strip()
    try:
        obj = json.loads(text, parse_float=_finite, parse_constant=_reject)
    except (ValueError, RecursionError):
        line.error = f"第 {number} 行不是有效的 JSON。"
        return line
    if not isinstance(obj, dict):
        line.error = f"第 {number} 行应为 {{\"id\": …, \"question\": \"…\"}} 形式的 JSON 对象。"
        return line
    if "id" not in obj:
        line.error = f"第 {number} 行缺少 id。"
        return line
    line.id = obj["id"]
    if bad_bytes:
        if "\ufffd" in dumps(line.id):
            line.id = None  # the id itself held the undecodable bytes: it cannot be given back as it was
        line.error = f"第 {number} 行含有无效的 UTF-8 字节。"
        return line
    question = obj.get("question", obj.get("query"))
    if question is None:
        line.error = f"第 {number} 行缺少 question（问题）。"
    elif not isinstance(question, str):
        line.error = f"第 {number} 行的 question 应为文本（字符串）。"
    else:
        line.question = clean(question, MAX_CHARS)
        if not line.question:
            line.error = f"第 {number} 行的 question 为空。"
    return line


def parse(data: bytes) -> Iterator[Line]:
    """Every non-blank line of a batch file, parsed (blank: only ASCII whitespace)."""
    for number, raw in enumerate(data.split(b"\n"), 1):
        if raw.strip():
            yield parse_line(raw, number)


def output_line(qid: Any, result: dict[str, Any]) -> str:
    """`{"id": qid, **result}` as one JSON line; an id that cannot be written becomes null with an error."""
    try:
        return dumps({"id": qid, **result})
    except (ValueError, TypeError, RecursionError):
        return dumps({"id": None, "error": "这一行的 id 无法原样输出。"})


def run(data: bytes, answer: Callable[[str], dict[str, Any]], write: Callable[[str], None],
        explain: Callable[[BaseException], str]) -> int:
    """Answer every line of a batch file, writing one JSON line per non-blank input line; the number written.

    `answer(question)` gives the result object; when it raises, the line gets `explain(exc)` as its error."""
    written = 0
    for line in parse(data):
        if line.error:
            result: dict[str, Any] = {"error": line.error}
        else:
            try:
                result = answer(line.question)
            except Exception as exc:  # one failing line never stops the batch
                result = {"error": f"第 {line.number} 行处理失败：{explain(exc)}"}
        write(output_line(line.id, result))
        written += 1
    return written
