"""Repairs PDF extraction: page furniture, spaced-apart characters, lines broken mid-paragraph.

Nothing but whitespace and page furniture is ever removed: every other character stays as printed, so a
quote shown to a user is found in the original by anyone who strips whitespace.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from corpus.numbering import ANY_LABEL as LABEL
from corpus.numbering import HEADING_LABEL

# Page numbers as printed by the PDF: `— 11 —`, `- 3 -`, a bare number, `第 3 页`.
PAGE_FURNITURE = re.compile(r"^\s*(?:[—–\-－]+\s*\d+\s*[—–\-－]+|\d{1,3}|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?)\s*$")
DATE_LINE = re.compile(r"^.{0,20}?\d{4}年\d{1,2}月\d{1,2}日(?:印发)?$")
# How far short of the wrap width a line may end and still have been broken by the extraction: a first
# line is indented by two characters, and digits print narrower than their place.
MARGIN = 8
SENTENCE_END = "。；：！？…”』」）)"
_KEEP_SPACE = re.compile(r"(?<=[A-Za-z0-9])\s+(?=[A-Za-z0-9])")


def is_page_furniture(line: str) -> bool:
    """True for lines that are page numbers, not text."""
    return bool(PAGE_FURNITURE.match(line))


def squeeze(line: str) -> str:
    """Remove the spurious whitespace of the extraction; keep a single space only between Latin letters or digits."""
    parts = _KEEP_SPACE.split(line.strip())
    return " ".join(re.sub(r"\s+", "", p) for p in parts)


def width(text: str) -> int:
    """Printed width: CJK and full-width characters count two, others one."""
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in text)


def wrap_width(lines: list[str]) -> int | None:
    """The width at which the extraction hard-wrapped the text, or None when lines are whole paragraphs."""
    widths = Counter(width(line) for line in lines if line)
    if not widths:
        return None
    common = max(w for w, n in widths.items() if n == max(widths.values()))
    near = sum(n for w, n in widths.items() if common - 4 <= w <= common + 2)
    return common if near >= 0.4 * len(lines) and common >= 20 else None


def _continues(line: str, nxt: str, wrap: int | None) -> bool:
    """Whether `nxt` continues the paragraph that `line` is in."""
    if LABEL.match(nxt) or DATE_LINE.match(nxt) or DATE_LINE.match(line):
        return False
    full = wrap is not None and width(line) >= wrap - MARGIN
    if HEADING_LABEL.match(line) and not any(p in line for p in "。；：") and not full:
        return False  # a heading line: `二、机关基层党组织设置及保障机制`
    if full:
        return True  # the line reaches the right margin: the extraction broke it
    return line[-1] not in SENTENCE_END and nxt[-1] not in SENTENCE_END


def paragraphs(raw: str, titles: tuple[str, ...] = ()) -> list[str]:
    """The paragraphs the author wrote, each on one line, without page furniture or spurious spaces.
    A paragraph that has become one of the known `titles` ends there (titles carry no full stop)."""
    lines = [squeeze(line) for line in raw.splitlines() if not is_page_furniture(line)]
    lines = [line for line in lines if line]
    wrap = wrap_width(lines)
    out: list[str] = []
    for i, line in enumerate(lines):
        if out and out[-1] not in titles and _continues(lines[i - 1], line, wrap):
            out[-1] += line
        else:
            out.append(line)
    return out


def body_text(raw: str) -> str:
    """The document's own text with whitespace and page furniture removed: what the clauses must add up to."""
    return "".join(re.sub(r"\s+", "", line) for line in raw.splitlines() if not is_page_furniture(line))
