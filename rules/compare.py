"""One topic across documents, side by side, with citations — the question users ask when they move
between cities. Silence is an answer: a document that sets nothing on the topic gets a row saying so."""

from __future__ import annotations

from typing import NamedTuple

from pydantic import BaseModel

from rules.models import Rule
from rules.table import doc_ids, doc_label, rules

class CompareTopic(NamedTuple):
    """A compare topic: its Chinese name, the rule kinds it covers, other names users type, and (optionally) the
    question topics (scope.topic) its rules must be about — kinds alone would mix every frequency or date."""

    name: str
    kinds: tuple[str, ...]
    aliases: tuple[str, ...]
    about: tuple[str, ...] = ()


TOPICS: dict[str, CompareTopic] = {
    "orgtype": CompareTopic("按党员人数设置党组织", ("orgtype", "no_committee", "branch_size"), ("设置", "组织设置", "党组织设置", "org")),
    "committee": CompareTopic("委员会委员人数", ("committee_size", "no_committee", "post"), ("委员", "委员会", "委员人数", "支委")),
    "term": CompareTopic("任期与换届", ("term", "extension"), ("任期", "换届", "届")),
    "funding": CompareTopic("经费标准", ("funding", "salary_share"), ("经费", "教育经费", "工作经费", "fund")),
    "fee": CompareTopic("党费留成", ("fee_retention",), ("党费", "党费留成")),
    "staff": CompareTopic("专职党务人员与专职副书记", ("staff_ratio", "staff_minimum", "staff_extra", "deputy"),
                          ("党务干部", "专职党务", "人员配备", "专职副书记", "deputy")),
    "vacancy": CompareTopic("空缺补选期限", ("vacancy",), ("空缺", "补选", "出缺")),
    "rotation": CompareTopic("任职届满交流", ("rotation",), ("交流",)),
    "frequency": CompareTopic("会议、学习、汇报等的频次", ("frequency",), ("频次", "次数", "会议", "freq")),
    "study": CompareTopic("教育培训学时与中心组学习", ("study_hours", "study_days"), ("学时", "学习", "培训")),
    "branch": CompareTopic("党支部人数", ("branch_size", "no_committee"), ("支部人数", "branch-size")),
    "stars": CompareTopic("星级评定", ("star_threshold", "star_target", "excellence_share"), ("星级", "五星", "评星", "star")),
    "vote": CompareTopic("表决", ("vote",), ("表决", "赞成")),
    "deadline": CompareTopic("期限与培养考察时间", ("deadline", "duration"), ("期限", "时限")),
    "count": CompareTopic("文件列举的项数", ("count",), ("项数",)),
    "date": CompareTopic("日期、时间节点与计划年份", ("date", "period"), ("日期", "时间节点", "什么时候", "年份")),
    "commendation": CompareTopic("表彰与命名的时间和频次", ("date", "frequency"), ("表彰", "命名", "先锋岗"),
                                 ("commendation",)),
    "plan": CompareTopic("年度工作计划与工作要点", ("frequency",), ("工作计划", "学习计划", "工作要点", "年度计划"),
                         ("work_plan",)),
    "theme": CompareTopic("每年一个主题", ("frequency",), ("主题", "每年一个主题", "年度主题"),
                          ("youth_reading", "work_style")),
    "study-day": CompareTopic("集中学习的频次", ("frequency",), ("学习日", "集中学习", "双月集中学习日"), ("branch_study",)),
}


class CompareItem(BaseModel):
    """One rule of one document, as a sentence with its source."""

    rule: str
    scope: str
    text: str
    clause: str
    quote: str
    citation: str


class CompareRow(BaseModel):
    """What one document says on the topic; `silence` when it says nothing."""

    doc: str
    label: str
    items: list[CompareItem] = []
    silence: str | None = None
    text: str = ""


class Comparison(BaseModel):
    """A topic across every document (rows in corpus order), or an error for an unknown topic."""

    topic: str
    name: str = ""
    rows: list[CompareRow] = []
    error: str | None = None
    text: str = ""


def topics() -> dict[str, str]:
    """The topics `compare` knows, with their Chinese names (`term` → 任期与换届)."""
    return {k: v.name for k, v in TOPICS.items()}


def resolve_topic(text: str) -> str | None:
    """The topic key a user means (`term`, `任期`, `Term`), or None."""
    key = (text or "").strip().lower().replace("_", "-")
    if key in TOPICS:
        return key
    for k, t in TOPICS.items():
        if key and (key == t.name or key in t.aliases):
            return k
    for k, t in TOPICS.items():
        if key and any(a in key for a in t.aliases if len(a) > 1 and not a.isascii()):
            return k
    return None


def _item(rule: Rule) -> CompareItem:
    from corpus.store import corpus

    c = corpus()
    clause = c.by_id[rule.clause]
    cond = f"（{rule.condition}）" if rule.condition else ""
    return CompareItem(rule=rule.id, scope=rule.scope.label(), text=f"{rule.name}：{rule.figure()}{cond}", clause=rule.clause,
                       quote=rule.quote, citation=c.citation(clause).render(short=True))


def compare(topic: str) -> Comparison:
    """What every document sets on one topic, side by side with citations; silent documents say so."""
    key = resolve_topic(topic)
    if key is None:
        names = "、".join(f"{k}（{v}）" for k, v in topics().items())
        return Comparison(topic=topic, error=f"不认识的主题「{topic}」。可选主题：{names}。")
    name, kinds, _, about = TOPICS[key]
    rows: list[CompareRow] = []
    for doc in doc_ids():
        mine = [r for r in rules() if r.doc == doc and r.kind in kinds and (not about or r.scope.topic in about)]
        label = doc_label(doc)
        if mine:
            items = [_item(r) for r in mine]
            text = f"{label}：" + "；".join((f"[{it.scope}] " if it.scope else "") + it.text + f"〔{it.clause}〕" for it in items)
            rows.append(CompareRow(doc=doc, label=label, items=items, text=text))
        else:
            silence = f"{label}的文件未规定{name}。"
            rows.append(CompareRow(doc=doc, label=label, silence=silence, text=silence))
    comparison = Comparison(topic=key, name=name, rows=rows)
    comparison.text = render(comparison)
    return comparison


def render(comparison: Comparison) -> str:
    """Plain text: one block per document, each rule with its scope and clause id; silence stated."""
    if comparison.error:
        return comparison.error
    lines = [f"【{comparison.name}】各文件的规定"]
    for row in comparison.rows:
        lines.append(f"\n{row.label}（{row.doc}）")
        if row.silence:
            lines.append(f"  —— {row.silence}")
        for it in row.items:
            scope = f"[{it.scope}] " if it.scope else ""
            lines.append(f"  · {scope}{it.text}  〔{it.clause}〕")
            lines.append(f"      原文：「{it.quote}」")
    return "\n".join(lines)
