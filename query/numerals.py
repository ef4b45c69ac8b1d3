"""Chinese and Arabic numerals in questions and sentences: 一百二十 → 120, 两 → 2, 3.5, 300万.

The one place numerals are read (through cn2an), bounded before conversion: a run longer than MAX_RUN characters
is not a number anyone means (400 个「一」), so it is reported as absurd instead of being converted.
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache

_CN_NUM = "零〇一二两三四五六七八九十百千万亿"
NUM_RUN = re.compile(rf"[0-9０-９.．]*[{_CN_NUM}]+|[0-9０-９]+(?:[.．][0-9０-９]+)?[万亿]?")
# A Chinese numeral counts as a number only before a measure word (三个月, 两次, 一百二十名), not in 一般 or 三会一课.
MEASURE = "名个人次年月天日元万千%％学时小时届分星岁位条项倍周季批"
APPROX = "来多余几"  # after a numeral: about so many (三十来个)
MAX_RUN = 16  # characters; longer numeral runs are absurd input, never converted
MAX_VALUE = 1e15
_FOLD = str.maketrans("０１２３４５６７８９．", "0123456789.")


def value_of(token: str) -> float | None:
    """The value of one numeral run (一百二十, 两, 300万, 3.5, 十二万五千), None when it is not a number or
    when it is absurdly long."""
    if not token or len(token) > MAX_RUN:
        return None
    t = token.replace("两", "二").replace("〇", "零").translate(_FOLD)
    approx = _APPROX.fullmatch(t)
    if approx and _CN_DIGIT[approx.group(2)] == _CN_DIGIT[approx.group(1)] + 1:
        t = approx.group(2) + approx.group(3)  # 五六个 is five or six, not 56: read as its upper end
    fast = _plain_value(t)
    if fast is not None:
        return fast if fast <= MAX_VALUE else None
    import cn2an  # ~0.25 s to import (proces' city regex, its patterns): only for the forms _plain_value leaves

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = float(cn2an.cn2an(t, "smart"))
    except (ValueError, KeyError, IndexError, TypeError, OverflowError, ArithmeticError):
        return None
    return value if abs(value) <= MAX_VALUE else None


_PLAIN = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_APPROX = re.compile(r"([一二三四五六七八])([二三四五六七八九])([十百千万]?)")  # 五六, 三四十: an approximate count
_CN_DIGIT = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}


def _plain_value(t: str) -> float | None:
    """The value of Arabic digits (3, 50, 3.5) or of a plain Chinese numeral below 10000 (一, 二十五, 三百六十),
    the forms the documents' sentences use; None for anything else (零, 万, 一百五, mixed forms), left to cn2an."""
    if _PLAIN.fullmatch(t):
        return float(t)
    total, digit, last = 0, None, 10000
    for ch in t:
        if ch in _CN_DIGIT:
            if digit is not None or ch == "零":
                return None
            digit = _CN_DIGIT[ch]
        elif ch in _CN_UNIT:
            unit = _CN_UNIT[ch]
            if unit >= last or (digit is None and not (unit == 10 and total == 0)):
                return None
            total += (1 if digit is None else digit) * unit
            digit, last = None, unit
        else:
            return None
    if digit is not None:
        if last not in (10, 10000):
            return None  # 一百五 is 150 to cn2an
        total += digit
    return float(total) if t else None


def absurd_runs(text: str) -> list[str]:
    """Numeral runs too long to be meant as numbers (they are refused with a message, never converted)."""
    return [m.group(0) for m in NUM_RUN.finditer(text) if len(m.group(0)) > MAX_RUN]


def normalize_numbers(text: str) -> tuple[str, list[float]]:
    """The text with numerals that count things written in Arabic digits, and the values found, in order."""
    normalized, values = _normalize(text)
    return normalized, list(values)


@lru_cache(maxsize=16384)
def _normalize(text: str) -> tuple[str, tuple[float, ...]]:
    """normalize_numbers, cached: the documents' sentences are read again for every question that reaches them."""
    out: list[str] = []
    values: list[float] = []
    pos = 0
    for m in NUM_RUN.finditer(text):
        token = m.group(0)
        after = text[m.end() : m.end() + 1]
        # 三十来个, 二十多名, 一百余人, 十几个: about so many, read as the round number (its lower end)
        approx = bool(after) and after in APPROX and text[m.end() + 1 : m.end() + 2] in MEASURE.replace("%％", "")
        if approx:
            after = text[m.end() + 1 : m.end() + 2]
        if not any(c.isdigit() for c in token) and (not after or after not in MEASURE):
            continue
        value = value_of(token)
        if value is None:
            continue
        out.append(text[pos : m.start()])
        out.append(str(int(value)) if value.is_integer() else token.translate(_FOLD))
        values.append(value)
        pos = m.end() + (1 if approx else 0)
    out.append(text[pos:])
    return "".join(out), tuple(values)


_WHICH_DIGITS = re.compile(r"哪([0-9０-９]{1,2})(?![0-9０-９])")


def which_in_words(text: str) -> str:
    """哪6种 written 哪六种, as the cues of a question asking for so many items are (哪两, 哪六…)."""
    import cn2an

    def words(m: re.Match[str]) -> str:
        n = int(m.group(1).translate(_FOLD))
        return "哪" + ("两" if n == 2 else cn2an.an2cn(n)) if 2 <= n <= 99 else m.group(0)

    return _WHICH_DIGITS.sub(words, text)

