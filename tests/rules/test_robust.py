"""Nothing raises, whatever the input: random text, and random commands built from the grammar's words."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rules.calc import calculate
from rules.parse import COMMAND_OPS, LEVEL_TOKENS, NOUN_TOKENS, ORG_TOKENS, STAR_TOKENS, is_calc_question

WORDS = (list(COMMAND_OPS) + list(NOUN_TOKENS) + list(ORG_TOKENS) + list(LEVEL_TOKENS) + list(STAR_TOKENS)
         + ["wenzhou", "huzhou", "shaoxing", "bianban", "dongguan", "温州", "杭州", "市直", "党支部", "10^12", "1e40",
            "-5", "0", "3.5", "一百二十", "300万", "2018", "99999999999999999999", "nan", "inf", "∞", "—", "（", "/calc"])
CHINESE = ["温州", "湖州", "绍兴", "编办", "东莞", "杭州", "市直", "县区", "乡镇", "党委", "党总支", "支部", "纪委", "党员", "团员",
           "女职工", "工作人员", "经费", "任期", "委员", "专职副书记", "党务干部", "党费留成", "学时", "五星", "服务星", "表决",
           "赞成", "应到", "空缺", "交流", "届", "几", "多少", "名", "人", "万元", "%", "次", "每年", "一百二十", "两", "负",
           "-", "3.5", "0", "10^12", "2018年", "，", "？"]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=80))
def test_any_text_gets_an_answer_or_a_message(text: str) -> None:
    resp = calculate(text)
    assert resp.results or resp.error
    is_calc_question(text)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.sampled_from(WORDS) | st.integers(-10**15, 10**15).map(str)
                | st.floats(allow_nan=True, allow_infinity=True).map(str), min_size=1, max_size=8))
def test_any_command_gets_an_answer_or_a_message(words: list[str]) -> None:
    resp = calculate(" ".join(words))
    assert resp.results or resp.error


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.sampled_from(CHINESE) | st.integers(-10**13, 10**13).map(str), min_size=1, max_size=10))
def test_any_chinese_question_gets_an_answer_or_a_message(words: list[str]) -> None:
    resp = calculate("".join(words))
    assert resp.results or resp.error
    for r in resp.results:  # a number shown is always tied to a clause of its document
        assert r.citation.clause.startswith(r.doc) and r.citation.quote
