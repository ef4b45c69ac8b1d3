"""What a question names: documents by city or alias, cities without a document, levels, organization types,
numbers, and the search words left once the place names become filters."""

from __future__ import annotations

import pytest

from query.numerals import normalize_numbers
from query.understand import expand, understand


@pytest.mark.parametrize(
    ("question", "docs"),
    [
        ("温州机关党委委员几个人", ["wenzhou"]),
        ("湖州市的党小组怎么设", ["huzhou"]),
        ("东莞这边有没有基层联系点", ["dongguan"]),
        ("编办的支部多久开一次会", ["bianban"]),
        ("绍兴和温州的任期一样吗", ["shaoxing", "wenzhou"]),
        ("机关党委委员几个人", []),
    ],
)
def test_a_city_or_alias_names_its_document(question: str, docs: list[str]) -> None:
    assert understand(question).docs == docs


def test_a_city_without_a_document_is_reported_not_dropped() -> None:
    info = understand("杭州市直机关党委任期几年")
    assert info.docs == []
    assert info.other_cities == ["杭州"]
    assert info.levels == ["city"]


@pytest.mark.parametrize(
    ("question", "levels"),
    [
        ("市直机关党委任期", ["city"]),
        ("县（市、区）直部门机关党委", ["county"]),
        ("乡镇（街道）机关", ["township"]),
        ("温州市直和县区的区别", ["city", "county"]),
        ("温州市的纪委", []),  # 温州市 is the city, not the 市直 level
    ],
)
def test_levels_are_recognized(question: str, levels: list[str]) -> None:
    assert understand(question).levels == levels


@pytest.mark.parametrize(
    ("question", "org_types"),
    [
        ("机关党委委员几人", ["committee"]),
        ("党总支和支部的区别", ["general_branch", "branch"]),  # 党总支 is not read as 支部
        ("机关纪委书记由谁兼任", ["discipline"]),
        ("党小组长怎么产生", ["group"]),
        ("机关工委管不管群团", ["working_committee"]),
    ],
)
def test_organization_types_are_recognized(question: str, org_types: list[str]) -> None:
    assert understand(question).org_types == org_types


def test_chinese_numerals_before_a_measure_word_become_digits() -> None:
    text, values = normalize_numbers("连续六个月不交党费，一百二十名党员")
    assert text == "连续6个月不交党费，120名党员"
    assert values == [6.0, 120.0]
    assert normalize_numbers("三会一课")[0] == "三会一课"  # not a count


@pytest.mark.parametrize(
    ("question", "core"),
    [
        ("温州这边党小组多久开一次会", "党小组多久开一次会"),
        ("按湖州的规定，支部委员几人", "规定，支部委员几人"),
        ("湖州市直机关党委任期", "市直机关党委任期"),  # the level stays a search word
        ("纪委 委员 人数 温州", "纪委 委员 人数"),
        ("没有城市的问题", "没有城市的问题"),
    ],
)
def test_place_names_are_removed_from_the_search_words(question: str, core: str) -> None:
    assert understand(question).core == core


def test_everyday_words_are_expanded_to_the_regulations_words() -> None:
    assert "任期" in expand("书记能干几年")
    assert "每月" in expand("多久开一次")
    assert expand("机关党委的职责") == []


def test_an_empty_question_names_nothing() -> None:
    info = understand("")
    assert (info.docs, info.other_cities, info.levels, info.org_types, info.numbers) == ([], [], [], [], [])


def test_a_city_typed_in_pinyin_without_a_document_is_reported() -> None:
    from query.understand import understand

    info = understand("funding 120 members hangzhou")
    assert info.other_cities == ["杭州"] and info.docs == []
    assert understand("term branch wenzhou").other_cities == []


def test_short_names_of_posts_are_the_posts() -> None:
    assert "secretary" in understand("支书一届干几年").roles
    assert "organization_member" in understand("组委负责什么").roles


def test_a_topic_word_split_by_the_question_word_is_still_read() -> None:
    assert "fee_retention" in understand("机关工委的党费能留几成").topics  # 留几成: 留成
    assert "fee_retention" in understand("县里收上来的党费能留下几成").topics


def test_the_topic_nearest_the_ask_is_what_the_figure_is_of() -> None:
    from query.understand import nearest_topics

    q = understand("预备期内多久要交一次思想汇报")
    assert nearest_topics(q)[0] == "thought_report"
    assert nearest_topics(understand("党小组会多久开一次"))[0] == "group_meeting"


def test_a_post_named_next_to_the_cue_is_nearer_than_the_occasion() -> None:
    from query.understand import role_nearest

    assert role_nearest(understand("这回换届，支委打算选几个人"), ("member",))
    assert not role_nearest(understand("支委换届时候选人要多几个"), ("member",))


def test_a_bound_says_from_which_side_it_bounds() -> None:
    below, above = understand("党员不满五十人能设总支吗").numbers[0], understand("党员超过五十人要设总支吗").numbers[0]
    assert (below.role, below.below) == ("bound", True) and (above.role, above.below) == ("bound", False)


def test_what_is_asked_to_exist_is_the_word_right_after_the_cue() -> None:
    from query.understand import asked_to_exist

    assert asked_to_exist("党小组长有没有误餐补助", "误餐")
    assert not asked_to_exist("有没有规定支部书记的误餐补助", "误餐")


def test_a_count_of_something_else_is_no_count_of_people() -> None:
    assert not [n for n in understand("两个支部合在一起以后，党员要不要重新登记").numbers if n.role == "people"]
    assert [n.role for n in understand("我们支部十几个同事都是党员").numbers] == ["people"]


def test_keywords_typed_apart_still_name_their_topic() -> None:
    assert "branch_committee_meeting" in understand("支委 开会 多久一次").topics


@pytest.mark.parametrize(("question", "doc"), [("莞城这边支部书记干几年", "dongguan"), ("湖城的机关党委几年一届", "huzhou"),
                                              ("编制办的党小组多久开会", "bianban")])
def test_the_names_people_call_a_city_by_name_its_document(question: str, doc: str) -> None:
    assert understand(question).docs == [doc]


def test_a_phrase_framing_the_question_names_what_it_is_about() -> None:
    # 转正 frames the vote asked about; a story with its own verb does not (…是转正以后交还是现在就交)
    assert understand("预备党员转正，支部大会表决要多少人赞成？").topics[0] == "conversion"
    assert understand("讨论预备党员转正时，赞成票要过多少？").topics[0] == "conversion"
    assert "conversion" in understand("预备党员转正的时候党员大会投票，赞成票得超过多少？").topics  # (…的时候…，)
    assert "conversion" not in understand("我们刚通过一个预备党员，他问党费是转正以后才交还是现在交，从哪天算").topics[:1]


def test_the_posts_of_the_story_are_not_asked_about_when_the_question_names_its_own_matter() -> None:
    assert understand("支部书记病了一直没法主持工作。换届如果要延期，得找谁批？").roles == []
    assert understand("我是支部书记。任期几年？").roles == ["secretary"]  # (the story names the subject)


def test_how_much_a_body_may_keep_of_the_dues_is_the_retention() -> None:
    assert "fee_retention" in understand("县里机关工委收的党费，自己能留多少？").topics


def test_setting_up_a_general_branch_is_the_organization_type_for_a_member_count() -> None:
    assert "orgtype" in understand("党员多少人以上要设立党总支？").topics


def test_a_departments_leading_body_named_three_ways_is_its_party_group() -> None:
    # 绍兴's 党委（党组、工委） is whichever leading body a department has, not the 机关工委
    from query import vocab

    assert vocab.names_in("部门党委（党组、工委）书记担任机关基层党组织书记", vocab.table("org")) == ["party_group"]


def test_an_organization_named_by_what_it_lacks_is_no_question_of_what_to_set_up() -> None:
    # 不设党委的总支 says which 总支; it does not ask which organization to set up
    assert "orgtype" not in understand("不设党委的党总支，它的书记应该由谁来当？").topics
    assert "orgtype" in understand("单位里党员有60个，该设党委还是设总支？").topics


def test_how_often_said_inside_a_verb_leaves_the_verb_s_topic() -> None:
    assert "talk" in understand("支部书记一年至少得跟党员谈几次心？").topics  # 谈几次心: 谈心


def test_what_the_speaker_is_doing_is_not_what_is_asked() -> None:
    from query.understand import asked_sentence

    assert asked_sentence("我们科正在整理台账，想核对一下，党小组会多久开一次？") == "党小组会多久开一次"


def test_the_total_done_so_far_is_what_is_done() -> None:
    # 这个月开过一次 is part of 今年一共开了3次: the total is the count done
    q = understand("党小组这个月开过1次会了，今年一共开了5次，还差几次？")
    assert [n.value for n in q.numbers if n.done] == [5]


def test_the_organization_another_belongs_to_is_not_the_one_asked_about() -> None:
    # 机关党委下面的党支部: the 支部 is asked about; its 机关党委 only says where it is
    assert understand("机关党委下面的党支部委员会一届任期几年？").org_types == ["branch"]
    assert understand("所属党员100人以上的设什么组织？").org_types == []
