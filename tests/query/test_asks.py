"""What a question asks: one example per kind of answer, read from the cue words of query/data/asks.toml.
The cue nearest the end of the question's first sentence decides, so a number or a noun earlier in the question
does not hijack it."""

from __future__ import annotations

import pytest

from query.understand import ask_of, ask_part, asked_about, counted_role, items_asked, measure_of, understand


@pytest.mark.parametrize(
    ("question", "ask"),
    [
        ("机关党委一届要干多少年", "duration"),
        ("支部书记离任后，要在几个月以内选出新书记", "deadline"),
        ("先进党员一般在什么时候表彰", "date"),
        ("党小组隔多久碰一次头开个会", "frequency"),
        ("党总支最多能配多少人的委员会", "people"),
        ("纪委的职责一共列了几项", "count"),
        ("教育经费一个人一年给多少钱", "money"),
        ("专职党务人员按百分之几配备", "ratio"),
        ("支部党员不足几个人就不设支委会", "threshold"),
        ("机关纪委书记一般由谁来担任", "holder"),
        ("支部的党费收缴由谁负责", "who"),
        ("支部想撤销，要走什么程序", "procedure"),
        ("宣传委员主要负责哪些工作", "list"),
        ("支部平时用什么办法管理流动党员", "means"),
        ("党组成员能不能不参加支部活动", "yesno"),
        ("“一岗双责”是什么意思", "definition"),
        ("今年学了十个学时，还差多少学时", "remaining"),
        ("入党要年满几周岁", "age"),
        ("支部书记的年龄有没有上限", "age"),
        ("女儿在读初中，要多大年纪才能写入党申请", "age"),
        ("少先队员到几岁要办离队手续", "age"),  # not the procedure: 手续 is what happens at that age
        ("支部活动场所至少要多少平方米", "area"),
        ("“两学一做”里的两学是哪两学", "items"),
        ("党建阵地要挂几面党旗", "count"),
        ("机关党务干部隔几年去党校轮训一次", "frequency"),
        ("党员超过一百人，除了专职副书记还得再配几个专职党务干部", "people"),  # nothing done: not what remains
        ("党小组买学习资料的钱从哪儿出", "source"),
        ("支部订党报党刊，从哪项经费里出", "source"),
        ("支委空出来的位子补了人，要报哪儿批", "who"),
        ("离任审计有无这个要求", "yesno"),
        ("入党除了填志愿书，还要交哪些材料", "list"),  # what is set aside is not asked
        ("党员的权利一共包括哪几项", "list"),  # which ones, not how many
        ("党员过了一百个，除了专职副书记还要配几个党务干部", "people"),  # 过了 a hundred is no work done
        ("机关工委书记一般还兼个什么职", "holder"),
        ("慰问困难党员的钱能从党费里出吗", "yesno"),  # money named, but whether is asked
        ("除了按程序推荐以外，书记人选要过哪些关", "list"),
        ("民主评议的结果分哪几档", "kinds"),
        ("支部换届选举，会上的流程一步步是怎样的", "procedure"),  # the steps, not any "what"
        ("“三会一课”的三会分别是什么", "items"),
        ("三年行动计划每年的重点分别是什么", "list"),  # no count named: a list, not so many items
        ("部门党员要到多少人才设机关党委", "threshold"),
        ("党龄到底是三年还是五年", "duration"),  # a choice between two figures asks for the figure
        ("编办那份文件的印发日期", "date"),
        ("机关党委专职副书记享受什么级别", "rank"),
        ("县里的机关工委书记要兼什么职务", "holder"),
        ("正式选举之前要不要先开支委会", "yesno"),  # before the election, not a deadline
        ("党员超过多少人要另配专职党务干部", "threshold"),
        ("我们单位四十来个党员，多少名党员以上要成立总支", "threshold"),  # a bound of members, not a count of people
        ("机关纪委要履行几项主要职责", "count"),  # how many duties, not which (the count is of the duties)
        ("宣传委员有哪几项职责", "list"),
        ("党员积分管理的满分是多少", "score"),  # points, not a bound of people
        ("优秀党务工作者能领多少奖励", "money"),
        ("书记多长时间要跟委员们碰一回头", "frequency"),  # 一回 is 一次
        ("支部想改个名字，得经谁批准", "who"),  # who approves, not the steps of approval
    ],
)
def test_each_kind_of_answer_is_read_from_the_question(question: str, ask: str) -> None:
    assert understand(question).ask == ask


def test_a_count_early_in_the_question_does_not_decide_what_it_asks() -> None:
    assert ask_of("科室里有五个党员，大家是不是都要参加党小组会") == "yesno"


def test_the_first_sentence_decides_when_a_message_asks_two_things() -> None:
    assert ask_of("党课多长时间上一次？上完以后干啥？") == "frequency"


@pytest.mark.parametrize(
    ("question", "role", "done"),
    [
        ("今年已经参加了十八个学时的培训，还差几个学时", "hours", True),
        ("支部委员会议今年开过两次了，还得开几次", "times", True),
        ("我们单位有机关工作人员150人，配几个专职党务干部", "staff", False),
        ("局机关有党员八十名，该设什么党组织", "members", False),
        ("党员少的支部不设支委会，只选一个书记行不行", "posts", False),  # how many hold a post, not members
        ("党员不到十个人的支部要不要设支委会", "bound", False),  # a bound asked about, not a count given
    ],
)
def test_numbers_carry_what_they_count(question: str, role: str, done: bool) -> None:
    numbers = understand(question).numbers
    assert numbers and numbers[0].role == role and numbers[0].done is done


def test_an_absurd_numeral_is_refused_with_a_message_not_an_exception() -> None:
    q = understand("一" * 400 + "个党员设什么组织")
    assert q.error and "太长" in q.error and q.numbers == []


@pytest.mark.parametrize(
    ("question", "roles"),
    [
        ("机关纪委书记一般由谁兼", ["discipline_secretary"]),
        ("机关党委书记一般由谁兼", ["secretary"]),
        ("支部委员会的组织委员管什么", ["organization_member"]),
        ("专职副书记满几届要交流", ["full_time_deputy"]),
    ],
)
def test_roles_are_read_whole_so_a_discipline_secretary_is_not_a_secretary(question: str, roles: list[str]) -> None:
    assert understand(question).roles == roles


def test_organizations_outside_the_documents_scope_are_named() -> None:
    assert understand("村里的党支部多久开一次会").outside == ["village"]
    assert understand("国有企业党委委员几个人").outside == ["enterprise"]
    assert understand("机关党委委员几个人").outside == []


def test_a_yes_no_question_about_a_figure_asks_for_the_figure() -> None:
    assert ask_of("编办党小组会的频次跟支部学习一样吗") == "frequency"
    assert ask_of("离退休党员交党费的比例和在职的相同吗") == "ratio"


def test_a_deadline_cue_decides_whatever_else_the_question_says() -> None:
    assert ask_of("支部选出新书记后要在几天内报批") == "deadline"


@pytest.mark.parametrize(("question", "unit"), [("党员培训每年要多少课时", "hours"), ("预备期是几个月", "months"),
                                                 ("任期几年", "years"), ("机关党委有几个委员", None)])
def test_the_unit_a_figure_is_asked_in_is_read(question: str, unit: str | None) -> None:
    assert understand(question).unit == unit


def test_the_measure_word_of_a_count_is_read_only_when_it_says_what_is_counted() -> None:
    assert measure_of("活动室要挂几面党旗") == "面"
    assert measure_of("支部设几个委员") is None
    assert measure_of("职责一共有几个方面") == "方面"  # (not answered by a frequency: 1次/年)
    assert measure_of("民主评议的档次总共分几个？") == "档次"  # named before a count that ends its phrase


def test_a_word_next_to_the_ask_is_what_the_figure_is_asked_about() -> None:
    assert asked_about("支委会开会要几个委员到场才算数", "people", "到场")
    assert not asked_about("支委会开会要几个委员到场才算数", "people", "支委会", reach=0)
    assert not asked_about("书记在任上调走了，几个月内要补选", "deadline", "上调")  # told in another phrase


def test_the_post_a_people_question_counts_is_read() -> None:
    assert counted_role("除了专职副书记，还得再配几个专职党务干部") == "party_staff"
    assert counted_role("机关纪委设几名委员") == "member"
    assert counted_role("党委有几个人") is None
    # named before a count that ends its phrase, in the phrase before it too
    assert counted_role("我们想再增加几名组织员，最多能配几个？") is None  # (no post of the documents)
    assert counted_role("除了专职副书记，专职党务干部还能配，能配几个？") == "party_staff"


def test_a_short_figure_question_after_a_yes_no_one_asks_for_the_figure() -> None:
    assert ask_of("当选先进支部有没有奖励？发多少？") == "money"
    assert ask_of("党课多长时间上一次？上完以后干啥？") == "frequency"


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("党建“五型”是哪五型", (5, "型", "五型")),
        ("五颗星分别是什么", (5, "星", "五星")),
        ("二十字方针是哪二十个字", (5, "", "")),  # five phrases of four characters
        ("“四有”指的是哪四样", (4, "", "")),  # 样, 件, 点: a measure word names no kind of item
        ("这三件分别是什么", (3, "", "")),
        ("“四有”指的是哪4样", (4, "", "")),  # (digits as users type them)
        ("党建的“五型”是哪5型", (5, "型", "五型")),
        ("党小组的职责有哪些", None),
    ],
)
def test_how_many_items_a_question_asks_to_be_named(question: str, asked: tuple[int, str, str] | None) -> None:
    assert items_asked(question) == asked


def test_a_part_holding_only_the_cue_takes_the_words_of_the_part_before() -> None:
    assert "小组" in ask_part("一个党小组编多少人合适，有没有上限", "threshold")
    assert ask_part("党小组编几个人", "people") == "党小组编"


@pytest.mark.parametrize(
    ("message", "ask"),
    [
        ("我们处里上周搞了两次学习，大家都挺积极。想问一下，支部的学习经费从哪儿出？", "source"),  # not 几次
        ("局里刚调来一位新书记，之前在别的单位干了三年。书记一届到底干几年？", "duration"),  # the sentence that asks
        ("年底要评先进了，支部推荐了三个人，我想确认一下优秀党员多久评一次", "frequency"),
    ],
)
def test_what_a_message_asks_is_read_from_its_question_not_its_background(message: str, ask: str) -> None:
    assert understand(message).ask == ask


def test_the_topic_is_the_asking_sentence_s_and_the_background_s_only_when_it_names_no_subject() -> None:
    q = understand("我们局准备成立机关党委。想问一下，机关党委的书记由谁来当？")
    assert "orgtype" not in q.topics  # 成立机关党委 is background
    assert "members_meeting" in understand("我们支部下周开党员大会。多久要开一次？").topics


def test_a_phrase_asking_about_a_post_is_not_about_the_phrase_told_before_it() -> None:
    q = understand("单位打算新成立一个机关党委，那书记一般安排哪位领导兼任？")
    assert q.ask == "who" and "secretary" in q.roles
    assert "orgtype" not in q.topics  # 新成立机关党委 only tells why
    # a yes-no question asks its whole sentence: the condition told first is part of it
    assert understand("连续半年不交党费的党员，要不要按自行脱党处理？").topics


def test_the_subject_named_where_the_question_asks_is_the_subject() -> None:
    # the city, organization and post of the phrase that asks, not those the story names before it
    q = understand("我以前在湖州工作，现在调到宁波了，宁波这边支部书记任期几年？")
    assert q.other_cities == ["宁波"] and not q.docs
    q = understand("我们支部下面有三个党小组，想问下党小组长一般干几年？")
    assert q.org_types == ["group"] and q.roles == ["group_leader"]
    # … a yes-no question asks its whole sentence: both posts it relates
    assert set(understand("乡镇机关党委的副书记，能让组织委员兼着吗？").roles) >= {"deputy", "organization_member"}
    # … a story naming nothing leaves the message's names (我们是温州的机关党委。书记干几年？)
    assert understand("我们是温州的机关党委。书记干几年？").docs == ["wenzhou"]


def test_the_topic_of_the_phrase_that_asks_is_the_topic() -> None:
    # 任期没满 only tells when; what is asked is how the empty post is filled
    assert understand("书记任期还没到就调走了，空出来的位子怎么办").topics == ["vacancy"]
    # … and a phrase saying what follows from the figure is part of the question (才能…, 就…)
    assert "development_plan" in understand("积极分子要培养多久，才可以列入发展计划？").topics
    # … but a figure the message gives is computed with, whichever phrase gives it
    assert "salary_share" in understand("我局党员工资总额一年200万元，党组织工作经费该核算多少？").topics


def test_who_is_asked_however_the_choice_is_judged() -> None:
    assert understand("机关纪委书记这个位置找谁来担比较合适？").ask == "who"  # not a threshold (几个人比较合适)


def test_without_a_question_mark_the_last_sentence_with_a_cue_asks() -> None:
    message = "我刚接手支部的工作，前任书记说他啥时候都能找我。党小组会一般隔多久开一次"
    assert understand(message).ask == "frequency"  # not 啥时候 (date) in the story


def test_the_words_before_a_bare_count_cue_say_what_is_counted() -> None:
    assert "纪委" in ask_part("机关纪委的主要职责，一共是几项来着", "count")


def test_a_topic_said_with_one_of_in_the_middle_is_still_named() -> None:
    assert "no_committee" in understand("党员只有四个，还要不要选一个支委会").topics


def test_a_cue_part_pointing_back_is_read_with_the_part_it_points_to() -> None:
    part = ask_part("支部要把全年的学习计划报给机关工委，这个计划最晚什么时候交", "deadline")
    assert "学习计划" in part


def test_sha_is_said_for_shenme_in_every_cue() -> None:
    assert understand("机关工委书记还要兼啥职务").ask == "holder"
    assert understand("党费收上来主要拿去干啥用").ask == understand("党费收上来主要拿去干什么用").ask == "list"


def test_a_cue_word_is_never_an_unknown_word_of_the_question() -> None:
    from index.search import _cue_words

    assert {"干什么", "干啥", "兼啥"} <= _cue_words()


def test_a_plea_for_help_at_the_end_is_not_the_question() -> None:
    from query.understand import asked_sentence

    assert "哪三会" in asked_sentence("写材料要用到三会一课，我记不清是哪三会了。能帮我列一下吗？")


def test_a_bare_question_is_read_with_the_sentence_before_it() -> None:
    from query.understand import asked_sentence

    assert "委员" in asked_sentence("领导问我支部委员最多能设几个委员，我没答上来。到底是几个？")


def test_how_many_times_are_enough_asks_how_often() -> None:
    assert understand("党小组会一年最少开几次才算达标？").ask == "frequency"


def test_a_question_that_only_asks_whether_what_was_told_is_allowed_gives_way_to_the_next() -> None:
    from query.understand import asked_sentence

    message = "我们支部这次打算选6个支委。这样合不合规？支部委员最多能选几个？"
    assert asked_sentence(message) == "支部委员最多能选几个"
    assert understand(message).ask != "yesno"  # the count is asked
    assert asked_sentence("想补选一个委员。多久内要选出来？能不能拖到明年？") == "多久内要选出来"  # (a short ask stays)
    assert asked_sentence("纪委选了7个委员。7个会不会超了？纪委委员最多几个？") == "纪委委员最多几个"  # (a count is no subject)
    # nothing follows: it is the question, read with what it judges
    assert asked_sentence("书记想兼着纪检委员。这样行不行？") == "书记想兼着纪检委员，这样行不行"


def test_whether_a_plan_meets_the_conditions_asks_about_the_plan() -> None:
    from query.understand import asked_whether

    # 符合条件吗 only judges: what is asked whether is the plan said before it
    assert "副书记" in asked_whether("我们总支党员不到三十个，打算配个专职副书记，够条件吗")
    assert "组织委员" in asked_whether("支部想让组织委员兼着宣传委员，符合要求吗")


def test_a_judgement_asked_at_the_end_of_a_told_story_gives_way_to_the_next_question() -> None:
    from query.understand import asked_sentence

    message = "我们科的支部书记要退休了，有人说等年底再一起选，这么做合适吗？书记的位置空出来多久内要补选？"
    assert asked_sentence(message) == "书记的位置空出来多久内要补选"
    # whether a claim heard holds is itself the question
    claim = "听说兼职的支委每年有一笔补贴，是真的吗？每年发多少？"
    assert asked_sentence(claim).startswith("听说兼职的支委")


def test_an_organization_named_in_the_background_is_not_what_is_asked_about() -> None:
    q = understand("处长想让一个刚来的年轻科员当支部书记。支部书记一般该由谁来当？")
    assert not q.outside and q.ask == "holder"


def test_an_interjection_after_the_items_asked_is_not_what_each_is() -> None:
    assert items_asked("“双优”是哪两个优啊") == (2, "优", "两优")


@pytest.mark.parametrize("question", ["三年行动是从哪年到哪年", "这个文件是哪年发的"])
def test_which_year_is_a_date(question: str) -> None:
    assert understand(question).ask == "date"


def test_the_cue_of_another_ask_says_nothing_of_what_a_figure_is_of() -> None:
    from query.understand import ask_pairs

    assert not ask_pairs("是不是有个人数上限", "threshold") & {"不是", "是不"}


def test_asking_whether_the_documents_say_it_asks_what_is_said_before() -> None:
    # the last phrase only asks whether a rule exists; the figure before it is what is wanted
    assert understand("我们支部纪检委员任期多长，文件里有没有说？").ask == "duration"
    assert understand("党小组一般编几个人，规定里有讲吗？").ask == "people"
    assert understand("支委会能不能线上开，有规定吗？").ask == "yesno"  # (a yes-no before it stays yes-no)


def test_what_a_list_is_of_ends_before_what_it_is_for() -> None:
    from query.understand import listed_noun

    assert listed_noun("新建的党员活动室要配齐哪些设施才算达标？") == "设施"  # not 达标
    assert listed_noun("支部在哪些情况时可以不设委员会？") == ""  # 情况 names no thing (not 况时)
    assert listed_noun("换届那会儿要备齐哪几个材料来着") == "材料"  # (来着: a chatty ending)
    assert listed_noun("党员在哪些情形下可以不参加组织生活？") == ""


def test_which_several_things_asks_for_them_and_which_several_people_how_many() -> None:
    assert understand("入党这块儿规定要落实哪几个制度？").ask == "list"
    assert understand("表决票上要哪几个人签字？").ask == "people"


def test_a_probation_extended_in_everyday_words_is_the_extended_probation() -> None:
    from query import vocab

    assert "extended" in vocab.names_in("他的考察期被往后延了半年", vocab.table("who"))


def test_a_request_that_only_asks_what_the_documents_say_is_not_the_question() -> None:
    from query.understand import asked_sentence

    message = "支部委员一般配几个？听说是三到五个，我想确认一下文件里是怎么规定的。"
    assert asked_sentence(message) == "支部委员一般配几个" and understand(message).ask == "people"


def test_a_term_named_as_a_time_frame_is_not_what_is_asked_about() -> None:
    assert understand("组织委员任期当中调走了，该怎么办？").topics == ["vacancy"]


def test_a_question_asking_who_and_whether_one_does_asks_who() -> None:
    assert ask_of("明年换届了，支部书记一般由谁来担任，是不是一定要局长兼？") == "who"
    assert ask_of("支部书记是不是一定要局长兼？") == "yesno"


def test_a_word_that_only_contains_a_name_is_not_that_name() -> None:
    from query import vocab

    assert vocab.names_in("基层党组织的书记", vocab.table("org")) == []  # 党组织 is no 党组
    assert vocab.names_in("部门党组（党委）听取汇报", vocab.table("org")) == ["party_group"]  # nor its 党委 a 机关党委


def test_a_rank_is_stated_by_the_grade_a_post_is_staffed_at_not_by_who_holds_it() -> None:
    from bot.lead import states

    assert states("专职副书记按部门内设机构中层正职配备", "rank") == "strong"
    assert states("一般由负责政工、人事的党员副职领导担任", "rank") == ""


def test_what_the_speaker_tells_of_themselves_is_not_what_is_asked() -> None:
    from query.understand import asked_sentence

    # 我是刚做党务的 and 科长让我整理一下 are the speaker's situation: no topic (党务 staffing) of the question
    q = understand("科长让我整理一下，我是刚做党务的，请问专职党务人员要配几个？")
    assert asked_sentence(q.core) == "专职党务人员要配几个"
    assert "我" in asked_sentence("我能不能当入党介绍人？")  # (a phrase holding the cue stays)
    # … unless it only repeats the ask of another phrase
    assert asked_sentence("支部委员会一年最少要开几次会，我记不清是几次了？") == "支部委员会一年最少要开几次会"


def test_a_word_of_the_cue_is_not_what_the_figure_is_asked_about() -> None:
    assert not asked_about("党员不满几个人的支部不设支委会", "threshold", "不满")  # how it asks
    assert asked_about("几个委员到场才能开会", "people", "到场")


def test_every_so_many_years_once_asks_a_frequency() -> None:
    assert ask_of("支部书记多少年要参加一次集中轮训？") == "frequency"
    assert ask_of("党小组长几周要碰一次头？") == "frequency"


def test_a_length_asked_inside_has_it_a_rule_is_asked_for() -> None:
    # …每次学多长时间有规定吗 asks the length; …规定里有讲吗 after the figure only asks what the documents say
    assert ask_of("主题党日每次搞多长时间有规定吗？") == "duration"
    assert ask_of("支委会配几个人，规定里有讲吗") == "people"


def test_a_rough_number_asks_nothing() -> None:
    assert ask_of("党员出差好几个月，党费能不能让同事帮忙代交？") == "yesno"
    assert ask_of("老党员入党十几年了，还要参加集中学习吗？") == "yesno"


def test_a_measure_named_before_how_many_is_what_is_asked() -> None:
    # 课时最少要多少 is 多少课时; a one-character measure (月 in 月工资) names nothing asked
    q = understand("党员集中轮训，课时最少要多少？")
    assert q.ask == "duration" and q.unit == "hours"
    assert understand("月工资多少以上按2%交党费？").ask != "duration"
    assert understand("任期内一年开几次支委会？").unit is None


def test_which_things_a_standard_needs_asks_for_the_list() -> None:
    assert understand("新建的活动室要配齐哪些设施才算达标？").ask == "list"  # (达标 is how it asks, not a bound)
