"""The kinds of issue 12 — dates, periods, yearly batches and themes, counts, frequencies turned into yearly
counts, deadlines from a start date, the next election year — each asked both as a `/calc` command and in
Chinese; the scope each rule covers; and the grammar's tolerance of the words users add."""

from __future__ import annotations

import pytest

from rules.calc import calculate
from rules.parse import parse

# (command, Chinese question, document, a number the answer holds, words the answer's text holds)
KINDS: list[tuple[str, str, str, float, str]] = [
    ("deadline service-brand shaoxing", "绍兴要求各部门最晚什么时候要形成比较成熟的党建服务品牌？", "shaoxing", 2020, "2020年底前"),
    ("deadline org-life-report huzhou", "湖州党员领导干部参加组织生活情况最迟什么时候报告", "huzhou", 3, "3月底前"),
    ("deadline commendation bianban", "编办优秀党员什么时候表彰", "bianban", 0, "每年“七一”或年底"),
    ("deadline temporary-org shaoxing", "绍兴临时党组织什么时候组建", "shaoxing", 0, "与项目机构同步组建"),
    ("deadline three-year-plan dongguan", "东莞三年行动计划到哪一年结束？", "dongguan", 2023, "2021—2023年（共3年）"),
    ("frequency three-best shaoxing", "绍兴三个最佳多久推出一次", "shaoxing", 1, "1批/年"),
    ("frequency work-style shaoxing", "绍兴作风建设每年几个主题", "shaoxing", 1, "1个主题/年"),
    ("frequency youth-reading dongguan", "东莞领读计划每年几个主题", "dongguan", 1, "1个主题/年"),
    ("frequency branch-study huzhou", "湖州双月集中学习日多久一次", "huzhou", 6, "折合每年6次"),
    ("frequency group-meeting bianban", "编办党小组会一年一般要开多少次？", "bianban", 12, "折合每年12次"),
    ("frequency work-plan dongguan", "东莞年度党建工作要点多久制定一次", "dongguan", 1, "1次/年"),
    ("count two-upholds dongguan", "坚决落实两个维护有几项制度机制", "dongguan", 10, "10项"),
    ("vacancy 4-15 secretary wenzhou", "温州一名机关党支部书记4月15日调离，最迟几月几号前要完成补选？", "wenzhou", 7, "最迟7月15日前"),
    ("vacancy 9月 dongguan", "东莞机关党组织班子成员9月出缺，最晚几月份前要补齐？", "dongguan", 3, "最迟次年3月前"),
    ("term branch city 2022年 wenzhou", "温州市直机关党支部2022年3月换届选出书记，按任期哪一年该再换届？", "wenzhou", 2025,
     "2025年任期届满应换届"),
]


def _holds(query: str, doc: str, number: float, words: str) -> None:
    resp = calculate(query)
    assert resp.error is None, resp.error
    mine = [r for r in resp.results if r.doc == doc]
    assert any(words in r.text for r in mine), [r.text for r in mine]
    if number:
        assert any(number in (r.value, r.min, r.max) for r in mine), [(r.value, r.min, r.max) for r in mine]
    assert all(r.citation.quote and r.citation.clause.startswith(doc) for r in mine)


@pytest.mark.parametrize(("command", "question", "doc", "number", "words"), KINDS)
def test_each_kind_from_the_grammar(command: str, question: str, doc: str, number: float, words: str) -> None:
    _holds(command, doc, number, words)


@pytest.mark.parametrize(("command", "question", "doc", "number", "words"), KINDS)
def test_each_kind_from_a_chinese_question(command: str, question: str, doc: str, number: float, words: str) -> None:
    _holds(question, doc, number, words)


def test_a_date_past_december_falls_in_the_next_year_and_a_missing_day_is_the_month_end() -> None:
    (r,) = [r for r in calculate("vacancy 11-30 secretary wenzhou").results if r.quantity == "最迟补齐日期"]
    assert r.value == 2 and "次年2月28日" in r.text and "按月末计" in r.text


def test_a_year_inside_or_outside_a_period_is_said() -> None:
    assert "2022年在" in " ".join(calculate("deadline three-year-plan 2022年 dongguan").notes)
    assert "2024年不在" in " ".join(calculate("deadline three-year-plan 2024年 dongguan").notes)


# ── scope: whom a rule covers, and plainly when the question's subject is outside it
@pytest.mark.parametrize("query", ["vacancy member huzhou", "湖州委员出缺多久补选", "湖州支部委员调走了，几个月内要补选？"])
def test_a_rule_for_secretaries_does_not_answer_for_members(query: str) -> None:
    resp = calculate(query)
    assert resp.results == []
    assert "湖州只对书记、副书记规定了空缺补选的期限" in resp.error and "对委员未规定" in resp.error


@pytest.mark.parametrize("query", ["vacancy secretary huzhou", "湖州书记调走了几个月内补选"])
def test_the_covered_subject_gets_the_rule_with_its_scope(query: str) -> None:
    (r,) = calculate(query).results
    assert r.scope == "书记、副书记" and r.max == 3


def test_a_date_rule_names_whom_it_covers() -> None:
    (r,) = calculate("预备党员什么时候开始交党费").results
    assert r.scope == "预备党员" and "之日起" in r.text


# ── the grammar: words users add, and the nearest valid form of a word it does not know
@pytest.mark.parametrize(("command", "same_as"), [
    ("vacancy months dongguan", "vacancy dongguan"),
    ("term years branch city wenzhou", "term branch city wenzhou"),
    ("funding 120 名 wenzhou", "funding 120 members wenzhou"),
    ("funding 120名 wenzhou", "funding 120 members wenzhou"),
    ("vote 20 人", "vote 20"),
    ("frequency 3 times talk", "frequency 3 talk"),
    ("study 30 个 shaoxing", "study 30 shaoxing"),
])
def test_filler_words_change_nothing(command: str, same_as: str) -> None:
    assert parse(command).calculations == parse(same_as).calculations


@pytest.mark.parametrize(("command", "message"), [
    ("fundng 120 members", "「fundng」无法识别，是否是 funding？"),
    ("funding 120 memebrs wenzhou", "「memebrs」无法识别，是否是 members？"),
    ("vacancy dongguna", "「dongguna」无法识别，是否是 dongguan？"),
    ("term brnch wenzhou", "「brnch」无法识别，是否是 branch？"),
    ("term xyzzy", "「xyzzy」无法识别。"),
])
def test_an_unknown_word_is_named_with_the_nearest_valid_form(command: str, message: str) -> None:
    resp = calculate(command)
    assert resp.results == [] and resp.error.startswith(message)


# ── compare: a topic where more than one document sets a rule, silence stated for the others
@pytest.mark.parametrize(("topic", "docs"), [
    ("date", {"huzhou", "shaoxing", "bianban", "dongguan"}),
    ("commendation", {"shaoxing", "bianban"}),
    ("plan", {"bianban", "dongguan"}),
    ("theme", {"shaoxing", "dongguan"}),
    ("study-day", {"huzhou", "bianban"}),
])
def test_compare_topics_of_the_new_kinds(topic: str, docs: set[str]) -> None:
    from rules.compare import compare

    c = compare(topic)
    assert c.error is None
    assert {row.doc for row in c.rows if row.items} == docs
    assert all(row.silence and "未规定" in row.silence for row in c.rows if row.doc not in docs)
    assert all(it.quote and it.clause.startswith(row.doc) for row in c.rows for it in row.items)


def test_compare_by_chinese_name_keeps_the_json_shape() -> None:
    from rules.compare import compare

    data = compare("表彰").model_dump()
    assert data["topic"] == "commendation" and set(data) == {"topic", "name", "rows", "error", "text"}
    assert set(data["rows"][0]) == {"doc", "label", "items", "silence", "text"}


@pytest.mark.parametrize("query", ["frequency group-meeting 3 times bianban", "编办党小组会今年已经开了3次，还要开几次"])
def test_times_left_this_year_of_a_monthly_meeting(query: str) -> None:
    (r,) = [r for r in calculate(query).results if r.quantity.endswith("还需次数")]
    assert r.value == 9 and r.formula == "12 − 3 = 9"
