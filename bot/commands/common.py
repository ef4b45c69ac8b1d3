"""Small helpers the command modules share: JSON output and batch files."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any


class InputError(Exception):
    """Bad input from the user: shown as a Chinese message, exit status 2."""


def print_json(obj: Any) -> None:
    """One JSON document on one line, Chinese kept readable."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def read_batch(path: str) -> Iterator[tuple[str, str]]:
    """(id, question) pairs from a JSON lines file of `{"id", "question"}` objects."""
    file = Path(path)
    if not file.is_file():
        raise InputError(f"找不到文件：{path}")
    for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            yield str(obj["id"]), str(obj.get("question") or obj.get("query") or "")
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{path} 第 {n} 行不是 {{\"id\", \"question\"}} 格式的 JSON：{exc}") from exc


def joined(words: list[str] | None) -> str:
    """The words of a positional argument as one string."""
    return " ".join(words or []).strip()
