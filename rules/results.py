"""Building the calculator's answers: input checks (plausible counts and sums), refusals, and results that carry
their formula and the verbatim quote of the rule's clause."""

from __future__ import annotations

import re
from fractions import Fraction

from query.models import Query
from query.numerals import normalize_numbers
from query.understand import counted_role, measure_of, role_names, unit_class
from rules.models import CalcCitation, CalcResult, Calculation, Rule, num
from rules.table import doc_label
from rules.vocab import WHO

# Plausibility bounds of user inputs (not rule values): beyond them a count is a typo, not a question.
MAX_PEOPLE = 1_000_000
MAX_AMOUNT = 10_000_000_000  # 100亿元
MAX_HOURS = 10_000
MIN_YEAR, MAX_YEAR = 1949, 2100


class Refusal(Exception):
    """A question the calculator answers with a message and no number."""


def _people(value: float | None, what: str) -> int | None:
    """A count of people, checked: a positive whole number of plausible size."""
    if value is None:
        return None
    if value <= 0:
        raise Refusal(f"{what}必须是正整数，「{num(value) if abs(value) < 1e15 else value}」不是有效的人数。")
    if not float(value).is_integer():
        raise Refusal(f"{what}必须是整数，「{num(value)}」不是有效的人数。")
    if value > MAX_PEOPLE:
        raise Refusal(f"{what}「{value:.0f}」超出合理范围（不超过{MAX_PEOPLE}），请检查输入。")
    return int(value)


def _amount(value: float | None, what: str) -> Fraction | None:
    """A sum of money in 元, checked: positive and of plausible size."""
    if value is None:
        return None
    if value <= 0:
        raise Refusal(f"{what}必须大于0，「{num(value) if abs(value) < 1e15 else value}」不是有效的金额。")
    if value > MAX_AMOUNT:
        raise Refusal(f"{what}「{value:.0f}元」超出合理范围（不超过100亿元），请检查输入。")
    return Fraction(str(value))


def _check(calc: Calculation) -> None:
    """Refuse impossible inputs before any rule is read."""
    _people(calc.members, "党员人数" if calc.fund in (None, "party") else ("团员人数" if calc.fund == "league" else "女职工人数"))
    _people(calc.staff, "机关工作人员数")
    _people(calc.count, "人数或个数")
    _amount(calc.amount, "金额")
    if calc.hours is not None and not 0 <= calc.hours <= MAX_HOURS:
        raise Refusal(f"已参加的学时（天数）「{num(calc.hours)}」不是有效的数字。")
    if calc.score is not None and not 0 <= calc.score <= 100:
        raise Refusal(f"综合得分「{num(calc.score)}」不在0–100分之间。")
    for star, pct in calc.star_pcts.items():
        if not 0 <= pct <= 100:
            raise Refusal(f"{star}得分比例「{num(pct)}%」不在0–100%之间。")
    if calc.done is not None and not 0 <= calc.done <= MAX_HOURS:
        raise Refusal(f"已开的次数「{num(calc.done)}」不是有效的数字。")
    if calc.year is not None and not MIN_YEAR <= calc.year <= MAX_YEAR:
        raise Refusal(f"年份「{calc.year}」不是有效的年份。")
    if calc.month is not None and not 1 <= calc.month <= 12:
        raise Refusal(f"月份「{calc.month}」不是有效的月份。")
    if calc.day is not None and not 1 <= calc.day <= 31:
        raise Refusal(f"日期「{calc.day}」不是有效的日期。")


# ── building results ──────────────────────────────────────────────────────────────────────────────────
def _cite(rule: Rule) -> CalcCitation:
    return CalcCitation(doc=rule.doc, clause=rule.clause, quote=rule.quote)


def _frac(x: float) -> Fraction:
    return Fraction(str(x))


def _f(x: Fraction | float | int) -> float:
    """A result figure as a float for JSON (exact values are kept until here)."""
    return float(x)


def _scope_label(rule: Rule) -> str:
    return rule.scope.label() or "（不分层级）"


def _lookup_result(rule: Rule) -> CalcResult:
    """A rule stated as it is: `温州 市直 机关党委：机关党委每届任期 4年`."""
    cond = f"（{rule.condition}）" if rule.condition else ""
    appr = "（须经批准）" if rule.approval and not rule.condition else ""
    formula = _period_span(rule)
    return CalcResult(doc=rule.doc, quantity=rule.name, scope=rule.scope.label(), value=rule.value, min=rule.min,
                      max=rule.max, unit=rule.unit, formula=formula,
                      text=f"{_head(rule)}：{rule.name} {rule.figure()}{_period_years(rule)}"
                      f"{cond}{appr}", citation=_cite(rule))


def _head(rule: Rule) -> str:
    """Whose figure a line gives: the document, and the level and organization type the rule is for."""
    scope = rule.scope.label()
    return f"{doc_label(rule.doc)}{'（' + scope + '）' if scope else ''}"


def _period_span(rule: Rule) -> str:
    """How many years a period covers, counting both ends (2021—2023年 → 共3年); empty for other kinds."""
    if rule.kind != "period":
        return ""
    return f"{num(rule.max or 0)} − {num(rule.min or 0)} + 1 = 共{num((rule.max or 0) - (rule.min or 0) + 1)}年"


def _period_years(rule: Rule) -> str:
    """`（共3年）` after a period's figure; empty for other kinds."""
    return f"（{_period_span(rule).split(' = ')[1]}）" if rule.kind == "period" else ""


def _result(rule: Rule, text: str, formula: str, unit: str, value: Fraction | float | None = None,
            lo: Fraction | float | None = None, hi: Fraction | float | None = None, quantity: str | None = None) -> CalcResult:
    """A computed result for one document and case."""
    return CalcResult(doc=rule.doc, quantity=quantity or rule.name, scope=rule.scope.label(),
                      value=None if value is None else _f(value), min=None if lo is None else _f(lo),
                      max=None if hi is None else _f(hi), unit=unit, formula=formula,
                      text=f"{_head(rule)}：{text}", citation=_cite(rule))


class Answer:
    """Results and notes collected while answering one calculation."""

    def __init__(self) -> None:
        self.results: list[CalcResult] = []
        self.notes: list[str] = []


# A year a question names (到2019年占比多少): a rule that names no year is not about that year's target.
_YEAR = re.compile(r"(?:19|20)\d{2}(?=年)")


def fitting(results: list[CalcResult], q: Query) -> list[CalcResult]:
    """The results that answer what the question counts: a bound when one is asked (超过多少人), in the unit of
    time and the measure word asked (几面党旗 is not answered by 6有), of the post counted (再配几个专职党务干部 is
    not answered by 专职副书记 1名), and for a year it names, by a rule that names a year."""
    text = q.core or q.text
    measure, counted = measure_of(text), counted_role(text)
    names = role_names(counted) if counted else ()
    year_named = _YEAR.search(normalize_numbers(q.text)[0]) is not None

    def fits(r: CalcResult) -> bool:
        if measure and measure not in (r.unit or ""):
            return False
        if q.unit and (r.unit == "届" or unit_class(r.unit)) and unit_class(r.unit) != q.unit:
            return False  # a figure in another unit of time: 干满几年 is not answered by 2届
        if q.ask == "date" and not r.formula and unit_class(r.unit):
            return False  # 任期从什么时候算起 asks for a moment, not for the 3年 a term lasts
        if q.ask == "threshold" and r.min is None and r.max is None and not r.formula:  # (至少8人赞成: computed)
            return False  # 超过多少人要再配一个 asks for a bound, not for 专职副书记 1名
        if counted and not any(n in r.quantity for n in names):
            return False
        # a figure computed from the year (2021年换届 + 3年) is about that year too
        return not year_named or bool(r.formula) or _YEAR.search(r.citation.quote if r.citation else "") is not None

    return [r for r in results if fits(r)]


def in_answer_order(results: list[CalcResult], q: Query, rank: dict[str, int]) -> list[CalcResult]:
    """The results in the order an answer shows them: computed from the question's own numbers first (unless a bound
    is asked), then those for the organization it names (七十个党员能不能成立机关党委: the 机关党委 rule before the
    党总支 one), then those for whom it names, then those on the side of a bound it names, then by document in the
    order search ranks their clauses (`rank`)."""
    from query.vocab import display

    order = {d: min(rank.get(r.citation.clause, 99) for r in results if r.doc == d) for d in {r.doc for r in results}}
    orgs = [display("org").get(o, o) for o in q.org_types]
    computed_first = q.ask != "threshold"  # (我们90人，达到多少人该设机关党委 asks the bound, not the case of 90)
    return sorted(results, key=lambda r: (computed_first and not r.formula,
                                          bool(orgs) and not any(o in r.scope for o in orgs),
                                          not any(w in r.scope and w in q.text for w in _WHOM_NAMED),  # (综合得分多少分)
                                          not _beside_bound(r.min, r.max, q), order[r.doc]))


# Whom a rule is for, named in a question (综合得分, 离退休党员): those rules first. (党员 is in every question.)
_WHOM_NAMED = tuple(w for w in WHO.values() if len(w) >= 3)


def _beside_bound(lo: float | None, hi: float | None, q: Query) -> bool:
    """Whether a rule's range holds figures on the side of the bound the question names (不到100人 is met by
    不足100名, not by 不少于100名); true when the question names no bound."""
    bound = next((n for n in q.numbers if n.role == "bound"), None)
    if bound is None:
        return True
    return (lo is None or lo < bound.value) if bound.below else (hi is None or hi > bound.value)

