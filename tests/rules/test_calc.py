"""Every operation, for every document that sets the rule, with the boundaries; and every kind of refusal."""

from __future__ import annotations

import pytest

from rules.calc import calculate
from rules.models import CalcResponse


def figures(resp: CalcResponse, doc: str) -> list[tuple[float | None, float | None, float | None]]:
    return [(r.value, r.min, r.max) for r in resp.results if r.doc == doc]


def values(resp: CalcResponse, doc: str) -> list[float]:
    return [r.value for r in resp.results if r.doc == doc and r.value is not None]


# (query, doc, expected (value, min, max) of the first result for that document)
CASES: list[tuple[str, str, tuple[float | None, float | None, float | None]]] = [
    # organization type by member count: boundaries at 50 and 100 (温州)
    ("orgtype 49 members wenzhou", "wenzhou", (None, None, 50)),
    ("orgtype 50 members wenzhou", "wenzhou", (None, 50, None)),
    ("orgtype 99 members wenzhou", "wenzhou", (None, 50, None)),
    ("orgtype 100 members wenzhou", "wenzhou", (None, 100, None)),
    ("orgtype 30 members shaoxing", "shaoxing", (None, 3, 25)),
    ("orgtype 6 members huzhou", "huzhou", (None, None, 7)),
    # committee sizes
    ("committee party-committee wenzhou", "wenzhou", (None, 5, 9)),
    ("committee general-branch wenzhou", "wenzhou", (None, 5, 7)),
    ("committee branch wenzhou", "wenzhou", (None, 3, 5)),
    ("committee discipline wenzhou", "wenzhou", (None, 3, 5)),
    ("committee party-committee huzhou", "huzhou", (None, 5, 9)),
    ("committee general-branch huzhou", "huzhou", (None, 5, 7)),
    ("committee branch huzhou", "huzhou", (None, 3, 5)),
    ("committee discipline huzhou", "huzhou", (None, 3, 7)),
    ("committee branch 6 members huzhou", "huzhou", (None, None, 7)),
    ("committee branch 7 members huzhou", "huzhou", (None, 3, 5)),
    # terms by type and level
    ("term committee city wenzhou", "wenzhou", (4, None, None)),
    ("term committee county wenzhou", "wenzhou", (3, None, None)),
    ("term branch city wenzhou", "wenzhou", (3, None, None)),
    ("term branch county wenzhou", "wenzhou", (2, None, None)),
    ("term committee city huzhou", "huzhou", (4, None, None)),
    ("term discipline county huzhou", "huzhou", (3, None, None)),
    ("term committee township huzhou", "huzhou", (3, None, None)),
    ("term branch county huzhou", "huzhou", (3, None, None)),
    ("extension wenzhou", "wenzhou", (None, None, 1)),
    ("extension huzhou", "huzhou", (None, None, 1)),
    # funding
    ("funding 300 members city wenzhou", "wenzhou", (18000, None, None)),
    ("funding 300 members county wenzhou", "wenzhou", (None, 9000, 15000)),
    ("funding 300 members huzhou", "huzhou", (30000, None, None)),
    ("funding 200 league huzhou", "huzhou", (5000, None, None)),
    ("funding 150 women huzhou", "huzhou", (3750, None, None)),
    ("funding salary 2500000 wenzhou", "wenzhou", (None, 25000, None)),
    ("funding salary 2500000 huzhou", "huzhou", (50000, None, None)),
    # staff: ratios, the 1-person minimum, posts by member count
    ("staff 40 staff huzhou", "huzhou", (1, None, None)),
    ("staff 49 staff huzhou", "huzhou", (1, None, None)),
    ("staff 50 staff huzhou", "huzhou", (1, None, None)),
    ("staff 51 staff huzhou", "huzhou", (1.02, None, None)),
    ("staff 260 staff huzhou", "huzhou", (5.2, None, None)),
    ("staff 300 staff shaoxing", "shaoxing", (6, None, None)),
    ("staff 40 staff shaoxing", "shaoxing", (0.8, None, None)),
    ("staff 300 staff dongguan", "dongguan", (None, 3, 6)),
    ("staff 100 members wenzhou", "wenzhou", (1, None, None)),
    ("staff 60 members wenzhou", "wenzhou", (1, None, None)),
    ("deputy general-branch 40 staff 30 members huzhou", "huzhou", (None, 50, None)),
    ("deputy committee wenzhou", "wenzhou", (1, None, None)),
    # party fee, vacancy, rotation
    ("fee 100000 wenzhou", "wenzhou", (None, 30000, 40000)),
    ("vacancy wenzhou", "wenzhou", (None, None, 3)),
    ("vacancy huzhou", "huzhou", (None, None, 3)),
    ("vacancy dongguan", "dongguan", (None, None, 6)),
    ("rotation wenzhou", "wenzhou", (2, None, None)),
    ("rotation huzhou", "huzhou", (2, None, None)),
    # frequencies
    ("frequency branch-committee-meeting bianban", "bianban", (None, 4, None)),
    ("frequency party-lecture bianban", "bianban", (1, None, None)),
    ("frequency group-meeting bianban", "bianban", (1, None, None)),
    ("frequency org-life wenzhou", "wenzhou", (1, None, None)),
    ("frequency cadre-meeting huzhou", "huzhou", (None, 1, None)),
    ("frequency thought-analysis shaoxing", "shaoxing", (None, 1, None)),
    ("frequency hearing standing-committee dongguan", "dongguan", (None, 1, None)),
    # study hours with what is still missing
    ("study 30 leaders shaoxing", "shaoxing", (10, 40, None)),
    ("study 30 members wenzhou", "wenzhou", (0, 24, None)),
    ("study 0 members huzhou", "huzhou", (24, 24, None)),
    ("days 10 wenzhou", "wenzhou", (2, 12, None)),
    # star rating, yearly targets (rounded up: 125 × 70% = 87.5 → 88), 双优
    ("target 120 2018 shaoxing", "shaoxing", (84, 70, None)),
    ("target 125 2018 shaoxing", "shaoxing", (88, 70, None)),
    ("target 100 2025 shaoxing", "shaoxing", (90, 90, None)),
    ("excellence 40 shaoxing", "shaoxing", (10, None, None)),
    # votes: more than half
    ("vote 20", "bianban", (11, None, None)),
    ("vote 21", "bianban", (11, None, None)),
    ("vote 1", "bianban", (1, None, None)),
    ("branch-size shaoxing", "shaoxing", (None, 3, 25)),
    ("deadline fee-arrears bianban", "bianban", (6, None, None)),
]


@pytest.mark.parametrize(("query", "doc", "expected"), CASES)
def test_operation(query: str, doc: str, expected: tuple[float | None, float | None, float | None]) -> None:
    resp = calculate(query)
    assert resp.error is None, resp.error
    assert figures(resp, doc)[0] == expected
    first = next(r for r in resp.results if r.doc == doc)
    assert first.citation.quote and first.citation.clause.startswith(doc)


def test_over_100_members_adds_a_full_time_cadre_and_100_does_not() -> None:
    assert max(values(calculate("staff 101 members wenzhou"), "wenzhou")) == 2
    assert max(values(calculate("staff 100 members wenzhou"), "wenzhou")) == 1


def test_approval_exception_is_shown_below_100_only() -> None:
    below = calculate("orgtype 99 members wenzhou")
    assert any("经机关工委批准" in r.text for r in below.results)
    assert not any("经机关工委批准" in r.text for r in calculate("orgtype 100 members wenzhou").results)


def test_star_check_fails_on_one_star_and_passes_when_all_reach_the_bar() -> None:
    fail = calculate("stars 92 service 80 shaoxing")
    assert any("不能评为五星级" in n for n in fail.notes)
    ok = calculate("stars 92 each 86 shaoxing")
    assert any("达到五星级标准" in n for n in ok.notes)
    low = calculate("stars 89 each 90 shaoxing")
    assert any("不能评为五星级" in n for n in low.notes)


def test_deputy_secretary_conditions_either_suffices() -> None:
    yes = calculate("湖州某部门机关党总支，机关工作人员编制40人，管理党员30人，能配专职副书记吗？")
    assert any("可以配备" in n for n in yes.notes)
    no = calculate("deputy general-branch 40 staff 20 members huzhou")
    assert any("都未达到" in n for n in no.notes)


# ── every level (or city) labelled when the question leaves it out ─────────────────────────────────────
def test_level_left_out_lists_each_level_labelled() -> None:
    resp = calculate("funding 120 members wenzhou")
    assert sorted((r.scope, r.value, r.min, r.max) for r in resp.results) == sorted(
        [("市直 党员教育经费", 7200.0, None, None), ("县（市、区） 党员教育经费", None, 3600.0, 6000.0)])
    terms = calculate("term branch wenzhou")
    assert {r.value for r in terms.results} == {3, 2} and all(r.scope for r in terms.results)


def test_city_left_out_answers_every_document_that_sets_it_and_names_the_silent_ones() -> None:
    resp = calculate("committee discipline")
    assert {r.doc: (r.min, r.max) for r in resp.results} == {"wenzhou": (3, 5), "huzhou": (3, 7)}
    assert any("东莞" in n and "未规定" in n for n in resp.notes)


# ── refusals: a clear Chinese message and no number ───────────────────────────────────────────────────
REFUSALS = [
    ("funding 120 members 杭州", "杭州"),
    ("杭州市直机关党委委员设几人？", "杭州"),
    ("funding salary 3000000 dongguan", "东莞的文件未规定"),
    ("东莞五星党支部评定要得多少分？", "东莞的文件未规定"),
    ("term committee dongguan", "东莞的文件未规定"),
    ("温州支部大会表决至少要多少人赞成", "温州的文件未规定"),
    ("term branch township wenzhou", "未规定乡镇"),
    ("funding wenzhou", "请给出党员人数"),
    ("fee wenzhou", "请给出党费金额"),
    ("staff huzhou", "请给出机关工作人员数"),
    ("funding -5 members huzhou", "正整数"),
    ("funding 0 members huzhou", "正整数"),
    ("funding 3.5 members huzhou", "整数"),
    ("funding 10^12 members huzhou", "超出合理范围"),
    ("funding 1000000000000 members huzhou", "超出合理范围"),
    ("orgtype 1e12 members wenzhou", "超出合理范围"),
    ("温州有负五名党员，教育经费多少", "正整数"),
    ("3.5名党员的支部要设委员会吗", "整数"),
    ("funding salary -100 huzhou", "大于0"),
    ("stars 120 shaoxing", "0–100"),
    ("funding 120 members hangzhou", "没有收录杭州的文件"),  # a city typed in pinyin is still a city
    ("funding 120 members atlantis", "无法识别"),
    ("asdf 党建 ？？ 12abc", "没有看懂"),
    ("", "请输入"),
]


@pytest.mark.parametrize(("query", "message"), REFUSALS)
def test_refusal(query: str, message: str) -> None:
    resp = calculate(query)
    assert resp.results == []
    assert resp.error and message in resp.error


def test_a_refusal_for_one_fund_does_not_hide_the_other() -> None:
    resp = calculate("温州市直机关工委所辖党员300人、团员100人，经费多少")
    assert values(resp, "wenzhou") == [18000]
    assert any("团员" in n and "未规定" in n for n in resp.notes)


def test_the_bound_below_which_no_committee_is_set_is_asked_even_when_the_question_names_the_secretary() -> None:
    resp = calculate("湖州支部党员少于多少人，就可以不设支委会、只选一个书记？")
    assert figures(resp, "huzhou") == [(None, None, 7)]
    assert calculate("湖州不设支委会的支部，书记选几个？").results[0].quantity != "不设支部委员会的党员人数"


def test_whether_a_committee_is_set_is_never_answered_by_its_size() -> None:
    # 我们才4个人 is the story; 几个人以下可以不设 asks the bound: it leads, the count's case follows, no sizes
    resp = calculate("我们支部一共4名党员，支部党员在多少人以下可以不设支委会？")
    assert [r.quantity for r in resp.results][:2] == ["不设支部委员会的党员人数", "是否设支部委员会"]
    assert not any("委员人数" in r.quantity for r in resp.results)
    # a document without the bound answers nothing, not the size of a committee it does set
    resp = calculate("温州的支部只有4名党员，能不能不设支委会？")
    assert not resp.results and "温州的文件未规定不设支部委员会" in (resp.error or "")


def test_a_rule_for_probationary_members_does_not_answer_for_members_in_general() -> None:
    assert all("预备党员" not in r.quantity for r in calculate("党员每年什么时候开始交党费").results)
    extended = calculate("预备期被延长的同志，教育考察多久进行一次？")
    assert [r.citation.quote for r in extended.results if "两个月" in r.citation.quote]


def test_a_condition_no_operation_is_about_keeps_the_calculator_out() -> None:
    from rules.parse import is_calc_question

    assert not is_calc_question("支委会开会，出席的委员至少要有几个？")  # attendance, not the committee's size
    assert is_calc_question("讨论接收预备党员，应到会党员12人，几票赞成才能通过？")  # the vote rule is about attendance


def test_a_bound_in_the_question_is_not_taken_as_the_member_count() -> None:
    resp = calculate("湖州的支部，党员不到七个人，还要成立支部委员会吗？")
    assert figures(resp, "huzhou")[0] == (None, None, 7)
    assert not any("应设支部委员会" in n for n in resp.notes)


def test_an_approximate_member_count_is_read_as_a_count() -> None:
    resp = calculate("湖州一个支部五六个党员，要不要设支委会？")
    assert any("不设支部委员会" in r.text for r in resp.results if r.doc == "huzhou")


def test_a_frequency_is_of_the_topic_next_to_the_ask() -> None:
    resp = calculate("编办的预备党员，预备期里多久交一次书面思想汇报？")
    assert resp.results and "汇报" in resp.results[0].citation.quote


def test_the_leader_in_charge_named_loosely_is_the_leader_in_charge() -> None:
    resp = calculate("温州分管机关党建的领导一年听几次机关工委汇报？")
    wenzhou = [r for r in resp.results if r.doc == "wenzhou"]
    assert wenzhou and all("分管领导" in r.citation.quote for r in wenzhou)


def test_a_ratio_is_answered_only_by_a_percentage() -> None:
    # 温州 sets one extra cadre above 100 members, no share of the staff: no figure answers 按什么比例
    from rules.parse import is_calc_question

    assert is_calc_question("温州机关专职党务干部按工作人员的什么比例配备？")
    assert not calculate("温州机关专职党务干部按工作人员的什么比例配备？").results
    huzhou = calculate("湖州机关专职党务干部按工作人员的什么比例配备？").results
    assert huzhou and all(r.unit.startswith("%") for r in huzhou)


def test_a_vote_on_another_matter_is_not_the_vote_on_admitting_a_member() -> None:
    from rules.parse import is_calc_question

    assert not is_calc_question("编办讨论预备党员转正，要多少人赞成才行？")  # 转正, not 接收预备党员
    assert is_calc_question("编办接收预备党员表决，赞成的要超过多少？")


def test_a_count_each_period_answers_only_a_count_of_what_it_counts() -> None:
    # 1批/年 counts batches: how many members may be named is not a number of batches
    assert not calculate("支部一共18个人，按规定最多能评几个先锋岗？").results
    assert calculate("绍兴每年命名几批先锋岗？").results


def test_a_rule_for_a_body_above_the_branches_does_not_answer_for_a_branch_or_group() -> None:
    # the 党组 or 常委会 hearing reports says nothing of how often a 党小组 reports to its 支部
    assert not calculate("党小组多长时间要向支部汇报一次工作？").results
    assert calculate("编办的党组一年听几次机关党建的汇报？").results
    assert calculate("市委常委会一年至少听几次机关工委的汇报？").results


def test_working_funds_are_the_share_of_the_salary_total_not_the_education_funds() -> None:
    # 工作经费 is set as a share of the members' salary total (湖州: 2%), not per member like 党员教育经费
    resp = calculate("湖州机关党组织的工作经费按啥标准核算？")
    assert resp.results and "2%" in resp.results[0].citation.quote and "工作经费" in resp.results[0].citation.quote


def test_a_branch_under_a_committee_has_the_branch_s_term() -> None:
    texts = [r.text for r in calculate("温州机关党委下面的党支部委员会一届几年？").results]
    assert texts and "3年" in texts[0] and not any("机关党委每届任期" in t for t in texts)  # (not the 党委's 4年)


def test_the_one_being_admitted_is_not_who_votes() -> None:
    # 发展一名新党员: one person is admitted; the vote's attendance is not 1
    resp = calculate("支部这次要发展一名新党员，支部大会表决时赞成票要过多少？")
    assert resp.results and not any("应到1人" in r.text for r in resp.results)


def test_a_post_holder_s_training_is_first_the_leadership_s() -> None:
    # a 支部书记 is one of the 党组织领导班子成员: 40学时 before every member's 24学时
    results = calculate("湖州这边刚当上支部书记的，一年要参加多少学时培训？").results
    assert results and "40学时" in results[0].text
