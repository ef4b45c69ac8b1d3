"""The calculator at its boundaries: rules (validated when the tables load), calculations parsed from a
question, and results in the JSON shape `regbot calc --json` prints."""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from rules.vocab import KIND_NAMES, scope_names

RuleKind = Literal[
    "orgtype", "committee_size", "no_committee", "post", "term", "extension", "deputy", "staff_ratio",
    "staff_minimum", "staff_extra", "vacancy", "rotation", "funding", "salary_share", "fee_retention",
    "study_hours", "study_days", "frequency", "branch_size", "star_threshold", "star_target",
    "excellence_share", "vote", "duration", "deadline", "count", "date", "period",
]
# Kinds whose rule may state a requirement without a figure (湖州: 机关党委应设专职副书记; 编办: 每年“七一”或
# 年底表彰 — a date named by an occasion, stated in full by the unit).
UNNUMBERED_KINDS = frozenset({"deputy", "date"})


class Scope(BaseModel):
    """To whom a rule applies. An empty field means the rule does not restrict it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    org: tuple[str, ...] = ()
    level: tuple[str, ...] = ()
    who: str | None = None
    fund: str | None = None
    topic: str | None = None
    basis: str | None = None
    year_from: int | None = None
    year_to: int | None = None

    @model_validator(mode="after")
    def _known_values(self) -> "Scope":
        names = scope_names()
        for field in ("org", "level"):
            for v in getattr(self, field):
                if v not in names[field]:
                    raise ValueError(f"unknown {field} {v!r}")
        for field in ("who", "fund", "topic", "basis"):
            v = getattr(self, field)
            if v is not None and v not in names[field]:
                raise ValueError(f"unknown {field} {v!r}")
        return self

    def label(self) -> str:
        """A short Chinese label of the scope: `市直 机关党委`."""
        names = scope_names()
        parts = ["、".join(names["level"][x] for x in self.level)] if self.level else []
        if self.org:
            parts.append("、".join(names["org"][x] for x in self.org))
        if self.who:
            parts.append(names["who"][self.who])
        if self.fund:
            parts.append(names["fund"][self.fund])
        if self.year_from and self.year_to == self.year_from:
            parts.append(f"{self.year_from}年")
        elif self.year_from:
            parts.append(f"{self.year_from}年起")
        return " ".join(p for p in parts if p)


class Rule(BaseModel):
    """One quantitative rule of one document, with the verbatim quote of the clause that sets it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    doc: str
    clause: str
    kind: RuleKind
    name: str = Field(min_length=1)
    scope: Scope = Scope()
    value: float | None = None
    min: float | None = None
    max: float | None = None
    min_open: bool = False
    max_open: bool = False
    unit: str = Field(min_length=1)
    quote: str = Field(min_length=4)
    condition: str | None = None
    approval: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> "Rule":
        if not self.id.startswith(self.doc + "."):
            raise ValueError(f"rule id {self.id!r} must start with its document id {self.doc!r}.")
        if not self.clause.startswith(self.doc + "-"):
            raise ValueError(f"rule {self.id}: clause {self.clause!r} is not a clause of {self.doc!r}")
        if self.value is None and self.min is None and self.max is None and self.kind not in UNNUMBERED_KINDS:
            raise ValueError(f"rule {self.id}: no value, min or max")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"rule {self.id}: min > max")
        if self.kind in ("frequency", "date", "period") and not self.scope.topic:
            raise ValueError(f"rule {self.id}: a {self.kind} needs scope.topic")
        if self.kind == "period" and (self.min is None or self.max is None):
            raise ValueError(f"rule {self.id}: a period needs its first (min) and last (max) year")
        return self

    @property
    def kind_name(self) -> str:
        """The Chinese name of the rule's kind."""
        return KIND_NAMES[self.kind]

    def figure(self) -> str:
        """The rule's figure as the document states it: `5–9人`, `不少于1%`, `超过50%`, `4年`; a date named by an
        occasion is its unit (`每年“七一”或年底`), a period its years (`2021—2023年`)."""
        if self.kind == "date" and self.value is None and self.min is None and self.max is None:
            return self.unit
        if self.kind == "period":
            return f"{num(self.min or 0)}—{num(self.max or 0)}{self.unit}"
        return figure(self.value, self.min, self.max, self.unit, self.min_open, self.max_open)


def num(x: float | Fraction) -> str:
    """A number without a useless `.0`, with at most two decimals (12 → `12`, 0.8 → `0.8`)."""
    x = float(x)
    if x.is_integer():
        return str(int(x))
    return f"{x:.2f}".rstrip("0").rstrip(".")


def figure(value: float | None, lo: float | None, hi: float | None, unit: str,
           lo_open: bool = False, hi_open: bool = False) -> str:
    """A figure in Chinese: a value, a range, a minimum (不少于/超过) or a maximum (不超过/不足)."""
    if value is not None and lo is None and hi is None:
        return f"{num(value)}{unit}"
    if lo is not None and hi is not None:
        return f"{num(lo)}–{num(hi)}{unit}"
    if lo is not None:
        return f"{'超过' if lo_open else '不少于'}{num(lo)}{unit}"
    if hi is not None:
        return f"{'不足' if hi_open else '不超过'}{num(hi)}{unit}"
    return "（未规定具体数字）"


Op = Literal[
    "orgtype", "committee", "term", "extension", "funding", "salary", "staff", "deputy", "fee", "vacancy",
    "rotation", "frequency", "study", "study_days", "stars", "star_target", "excellence", "vote",
    "branch_size", "deadline", "count",
]


class Calculation(BaseModel):
    """One operation a question asks for, with its inputs (validated later by the calculator)."""

    op: Op
    docs: list[str] = []
    other_cities: list[str] = []
    levels: list[str] = []
    orgs: list[str] = []
    members: float | None = None
    staff: float | None = None
    amount: float | None = None
    fund: str | None = None
    who: str | None = None
    topic: str | None = None
    hours: float | None = None
    score: float | None = None
    star_pcts: dict[str, float] = {}
    count: float | None = None
    year: int | None = None
    month: int | None = None  # a date the question starts from (4月15日调离): deadlines are counted from it
    day: int | None = None
    roles: list[str] = []  # post-holders the question is about (书记, 委员 …): rules for others do not answer it
    done: float | None = None  # times already held (已经开了2次): the question wants how many remain
    rate_only: bool = False  # a Chinese question asking for the rate itself (每人每年多少, 按什么比例)
    ask: str | None = None  # the kind of answer a Chinese question wants (query/data/asks.toml)
    asked: str = ""  # the phrase of a Chinese question that asks (每年推出几批: a count of 批)


class CalcCitation(BaseModel):
    """Where a result's figure comes from: the clause id and its verbatim words."""

    doc: str
    clause: str
    quote: str

    def source(self) -> str:
        """The rendered citation of the clause: `《…》（2012）二、3．合理设置机关基层党组织`."""
        from corpus.store import corpus

        c = corpus()
        clause = c.by_id.get(self.clause)
        return c.citation(clause).render(short=True) if clause else self.clause


class CalcResult(BaseModel):
    """One answer for one document and one case (level, organization type …)."""

    doc: str
    quantity: str
    scope: str
    value: float | None = None
    min: float | None = None
    max: float | None = None
    unit: str
    formula: str
    text: str
    citation: CalcCitation


class CalcResponse(BaseModel):
    """What the calculator says about one query: results, notes (silences, conditions), or an error."""

    query: str
    results: list[CalcResult] = []
    notes: list[str] = []
    error: str | None = None

    def render(self) -> str:
        """Plain text for a terminal: every result with its formula and source, then the notes."""
        lines: list[str] = []
        if self.error:
            lines.append(self.error)
        for r in self.results:
            lines.append(f"■ {r.text}")
            if r.formula:
                lines.append(f"  计算：{r.formula}")
            lines.append(f"  出处：{r.citation.source()}（{r.citation.clause}）")
            lines.append(f"  原文：「{r.citation.quote}」")
        for n in self.notes:
            lines.append(f"注：{n}")
        return "\n".join(lines)
