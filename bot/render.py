"""Answer → what a channel shows: plain text for the terminal, Telegram HTML split into messages.

Every piece of corpus or user text is escaped; long answers are split between clauses, never inside a tag.
"""

from __future__ import annotations

import html
import re

from bot.card import card_blocks
from bot.models import Answer, Shown

TELEGRAM_LIMIT = 4096


def _highlight_plain(r: Shown) -> str:
    """The clause text with the matched sentence marked 【…】 (plain text)."""
    if r.snippet and r.snippet != r.text and r.snippet in r.text:
        return r.text.replace(r.snippet, f"【{r.snippet}】", 1)
    return r.text


def _calc_parts(r: dict) -> tuple[str, str, str, str]:
    """A calculator result's sentence, formula, the rule's verbatim quote, and where that rule stands."""
    cite = r.get("citation") or {}
    return r.get("text", ""), r.get("formula") or "", cite.get("quote") or "", f"{r.get('source') or ''}（{cite.get('clause', '')}）"


def _calc_blocks_plain(answer: Answer) -> list[str]:
    blocks = []
    for r in answer.calc:
        text, formula, quote, source = _calc_parts(r)
        lines = [f"▶ {text}"] + ([f"  计算：{formula}"] if formula else [])
        if quote:
            lines += [f"  依据：「{quote}」", f"  出处：{source}"]
        blocks.append("\n".join(lines))
    return blocks


def to_text(answer: Answer, full: bool = True) -> str:
    """The answer as plain text for the terminal: figures, then clauses with their citations."""
    parts: list[str] = []
    if answer.calc:
        parts += _calc_blocks_plain(answer)
    elif answer.answer and answer.kind not in ("clause",):
        parts.append(answer.answer)
    for n in answer.notes:
        parts.append(f"注：{n}")
    for i, r in enumerate(answer.results):
        # the best clause in full with the matched sentence marked; the others by their matched sentence
        body = _highlight_plain(r) if full and (i == 0 or answer.kind == "clause") else f"「{r.snippet or r.text}」"
        parts.append(f"〔{r.city}〕{r.citation}\n{body}\n（条款编号：{r.clause}）")
    if not answer.found and answer.kind == "not_found":
        if not parts:
            parts.append(answer.answer)
        if full and answer.more:  # nearby clauses, labelled as such: never presented as the answer
            parts.append("相关条款（不一定回答了这个问题）：\n" + "\n".join(
                f"· 〔{r.city}〕{r.citation}：「{r.snippet or r.text}」" for r in answer.more[:2]))
    return "\n\n".join(p for p in parts if p)


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _clause_html(r: Shown, full: bool) -> str:
    """One clause as Telegram HTML: citation in bold, the matched sentence underlined."""
    text = r.text if full else (r.snippet or r.text)
    if full and r.snippet and r.snippet != r.text and r.snippet in text:
        before, _, after = text.partition(r.snippet)
        body = f"{_esc(before)}<u>{_esc(r.snippet)}</u>{_esc(after)}"
    else:
        body = _esc(text)
    return f"<b>〔{_esc(r.city)}〕{_esc(r.citation)}</b>\n{body}\n条款编号：{_esc(r.clause)}"


def to_html_blocks(answer: Answer, full: bool = False) -> list[str]:
    """The answer in detail as self-contained HTML blocks (each closes its own tags): figures with formula,
    quote and full source, side notes, then each clause with its full citation and id (no italics: CJK)."""
    blocks: list[str] = []
    if answer.calc:
        for r in answer.calc:
            text, formula, quote, source = _calc_parts(r)
            lines = [f"<b>{_esc(text)}</b>"] + ([f"计算：{_esc(formula)}"] if formula else [])
            if quote:
                lines += [f"依据：「{_esc(quote)}」", f"出处：{_esc(source)}"]
            blocks.append("\n".join(lines))
    elif answer.answer and answer.kind != "clause":
        blocks += _paragraphs(answer.answer)
    for n in answer.notes:
        blocks.append(f"注：{_esc(n)}")
    for r in answer.results:
        blocks.append(_clause_html(r, full or answer.kind == "clause"))
    return blocks or [_esc(answer.answer or "（没有内容）")]


def _paragraphs(text: str) -> list[str]:
    """Plain answer text (a comparison, the help) as escaped blocks, one per paragraph, so that a long text
    is split between paragraphs (a comparison: between documents)."""
    return [_esc(p) for p in re.split(r"\n\s*\n", text) if p.strip()] or [_esc(text)]


def _units(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji counts two)."""
    return len(text.encode("utf-16-le")) // 2


def _pack(pieces: list[str], separator: str, limit: int) -> list[str]:
    """Join consecutive pieces with `separator` while the result stays within `limit` UTF-16 units."""
    packed: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current}{separator}{piece}" if current else piece
        if _units(candidate) <= limit:
            current = candidate
        else:
            packed.append(current)
            current = piece
    if current:
        packed.append(current)
    return packed


def split_blocks(blocks: list[str], limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Pack blocks into messages of at most `limit` UTF-16 units, breaking only between blocks; a block that
    is itself too long is cut between lines, and a line that is too long between characters of its text."""
    return _pack([piece for block in blocks for piece in _fit(block, limit)], "\n\n", limit)


def _fit(block: str, limit: int) -> list[str]:
    """A block cut into pieces of at most `limit` units, each with balanced tags."""
    if _units(block) <= limit:
        return [block]
    return _pack([chunk for line in block.split("\n") for chunk in _cut_line(line, limit)], "\n", limit)


def _cut_line(line: str, limit: int) -> list[str]:
    """A single line longer than `limit`: drop its markup and cut the escaped text, never inside an entity."""
    if _units(line) <= limit:
        return [line]
    plain = html.unescape(_strip_tags(line))
    out: list[str] = []
    current = ""
    for ch in plain:
        esc = _esc(ch)
        if _units(current) + _units(esc) > limit:
            out.append(current)
            current = ""
        current += esc
    if current:
        out.append(current)
    return out


def _strip_tags(text: str) -> str:
    return re.sub(r"</?[a-z]+>", "", text)


def to_html(answer: Answer, full: bool = False, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """The answer as Telegram HTML messages, each within Telegram's length limit: the one-screen card
    (bot.card) when the answer has one, else the detailed rendering; `full` always gives the detail."""
    card = None if full else card_blocks(answer)
    return split_blocks(card if card is not None else to_html_blocks(answer, full), limit)
