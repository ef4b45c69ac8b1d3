"""The operations of the calculator: every figure comes from a rule of rules/data, every result shows its
formula and the verbatim words of the clause that sets it. Deterministic, exact (fractions, no float
rounding), and never a guess: a document that does not set a rule gets a sentence saying so, not a number.

`calculate(query)` is the entry point for the CLI and the answer engine; which rules apply is rules/select.py,
how results are built rules/results.py, which operation a question wants rules/ops.py.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Callable
from fractions import Fraction

from query.models import Query
from rules.models import CalcResponse, CalcResult, Calculation, Rule, num
from rules.parse import parse
from rules.results import Refusal, _people, _amount, _check, _frac, _lookup_result, _result, Answer
from rules.select import _closeness, _labels, _targets, _pool, _in_order, _docs_of, _level_ok, _org_ok, _level_names, _org_names, _need, _orgtype_of, _fits, _thresholds_text, _bound_text, _covers, _role_names, _lookup
from rules.table import doc_ids, doc_label, rules
from rules.vocab import FUNDS, PER_YEAR, TOPICS, WHO

def op_orgtype(calc: Calculation, ans: Answer) -> None:
    """Which organization N members set up (党委 / 总支 / 支部), with approval exceptions and branch sizes."""
    members = _people(calc.members, "党员人数")
    if members is None:  # no count: the thresholds themselves are the answer
        _lookup(calc, ans, ("orgtype", "no_committee", "branch_size"), "按党员人数设置党委、总支、支部的标准")
        ans.notes.append("给出党员人数可直接算出应设的党组织，例如「orgtype 75 members wenzhou」。")
        return
    if calc.ask == "threshold" and calc.orgs:  # 我们90人，达到多少人该设机关党委: the bound asked, then the count's case
        _lookup(calc, bound := Answer(), ("orgtype",), "按党员人数设置党委、总支、支部的标准", lambda r: not r.condition)
        ans.results += bound.results  # (its notes on the documents that set none are said once, below)
    applicable = [r for r in rules() if (r.kind == "orgtype" and _fits(members, r))
                  or (r.kind == "no_committee" and _fits(members, r)) or r.kind == "branch_size"]
    docs = _targets(calc, _docs_of(applicable), "按党员人数设置党委、总支、支部的标准", ans)
    for doc in docs:
        best, exceptions = _orgtype_of(doc, members)
        if best is not None:
            org = _org_names(list(best.scope.org))
            compare = _thresholds_text(doc, members)
            ans.results.append(_result(best, f"所属党员{members}人（{best.figure()}）→ 设立{org}", f"{compare} → {org}",
                                       "名党员", lo=best.min, hi=best.max, quantity="应设立的党组织"))
            if calc.orgs and not set(calc.orgs) & set(best.scope.org) and not any(set(calc.orgs) & set(e.scope.org) for e in exceptions):
                ans.notes.append(f"{doc_label(doc)}：所属党员{members}人，按规定应设{org}，而不是{_org_names(calc.orgs)}。")
        for e in exceptions:
            ans.results.append(_result(e, f"所属党员{members}人（{e.figure()}），{e.condition or '经批准'}，也可设立{_org_names(list(e.scope.org))}",
                                       _bound_text(members, e), "名党员", lo=e.min, hi=e.max, quantity="经批准可设立的党组织"))
        for r in (r for r in rules() if r.doc == doc and r.kind == "no_committee" and _fits(members, r)):
            ans.results.append(_result(r, f"党员{members}人，{r.figure()}，党支部不设支部委员会", _bound_text(members, r),
                                       "名党员", hi=r.max))
        for r in (r for r in rules() if r.doc == doc and r.kind == "branch_size"):
            inside = _fits(members, r)
            verdict = "在此范围内" if inside else "超出此范围"
            ans.results.append(_result(r, f"{r.name}一般以{r.figure()}为宜，{members}人{verdict}", f"{num(r.min or 0)} ≤ {members} ≤ {num(r.max or 0)}"
                                       if inside else f"{members} 不在 {num(r.min or 0)}–{num(r.max or 0)} 之间", r.unit, lo=r.min, hi=r.max))
            if best is None:
                ans.notes.append(f"{doc_label(doc)}的文件未规定按党员人数设置党委、总支、支部的标准，只规定了党支部的人数。")


def op_committee(calc: Calculation, ans: Answer) -> None:
    """Committee size for an organization type; with a member count, whether a branch sets a committee at all."""
    members = _people(calc.members, "党员人数")
    whether = calc.topic == "no_committee"  # whether a committee is set at all, not its size
    if members is None and whether:  # 几个人以下不设支委会: the threshold itself
        posts = set(calc.roles) & {"secretary", "deputy"} if calc.ask != "threshold" else set()  # 书记选几个
        _lookup(calc, ans, ("post",) if posts else ("no_committee",),
                "不设委员会的党支部的书记、副书记人数" if posts else "不设支部委员会的党员人数界限")
        return
    if calc.ask == "threshold" and whether:  # 我们才5个，几个人以下可以不设: the bound, then the case
        _lookup(calc, bound := Answer(), ("no_committee",), "不设支部委员会的党员人数界限")
        ans.results += bound.results  # (its notes on the documents that set none are said once, below)
    orgs = [o for o in calc.orgs if o != "working_committee"]
    asked = orgs or ["committee", "discipline", "general_branch", "branch"]
    pool = _pool(("no_committee",) if whether else ("committee_size", "no_committee"), lambda r: _org_ok(r, asked))
    what = "不设支部委员会的党员人数界限" if whether else f"{_org_names(asked)}的委员人数" if orgs else "委员会委员人数"
    docs = _targets(calc, _docs_of(pool), what, ans)
    for doc in docs:
        best = _orgtype_of(doc, members)[0] if members is not None and not orgs else None
        doc_orgs = list(best.scope.org) if best is not None else list(asked)  # (the type its members set up)
        no_comm = [r for r in rules() if r.doc == doc and r.kind == "no_committee" and _org_ok(r, doc_orgs)]
        if members is not None and "branch" in doc_orgs:
            hit = [r for r in no_comm if _fits(members, r)]
            for r in hit:
                ans.results.append(_result(r, f"党员{members}人，{r.figure()}，不设支部委员会", _bound_text(members, r),
                                           "名党员", hi=r.max, quantity="是否设支部委员会"))
                ans.results += [_lookup_result(p) for p in rules() if p.doc == doc and p.kind == "post" and "branch" in p.scope.org]
            if hit:
                continue
            if no_comm:
                ans.notes.append(f"{doc_label(doc)}：党员{members}人，不属于{'、'.join(r.figure() for r in no_comm)}的情形，应设支部委员会。")
            elif any(_fits(members, r) for r in _pool(("no_committee",))):
                elsewhere = _labels(_docs_of([r for r in _pool(("no_committee",)) if _fits(members, r)]))
                ans.notes.append(f"{doc_label(doc)}的文件未规定党员人数少的党支部可以不设支部委员会（{elsewhere}的文件有此规定）。")
        if whether:
            continue
        sizes = [r for r in rules() if r.doc == doc and r.kind == "committee_size" and _org_ok(r, doc_orgs)]
        ans.results += [_lookup_result(r) for r in sizes]
        missing = [o for o in doc_orgs if not any(o in r.scope.org for r in sizes)]
        if missing and orgs:
            ans.notes.append(f"{doc_label(doc)}的文件未规定{_org_names(missing)}的委员人数。")
        if not sizes and not no_comm:
            ans.notes.append(f"{doc_label(doc)}的文件未规定{_org_names(doc_orgs)}的委员人数。")


def op_term(calc: Calculation, ans: Answer) -> None:
    """Term of office by organization type and level; each level labelled when the question names none."""
    pool = _pool(("term",), lambda r: _org_ok(r, calc.orgs))
    what = (f"{_org_names(calc.orgs)}的任期" if calc.orgs else "任期")
    docs = _targets(calc, _docs_of(pool), what, ans)
    for doc in docs:
        mine = [r for r in pool if r.doc == doc]
        fit = [r for r in mine if _level_ok(r, calc.levels)]
        if not fit:
            ans.notes.append(f"{doc_label(doc)}的文件未规定{_level_names(calc.levels)}一级{what}（只规定了"
                             f"{'、'.join(dict.fromkeys(_level_names(list(r.scope.level)) for r in mine))}）。")
            continue
        for r in fit:
            ans.results.append(_lookup_result(r))
            if calc.year is not None and r.value is not None and r.unit == "年":
                due = calc.year + int(r.value)
                ans.results.append(_result(r, f"{calc.year}年换届，每届{num(r.value)}年，{due}年任期届满应换届",
                                           f"{calc.year} + {num(r.value)} = {due}", "年", value=due, quantity="下次换届年份"))
        if calc.levels:
            uncovered = [lv for lv in calc.levels if not any(not r.scope.level or lv in r.scope.level for r in fit)]
            if uncovered:
                ans.notes.append(f"{doc_label(doc)}的文件未规定{_level_names(uncovered)}一级{what}。")
    for r in _in_order(_pool(("extension",)), docs):
        ans.notes.append(f"{doc_label(r.doc)}：换届{r.name.replace('换届', '')}{r.figure()}（{r.condition}，{r.clause}）。")


def op_extension(calc: Calculation, ans: Answer) -> None:
    """How long a term may be extended."""
    _lookup(calc, ans, ("extension",), "换届延期的期限")


def op_rotation(calc: Calculation, ans: Answer) -> None:
    """After how many terms a (deputy) secretary should rotate."""
    _lookup(calc, ans, ("rotation",), "书记、副书记任职届满交流的届数")


def op_vacancy(calc: Calculation, ans: Answer) -> None:
    """Deadline for filling a vacant secretary or committee seat; from a date (4月15日调离), the last day."""
    chosen = _lookup(calc, ans, ("vacancy",), "空缺补选的期限")
    if calc.month is None:
        return
    for r in chosen:
        months = r.value if r.value is not None else r.max
        if r.unit == "个月" and months is not None:
            ans.results.append(_months_later(r, calc.month, calc.day, int(months)))


def _months_later(rule: Rule, month: int, day: int | None, months: int) -> CalcResult:
    """`4月15日 + 3个月 = 7月15日前`; past December the month falls in the next year (9月 + 6个月 = 次年3月)."""
    total = month - 1 + months
    due, next_year = total % 12 + 1, total // 12
    year_word = "" if next_year == 0 else ("次年" if next_year == 1 else f"{next_year}年后的")
    start = f"{month}月{f'{day}日' if day else ''}"
    last = calendar.monthrange(2001, due)[1]  # a common year: 2月 has 28 days (29 in a leap year)
    end = f"{year_word}{due}月{f'{min(day, last)}日' if day else ''}"
    short = f"（{due}月没有{day}日，按月末计）" if day and day > last else ""
    return _result(rule, f"{start}出缺，{num(months)}个月内补齐，最迟{end}前{short}",
                   f"{start} + {num(months)}个月 = {end}", "月", value=due, quantity="最迟补齐日期")


def op_funding(calc: Calculation, ans: Answer) -> None:
    """Education funds for N 党员 / 团员 / 女职工 per year, each level labelled where the rate depends on it."""
    fund = calc.fund or "party"
    who = {"party": "党员", "league": "团员", "women": "女职工"}[fund]
    pool = _pool(("funding",), lambda r: r.scope.fund == fund)
    what = f"按{who}人数核拨{FUNDS[fund]}的标准"
    count = _people(calc.members, f"{who}人数")
    if count is None and calc.rate_only:
        _lookup(calc, ans, ("funding",), what, lambda r: r.scope.fund == fund)
        return
    docs = _targets(calc, _docs_of(pool), what, ans)
    count = _need(count, f"请给出{who}人数，例如「funding 120 members wenzhou」或「温州市直120名党员，教育经费多少」。")
    for doc in docs:
        mine = [r for r in pool if r.doc == doc]
        fit = [r for r in mine if _level_ok(r, calc.levels)]
        if not fit:
            ans.notes.append(f"{doc_label(doc)}的文件未规定{_level_names(calc.levels)}一级{FUNDS[fund]}的标准。")
            continue
        for r in fit:
            level = f"{_level_names(list(r.scope.level))}，" if r.scope.level else ""
            if r.value is not None:
                total = count * _frac(r.value)
                ans.results.append(_result(r, f"{level}{FUNDS[fund]} {count}人 × {num(r.value)}元 = {num(total)}元/年",
                                           f"{count} × {num(r.value)}元 = {num(total)}元", "元/年", value=total))
            else:
                lo, hi = count * _frac(r.min or 0), count * _frac(r.max or 0)
                ans.results.append(_result(r, f"{level}{FUNDS[fund]} {count}人 × {num(r.min or 0)}–{num(r.max or 0)}元 = "
                                              f"{num(lo)}–{num(hi)}元/年", f"{count} × {num(r.min or 0)}元 = {num(lo)}元；"
                                              f"{count} × {num(r.max or 0)}元 = {num(hi)}元", "元/年", lo=lo, hi=hi))


def op_salary(calc: Calculation, ans: Answer) -> None:
    """Working funds of an organ's party organization as a share of its members' salary total."""
    pool = _pool(("salary_share",))
    amount = _amount(calc.amount, "党员工资总额")
    if amount is None and calc.rate_only:
        _lookup(calc, ans, ("salary_share",), "按党员工资总额计提机关基层党组织经费的比例")
        return
    docs = _targets(calc, _docs_of(pool), "按党员工资总额计提机关基层党组织经费的比例", ans)
    amount = _need(amount, "请给出党员工资总额，例如「funding salary 3000000 huzhou」或「党员工资总额300万元，工作经费多少」。")
    for r in _in_order(pool, docs):
        pct = _frac(r.value if r.value is not None else (r.min or 0))
        total = amount * pct / 100
        formula = f"{num(amount)}元 × {num(pct)}% = {num(total)}元"
        if r.value is not None:
            ans.results.append(_result(r, f"{r.name} = {formula}", formula, "元/年", value=total))
        else:
            ans.results.append(_result(r, f"{r.name}不少于 {formula}", formula + "（下限）", "元/年", lo=total))


def op_fee(calc: Calculation, ans: Answer) -> None:
    """The share of party fees an 机关工委 retains, for an amount collected."""
    pool = _pool(("fee_retention",), lambda r: _level_ok(r, calc.levels))
    amount = _amount(calc.amount, "党费金额")
    if amount is None and calc.rate_only:
        _lookup(calc, ans, ("fee_retention",), "党费留成比例")
        return
    docs = _targets(calc, _docs_of(pool), "党费留成比例", ans)
    amount = _need(amount, "请给出党费金额，例如「fee 100000 wenzhou」。")
    for r in _in_order(pool, docs):
        if r.value is not None:
            v = amount * _frac(r.value) / 100
            ans.results.append(_result(r, f"{r.name}{r.figure()}：{num(amount)}元 × {num(r.value)}% = {num(v)}元",
                                       f"{num(amount)} × {num(r.value)}% = {num(v)}元", "元", value=v))
        else:
            lo, hi = amount * _frac(r.min or 0) / 100, amount * _frac(r.max or 0) / 100
            ans.results.append(_result(r, f"{r.name}{r.figure()}：留成{num(lo)}–{num(hi)}元",
                                       f"{num(amount)} × {num(r.min or 0)}% = {num(lo)}元；{num(amount)} × {num(r.max or 0)}% = {num(hi)}元",
                                       "元", lo=lo, hi=hi))


def _staff_by_ratio(calc: Calculation, ans: Answer, staff: int) -> None:
    pool = _pool(("staff_ratio",))
    docs = _targets(calc, _docs_of(pool), "按机关工作人员总数配备专职党务工作人员的比例", ans)
    for doc in docs:
        for r in (r for r in pool if r.doc == doc):
            if not _level_ok(r, calc.levels):
                ans.notes.append(f"{doc_label(doc)}的文件只规定了{_level_names(list(r.scope.level))}的配备比例，"
                                 f"未规定{_level_names(calc.levels)}一级。")
                continue
            level = f"{_level_names(list(r.scope.level))}：" if r.scope.level else ""
            if r.value is None:
                lo, hi = staff * _frac(r.min or 0) / 100, staff * _frac(r.max or 0) / 100
                ans.results.append(_result(r, f"{level}{staff}人 × {num(r.min or 0)}%–{num(r.max or 0)}% = {num(lo)}–{num(hi)}人",
                                           f"{staff} × {num(r.min or 0)}% = {num(lo)}；{staff} × {num(r.max or 0)}% = {num(hi)}",
                                           "人", lo=lo, hi=hi, quantity="专职党务工作人员"))
            else:
                exact = staff * _frac(r.value) / 100
                formula = f"{staff} × {num(r.value)}% = {num(exact)}"
                minimum = next((m for m in rules() if m.doc == doc and m.kind == "staff_minimum" and _level_ok(m, list(r.scope.level))), None)
                if minimum is not None and exact < _frac(minimum.value or 0):
                    ans.results.append(_result(minimum, f"{level}{formula}人，不足{num(minimum.value or 0)}人，按{num(minimum.value or 0)}人配备",
                                               f"{formula}，不足1人按{num(minimum.value or 0)}人 → {num(minimum.value or 0)}人", "人",
                                               value=minimum.value, quantity="专职党务工作人员"))
                    continue
                rounding = "" if exact.denominator == 1 else "（文件未规定小数如何取整）"
                ans.results.append(_result(r, f"{level}{staff}人 × {num(r.value)}% = {num(exact)}人{rounding}", formula, "人",
                                           value=exact, quantity="专职党务工作人员"))
            if r.condition:
                ans.notes.append(f"{doc_label(doc)}：{r.condition}。")


def _staff_by_members(calc: Calculation, ans: Answer, members: int) -> None:
    """Full-time posts a document ties to the member count (温州: 专职副书记, over 100 one more cadre)."""
    by_members = [r for r in rules() if r.kind in ("deputy", "staff_extra") and r.value is not None and
                  (r.kind == "staff_extra" or any(o.doc == r.doc and o.kind == "orgtype" for o in rules()))]
    member_deputy = [r for r in rules() if r.kind == "deputy" and r.scope.basis == "members"]
    docs = _targets(calc, _docs_of(by_members + member_deputy), "按党员人数配备专职党务人员", ans)
    for doc in docs:
        best, exceptions = _orgtype_of(doc, members)
        if best is not None:
            orgs = set(best.scope.org) | {o for e in exceptions for o in e.scope.org}
            deputy = [r for r in by_members if r.doc == doc and r.kind == "deputy" and set(r.scope.org) & set(best.scope.org)]
            extra = [r for r in by_members if r.doc == doc and r.kind == "staff_extra"]
            total = Fraction(0)
            parts: list[str] = []
            for r in deputy:
                total += _frac(r.value or 0)
                parts.append(f"{num(r.value or 0)}名专职副书记（{_org_names(list(best.scope.org))}）")
                ans.results.append(_result(r, f"所属党员{members}人 → 设{_org_names(list(best.scope.org))}，配备{num(r.value or 0)}名专职副书记",
                                           f"{_bound_text(members, best)} → {_org_names(list(best.scope.org))} → {num(r.value or 0)}名",
                                           "名", value=r.value, quantity="专职副书记"))
            if not deputy:
                ans.notes.append(f"{doc_label(doc)}：所属党员{members}人，应设{_org_names(list(best.scope.org))}；文件未规定"
                                 f"{_org_names(list(best.scope.org))}配备专职副书记或专职党务干部。")
                if orgs - set(best.scope.org):
                    ans.notes.append(f"{doc_label(doc)}：经批准设立{_org_names(list(orgs - set(best.scope.org)))}的，按该组织配备。")
            for r in extra:
                if _fits(members, r):
                    total += _frac(r.value or 0)
                    ans.results.append(_result(r, f"所属党员{members}人（{r.figure().replace(r.unit, '名')}），另配{num(r.value or 0)}名专职党务干部，"
                                                  f"共{num(total)}名", f"{_bound_text(members, r)} → {' + '.join(p.split('（')[0] for p in parts)}"
                                                  f" + {num(r.value or 0)}名专职党务干部 = {num(total)}名", "名", value=total,
                                               quantity="专职党务人员合计"))
                elif deputy:
                    ans.notes.append(f"{doc_label(doc)}：所属党员{r.figure().replace(r.unit, '名')}的才需再配备"
                                     f"{num(r.value or 0)}名专职党务干部，{members}人不需要。")
            continue
        for r in (r for r in member_deputy if r.doc == doc):
            ok = _fits(members, r)
            ans.results.append(_result(r, f"{_org_names(list(r.scope.org))}管理党员{members}人，{'达到' if ok else '未达到'}"
                                          f"{r.figure()}的条件{'，' + (r.condition or '') + '，可配备专职副书记' if ok else ''}",
                                       _bound_text(members, r) if ok else f"{members} < {num(r.min or 0)}", r.unit, lo=r.min,
                                       quantity="可配专职副书记的条件"))
        if any(r.doc == doc for r in _pool(("staff_ratio",))):
            ans.notes.append(f"{doc_label(doc)}的专职党务干部按机关工作人员总数计算，请给出工作人员数（例如 staff 260 staff {doc}）。")


def op_staff(calc: Calculation, ans: Answer) -> None:
    """Full-time party staff for N 机关工作人员 (ratio, with minimums) or for N members (posts by org type)."""
    staff = _people(calc.staff, "机关工作人员数")
    members = _people(calc.members, "党员人数")
    if staff is None and members is None:
        if calc.rate_only:
            _lookup(calc, ans, ("staff_ratio", "staff_minimum", "staff_extra"), "专职党务工作人员的配备标准")
            return
        pool = _pool(("staff_ratio", "staff_minimum", "staff_extra"))
        _targets(calc, _docs_of(pool), "专职党务工作人员的配备标准", Answer())
        raise Refusal("请给出机关工作人员数或党员人数，例如「staff 260 staff huzhou」「staff 120 members wenzhou」"
                      "或「绍兴某机关工作人员300人，配几名专职党务工作人员」。")
    if staff is not None:
        _staff_by_ratio(calc, ans, staff)
    if members is not None:
        _staff_by_members(calc, ans, members)


def op_deputy(calc: Calculation, ans: Answer) -> None:
    """Whether (and how many) 专职副书记 an organization gets, from its type, staff size or member count."""
    staff = _people(calc.staff, "机关工作人员编制数")
    members = _people(calc.members, "党员人数")
    pool = _pool(("deputy",), lambda r: _level_ok(r, calc.levels) if r.scope.level else True)
    docs = _targets(calc, _docs_of(pool), "专职副书记的配备", ans)
    for doc in docs:
        orgs = list(calc.orgs)
        if not orgs and members is not None:
            best, _ = _orgtype_of(doc, members)
            if best is not None:
                orgs = list(best.scope.org)
                ans.notes.append(f"{doc_label(doc)}：所属党员{members}人，应设{_org_names(orgs)}（{best.clause}）。")
        mine = [r for r in pool if r.doc == doc and (not orgs or not r.scope.org or set(orgs) & set(r.scope.org))
                and (not r.scope.level or calc.levels or not orgs)]
        if not mine:
            ans.notes.append(f"{doc_label(doc)}的文件未规定{_org_names(orgs) if orgs else ''}配备专职副书记。")
            continue
        conditional = [r for r in mine if r.scope.basis in ("staff", "members")]
        for r in mine:
            given = (staff if r.scope.basis == "staff" else members) if r in conditional else None
            if given is None:  # (a rule on no condition, or on one the question gives no figure for)
                ans.results.append(_lookup_result(r))
                continue
            ok = _fits(given, r)
            noun = "机关工作人员编制" if r.scope.basis == "staff" else "管理党员"
            ans.results.append(_result(r, f"{noun}{given}人，{'达到' if ok else '未达到'}{r.figure()}的条件",
                                       _bound_text(given, r) if ok else f"{given} < {num(r.min or 0)}", r.unit, lo=r.min,
                                       quantity=r.name))
        if conditional:
            inputs = {"staff": staff, "members": members}
            met = [r for r in conditional if inputs[r.scope.basis or ""] is not None and _fits(inputs[r.scope.basis or ""] or 0, r)]
            known = [r for r in conditional if inputs[r.scope.basis or ""] is not None]
            cond = conditional[0].condition or "经批准"
            if met:
                ans.notes.append(f"结论（{doc_label(doc)}）：可以配备专职副书记，条件满足其一即可；但须{cond}。")
            elif known and len(known) == len(conditional):
                ans.notes.append(f"结论（{doc_label(doc)}）：两项条件都未达到，文件未规定此时可配备专职副书记。")
            elif known:
                ans.notes.append(f"结论（{doc_label(doc)}）：已给出的条件未达到，另一项条件（{'、'.join(r.figure() for r in conditional if r not in known)}）未给出数字，无法判断。")


def op_study(calc: Calculation, ans: Answer) -> None:
    """Yearly training hours required, and with hours already done, how many are still missing."""
    if calc.hours is not None and calc.hours < 0:
        raise Refusal("已参加的学时不能是负数。")
    pool = _pool(("study_hours",), lambda r: calc.who not in ("members", "leaders") or r.scope.who == calc.who)
    if calc.roles and not any(_covers(r, calc.roles) for r in pool):
        whom = "和".join(dict.fromkeys(WHO.get(r.scope.who or "", "党员") for r in pool))
        raise Refusal(f"收录的文件只对{whom}规定了教育培训学时；对{_role_names(calc.roles)}未规定。")
    docs = _targets(calc, _docs_of(pool), "党员教育培训学时", ans)
    for r in sorted(_in_order(pool, docs), key=lambda r: (docs.index(r.doc), _closeness(r, calc.roles))):  # (书记: 班子成员)
        need = _frac(r.min or r.value or 0)
        if calc.hours is None:
            ans.results.append(_lookup_result(r))
            continue
        done = _frac(calc.hours)
        missing = max(Fraction(0), need - done)
        who = WHO.get(r.scope.who or "", "")
        verdict = f"还差{num(missing)}学时" if missing else "已达标"
        ans.results.append(_result(r, f"{who}每年不少于{num(need)}学时，已参加{num(done)}学时，{verdict}",
                                   f"{num(need)} − {num(done)} = {num(need - done)}" if missing else f"{num(done)} ≥ {num(need)}",
                                   "学时", value=missing, lo=need, quantity=f"{who}还差学时"))
    if calc.hours is not None and calc.who not in ("members", "leaders"):
        ans.notes.append("没有说明是普通党员还是党组织领导班子成员，两种要求都列出。")


def op_study_days(calc: Calculation, ans: Answer) -> None:
    """Yearly study days of the 中心组, and with days already done, how many are missing."""
    pool = _pool(("study_days",))
    docs = _targets(calc, _docs_of(pool), "中心组学习天数", ans)
    for r in _in_order(pool, docs):
        if calc.hours is None:
            ans.results.append(_lookup_result(r))
            continue
        need, done = _frac(r.min or 0), _frac(calc.hours)
        missing = max(Fraction(0), need - done)
        ans.results.append(_result(r, f"中心组全年学习不少于{num(need)}天，已学习{num(done)}天，"
                                      f"{'还差' + num(missing) + '天' if missing else '已达标'}",
                                   f"{num(need)} − {num(done)} = {num(need - done)}", "天", value=missing, lo=need))


def op_frequency(calc: Calculation, ans: Answer) -> None:
    """How often a meeting, study, report, talk … must take place."""
    if not calc.topic:
        names = "、".join(f"{k.replace('_', '-')}（{v[0]}）" for k, v in TOPICS.items()
                         if any(r.topic == k for r in (x.scope for x in rules() if x.kind == "frequency")))
        raise Refusal(f"请说明是哪项制度的频次。可选：{names}。")
    name = TOPICS[calc.topic][0]
    keep = lambda r: r.scope.topic == calc.topic and (not calc.who or not r.scope.who or r.scope.who == calc.who or
                                                       not any(x.scope.who == calc.who for x in rules() if x.scope.topic == calc.topic))
    chosen = _lookup(calc, ans, ("frequency",), f"{name}的频次", keep)
    for r in (r for r in chosen if r.unit in PER_YEAR):
        per_year = _per_year(r)
        if per_year is None:
            continue
        ans.results.append(_result(r, f"{r.name}{r.figure()}，折合每年{'至少' if r.min is not None else ''}{num(per_year)}次",
                                   f"{num(per_year / PER_YEAR[r.unit])} × {PER_YEAR[r.unit]} = {num(per_year)}", "次/年", value=per_year,
                                   quantity=f"{name}每年次数"))
    if calc.done is None:
        return
    for r in chosen:  # 已经开了2次，还要开几次: what remains of the yearly minimum (monthly rules: 12 a year)
        need = _per_year(r)
        if need is None:
            continue
        left = max(Fraction(0), _frac(need) - _frac(calc.done))
        ans.results.append(_result(r, f"{name}每年不少于{num(need)}次，已开{num(calc.done)}次，"
                                      f"{'还需' + num(left) + '次' if left else '已达到'}",
                                   f"{num(need)} − {num(calc.done)} = {num(left)}", "次", value=left, quantity=f"{name}还需次数"))


def _per_year(rule: Rule) -> Fraction | None:
    """How many times a year a frequency rule asks for (1次/月 → 12), or None for other units (批/年, 个主题/年)."""
    times = rule.min if rule.min is not None else rule.value
    if times is None:
        return None
    if rule.unit == "次/年":
        return _frac(times)
    return _frac(times) * PER_YEAR[rule.unit] if rule.unit in PER_YEAR else None


def op_deadline(calc: Calculation, ans: Answer) -> None:
    """Deadlines, durations, dates and periods: 不交党费六个月, 入党积极分子培养一年以上, 每年3月底前报告,
    每年“七一”或年底表彰, 三年行动计划2021—2023年; with a year, whether a period includes it."""
    topic = calc.topic
    chosen = _lookup(calc, ans, ("deadline", "duration", "date", "period"),
                     f"{TOPICS[topic][0]}的期限或时间" if topic else "这一期限或时间",
                     lambda r: not topic or r.scope.topic == topic)
    for r in (r for r in chosen if r.kind == "period" and calc.year is not None):
        inside = (r.min or 0) <= calc.year <= (r.max or 0)
        ans.notes.append(f"{doc_label(r.doc)}：{calc.year}年{'在' if inside else '不在'}{r.name}（{r.figure()}）之内。")


def op_count(calc: Calculation, ans: Answer) -> None:
    """How many items a document lists (职责的方面, 监督的方法 …)."""
    topic = calc.topic
    _lookup(calc, ans, ("count",), f"{TOPICS[topic][0]}的项数" if topic else "这一项数", lambda r: not topic or r.scope.topic == topic)


def op_branch_size(calc: Calculation, ans: Answer) -> None:
    """How many members a branch should have; with a count, whether it is within the bounds."""
    members = _people(calc.members, "党员人数")
    if members is None:
        _lookup(calc, ans, ("branch_size",), "党支部的党员人数")
        return
    calc_orgtype = calc.model_copy(update={"op": "orgtype"})
    op_orgtype(calc_orgtype, ans)


def op_stars(calc: Calculation, ans: Answer) -> None:
    """Star-rating check: the composite score and each star's share of its base score against the thresholds."""
    pool = _pool(("star_threshold",))
    docs = _targets(calc, _docs_of(pool), "五星级（星级）评定的分数标准", ans)
    for doc in docs:
        failed: list[str] = []
        unknown: list[str] = []
        for r in (r for r in pool if r.doc == doc):
            if r.scope.who == "total":
                if calc.score is None:
                    ans.results.append(_lookup_result(r))
                    unknown.append("综合得分")
                    continue
                ok = _fits(calc.score, r)
                ans.results.append(_result(r, f"综合得分{num(calc.score)}分，{'达到' if ok else '未达到'}{r.figure().replace('不少于', '')}以上",
                                           f"{num(calc.score)} {'≥' if ok else '<'} {num(r.min or 0)}", "分", value=calc.score,
                                           lo=r.min, quantity="综合得分"))
                if not ok:
                    failed.append(f"综合得分{num(calc.score)}分低于{num(r.min or 0)}分")
            else:
                if not calc.star_pcts:
                    ans.results.append(_lookup_result(r))
                    unknown.append("各星得分比例")
                    continue
                for star, pct in calc.star_pcts.items():
                    ok = _fits(pct, r)
                    ans.results.append(_result(r, f"{star}得分为基本分的{num(pct)}%，{'达到' if ok else '未达到'}{num(r.min or 0)}%以上",
                                               f"{num(pct)}% {'≥' if ok else '<'} {num(r.min or 0)}%", "%", value=pct, lo=r.min,
                                               quantity=f"{star}得分比例"))
                    if not ok:
                        failed.append(f"{star}{num(pct)}%低于{num(r.min or 0)}%")
                if len(calc.star_pcts) < 5 and "每一星" not in calc.star_pcts:
                    unknown.append("其余各星得分比例")
        if failed:
            ans.notes.insert(0, f"结论（{doc_label(doc)}）：不能评为五星级——{'；'.join(failed)}。")
        elif unknown:
            ans.notes.insert(0, f"结论（{doc_label(doc)}）：已给出的指标都达标；还需{'、'.join(dict.fromkeys(unknown))}达到标准才能评为五星级。")
        else:
            ans.notes.insert(0, f"结论（{doc_label(doc)}）：达到五星级标准。")


def op_star_target(calc: Calculation, ans: Answer) -> None:
    """The yearly target share of five-star organizations; with a total, the minimum number of them."""
    count = _people(calc.count, "党组织个数")
    year = calc.year

    def in_year(r: Rule) -> bool:
        return year is None or ((r.scope.year_from or 0) <= year and (r.scope.year_to is None or year <= r.scope.year_to))

    pool = _pool(("star_target",))
    what = "五星级党组织的比例目标" + (f"（{year}年）" if year else "")
    docs = _targets(calc, _docs_of(pool), what, ans)
    for doc in docs:
        fit = [r for r in pool if r.doc == doc and in_year(r)]
        if not fit:
            first = min((r.scope.year_from or 0) for r in pool if r.doc == doc)
            ans.notes.append(f"{doc_label(doc)}的文件未规定{year}年的目标（目标从{first}年开始）。")
            continue
        for r in fit:
            pct = _frac(r.min or r.value or 0)
            if count is None:
                ans.results.append(_lookup_result(r))
                continue
            exact = count * pct / 100
            least = math.ceil(exact)
            years = r.scope.label()
            ans.results.append(_result(r, f"{years}五星级应达{num(pct)}%以上：{count}个 × {num(pct)}% = {num(exact)}，至少{least}个",
                                       f"{count} × {num(pct)}% = {num(exact)} → 至少 {least}" + ("（向上取整）" if exact != least else ""),
                                       "个", value=least, lo=pct, quantity="五星级党组织至少个数"))


def op_excellence(calc: Calculation, ans: Answer) -> None:
    """The share of 五星级 organizations named 双优; with a count, about how many."""
    count = _people(calc.count, "五星级党组织个数")
    pool = _pool(("excellence_share",))
    docs = _targets(calc, _docs_of(pool), "“双优”先进党组织的比例", ans)
    for r in _in_order(pool, docs):
        if count is None:
            ans.results.append(_lookup_result(r))
            continue
        v = count * _frac(r.value or 0) / 100
        ans.results.append(_result(r, f"五星级{count}个 × {num(r.value or 0)}%左右 = 约{num(v)}个“双优”", f"{count} × {num(r.value or 0)}% = {num(v)}（左右）",
                                   "个", value=v))


def op_vote(calc: Calculation, ans: Answer) -> None:
    """The smallest number of yes votes that carries a resolution, for N members entitled to vote."""
    count = _people(calc.count, "应到会有表决权的正式党员人数")
    pool = _pool(("vote",))
    docs = _targets(calc, _docs_of(pool), "表决通过所需的赞成票", ans)
    for r in _in_order(pool, docs):
        if count is None:
            ans.results.append(_lookup_result(r))
            continue
        share = count * _frac(r.min or 0) / 100
        least = math.floor(share) + 1 if r.min_open else math.ceil(share)
        rel = "超过" if r.min_open else "达到"
        ans.results.append(_result(r, f"应到{count}人，赞成票须{rel}{num(share)}人（{r.figure().split('%')[0]}%），至少{least}人赞成",
                                   f"{count} × {num(r.min or 0)}% = {num(share)}，{rel}{num(share)}的最小整数 = {least}", "人",
                                   value=least, quantity="至少赞成人数"))
    if count is None:
        ans.notes.append("给出应到会有表决权的正式党员人数，可算出至少需要多少人赞成，例如「vote 20」。")


OPERATIONS: dict[str, Callable[[Calculation, Answer], None]] = {
    "orgtype": op_orgtype, "committee": op_committee, "term": op_term, "extension": op_extension,
    "funding": op_funding, "salary": op_salary, "staff": op_staff, "deputy": op_deputy, "fee": op_fee,
    "vacancy": op_vacancy, "rotation": op_rotation, "frequency": op_frequency, "study": op_study,
    "study_days": op_study_days, "stars": op_stars, "star_target": op_star_target, "excellence": op_excellence,
    "vote": op_vote, "branch_size": op_branch_size, "deadline": op_deadline, "count": op_count,
}


def run(calc: Calculation) -> Answer:
    """Answer one calculation; a Refusal carries the Chinese message shown instead of a number."""
    _check(calc)
    for d in calc.docs:
        if d not in doc_ids():
            raise Refusal(f"没有 id 为「{d}」的文件。")
    ans = Answer()
    OPERATIONS[calc.op](calc, ans)
    return ans


def calculate(query: str, q: Query | None = None) -> CalcResponse:
    """A command or Chinese question (`q`: the question already understood) → results (one per document and
    case), notes, or an error message.

    Never raises on user input. A text that asks nothing the calculator knows gets `error` set; use
    rules.parse.is_calc_question first to decide whether to call the calculator at all."""
    parsed = parse(query, q)
    if parsed.error:
        return CalcResponse(query=query, error=parsed.error, notes=parsed.notes)
    results: list[CalcResult] = []
    notes: list[str] = list(parsed.notes)
    errors: list[str] = []
    for calc in parsed.calculations:
        try:
            ans = run(calc)
        except Refusal as exc:
            errors.append(str(exc))
            continue
        results += ans.results
        notes += [n for n in ans.notes if n not in notes]
    if not results:
        if not errors and notes:  # every document concerned is silent on the case asked: say so as the answer
            return CalcResponse(query=query, notes=notes[1:], error=notes[0])
        return CalcResponse(query=query, notes=notes, error="\n".join(dict.fromkeys(errors)) or "没有找到可计算的规定。")
    notes += [e for e in dict.fromkeys(errors)]
    return CalcResponse(query=query, results=results, notes=notes)
