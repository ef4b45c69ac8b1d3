"""Inline buttons under an answer, and the callback data they carry (Telegram allows 64 bytes of it).

Kept free of `telegram` so the rules are plain data: a keyboard is rows of (label, data) pairs.

    f:<clause id>            the full text of a clause — self-contained, works on any old message
    q:<question>             an example question (the /start buttons) — self-contained
    m:<key>                  more results of a stored answer
    d:<key>:<doc id>         the stored answer's question, asked for another document

A key names what the chat stored when the answer was sent (`Stored`): a random token, so a key from before a
restart never points at a newer answer; an unknown key means the message is too old, and the user is told so.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from collections.abc import MutableMapping
from typing import Any

from pydantic import BaseModel, Field

from bot.models import Answer, Shown, Turn

MAX_DATA_BYTES = 64
MAX_STORED = 200  # answers remembered per chat for their buttons
EXAMPLES = ("温州市直机关党委每届任期几年？", "湖州机关纪委设几名委员？", "党费几个月不交算自动脱党？")

Row = list[tuple[str, str]]


class Stored(BaseModel):
    """What a `m:` or `d:` button needs of its answer: the question's turn and the further results."""

    turn: Turn | None = None
    more: list[Shown] = Field(default_factory=list)
    found: bool = True  # False: `more` are candidates for a question the documents do not answer


def fits(data: str) -> bool:
    """Whether callback data is within Telegram's 64-byte limit (and not empty)."""
    return 0 < len(data.encode("utf-8")) <= MAX_DATA_BYTES


def remember(chat_data: MutableMapping[str, Any], stored: Stored) -> str:
    """Keep `stored` for this chat's buttons and return its key; the oldest entries are forgotten."""
    box: OrderedDict[str, Stored] = chat_data.setdefault("stored", OrderedDict())
    key = secrets.token_urlsafe(6)
    box[key] = stored
    while len(box) > MAX_STORED:
        box.popitem(last=False)
    return key


def recall(chat_data: MutableMapping[str, Any], key: str) -> Stored | None:
    """The stored answer behind a button, or None when it is no longer known."""
    box = chat_data.get("stored")
    return box.get(key) if box else None


def parse(data: str) -> tuple[str, list[str]]:
    """Callback data → (action letter, arguments)."""
    action, _, rest = (data or "").partition(":")
    if action == "d":
        key, _, doc = rest.partition(":")
        return action, [key, doc]
    return action, [rest]


def answer_rows(answer: Answer, full: bool, docs: list[tuple[str, str]], chat_data: MutableMapping[str, Any]) -> list[Row]:
    """The buttons under an answer: each shown clause in full, more results, the same question elsewhere."""
    rows: list[Row] = []
    if answer.kind != "clause" and not full:
        for r in answer.results:
            if r.snippet and r.snippet != r.text and fits(f"f:{r.clause}"):
                rows.append([(f"📄 {r.city} {_short_label(r)} 全文", f"f:{r.clause}")])
    others = _other_docs(answer, docs)
    if not (answer.more or others):
        return rows
    key = remember(chat_data, Stored(turn=answer.turn, more=answer.more, found=answer.found))
    if answer.more:
        label = "更多相关条款" if answer.found else "可能相关的条款"
        rows.append([(f"🔎 {label}（{len(answer.more)}）", f"m:{key}")])
    row = [(f"问{label}", f"d:{key}:{doc}") for doc, label in others if fits(f"d:{key}:{doc}")]
    rows += [row[i:i + 3] for i in range(0, len(row), 3)]
    return rows


def example_rows() -> list[Row]:
    """One button per example question, for the welcome message."""
    return [[(q, f"q:{q}")] for q in EXAMPLES if fits(f"q:{q}")]


def _other_docs(answer: Answer, docs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Documents the same question could be asked of: when the question named one, or a city not covered."""
    turn = answer.turn
    if turn is None or not (turn.docs or answer.kind == "unknown_city"):
        return []
    return [(doc, label) for doc, label in docs if doc not in turn.docs]


def _short_label(r: Shown) -> str:
    """A clause's own number without trailing punctuation (`3．` → `3`), else its heading, else its id."""
    return r.label.strip().rstrip("．.、，, ") or r.heading.strip()[:10] or r.clause
