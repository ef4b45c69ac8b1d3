"""Which calculator operation answers a Chinese question: by what it is about (its topic) and what it asks (its
ask), from rules/data/ops.toml; and which rule subjects cover the post-holders a question names."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from query.models import Query


@dataclass(frozen=True)
class OpMatch:
    """An operation of rules/data/ops.toml: the topics and asks it answers."""

    op: str
    topics: tuple[str, ...]
    asks: tuple[str, ...]
    roles: tuple[str, ...] = ()
    allows: tuple[str, ...] = ()  # strict topics (query/data/topics.toml) the operation's rules are also about
    unless: tuple[str, ...] = ()  # topics that mean the question is about something its rules are not


@cache
def op_table() -> tuple[OpMatch, ...]:
    """The operations in precedence order (rules/data/ops.toml)."""
    data = _ops_data()
    return tuple(OpMatch(o["op"], tuple(o["topics"]), tuple(o["asks"]), tuple(o.get("roles", ())),
                         tuple(o.get("allows", ())), tuple(o.get("unless", ()))) for o in data.get("op", []))


@cache
def _ops_data() -> dict:
    return tomllib.loads((Path(__file__).parent / "data" / "ops.toml").read_text(encoding="utf-8"))


def covered_roles() -> frozenset[str]:
    """The roles whose coverage the rule tables distinguish (rules/data/ops.toml [who_covers])."""
    return frozenset(_ops_data().get("who_covers", {}))


def who_covers(role: str) -> tuple[str, ...]:
    """The rule subjects (scope.who) that cover a role a question names (书记 → 书记、副书记; 班子成员)."""
    return tuple(_ops_data().get("who_covers", {}).get(role, ()))


_OP_KINDS: dict[str, tuple[str, ...]] = {"frequency": ("frequency",), "deadline": ("deadline", "duration", "date"),
                                         "count": ("count",)}


def _topic_for(op: OpMatch, q: Query) -> str | None:
    """The question's topic an operation answers: one of its topics, or for `*` one its rules are about."""
    if "*" not in op.topics:
        topic = next((t for t in q.topics if t in op.topics), None)
        if topic is None and op.roles and set(op.roles) & set(q.roles):
            from query.understand import role_nearest

            if not q.topics or role_nearest(q, op.roles):
                topic = op.topics[0]
        return topic
    from query.understand import nearest_topics
    from rules.table import rules

    kinds = _OP_KINDS.get(op.op, (op.op,))
    return next((t for t in nearest_topics(q) if any(r.kind in kinds and r.scope.topic == t for r in rules())), None)


def match_op(q: Query) -> tuple[str, str | None] | None:
    """(operation, topic) that answers what the question asks about what it is about, or None: the calculator
    answers only when both the topic and the ask match an operation (rules/data/ops.toml)."""
    ask = q.ask or "none"
    if ask in ("none", "yesno") and not q.numbers:
        return None  # nothing to compute with: whether something is so, search answers
    from query.vocab import strict_topics

    strict = strict_topics(q.topics)
    for op in op_table():
        if ask not in op.asks or strict - set(op.topics) - set(op.allows) or set(op.unless) & set(q.topics):
            continue  # 到会几个委员 (attendance) is not what a committee-size rule answers
        topic = _topic_for(op, q)
        if topic is not None:
            return op.op, topic
    return None
