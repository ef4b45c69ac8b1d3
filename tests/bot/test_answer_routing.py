"""The engine's routes that need no search: references, follow-ups, unknown cities, help, empty input."""

from __future__ import annotations

import pytest

from bot.answer import Engine
from bot.models import Turn
from query.understand import understand


@pytest.fixture(scope="module")
def engine(corp) -> Engine:
    return Engine(corp)


PREVIOUS = "温州市直机关党委每届任期几年？"


@pytest.mark.parametrize(
    ("message", "rewritten"),
    [
        ("那湖州呢？", "湖州市直机关党委每届任期几年？"),
        ("湖州市呢", "湖州市直机关党委每届任期几年？"),
        ("东莞的呢？", "东莞市直机关党委每届任期几年？"),
        ("县里呢？", "温州县里机关党委每届任期几年？"),
        ("那乡镇呢", "温州乡镇机关党委每届任期几年？"),
        ("党总支呢", "温州市直党总支每届任期几年？"),
    ],
)
def test_a_follow_up_is_the_previous_query_with_what_it_names_replaced(corp, message, rewritten) -> None:
    follow = understand(message, corp, understand(PREVIOUS, corp))
    assert follow.follow_up and follow.text == rewritten


def test_a_follow_up_keeps_the_ask_and_replaces_the_level(corp) -> None:
    follow = understand("县里呢？", corp, understand(PREVIOUS, corp))
    assert follow.levels == ["county"] and follow.docs == ["wenzhou"] and follow.ask == "duration"


def test_a_follow_up_can_change_the_topic(corp) -> None:
    follow = understand("那党小组会呢？", corp, understand("编办的党课多久上一次？", corp))
    assert follow.topics == ["group_meeting"] and follow.docs == ["bianban"] and follow.ask == "frequency"


@pytest.mark.parametrize("message", ["湖州机关纪委设几名委员？", "党费几个月不交算自动脱党", "那怎么办呢"])
def test_a_question_of_its_own_is_not_a_follow_up(corp, message) -> None:
    assert not understand(message, corp, understand(PREVIOUS, corp)).follow_up


def test_without_a_previous_turn_nothing_is_a_follow_up(corp) -> None:
    assert not understand("那湖州呢？", corp).follow_up



@pytest.mark.parametrize("message", ["温州第3条", "温州第三条", "wenzhou 3", "wenzhou-3", "/clause 温州 第3条"])
def test_a_clause_reference_is_answered_with_that_clause(engine, corp, message) -> None:
    answer = engine.handle(message)
    assert answer.kind == "clause" and answer.found
    assert answer.results[0].clause == "wenzhou-3"
    assert answer.citations[0].quote == corp.by_id["wenzhou-3"].text


def test_an_unknown_clause_reference_says_so(engine) -> None:
    answer = engine.handle("/clause wenzhou 99")
    assert not answer.found and "找不到条款" in answer.answer and "wenzhou-9" in answer.answer
    assert "请在 /clause 后给出条款" in engine.handle("/clause").answer


def test_a_city_without_a_document_is_said_plainly_with_the_covered_cities(engine) -> None:
    answer = engine.ask("杭州的规定")
    assert not answer.found and answer.kind == "unknown_city"
    assert "没有杭州的规定" in answer.answer
    for city in ("温州", "湖州", "绍兴", "东莞"):
        assert city in answer.answer


def test_help_docs_and_empty_input(engine) -> None:
    assert "/calc" in engine.handle("/help").answer
    assert "/compare" in engine.handle("/start").answer
    docs = engine.handle("/docs").answer
    assert "wenzhou" in docs and "dongguan" in docs
    assert engine.ask("   ").kind == "empty"
    assert "不认识的命令" in engine.handle("/frobnicate").answer
