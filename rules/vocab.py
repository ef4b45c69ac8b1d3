"""Names shared by the rule tables, the parser and the output: kinds, scope values, frequency topics.

Only words live here (keys and their Chinese names); every figure lives in rules/data/*.toml.
"""

from __future__ import annotations

from query.vocab import display

LEVEL_NAMES = display("level")
ORG_NAMES = display("org")

KIND_NAMES: dict[str, str] = {
    "orgtype": "按党员人数设置党组织",
    "committee_size": "委员会委员人数",
    "no_committee": "不设支部委员会的人数界限",
    "post": "书记、副书记等职数",
    "term": "每届任期",
    "extension": "换届延期期限",
    "deputy": "专职副书记配备",
    "staff_ratio": "专职党务工作人员配备比例",
    "staff_minimum": "专职党务工作人员最少配备",
    "staff_extra": "按党员人数另配专职党务干部",
    "vacancy": "空缺补选期限",
    "rotation": "任职届满交流",
    "funding": "按人数核拨的教育经费",
    "salary_share": "按党员工资总额计的工作经费",
    "fee_retention": "党费留成比例",
    "study_hours": "教育培训学时",
    "study_days": "中心组学习天数",
    "frequency": "会议、学习、汇报等的频次",
    "branch_size": "党支部党员人数",
    "star_threshold": "五星级评定标准",
    "star_target": "五星级比例目标",
    "excellence_share": "“双优”比例",
    "vote": "表决通过所需赞成票",
    "duration": "培养考察时间",
    "deadline": "期限",
    "count": "文件列举的项数",
    "date": "日期与时间节点",
    "period": "计划的起止年份",
}

# How many times a year a frequency unit comes round (calendar facts, not rule values): 1次/月 → 12次/年.
PER_YEAR: dict[str, int] = {"次/月": 12, "次/两个月": 6, "次/季度": 4, "次/半年": 2}

LEVELS = dict(LEVEL_NAMES)  # city / county / township → 市直 / 县（市、区） / 乡镇（街道）
ORGS = dict(ORG_NAMES)  # working_committee / discipline / committee / general_branch / branch / group

FUNDS: dict[str, str] = {
    "party": "党员教育经费",
    "league": "团员教育经费",
    "women": "女职工教育经费",
    "org_work": "机关基层党组织工作经费",
}

BASES: dict[str, str] = {"members": "党员人数", "staff": "机关工作人员数"}

WHO: dict[str, str] = {
    "members": "党员",
    "leaders": "党组织领导班子成员",
    "center_group": "党组（党委）中心组",
    "leading_cadres": "党员领导干部",
    "secretary": "书记、副书记",
    "committee_members": "党组织班子成员",
    "deputy": "副书记",
    "standing_committee": "地方党委（常委会）",
    "leader_in_charge": "分管领导",
    "dept_party_group": "部门党组（党委）",
    "in_service": "在职党员",
    "retired": "离退休党员",
    "probationary": "预备党员",
    "extended": "延长预备期的预备党员",
    "away": "外出党员",
    "each_star": "每一星",
    "total": "综合得分",
}

# Who acts in a rule for a body above the basic-level organizations; a question naming an overseeing body may ask
# about such a rule (机关工委向市委常委会汇报: the 常委会's hearing is about the 机关工委).
ABOVE_WHO = frozenset({"standing_committee", "leader_in_charge", "dept_party_group", "center_group"})

def _topics() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Topic key → (Chinese name, words), from the understanding layer's topics (query/data/topics.toml)."""
    from query.vocab import topics

    return {k: (t.name, t.words) for k, t in topics().items()}


TOPICS: dict[str, tuple[str, tuple[str, ...]]] = _topics()


def scope_names() -> dict[str, dict[str, str]]:
    """Allowed values of each scope field with their Chinese names (validation and display)."""
    return {"org": ORGS, "level": LEVELS, "fund": FUNDS, "basis": BASES, "who": WHO,
            "topic": {k: v[0] for k, v in TOPICS.items()}}
