"""Questions → calculations: the `/calc` command grammar (`funding 120 members wenzhou`) and Chinese
questions with Arabic or Chinese numerals (`湖州县区机关党委任期几年`). Cities, levels, organization types and
numerals and the ask are read by query.understand, the one place that reads what a question names and asks;
this module adds what only the calculator needs: which operation answers it (rules/data/ops.toml).

Nothing here raises on user input: an unreadable question becomes a `Parsed` with an error message.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from query.models import Query
from query.understand import asked_sentence, asking_phrase, city_of_pinyin, other_city_names, understand
from query.vocab import table
from rules.models import Calculation
from rules.ops import match_op
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

# Words users add that carry no information for the grammar (`vacancy months dongguan`, `funding 120 名 wenzhou`).
FILLER_TOKENS = frozenset({"months", "month", "years", "times", "time", "个", "名", "人", "次", "年", "月", "个月"})
# Post-holders a command may name; the answer then says whether each rule covers them (`vacancy member huzhou`).
ROLE_TOKENS: dict[str, str] = {"secretary": "secretary", "deputy": "deputy", "deputy-secretary": "deputy",
                               "member": "member", "committee-member": "member", "书记": "secretary", "副书记": "deputy", "委员": "member",
                               "支委": "member", "班子成员": "member"}
ROLE_OPS = frozenset({"vacancy", "extension", "rotation", "frequency", "deadline", "count", "term"})
# A number with the measure word users type after it: 120名, 6个, 3次, 2022年 (a year), 9月.
_NUMBER_WORD = re.compile(r"^(\d+(?:\.\d+)?)(名|个|人|次|年|学时|天|元)$")
_DATE = re.compile(r"^(?:(\d{1,2})[-/.](\d{1,2})|(\d{1,2})月(?:(\d{1,2})[日号])?)$")
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
        from query.numerals import normalize_numbers

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
    if token.rstrip("市") in other_city_names():
        return "city", token.rstrip("市")
    if city_of_pinyin(token):
        return "city", city_of_pinyin(token)
    for key, names in table("level").items():
        if token in names:
            return "level", key
    for key, names in table("org").items():
        if token in names:
            return "org", key
    return None


def parse_command(query: str) -> Parsed:
    """`OP [N NOUN] [TYPE] [LEVEL] [CITY] …` → one calculation; unknown words give an error, not a guess."""
    tokens = query.split()
    if tokens[0].lower() not in COMMAND_OPS:
        return Parsed(query=query, error=_unknown_words([tokens[0]], list(COMMAND_OPS)))
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
        elif noun == "done":
            calc.done = value
        else:
            calc.count = value

    for raw in tokens[1:]:
        tok = raw.lower().replace("_", "-")
        if tok in FILLER_TOKENS:
            continue
        date = _DATE.match(tok)
        if date and not _NUMBER.match(tok):
            calc.month = int(date.group(1) or date.group(3))
            day = date.group(2) or date.group(4)
            calc.day = int(day) if day else None
            continue
        worded = _NUMBER_WORD.match(tok)
        if worded:  # `2022年` is a year; `120名`, `6个` are the number itself
            raw = tok = worded.group(1)
            if worded.group(2) == "年" and float(tok).is_integer() and 1900 <= float(tok) <= 2100:
                calc.year = int(float(tok))
                continue
        if tok in ROLE_TOKENS and (op in ROLE_OPS or tok not in WHO_TOKENS and tok not in NOUN_TOKENS):
            calc.roles.append(ROLE_TOKENS[tok])
            if tok not in WHO_TOKENS:
                continue
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
        return Parsed(query=query, error=_unknown_words(unknown))
    if star:
        return Parsed(query=query, error=f"「{star}」后面缺少得分比例（百分数），例如 stars 92 service 80 shaoxing。")
    return Parsed(query=query, calculations=[calc])


def command_words() -> list[str]:
    """Every word the grammar understands (operations, types, levels, nouns, topics, documents, fillers)."""
    from corpus.store import corpus

    return list(dict.fromkeys([*COMMAND_OPS, *ORG_TOKENS, *LEVEL_TOKENS, *NOUN_TOKENS, *WHO_TOKENS, *STAR_TOKENS,
                               *ROLE_TOKENS, *(k.replace("_", "-") for k in TOPICS), *corpus().documents,
                               *(w for w in FILLER_TOKENS if w.isascii())]))


def _unknown_words(words: list[str], vocabulary: list[str] | None = None) -> str:
    """`「fundng」无法识别，是否是 funding？` for each word, with the nearest valid form when there is one."""
    import difflib

    vocabulary = vocabulary or command_words()
    parts = []
    for w in words:
        near = difflib.get_close_matches(w.lower().replace("_", "-"), vocabulary, n=1, cutoff=0.6)
        parts.append(f"「{w}」无法识别，是否是 {near[0]}？" if near else f"「{w}」无法识别。")
    return "".join(parts) + "指令写法见 /help 或 regbot calc --help。"


def looks_like_command(text: str) -> bool:
    """True for a command whose operation is misspelt (`fundng 120 members`): an ASCII word close to an
    operation, so that the grammar says which word it did not understand instead of a Chinese parse."""
    import difflib

    first = (text or "").split()[0].lower() if (text or "").split() else ""
    return bool(re.fullmatch(r"[a-z][a-z-]*", first)) and bool(difflib.get_close_matches(first, list(COMMAND_OPS), n=1, cutoff=0.6))


def month_day(text: str) -> tuple[int | None, int | None]:
    """The first date without a year a question starts from: `4月15日调离` → (4, 15), `9月出缺` → (9, None);
    `每年3月底前` is a deadline the document sets, not a start, and `2022年3月` a year's month, so neither counts."""
    m = re.search(r"(?<![\d年底])(\d{1,2})月(?:(\d{1,2})[日号])?(?![底份])", text)
    return (int(m.group(1)), int(m.group(2)) if m.group(2) else None) if m else (None, None)


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
    if op == "frequency":  # `frequency group-meeting 3`: times already held this year
        return "done"
    if op == "star_target" and 1900 <= value <= 2100 and value.is_integer() and calc.year is None and calc.count is not None:
        return "year"
    return "count"


# ── Chinese questions ──────────────────────────────────────────────────────────────────────────────────
def _who(text: str) -> str | None:
    """Whom the question is about, when the rule tables distinguish it (在职 / 离退休 / 班子成员 …): the last one
    named in the first sentence, the head the others modify (地方党委分管机关党建的领导 is the 分管领导)."""
    from query.vocab import names_in, table

    first = re.split(r"[？?。！!]", text)[0]
    found = names_in(first, table("who")) or names_in(text, table("who"))
    return found[-1] if found else None


def parse_chinese(query: str, q: Query | None = None) -> Parsed:
    """A Chinese question → calculations (several when it asks about several funds, e.g. 团员 and 女职工)."""
    q = q or understand(_expand_powers(query))
    if q.error:
        return Parsed(query=query, error=q.error)
    if q.outside:
        from query.vocab import display

        names = "、".join(display("outside")[o] for o in q.outside)
        return Parsed(query=query, error=f"收录的文件是关于机关党组织的规定，没有规定{names}的这类数字。")
    matched = match_op(q)
    if matched is None:
        return Parsed(query=query, error=_not_understood())
    op, topic = matched
    calc = Calculation(op=op, docs=list(q.docs), other_cities=list(q.other_cities), levels=list(q.levels),  # type: ignore[arg-type]
                       orgs=list(q.org_types), who=_who(q.text), topic=topic, roles=list(q.roles), ask=q.ask,
                       asked=asking_phrase(asked_sentence(q.core or q.text), q.ask))
    for n in q.numbers:
        if n.role == "members" and calc.members is None:
            calc.members = n.value
        elif n.role == "staff" and calc.staff is None:
            calc.staff = n.value
        elif n.role == "amount" and calc.amount is None:
            calc.amount = n.value
        elif n.role in ("hours", "days") and calc.hours is None:
            calc.hours = n.value
        elif n.role == "times" and n.done and calc.done is None:
            calc.done = n.value
        elif n.role == "score" and calc.score is None:
            calc.score = n.value
        elif n.role.startswith("pct:"):
            calc.star_pcts[n.role[4:] or "每一星"] = n.value
        elif n.role == "year" and calc.year is None:
            calc.year = int(n.value) if n.value.is_integer() else None
        elif n.role in ("orgs", "attendance") and calc.count is None:
            calc.count = n.value
    calc.month, calc.day = month_day(q.text)
    bare = q.values("people")
    if op == "vote" and calc.count is None:
        calc.count = calc.members if calc.members is not None else (bare[0] if bare else None)
    if op in ("orgtype", "committee", "branch_size", "funding", "deputy") and calc.members is None and bare:
        calc.members = bare[0]
    if op == "staff" and calc.staff is None and calc.members is None and bare:
        calc.staff = bare[0]
    if op == "excellence" and calc.count is None and bare:
        calc.count = bare[0]
    calc.rate_only = op in ("funding", "salary", "fee", "staff") and (
        q.ask == "ratio" or re.search(r"每人|标准|人均|每名|按什么|怎么算|如何计算", q.text) is not None)
    if op == "funding":
        return Parsed(query=query, calculations=_funding_calcs(calc, q))
    if op == "study" and calc.who is None and "党员" in q.text:
        calc.who = "members"
    return Parsed(query=query, calculations=[calc])


def _funding_calcs(calc: Calculation, q: Query) -> list[Calculation]:
    """One calculation per fund asked about: 党员 / 团员 / 女职工, each with its own count."""
    calcs: list[Calculation] = []
    for n in q.numbers:
        if n.role in ("league", "women") and not any(c.fund == n.role for c in calcs):
            calcs.append(calc.model_copy(update={"fund": n.role, "members": n.value}))
    for fund, cue in (("league", "团员"), ("women", "女职工")):
        if cue in q.text and not any(c.fund == fund for c in calcs):
            calcs.append(calc.model_copy(update={"fund": fund, "members": None}))
    if not calcs or calc.members is not None:
        calcs.insert(0, calc.model_copy(update={"fund": "party"}))
    return calcs


_EXAMPLES = ("可以这样问：「温州120名党员教育经费多少」「湖州县区机关党委任期几年」「绍兴工作人员300人配几名专职党务工作人员」，"
             "或用指令：funding 120 members wenzhou。全部写法见 /help 或 regbot calc --help。")


def _not_understood() -> str:
    return "没有看懂要计算什么。" + _EXAMPLES


def parse(query: str, q: Query | None = None) -> Parsed:
    """A command (`term branch county wenzhou`, also after `/calc`) or a Chinese question → calculations."""
    text = (query or "").strip()
    if text.lower().startswith("/calc"):
        text = text[5:].strip()
    if not text:
        return Parsed(query=query or "", error="请输入计算指令或问题。" + _EXAMPLES)
    first = text.split()[0].lower()
    if first in COMMAND_OPS or looks_like_command(text):
        return parse_command(text)
    return parse_chinese(text, q)


def is_calc_question(text: str, q: Query | None = None) -> bool:
    """True when a question asks for a number the calculator computes: a `/calc` command, or a Chinese
    question whose topic and ask both match an operation. Cheap: no search, no model."""
    t = (text or "").strip()
    if not t:
        return False
    if t.lower().startswith("/calc") or t.split()[0].lower() in COMMAND_OPS:
        return True
    q = q or understand(_expand_powers(t))
    return q.error is None and not q.outside and match_op(q) is not None
