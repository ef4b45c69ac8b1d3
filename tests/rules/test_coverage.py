"""Every number of every clause is accounted for: it is in a rule of the tables (its figure appears in a rule
quote of that clause), on the reviewed list of numbers that are not rules (rules/data/not_rules.toml), or
structural, which this test recognizes itself with the reason stated below."""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from pathlib import Path

import pytest

from query.numerals import MEASURE, NUM_RUN
from rules.table import DATA_DIR, rules

# Structural numbers: what they are and the pattern that finds them. Anything inside a match is not a rule.
STRUCTURAL: dict[str, re.Pattern[str]] = {
    "date of issue": re.compile(r"\d{4}年\d{1,2}月\d{1,2}日"),
    "document number (〔2010〕8号)": re.compile(r"〔\d{4}〕\d+号"),
    "article reference (第十二条)": re.compile(r"第[零一二三四五六七八九十百\d]+[条章款]"),
    "title of another document (《…》)": re.compile(r"《[^》]*》"),
    "name in quotation marks (“三个代表”, “五星”)": re.compile(r"“[^”]*”"),
    "every / the same (每一个, 同一个)": re.compile(r"[每同]一[个名]"),
}


def not_rules() -> list[dict[str, str]]:
    """The reviewed list of numbers and frequency words that are not rules."""
    return tomllib.loads((DATA_DIR / "not_rules.toml").read_text(encoding="utf-8"))["not_rule"]


def numbers_of(text: str, label: str = "") -> list[tuple[int, int, str]]:
    """(start, end, figure) of every digit run, and of every Chinese numeral before a measure word (三个月, 两次),
    outside the clause's own label and the structural spans."""
    skip = [(0, len(label))] if label and text.startswith(label) else []
    skip += [(m.start(), m.end()) for rx in STRUCTURAL.values() for m in rx.finditer(text)]
    found = []
    for m in NUM_RUN.finditer(text):
        token, after = m.group(0), text[m.end() : m.end() + 1]
        if not any(c.isdigit() for c in token) and (not after or after not in MEASURE):
            continue
        if not any(a <= m.start() and m.end() <= b for a, b in skip):
            found.append((m.start(), m.end(), token))
    return found


def unaccounted(corp, doc: str, listed: list[dict[str, str]] | None = None) -> list[str]:
    """`clause: figure in context` for each number of a document that no rule quote and no not-rule entry holds."""
    quotes: dict[str, list[str]] = defaultdict(list)
    for r in rules():
        quotes[r.clause].append(r.quote)
    for n in not_rules() if listed is None else listed:
        quotes[n["clause"]].append(n["text"])
    missing = []
    for clause in (c for c in corp.clauses if c.doc == doc):
        for start, end, figure in numbers_of(clause.text, clause.label):
            if not any(figure in q and _around(clause.text, start, end, q) for q in quotes[clause.id]):
                missing.append(f"{clause.id}: {clause.text[start:end + 1]} in 「{clause.text[max(0, start - 12):end + 8]}」")
    return missing


def _around(text: str, start: int, end: int, quote: str) -> bool:
    """Whether the quote covers this occurrence of the figure (not another one elsewhere in the clause)."""
    at = text.find(quote)
    while at != -1:
        if at <= start and end <= at + len(quote):
            return True
        at = text.find(quote, at + 1)
    return False


@pytest.mark.parametrize("doc", ["wenzhou", "huzhou", "shaoxing", "bianban", "dongguan"])
def test_every_number_is_a_rule_or_a_reviewed_not_rule(corp, doc: str) -> None:
    assert unaccounted(corp, doc) == []


def test_structural_numbers_are_recognized_with_their_reason() -> None:
    text = "3．中发〔2010〕8号提出，按《工作条例》第十二条和“三个代表”，把任务落到每一个党支部。2021年11月23日"
    assert numbers_of(text, "3．") == []
    assert [f for _, _, f in numbers_of("每届任期3年，委员5至7人，两次，一般")] == ["3", "5", "7", "两"]


def test_the_not_rule_list_is_short_and_each_entry_is_verbatim_with_a_reason(corp) -> None:
    entries = not_rules()
    for n in entries:
        assert n["clause"] in corp.by_id and n["text"] in corp.by_id[n["clause"]].text, n
        assert n["clause"].startswith(n["doc"] + "-") and n["reason"], n
    with_numerals = [n for n in entries if numbers_of(n["text"])]
    assert len(with_numerals) <= 12
    reasons = {n["reason"] for n in entries}
    assert reasons <= {"no figure", "name", "not a count", "appraisal content", "effective date", "restated"}


def test_a_number_in_no_rule_and_on_no_list_is_reported(corp) -> None:
    listed = [n for n in not_rules() if n["clause"] != "dongguan-24"]
    assert unaccounted(corp, "dongguan", listed) == ["dongguan-24: 八项 in 「四风”问题。严格落实中央八项规定精神，坚决」"]


def test_the_data_directory_holds_the_list() -> None:
    assert (Path(DATA_DIR) / "not_rules.toml").is_file()
