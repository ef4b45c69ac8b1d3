"""The numbering styles the documents use for their parts and items, and small Chinese numerals."""

from __future__ import annotations

import re
from typing import Literal

LabelKind = Literal["part", "subpart", "item", "subitem"]

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "一二三四五六七八九十百"

# (kind, pattern), from the outermost as they are usually nested; group 1 is the number.
STYLES: tuple[tuple[LabelKind, re.Pattern[str]], ...] = (
    ("part", re.compile(rf"^([{_CN}]+)、")),
    ("subpart", re.compile(rf"^（([{_CN}]+)）")),
    ("item", re.compile(r"^(\d{1,3})\s*[．、.](?!\d)")),
    ("subitem", re.compile(r"^[（(](\d{1,3})[）)]")),
)
ANY_LABEL = re.compile("^(?:" + "|".join(p.pattern[1:] for _, p in STYLES) + ")")
HEADING_LABEL = re.compile(rf"^(?:[{_CN}]+、|（[{_CN}]+）)")


def cn_number(text: str) -> int:
    """Value of a small Chinese numeral (一 … 九百九十九) or of Arabic digits."""
    if text.isdigit():
        return int(text)
    if "百" in text:
        hundreds, _, rest = text.partition("百")
        return CN_DIGITS.get(hundreds, 1) * 100 + (cn_number(rest.lstrip("零〇")) if rest.strip("零〇") else 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)
    return CN_DIGITS[text]


def match_label(paragraph: str) -> tuple[LabelKind, str, int] | None:
    """The numbering a paragraph starts with: (kind, label as printed, number), or None."""
    for kind, pattern in STYLES:
        m = pattern.match(paragraph)
        if m:
            return kind, m.group(0).replace(" ", ""), cn_number(m.group(1))
    return None
