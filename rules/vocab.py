"""Names shared by the rule tables, the parser and the output: kinds, scope values, frequency topics.

Only words live here (keys and their Chinese names); every figure lives in rules/data/*.toml.
"""

from __future__ import annotations

from index.query import LEVEL_NAMES, ORG_NAMES

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
}

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

# Topics of frequency / deadline / count rules: key → (Chinese name, words a question may use).
TOPICS: dict[str, tuple[str, tuple[str, ...]]] = {
    "org_life": ("党组织生活", ("党组织生活", "组织生活制度")),
    "org_life_meeting": ("组织生活会", ("组织生活会", "生活会")),
    "group_meeting": ("党小组会", ("党小组会", "小组会")),
    "branch_committee_meeting": ("支部委员会议", ("支部委员会议", "支委会", "支委会议", "委员会议")),
    "party_lecture": ("党课", ("党课",)),
    "member_review": ("民主评议党员", ("民主评议",)),
    "cadre_meeting": ("机关党员干部大会", ("党员干部大会", "干部大会")),
    "report_to_members": ("向党员大会通报工作", ("通报工作", "向党员大会")),
    "hearing": ("听取工作汇报", ("听取", "工作汇报", "汇报")),
    "mass_org_hearing": ("听取群团组织工作汇报", ("群团",)),
    "party_committee_study": ("专题研究机关党建工作", ("研究机关党", "专题研究", "研究党建")),
    "training": ("党员教育培训", ("教育培训", "参加培训")),
    "cadre_training": ("党务工作人员轮训", ("轮训",)),
    "thought_analysis": ("分析研判思想状况", ("思想状况", "思想动态", "研判")),
    "talk": ("谈心谈话", ("谈心", "谈话")),
    "pioneer_index": ("“先锋指数”评价", ("先锋指数",)),
    "integrity_study": ("廉政专题学习", ("廉政专题", "廉政学习")),
    "warning_education": ("警示教育", ("警示教育",)),
    "thought_report": ("书面思想汇报", ("思想汇报", "书面汇报")),
    "branch_study": ("党支部学习", ("支部学习", "集体学习")),
    "probation_check": ("预备党员教育考察", ("考察", "预备期")),
    "fee_payment": ("交纳党费", ("交纳党费", "交党费", "缴纳党费", "缴党费")),
    "loyalty_life": ("对党忠诚主题党内政治生活", ("对党忠诚", "政治生活")),
    "constitution_study": ("党章学习", ("党章学习", "学习党章", "党章")),
    "secretary_report": ("书记述职评议考核", ("述职",)),
    "org_life_report": ("报告党员领导干部参加组织生活情况", ("参加所在党的支部组织生活", "组织生活的情况", "组织生活情况")),
    "fee_arrears": ("不交纳党费按自行脱党处理", ("不交党费", "不交纳党费", "不缴纳党费", "不缴党费", "脱党")),
    "service_brand": ("党建服务品牌", ("服务品牌", "党建品牌")),
    "activist_training": ("入党积极分子培养教育", ("积极分子", "重点培养对象")),
    "development_plan": ("列入发展计划", ("发展计划", "考察登记表")),
    "admission": ("接收预备党员", ("接收预备党员", "表决")),
    "org_duties": ("机关基层党组织的职责", ("职责",)),
    "working_committee_duties": ("机关工委的职责", ("机关工委职责", "工委的职责", "工委职责")),
    "discipline_duties": ("机关纪委的职责", ("纪委职责", "纪委的职责", "纪委主要职责")),
    "supervision_methods": ("党内监督的方法", ("监督方法", "监督的方法", "监督主要方法")),
    "supervision_contents": ("党内监督的内容", ("监督内容", "监督的内容", "监督主要内容")),
    "guidance_methods": ("指导机关党的工作的方法", ("指导方法", "主要方法")),
    "assessment_grades": ("党员考核等次", ("考核等次", "等次")),
    "activity_room": ("党员活动室建设标准", ("活动室", "六有")),
}


def scope_names() -> dict[str, dict[str, str]]:
    """Allowed values of each scope field with their Chinese names (validation and display)."""
    return {"org": ORGS, "level": LEVELS, "fund": FUNDS, "basis": BASES, "who": WHO,
            "topic": {k: v[0] for k, v in TOPICS.items()}}
