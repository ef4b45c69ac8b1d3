"""Which rules answer a calculation: the documents concerned (silence stated for the others), levels,
organization types and post-holders; a rule for other post-holders is said as partial, never as the answer."""

from __future__ import annotations

import re
from collections.abc import Callable
from fractions import Fraction
from typing import TypeVar

from query.vocab import OVERSEEING_ORGS
from rules.models import Calculation, Rule, num
from rules.results import Answer, Refusal, _lookup_result
from rules.table import doc_ids, doc_label, rules
from rules.vocab import ABOVE_WHO, LEVELS, ORGS, WHO

T = TypeVar("T")


def _labels(docs: list[str]) -> str:
    return "、".join(doc_label(d) for d in docs)


def _targets(calc: Calculation, setting: list[str], what: str, ans: Answer) -> list[str]:
    """The documents to answer: those named (silence noted for each that sets nothing), else every document
    that sets the rule (the others named as silent). Refuses a city without a document."""
    if calc.other_cities and not calc.docs:
        cities = "、".join(dict.fromkeys(calc.other_cities))
        raise Refusal(f"没有收录{cities}的文件，无法回答{cities}的规定。收录的文件：{_labels(doc_ids())}。")
    if calc.other_cities:
        ans.notes.append(f"没有收录{'、'.join(dict.fromkeys(calc.other_cities))}的文件，下面只回答{_labels(calc.docs)}。")
    if calc.docs:
        named = list(dict.fromkeys(calc.docs))
        silent = [d for d in named if d not in setting]
        answered = [d for d in named if d in setting]
        if not answered:
            others = f"规定了这一点的文件：{_labels(setting)}（用 regbot compare 可对照）。" if setting else "收录的文件都没有规定这一点。"
            raise Refusal(f"{_labels(silent)}的文件未规定{what}。{others}")
        for d in silent:
            ans.notes.append(f"{doc_label(d)}的文件未规定{what}。")
        return answered
    if not setting:
        raise Refusal(f"收录的文件都没有规定{what}。")
    silent = [d for d in doc_ids() if d not in setting]
    if silent:
        ans.notes.append(f"{_labels(silent)}的文件未规定{what}。")
    return [d for d in doc_ids() if d in setting]


def _pool(kinds: tuple[str, ...], keep: Callable[[Rule], bool] = lambda r: True) -> list[Rule]:
    return [r for r in rules() if r.kind in kinds and keep(r)]


def _in_order(pool: list[Rule], docs: list[str]) -> list[Rule]:
    """The rules of `docs`, document by document in the order given (named order, else corpus order)."""
    return [r for d in docs for r in pool if r.doc == d]


def _docs_of(pool: list[Rule]) -> list[str]:
    return [d for d in doc_ids() if any(r.doc == d for r in pool)]


def _level_ok(rule: Rule, levels: list[str]) -> bool:
    return not levels or not rule.scope.level or any(lv in rule.scope.level for lv in levels)


def _org_ok(rule: Rule, orgs: list[str]) -> bool:
    return not orgs or not rule.scope.org or any(o in rule.scope.org for o in orgs)


def _above_ok(rule: Rule, calc: Calculation) -> bool:
    """A rule for a body above the basic-level organizations (部门党组听取汇报) is not about the 党小组 or 支部 a
    question names: only about that body, or an overseeing body the question names."""
    return not (calc.orgs and rule.scope.who in ABOVE_WHO and rule.scope.who != calc.who
                and not set(calc.orgs) & OVERSEEING_ORGS)


def _level_names(levels: list[str]) -> str:
    return "、".join(LEVELS[x] for x in levels)


def _org_names(orgs: list[str]) -> str:
    return "、".join(ORGS[x] for x in orgs)


def _need(value: T | None, message: str) -> T:
    """The value a computation needs, or a refusal saying what to give."""
    if value is None:
        raise Refusal(message)
    return value


# ── operations ────────────────────────────────────────────────────────────────────────────────────────
def _orgtype_of(doc: str, members: int) -> tuple[Rule | None, list[Rule]]:
    """The organization a document prescribes for a member count, and the approval exceptions that apply."""
    fits = [r for r in rules() if r.doc == doc and r.kind == "orgtype" and _fits(members, r)]
    mandatory = [r for r in fits if not r.approval]
    best = max(mandatory, key=lambda r: (r.min or 0), default=None)
    return best, [r for r in fits if r.approval]


def _fits(x: int | float | Fraction, r: Rule) -> bool:
    """True when x is within the rule's bounds (以上 inclusive, 超过/不足 exclusive)."""
    if r.min is not None and (x <= r.min if r.min_open else x < r.min):
        return False
    if r.max is not None and (x >= r.max if r.max_open else x > r.max):
        return False
    return True


def _thresholds_text(doc: str, members: int) -> str:
    """`75 ≥ 50，75 < 100` — the member count against every threshold of a document's organization types."""
    marks = sorted({b for r in rules() if r.doc == doc and r.kind == "orgtype" and not r.approval
                    for b in (r.min, r.max) if b is not None})
    return "，".join(f"{members} {'≥' if members >= t else '<'} {num(t)}" for t in marks)


def _bound_text(x: int, r: Rule) -> str:
    """`75 ≥ 50`, `30 < 50` — the comparison that puts x inside the rule's bounds."""
    parts = []
    if r.min is not None:
        parts.append(f"{x} {'>' if r.min_open else '≥'} {num(r.min)}")
    if r.max is not None:
        parts.append(f"{x} {'<' if r.max_open else '≤'} {num(r.max)}")
    return "，".join(parts)


def _closeness(rule: Rule, roles: list[str]) -> int:
    """How near the rule's subject is to a post-holder asked about: 0 for that post, then the wider subjects that
    cover it in order (ops.toml who_covers); a large number for a rule for anyone or no post asked."""
    from rules.ops import who_covers

    return min(([r] + list(who_covers(r))).index(rule.scope.who) if rule.scope.who in [r, *who_covers(r)] else 99
               for r in roles) if roles and rule.scope.who else 99


def _covers(rule: Rule, roles: list[str]) -> bool:
    """Whether a rule binds the post-holders a question names (a rule for 书记、副书记 does not bind 委员)."""
    from rules.ops import covered_roles, who_covers

    listed = [r for r in roles if r in covered_roles()]
    return not listed or rule.scope.who is None or any(rule.scope.who == r or rule.scope.who in who_covers(r)
                                                       for r in listed)


# Kinds of (future) members a rule may be about: a question about 党员 in general is not answered by them
# (党费每月几号前交 is not answered by when a 预备党员 starts paying).
MEMBER_SUBSETS = frozenset({"probationary", "extended"})


def _member_kind_ok(rule: Rule, calc: Calculation) -> bool:
    """Whether a rule for a kind of member (预备党员) is about the members the question names."""
    who = rule.scope.who
    return who not in MEMBER_SUBSETS or who == calc.who or who in calc.roles


def _unit_ok(rule: Rule, calc: Calculation) -> bool:
    """Whether a rule's figure is of the kind asked: a percentage for a question asking for a ratio (按工作人员总数
    的多少比例配 is not answered by 党员超过100名的再配1名); for a count of something each period, a count of what
    the question counts (每年几个主题: 个主题/年; 能评几个 is not answered by 1批/年)."""
    if calc.ask == "ratio":
        return rule.unit.startswith("%")
    if calc.ask == "count" and "/" in rule.unit:
        return re.sub(r"^[\d个]*", "", rule.unit.split("/")[0]) in calc.asked
    return True


def _role_names(roles: list[str]) -> str:
    from query.vocab import display

    return "、".join(display("role").get(r, r) for r in roles)


def _lookup(calc: Calculation, ans: Answer, kinds: tuple[str, ...], what: str,
            keep: Callable[[Rule], bool] = lambda r: True) -> list[Rule]:
    """State the rules of some kinds for the documents concerned (no computation). A document whose rule binds
    other post-holders than those asked about is said to be silent on them, with what it does set."""
    pool = _pool(kinds, lambda r: keep(r) and _level_ok(r, calc.levels) and _org_ok(r, calc.orgs) and _above_ok(r, calc)
                 and _member_kind_ok(r, calc) and _unit_ok(r, calc))
    covered = [r for r in pool if _covers(r, calc.roles)]
    if calc.roles and len(covered) < len(pool):
        for doc in [d for d in _docs_of(pool) if d not in _docs_of(covered) and (not calc.docs or d in calc.docs)]:
            other = [r for r in pool if r.doc == doc]
            said = "；".join(r.figure() for r in other)
            ans.notes.append(f"{doc_label(doc)}只对{'、'.join(dict.fromkeys(WHO.get(r.scope.who or '', '') for r in other))}"
                             f"规定了{what}（{said}，{other[0].clause}）；对{_role_names(calc.roles)}未规定。")
        pool = covered
        if not pool or (calc.docs and not set(calc.docs) & set(_docs_of(pool))):
            raise Refusal("\n".join(ans.notes) or f"收录的文件未规定{_role_names(calc.roles)}的{what}。")
    docs = _targets(calc, _docs_of(pool), what, ans)
    # each document's rule for exactly the post-holder asked about first (副书记 before 书记、副书记), then for those
    # nearest it (a 书记 is one of the 领导班子成员 before one of the 党员)
    chosen = sorted(_in_order(pool, docs), key=lambda r: (docs.index(r.doc), _closeness(r, calc.roles)))
    for r in chosen:
        ans.results.append(_lookup_result(r))
    return chosen
