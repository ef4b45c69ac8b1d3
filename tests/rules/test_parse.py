"""Chinese questions with Arabic or Chinese numerals, and the command grammar, read into calculations."""

from __future__ import annotations

import pytest

from rules.calc import calculate
from rules.parse import is_calc_question, parse


def one(query: str):
    parsed = parse(query)
    assert parsed.error is None, parsed.error
    (calc,) = parsed.calculations
    return calc


def test_chinese_numerals_and_units() -> None:
    assert one("温州某局有党员一百二十名，应该设立什么党组织？").members == 120
    assert one("湖州某机关党员工资总额300万元，基层党组织工作经费多少").amount == 3_000_000
    assert one("温州机关工委收缴党费十二万五千元，留成多少").amount == 125_000
    assert one("应到二十人，接收预备党员至少几人赞成").count == 20


def test_each_fund_gets_its_own_count() -> None:
    calcs = parse("湖州机关工委所辖团员200人、女职工150人，团员教育经费和女职工教育经费各是多少？").calculations
    assert sorted((c.fund, c.members) for c in calcs) == [("league", 200), ("women", 150)]


@pytest.mark.parametrize(("query", "op"), [
    ("湖州县区机关党委任期几年", "term"),
    ("支部书记能干几年？", "term"),
    ("机关党委书记能当多少年", "term"),
    ("我们支部只有6个党员要不要设支部委员会（湖州）", "committee"),
    ("机关党组织专职副书记任期满几届应当交流？", "rotation"),
    ("支部委员会议一年至少开几次", "frequency"),
    ("机关党员每年教育培训不少于多少学时？", "study"),
    ("绍兴2018年共有120个机关基层党组织，五星级至少应有多少个？", "star_target"),
    ("综合92分，服务星80%，能评五星吗", "stars"),
    ("应到20人，至少多少人赞成", "vote"),
    ("书记职务变动后几个月内要补选", "vacancy"),
    ("连续几个月不交党费按自行脱党处理", "deadline"),
    ("绍兴某机关工作人员40人，按规定配几名专职党务工作人员？", "staff"),
])
def test_operation_is_read_from_the_question(query: str, op: str) -> None:
    assert one(query).op == op


def test_level_and_org_come_from_query_understanding() -> None:
    calc = one("湖州县区机关党委任期几年")
    assert (calc.docs, calc.levels, calc.orgs) == (["huzhou"], ["county"], ["committee"])


def test_command_grammar_attaches_numbers_to_their_nouns() -> None:
    calc = one("deputy general-branch 40 staff 30 members huzhou")
    assert (calc.staff, calc.members, calc.orgs) == (40, 30, ["general_branch"])
    assert one("funding salary 3000000 dongguan").op == "salary"
    assert one("/calc term branch county wenzhou").levels == ["county"]
    assert one("stars 92 service 80 shaoxing").star_pcts == {"服务星": 80}


def test_is_calc_question() -> None:
    assert is_calc_question("湖州县区机关党委任期几年")
    assert is_calc_question("温州120名党员教育经费多少")
    assert is_calc_question("funding 120 members wenzhou")
    assert not is_calc_question("机关党委委员由谁选举产生")
    assert not is_calc_question("什么是三会一课")
    assert not is_calc_question("")


def test_a_question_asking_for_the_rate_gets_the_rate_not_a_refusal() -> None:
    resp = calculate("温州党员教育经费标准是多少")
    assert {(r.value, r.min, r.max) for r in resp.results} == {(60, None, None), (None, 30, 50)}
