"""Questions → calculations: the `/calc` command grammar (`funding 120 members wenzhou`) and Chinese
questions with Arabic or Chinese numerals (`湖州县区机关党委任期几年`). Cities, levels, organization types and
numerals are read by index.query.understand, the one place that reads what a question names; this module
adds what only the calculator needs: which operation, and which number counts what.

Nothing here raises on user input: an unreadable question becomes a `Parsed` with an error message.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from index.query import CITY_OF_PINYIN, LEVELS, ORG_TYPES, OTHER_CITIES, names_in, understand
from rules.models import Calculation
from rules.vocab import TOPICS, WHO

# ── the command grammar ───────────────────────────────────────────────────────────────────────────────
COMMAND_OPS: dict[str, str] = {
    "orgtype": "orgtype", "org": "orgtype", "committee": "committee", "term": "term", "extension": "extension",
    "funding": "funding", "fund": "funding", "staff": "staff", "deputy": "deputy", "fee": "fee",
    "vacancy": "vacancy", "rotation": "rotation", "frequency": "frequency", "freq": "frequency",
    "study": "study", "days": "study_days", "stars": "stars", "star": "stars", "target": "star_target",
    "excellence": "excellence", "vote": "vote", "branch-size": "branch_size", "branchsize": "branch_size",
    "deadline": "deadline", "count": "count",
}
ORG_TOKENS: dict[str, str] = {
    "committee": "committee", "party-committee": "committee", "general-branch": "general_branch",
    "branch": "branch", "discipline": "discipline", "group": "group", "working-committee": "working_committee",
}
LEVEL_TOKENS = {"city": "city", "county": "county", "township": "township"}
NOUN_TOKENS: dict[str, str] = {
    "members": "members", "member": "members", "staff": "staff", "league": "league", "women": "women",
    "salary": "salary", "hours": "hours", "yuan": "amount", "orgs": "count", "year": "year",
}
WHO_TOKENS = {k.replace("_", "-"): k for k in WHO if k not in ("each_star", "total")}
STAR_TOKENS: dict[str, str] = {"learning": "学习星", "standard": "规范星", "service": "服务星",
                               "democracy": "民主星", "innovation": "创新星", "each": "每一星"}

_NUMBER = re.compile(r"^[-−]?\d+(?:\.\d+)?(?:[eE]\d+)?$")
_POWER = re.compile(r"(\d+)\s*(?:\^|\*\*)\s*(\d+)")
_SCI = re.compile(r"(\d+(?:\.\d+)?)[eE](\d+)")


class Parsed(BaseModel):
    """The calculations a query asks for, or why none could be read."""

    query: str
    calculations: list[Calculation] = []
    error: str | None = None
    notes: list[str] = []


def _expand_powers(text: str) -> str:
    """`10^12`, `10**12`, `1e12` written out as digits, so that absurd counts are seen as such."""

    def power(m: re.Match[str]) -> str:
        base, exp = int(m.group(1)), int(m.group(2))
        return str(base**exp) if exp <= 30 and base <= 10**6 else "1" + "0" * 31

    def sci(m: re.Match[str]) -> str:
        exp = int(m.group(2))
        return str(int(float(m.group(1)) * 10 ** min(exp, 31))) if exp <= 30 else "1" + "0" * 31

    return _SCI.sub(sci, _POWER.sub(power, text))


def _token_number(token: str) -> float | None:
    """The value of a number token (`120`, `-5`, `3.5`, `10^12`, `1e12`, `300万`, `一百二十`), else None."""
    t = _expand_powers(token.replace("，", "").replace(",", ""))
    if _NUMBER.match(t):
        return float(t.replace("−", "-"))
    if re.fullmatch(r"[-−]?[0-9.]*[零〇一二两三四五六七八九十百千万亿]+", t):
        from index.query import normalize_numbers

        sign = -1.0 if t[0] in "-−" else 1.0
        _, values = normalize_numbers(t.lstrip("-−") + "人")
        return sign * values[0] if len(values) == 1 else None
    return None


def _chinese_token(token: str) -> tuple[str, str] | None:
    """A Chinese word in a command (温州, 市直, 党支部, 杭州) as (field, key)."""
    from corpus.store import corpus

    doc = corpus().document_named(token)
    if doc is not None:
        return "doc", doc.id
    if token.rstrip("市") in OTHER_CITIES:
        return "city", token.rstrip("市")
    if token.lower() in CITY_OF_PINYIN:
        return "city", CITY_OF_PINYIN[token.lower()]
    for key, names in LEVELS.items():
        if token in names:
            return "level", key
    for key, names in ORG_TYPES.items():
        if token in names:
            return "org", key
    return None


def parse_command(query: str) -> Parsed:
    """`OP [N NOUN] [TYPE] [LEVEL] [CITY] …` → one calculation; unknown words give an error, not a guess."""
    tokens = query.split()
    op = COMMAND_OPS[tokens[0].lower()]
    calc = Calculation(op=op)  # type: ignore[arg-type]
    unknown: list[str] = []
    pending: float | None = None  # a number waiting for the noun after it: `120 members`
    noun_first: str | None = None  # a noun waiting for the number after it: `salary 3000000`
    star: str | None = None  # a star name waiting for its percentage: `service 80`

    def place(value: float, noun: str | None) -> None:
        """Attach a number to what it counts (its noun, or the operation's default)."""
        noun = noun or _default_noun(calc.op, calc, value)
        if noun in ("members", "league", "women"):
            calc.members = value
            if noun != "members":
                calc.fund = noun
        elif noun == "staff":
            calc.staff = value
        elif noun in ("salary", "amount"):
            calc.amount = value
        elif noun == "hours":
            calc.hours = value
        elif noun == "score":
            calc.score = value
        elif noun == "year":
            calc.year = int(value) if value.is_integer() else -1
        else:
            calc.count = value

    for raw in tokens[1:]:
        tok = raw.lower().replace("_", "-")
        value = _token_number(raw)
        is_who = tok in WHO_TOKENS and (calc.op in ("study", "frequency") or tok not in NOUN_TOKENS)
        if value is not None:
            if star:
                calc.star_pcts[star], star = value, None
            elif noun_first:
                place(value, noun_first)
                noun_first = None
            else:
                if pending is not None:
                    place(pending, None)
                pending = value
        elif tok in NOUN_TOKENS and not is_who:
            noun = NOUN_TOKENS[tok]
            if noun == "salary" and calc.op == "funding":
                calc.op = "salary"
            if pending is not None:
                place(pending, noun)
                pending = None
            elif noun in ("league", "women"):
                calc.fund = noun
                noun_first = noun
            else:
                noun_first = noun
        elif tok in STAR_TOKENS and calc.op == "stars":
            if pending is not None:
                place(pending, None)
                pending = None
            star = STAR_TOKENS[tok]
        elif is_who:
            calc.who = WHO_TOKENS[tok]
        elif tok in ORG_TOKENS:
            calc.orgs.append(ORG_TOKENS[tok])
        elif tok in LEVEL_TOKENS:
            calc.levels.append(LEVEL_TOKENS[tok])
        elif tok.replace("-", "_") in TOPICS:
            calc.topic = tok.replace("-", "_")
        else:
            found = _doc_id(tok) or _chinese_token(raw)
            if found is None:
                unknown.append(raw)
            elif found[0] == "doc":
                calc.docs.append(found[1])
            elif found[0] == "city":
                calc.other_cities.append(found[1])
            elif found[0] == "level":
                calc.levels.append(found[1])
            else:
                calc.orgs.append(found[1])
    if pending is not None:
        place(pending, None)
    if unknown:
        return Parsed(query=query, error=f"无法识别：{'、'.join(unknown)}。指令写法见 /help 或 regbot calc --help。")
    if star:
        return Parsed(query=query, error=f"「{star}」后面缺少得分比例（百分数），例如 stars 92 service 80 shaoxing。")
    return Parsed(query=query, calculations=[calc])


def _doc_id(token: str) -> tuple[str, str] | None:
    from corpus.store import corpus

    return ("doc", token) if token in corpus().documents else None


def _default_noun(op: str, calc: Calculation, value: float) -> str:
    """What a bare number counts for each operation (`vote 20` → 应到人数, `study 30` → 学时)."""
    if op in ("orgtype", "committee", "funding", "branch_size", "deputy"):
        return "members"
    if op == "staff":
        return "staff"
    if op in ("fee", "salary"):
        return "amount"
    if op in ("study", "study_days"):
        return "hours"
    if op == "stars":
        return "score"
    if op == "star_target" and 1900 <= value <= 2100 and value.is_integer() and calc.year is None and calc.count is not None:
        return "year"
    return "count"


# ── Chinese questions ──────────────────────────────────────────────────────────────────────────────────
# (operation, cue) in order of precedence; the first cue found in the question decides the operation.
_OP_CUES: tuple[tuple[str, str], ...] = (
    ("vote", r"表决|赞成|票数|投票|半数"),
    ("excellence", r"双优"),
    ("star_target", r"星.*(比例|目标|多少个|几个|应有|占比|要达到|达到多少)|(比例|目标|多少个|几个).*星"),
    ("stars", r"星级|五星|星"),
    ("rotation", r"交流.*届|届.*交流|满(几|多少|\d+)届"),
    ("extension", r"(换届|任期).*(延期|延长|推迟)|(延期|延长|推迟|提前).*换届|换届.*提前"),
    ("term", r"任期|每届|一届|几年换届|换届|(干|当|做|任|能干|能当)(几|多少)年|(干|当|做)多久"),
    ("vacancy", r"空缺|补选|出缺|补齐|职务变动|缺额|缺位"),
    ("deputy", r"专职副书记"),
    ("staff", r"专职党务|党务工作人员|党务干部|党务人员|党务工作者|专职人员"),
    ("deadline", r"不交党费|不交纳党费|不缴纳党费|不缴党费|脱党"),
    ("fee", r"党费.*(留成|留存|留用|提留|留多少)|(留成|提留).*党费"),
    ("salary", r"工资.*(经费|费用)|(经费|费用).*工资"),
    ("funding", r"经费|费用|拨款|核拨"),
    ("study_days", r"中心组.*(天|学习时间)"),
)
_FREQ_CUE = r"几次|多少次|次数|多久|频次|频率|每年|每月|每季度|每半年|一次|几个月|多长时间|经常"
_STUDY_CUE = r"学时|小时|培训时间|学习时间|学习教育培训时间"
_COMMITTEE_CUE = r"委员|支委(?!会议)|支委会(?!议)|支部委员会(?!议)|委员会(?!议)|选(出)?(支部)?书记|设(几名)?书记"
_ORGTYPE_CUE = (r"设什么|设置什么|成立什么|建立什么|设立什么|建什么|什么组织|什么党组织|哪种|哪类|哪一种|还是|"
                r"应设|该设|要设|可以设|能设|能否设|能不能设|可设|可以成立|能成立|能否成立|成立|设立|组建")
_BRANCH_SIZE_CUE = r"支部.*(人数|多少人|几个人|几人|多少名|上限|下限|最多|最少|为宜)"
_COUNT_CUE = r"几个方面|几项|几条|多少项|多少条|几个|几有|多少个"
NUMERIC_CUE = re.compile(
    r"\d|几|多少|多久|多长|比例|标准|够不够|够吗|达标|能不能|能否|能评|可以|可否|要不要|需不需要|是否|上限|下限|至少|最多|"
    r"最少|不少于|不超过|超过|不足|以上|以下|期限|频次|次数|怎么算|如何计算|计算|核算|分别"
)

_PEOPLE_NOUNS: tuple[tuple[str, str], ...] = (
    ("women", r"女职工"),
    ("league", r"共青团员|团员"),
    ("staff", r"机关工作人员编制|工作人员编制|机关工作人员|工作人员|干部职工|编制人数|编制|在编人员|职工"),
    ("members", r"正式党员|党员"),
)
_NUM = r"(?<![\d.])(?P<sign>[-−负]\s*)?(?P<n>\d+(?:\.\d+)?)"


def _quantities(norm: str) -> list[tuple[str, float, int]]:
    """(what, value, position) for each number of the normalized question: members, staff, league, women,
    amount, hours, days, score, pct (with a star name: `pct:服务星`), year, orgs, count."""
    out: list[tuple[str, float, int]] = []
    for m in re.finditer(_NUM + r"\s*(?P<unit>万元|元|学时|小时|天|分|[%％]|年|个月|个|名|位|人|次|届|星)?", norm):
        value = float(m.group("n")) * (-1 if m.group("sign") else 1)
        unit = m.group("unit") or ""
        before, after = norm[max(0, m.start() - 14) : m.start()], norm[m.end() : m.end() + 12]
        what = _what(value, unit, before, after)
        if what:
            out.append((what, value, m.start()))
    return out


def _what(value: float, unit: str, before: str, after: str) -> str | None:
    """What one number counts, from its unit and the words around it."""
    if unit in ("元", "万元"):
        return "amount"
    if unit in ("学时", "小时"):
        return "hours"
    if unit == "天":
        return "days"
    if unit == "分":
        return "score"
    if unit in ("%", "％"):
        star = re.search(r"(学习星|规范星|服务星|民主星|创新星|每一星|每星|各星)[^，。；,;\d]{0,8}$", before)
        return f"pct:{star.group(1) if star else ''}"
    if unit == "年":
        return "year" if 1900 <= value <= 2100 else None
    if unit in ("星", "届", "次", "个月"):
        return None
    if re.match(r"(个)?(机关)?(基层)?(党组织|党支部|支部|党总支|组织)", after) and unit in ("个", ""):
        return "orgs"
    if re.search(r"应到(会)?(有表决权的)?(正式)?(党员)?$", before):
        return "attendance"
    clause_after = re.split(r"[，。；,;？?！!、和与及]", after, maxsplit=1)[0]
    for what, pattern in _PEOPLE_NOUNS:  # the noun right after the number: 200名团员
        if re.match(rf"(名|个|位|人)?(的)?({pattern})", after if unit == "" else unit + after):
            return what
    clause_before = re.split(r"[，。；,;？?！!\d]", before)[-1]
    best: tuple[int, str] | None = None
    for what, pattern in _PEOPLE_NOUNS:  # the nearest noun before it in the same clause: 团员200人
        for m in re.finditer(pattern, clause_before):
            if best is None or m.end() > best[0]:
                best = (m.end(), what)
    if best:
        return best[1]
    if unit in ("名", "人", "位", "个") and not clause_after.startswith(("党组织", "领导", "成员")):
        return "people"
    return None


DEADLINE_TOPICS = frozenset({"org_life_report", "fee_arrears", "service_brand", "activist_training", "development_plan"})
COUNT_TOPICS = frozenset({"org_duties", "working_committee_duties", "discipline_duties", "supervision_methods",
                          "supervision_contents", "guidance_methods", "assessment_grades", "activity_room"})
FREQUENCY_TOPICS = frozenset(TOPICS) - DEADLINE_TOPICS - COUNT_TOPICS - {"admission"}


def _detect_op(text: str) -> str | None:
    """The operation a Chinese question asks for, by the first cue (in order of precedence) it contains."""
    for op, cue in _OP_CUES:
        if re.search(cue, text):
            return op
    topic = _topics(text)
    if re.search(_STUDY_CUE, text):
        return "study"
    if topic and re.search(_FREQ_CUE, text) and any(t in FREQUENCY_TOPICS for t in topic):
        return "frequency"
    if re.search(_COMMITTEE_CUE, text) and not re.search(r"纪委委员会议|委员会议", text):
        return "committee"
    if re.search(_BRANCH_SIZE_CUE, text):
        return "branch_size"
    if re.search(_ORGTYPE_CUE, text) and re.search(r"党委|总支|支部|组织|党员", text):
        return "orgtype"
    if topic and any(t in DEADLINE_TOPICS for t in topic) and re.search(r"期限|之前|底前|多久|时间|几个月|几年|多长", text):
        return "deadline"
    if topic and re.search(_FREQ_CUE, text):
        return "frequency"
    if topic and re.search(_COUNT_CUE, text):
        return "count"
    return None


def _topics(text: str) -> list[str]:
    """Topics named in the question, longest names first (思想汇报 before 汇报)."""
    return names_in(text, {key: tuple(words) for key, (_, words) in TOPICS.items()})


def _who(text: str) -> str | None:
    """Whom the question is about, when the rule tables distinguish it."""
    for who, cue in (("leaders", r"领导班子|班子成员"), ("retired", r"离退休|退休"), ("in_service", r"在职"),
                     ("extended", r"延长预备期|延长期"), ("probationary", r"预备党员"), ("away", r"外出"),
                     ("center_group", r"中心组"), ("leader_in_charge", r"分管领导"),
                     ("standing_committee", r"常委会|地方党委|市委|县委"), ("dept_party_group", r"党组(?!织)")):
        if re.search(cue, text):
            return who
    return None


def parse_chinese(query: str) -> Parsed:
    """A Chinese question → calculations (several when it asks about several funds, e.g. 团员 and 女职工)."""
    text = _expand_powers(query)
    info = understand(text)
    op = _detect_op(text)
    if op is None:
        return Parsed(query=query, error=_not_understood())
    norm = info.normalized
    quantities = _quantities(norm)
    calc = Calculation(op=op, docs=list(info.docs), other_cities=list(info.other_cities),  # type: ignore[arg-type]
                       levels=list(info.levels), orgs=list(info.org_types), who=_who(text))
    topics = _topics(text)
    if topics:
        calc.topic = topics[0]
    people = [(w, v) for w, v, _ in quantities if w in ("members", "staff", "league", "women", "people", "attendance")]
    for what, value, _ in quantities:
        if what == "members" and calc.members is None:
            calc.members = value
        elif what == "staff" and calc.staff is None:
            calc.staff = value
        elif what == "amount" and calc.amount is None:
            calc.amount = value
        elif what in ("hours", "days") and calc.hours is None:
            calc.hours = value
        elif what == "score" and calc.score is None:
            calc.score = value
        elif what.startswith("pct:"):
            star = what[4:] or "每一星"
            calc.star_pcts[star] = value
        elif what == "year" and calc.year is None:
            calc.year = int(value) if value.is_integer() else None
        elif what in ("orgs", "attendance") and calc.count is None:
            calc.count = value
    bare = [v for w, v in people if w == "people"]
    if op == "vote" and calc.count is None:
        calc.count = calc.members if calc.members is not None else (bare[0] if bare else None)
    if op in ("orgtype", "committee", "branch_size", "funding", "deputy") and calc.members is None and bare:
        calc.members = bare[0]
    if op == "staff" and calc.staff is None and calc.members is None and bare:
        calc.staff = bare[0]
    if op == "excellence" and calc.count is None and bare:
        calc.count = bare[0]
    if op in ("funding", "salary", "fee", "staff") and re.search(r"每人|标准|人均|每名|比例|百分之|多少%|按什么|怎么算|如何计算", text):
        calc.rate_only = True
    if op == "funding":
        return Parsed(query=query, calculations=_funding_calcs(calc, quantities, text))
    if op == "study" and calc.who is None and "党员" in text:
        calc.who = "members"
    if op == "study" and re.search(r"中心组", text):
        calc.op = "study_days"
    return Parsed(query=query, calculations=[calc])


def _funding_calcs(calc: Calculation, quantities: list[tuple[str, float, int]], text: str) -> list[Calculation]:
    """One calculation per fund asked about: 党员 / 团员 / 女职工, each with its own count."""
    calcs: list[Calculation] = []
    for what, value, _ in quantities:
        if what in ("league", "women") and not any(c.fund == what for c in calcs):
            calcs.append(calc.model_copy(update={"fund": what, "members": value}))
    for fund, cue in (("league", "团员"), ("women", "女职工")):
        if cue in text and not any(c.fund == fund for c in calcs):
            calcs.append(calc.model_copy(update={"fund": fund, "members": None}))
    if not calcs or calc.members is not None:
        calcs.insert(0, calc.model_copy(update={"fund": "party"}))
    return calcs


_EXAMPLES = ("可以这样问：「温州120名党员教育经费多少」「湖州县区机关党委任期几年」「绍兴工作人员300人配几名专职党务工作人员」，"
             "或用指令：funding 120 members wenzhou。全部写法见 /help 或 regbot calc --help。")


def _not_understood() -> str:
    return "没有看懂要计算什么。" + _EXAMPLES


def parse(query: str) -> Parsed:
    """A command (`term branch county wenzhou`, also after `/calc`) or a Chinese question → calculations."""
    text = (query or "").strip()
    if text.lower().startswith("/calc"):
        text = text[5:].strip()
    if not text:
        return Parsed(query=query or "", error="请输入计算指令或问题。" + _EXAMPLES)
    first = text.split()[0].lower()
    if first in COMMAND_OPS:
        return parse_command(text)
    return parse_chinese(text)


def is_calc_question(text: str) -> bool:
    """True when a free-text question asks for a number the calculator computes (term, committee size,
    funding, staff …): it names an operation and asks something numeric. Cheap: no search, no model."""
    t = (text or "").strip()
    if not t:
        return False
    if t.lower().startswith("/calc") or t.split()[0].lower() in COMMAND_OPS:
        return True
    if not NUMERIC_CUE.search(t):
        return False
    return _detect_op(_expand_powers(t)) is not None
