"""Inline buttons and the callback data they carry (Telegram allows 64 bytes of it); at most two rows.

Kept free of `telegram` so the rules are plain data: a keyboard is rows of (label, data) pairs.

    o:<key>            原文: the stored answer in detail, in place (full clauses, the answering sentence marked)
    c:<key>            收起 / 返回: back to the one-screen card, in place
    p:<key>:<page>     更多: a page of further clauses, in place (◀ ▶)
    w:<key>            换城市: the keyboard becomes a city menu
    d:<key>:<doc>      the stored answer's question asked for another document (a new message)
    f:<clause id>      a clause in full (older messages' buttons) — self-contained
    q:<question>       an example question — self-contained
    t:<topic>          a /compare topic — self-contained
    v:<topic>:<page>   a /compare card's page, in place: 0 the summary, n the n-th document (◀ ▶) — self-contained

A key names what the chat stored when the answer was sent (`Stored`): a random token, so a key from before a
restart (without persistence) never points at a newer answer; an unknown key means the message is too old.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from collections.abc import MutableMapping
from typing import Any

from pydantic import BaseModel

from bot.card import CONTINUED, page_count
from bot.models import Answer

MAX_DATA_BYTES = 64
MAX_STORED = 100  # answers remembered per chat for their buttons (kept across restarts)
EXAMPLES = ("温州市直机关党委每届任期几年？", "湖州机关纪委设几名委员？", "党费几个月不交算自动脱党？")
CALC_EXAMPLES = ("温州120名党员教育经费多少", "湖州县区机关党委任期几年", "我们支部只有6个党员要不要设支部委员会",
                 "应到20人，至少多少人赞成")

Row = list[tuple[str, str]]


class Stored(BaseModel):
    """What an answer's buttons need: the answer itself (to re-render it in place and ask it elsewhere)."""

    answer: Answer


def fits(data: str) -> bool:
    """Whether callback data is within Telegram's 64-byte limit (and not empty)."""
    return 0 < len(data.encode("utf-8")) <= MAX_DATA_BYTES


def remember(chat_data: MutableMapping[str, Any], answer: Answer) -> str:
    """Keep `answer` for this chat's buttons and return its key; the oldest entries are forgotten."""
    box: OrderedDict[str, Stored] = chat_data.setdefault("stored", OrderedDict())
    key = secrets.token_urlsafe(6)
    box[key] = Stored(answer=answer)
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
    if action in ("d", "p", "v"):
        key, _, arg = rest.partition(":")
        return action, [key, arg]
    return action, [rest]


def needs_key(answer: Answer, docs: list[tuple[str, str]]) -> bool:
    """Whether an answer has buttons that need it stored."""
    return bool(_detail(answer) or answer.more or other_docs(answer, docs))


def card_rows(answer: Answer, key: str, docs: list[tuple[str, str]], view: str = "card") -> list[Row]:
    """The buttons under an answer (one row): 原文 or 收起, 更多, 换城市. `view` is what the message shows."""
    row: Row = []
    if _detail(answer):
        row.append(("收起", f"c:{key}") if view == "full" else ("📄 原文", f"o:{key}"))
    if answer.more:
        label = "更多" if answer.found else "可能相关"
        row.append((f"🔎 {label}（{len(answer.more)}）", f"p:{key}:0"))
    if other_docs(answer, docs):
        row.append(("🏙 换城市", f"w:{key}"))
    return [[(label, data) for label, data in row if fits(data)]] if row else []


def page_rows(answer: Answer, key: str, page: int) -> list[Row]:
    """◀ n/N ▶ under a page of further clauses, and the way back."""
    pages = page_count(answer.more)
    nav: Row = []
    if page > 0:
        nav.append(("◀ 上一页", f"p:{key}:{page - 1}"))
    if page < pages - 1:
        nav.append(("下一页 ▶", f"p:{key}:{page + 1}"))
    return [r for r in (nav, [("↩ 返回回答", f"c:{key}")]) if r]


def city_rows(answer: Answer, key: str, docs: list[tuple[str, str]]) -> list[Row]:
    """The city menu: the same question for each other document (two rows at most, the way back last)."""
    buttons = [(label, f"d:{key}:{doc}") for doc, label in other_docs(answer, docs) if fits(f"d:{key}:{doc}")]
    buttons.append(("↩ 返回", f"c:{key}"))
    half = -(-len(buttons) // 2)
    return [r for r in (buttons[:half], buttons[half:]) if r]


def compare_rows(topic: str, labels: list[str], page: int) -> list[Row]:
    """Under a /compare card (`labels`: its detail pages'): on the summary one button per document that sets
    something (its first page); on a detail page ◀ the previous page, 总览, the next one ▶ (one row)."""
    if page <= 0:
        row = [(label, f"v:{topic}:{n}") for n, label in enumerate(labels, 1) if not label.endswith(CONTINUED)]
    else:
        row = [(f"◀ {labels[page - 2]}", f"v:{topic}:{page - 1}")] if page > 1 else []
        row.append(("↩ 总览", f"v:{topic}:0"))
        if page < len(labels):
            row.append((f"{labels[page]} ▶", f"v:{topic}:{page + 1}"))
    return [[(label, data) for label, data in row if fits(data)]] if row else []


def example_rows(questions: tuple[str, ...] = EXAMPLES) -> list[Row]:
    """One button per example question."""
    return [[(q, f"q:{q}")] for q in questions if fits(f"q:{q}")]


def topic_rows(topics: dict[str, str], per_row: int = 3) -> list[Row]:
    """The /compare topics as Chinese buttons."""
    buttons = [(name, f"t:{key}") for key, name in topics.items() if fits(f"t:{key}")]
    return [buttons[i:i + per_row] for i in range(0, len(buttons), per_row)]


def other_docs(answer: Answer, docs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Documents the same question could be asked of: when the question named one (and was answered), or
    named a city not covered."""
    turn = answer.turn
    if turn is None or not (turn.docs and answer.found or answer.kind == "unknown_city"):
        return []
    return [(doc, label) for doc, label in docs if doc not in turn.docs]


def _detail(answer: Answer) -> bool:
    """Whether the detailed view shows more than the card (full clauses, titles, ids, notes)."""
    return answer.found and answer.kind in ("answer", "calc") and bool(answer.results or answer.calc)
