"""Question (+ the previous turn's query) → Query: the one place that reads what a question names and asks.

Search, the calculator and the answer engine all read questions through `understand`, so they agree on cities,
levels, organization types, roles, topics, numbers and the ask. Never raises on user input.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from corpus.store import Corpus, corpus
from query import vocab
from query.models import Number, Query
from query.numerals import NUM_RUN, absurd_runs, normalize_numbers, which_in_words

# Words that only point at a place once its name is removed (温州这边, 按湖州的规定).
_PLACE_TAIL = r"(?:(?=市直)|市?(?:这边|那边|这里|那里|的话|的)?)"
_UNITS = r"万元|元|个?学时|个?小时|天|分|[%％]|年|个月|个|名|位|人|次|届|星"
_NUM = r"(?<![\d.])(?P<sign>[-−负]\s*)?(?P<n>\d+(?:\.\d+)?)"
_STARS = ("学习星", "规范星", "服务星", "民主星", "创新星", "每一星", "每星", "各星")
# A follow-up message: an opener, the names it replaces, a closer (那湖州呢？ 县里呢 换成党总支 副书记呢？).
_FOLLOW = re.compile(r"^(?:那么|那|换成|换到|改成|如果是|要是|再问)?(?P<core>.{1,16}?)(?:的话)?(?:呢|的呢|怎么样|如何|又是多少|是多少|又如何)?[？?。!！\s]*$")
# Organization names that contain a role's name (支部委员会 is not a 委员); the head of one is a post (纪律检查委员会
# 书记 is the 纪委书记).
_ORG_NAMES = re.compile(r"纪律检查委员会书记|纪律检查委员会|工作委员会|支部委员会|总支部委员会|委员会|支委会")


def mask_org_names(text: str) -> str:
    """The text with the names of organizations that contain a role's name blanked out, so that only posts are
    read as roles (支部委员会 is no 委员; 纪律检查委员会书记 stays: it is a post)."""
    return _ORG_NAMES.sub(lambda m: m.group(0) if m.group(0).endswith("书记") else "□" * len(m.group(0)), text)


# Words a follow-up says around the names it changes (温州这边呢？): nothing of its own.
_FOLLOW_FILLER = re.compile(r"[的这边那边里级直属一（）()、市县区乡镇街道呢\s]")


@cache
def _other_city_tables() -> tuple[dict[str, str], dict[str, str]]:
    cities = vocab.other_cities()
    return cities, {pinyin: name for name, pinyin in cities.items()}


def other_city_names() -> tuple[str, ...]:
    """Cities without a document, by their Chinese names."""
    return tuple(_other_city_tables()[0])


def city_of_pinyin(word: str) -> str | None:
    """The Chinese name of a city without a document typed in pinyin (`hangzhou` → 杭州)."""
    return _other_city_tables()[1].get(word.lower())


def _doc_names(c: Corpus) -> dict[str, tuple[str, ...]]:
    return {d.id: tuple(n for n in d.names if not n.isascii()) for d in c.documents.values()}


def expand(text: str) -> list[str]:
    """The regulation's words for what a question says in everyday words, in rule order, without repeats."""
    return list(_expansions(text.lower()))


@lru_cache(maxsize=4096)
def _expansions(lowered: str) -> tuple[str, ...]:
    """(expand, cached: the same question words are expanded for every clause an answer checks)"""
    out: list[str] = []
    joined = _SPLIT_VERB.sub("", lowered)  # (谈一次心: 谈心)
    for when, add in vocab.expansion_rules():
        if any(w.lower() in lowered or w.lower() in joined for w in when):
            out += [a for a in add if a not in out]
    return tuple(out)


def known_words(word: str) -> bool:
    """Whether a word the corpus never uses is still understood: everyday words the synonyms map to the
    documents' (一把手), or a compound of names the question layer reads (党委书记 = 党委 + 书记)."""
    if any(word in when for when, _ in vocab.expansion_rules()) or vocab.topics_in(word):
        return True  # mapped to the documents' words (一把手), or a word that names a topic (推迟 → 延期)
    rest = word
    for section in ("org", "role", "level", "outside"):
        for name in sorted((n for ns in vocab.table(section).values() for n in ns), key=len, reverse=True):
            rest = rest.replace(name, "")
    return not rest


def expansion_words() -> list[str]:
    """Every word query expansion may add (the lexicon must know them as words)."""
    return sorted({w for _, add in vocab.expansion_rules() for w in add})


def strip_names(text: str, names: list[str]) -> str:
    """The text without the given place names and the words that only point at them (这边, 的, 市)."""
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(rf"(?:按照?|根据|在)?{re.escape(name)}" + _PLACE_TAIL, " ", text)
    return re.sub(r"\s+", " ", text).strip()


# What introduces the question in a message that tells its background first (……。想问一下，……？).
_REQUEST = re.compile(r"(?:我们|我)?(?:就|只)?想?(?:请问|问一下|问一问|问下|问问[，,]|咨询一下|请教一下|了解一下|确认一下)[，,：:\s]*")
# A question that only asks whether what the message told is allowed (这样会不会不合规？会不会超了？): when another
# question follows, that one says what is asked. A count it repeats (六个会不会超了) is no subject of its own.
_JUDGE = re.compile(r"不?合规|违规|不?符合|超过?了?|有问题|没问题|问题|可以|行|对|妥当?|合适|规定|要求|条件")
_COUNT = re.compile(rf"(?:{NUM_RUN.pattern})(?:个|名|人|位|次|项|条|回)?")
# A plea for help that ends a message (能帮我列一下吗？): the question is what comes before it.
_HELP = re.compile(r"^(?:能不能|能|可以|可不可以|麻烦)?(?:帮|请)?(?:我|忙)?(?:帮我|给我)?(?:列|查|找|说|讲|看|解释|整理)(?:一下|下)?[吗嘛呢]?$|^谢谢")


@lru_cache(maxsize=1024)
def _sentences(text: str) -> tuple[str, ...]:
    """The question's sentences (？！。), the one that asks first, always present: the part after a request (想问一下，
    …), else the first ending in a question mark, else the first; the background told before it does not say what
    is asked (我们支部想出去参观学习几次……想问一下，活动的钱从哪出), nor do the phrases of the asking sentence that tell
    the speaker's own situation (领导让我查一下). Cached: every reading of a question needs them."""
    pieces = [p for p in re.split(r"(?<=[？?！!。])", text.strip()) if p.strip()]
    parts = [re.sub(r"[？?！!。]+$", "", p).strip() for p in pieces]
    at = next((i for i, p in enumerate(parts) if _REQUEST.search(p) and _REQUEST.split(p, 1)[1].strip()
               and not _meta_only(_REQUEST.split(p, 1)[1])), None)  # (…按什么职级配备？我想确认一下文件里怎么说的)
    if at is not None:
        parts[at] = _REQUEST.sub("", parts[at], count=1).strip("，, ")  # (what it says before, in that sentence, stays)
    else:
        marked = [i for i, p in enumerate(pieces) if p.rstrip().endswith(("？", "?"))]
        asking = [i for i in marked if not _HELP.search(parts[i])]
        # (…会不会超了？最多能设几个？ / 管事的说先拖一拖，这样行吗？多久内得补上？: its last phrase only judges)
        asking = [i for i in asking if not _judges_only(parts[i]) and not _judges_told(parts[i])] or asking
        at = asking[0] if asking else max(marked[0] - 1, 0) if marked else _last_cued(parts)  # (only a plea: the sentence before)
    if not parts:
        return (text,)
    if at and _bare(parts[at]):
        parts[at - 1: at + 1] = ["", parts[at - 1] + "，" + parts[at]]  # 到底是几种？: of what, the sentence before says
    return (_without_speaker(parts[at]), *(p for i, p in enumerate(parts) if i != at and p))


def _meta_only(phrase: str) -> bool:
    """Whether a phrase only asks what the documents say (东莞的文件里怎么说的, 规定里有讲吗), not what is asked."""
    bare = re.sub(r"[。？?！!\s]+$", "", phrase)
    for c in vocab.meta_cues():
        for particle in ("", "吗", "呢", "啊", "呀"):
            if bare.endswith(c + particle):  # (…每次学多长时间有规定吗 asks the length: a cue of its own stays)
                return not any(cue.search(bare[:-len(c + particle)]) for cue in _all_cues())
    return False


def _last_cued(parts: list[str]) -> int:
    """With no question mark, the last sentence holding a cue of some ask asks (…他老来问我啥时候能往下走。要培养多长时间
    才能列成重点培养对象呀): the story comes first."""
    cued = [i for i, p in enumerate(parts) if any(c.search(p) for k in vocab.asks().values() for c in k.cues)]
    return cued[-1] if cued else 0


def _without_speaker(sentence: str) -> str:
    """The sentence without its phrases that only tell the speaker's own situation (领导让我查一下, 我是刚做党务的):
    they name no subject of the question; a phrase that holds a cue of an ask stays (我能不能…), unless another
    phrase holds one too (…要履行多少个方面的职责，我忘了是几个来着: it repeats the ask)."""
    phrases = re.split(r"(?<=[，,；;])", sentence)
    told = [any(c.search(p) for c in vocab.speaker_cues()) for p in phrases]
    cued = [any(c.search(p) for c in _all_cues()) for p in phrases]
    others_cued = [any(c for j, c in enumerate(cued) if j != i and not told[j]) for i in range(len(phrases))]
    kept = [p for i, p in enumerate(phrases) if not told[i] or (cued[i] and not others_cued[i])]
    return "".join(kept).strip("，,；; ") or sentence


def _judges_only(sentence: str) -> bool:
    """Whether a question says nothing but whether what was told is allowed (这样会不会不合规)."""
    if not cue_spans(sentence, "yesno"):
        return False  # (多久交一次 asks a frequency, however short)
    return _bare(_COUNT.sub("", sentence), _JUDGE)


def _judges_told(sentence: str) -> bool:
    """Whether a sentence's last phrase only asks to judge what it told before (管事的说先拖一拖，这样行吗), not
    whether a claim holds (有人说有补贴，是真的吗: the claim is the question)."""
    last = re.split(r"[，,；;：:]", sentence)[-1]
    return last != sentence and _JUDGE.search(last) is not None and _judges_only(last)


def _bare(text: str, also: re.Pattern[str] | None = None) -> bool:
    """Whether a question or part of one says nothing of its own once its cue and filler words (and `also`) are
    gone (到底是几种: what is counted is said elsewhere)."""
    rest = _ASK_FILLER.sub("", _without_cues(text, _all_cues()))
    return not re.search(r"[\u4e00-\u9fff]{2}", also.sub("", rest) if also else rest)


def asked_sentence(text: str) -> str:
    """The sentence of a message that asks (see _sentences): its words, not the background's, say what a figure
    is of."""
    return _sentences(text)[0]


def joint_post(text: str) -> str:
    """For a question on holding two posts at once, the other post: the phrase after the cue (支部书记能不能兼任纪检
    委员 → 纪检委员), or between 由/让 and the cue when nothing follows it (纪检委员能不能由支部书记来兼 → 支部书记来);
    empty for other questions."""
    first = _sentences(text)[0]
    cues, by, _ = vocab.joint_cues()
    asking = [p for p in re.split(r"[，,；;：:。？?！!\s]", first) if cue_spans(p, "yesno")]
    phrase = asking[-1] if asking else ""  # (我兼了几年党务，这段经历能不能写进履历: not about two posts)
    m = re.search("|".join(map(re.escape, cues)), phrase) if cues and phrase else None
    if m is None:
        return ""
    after = re.split(r"[吗呢么嘛]", phrase[m.end():])[0]
    spots = [a for a, _ in cue_spans(after, "yesno")]
    after = after[:min(spots)] if spots else after
    if re.search(r"[\u4e00-\u9fff]{2}", after):
        return after
    before = phrase[:m.start()]
    at = max((before.rfind(w) + len(w) for w in by if w in before), default=-1)
    return before[at:] if at >= 0 else ""


_PAUSE = re.compile(r"[，,；;：:。？?！!]")


def asked_about(text: str, ask: str | None, word: str, reach: int = 3) -> bool:
    """Whether a word stands within `reach` characters of a cue of the ask in the question's first sentence:
    what the figure asked for is a figure of (几个委员到场 asks about 到场, 发多少奖金 about 奖金), in the cue's phrase."""
    first = _sentences(text)[0]
    spots = cue_spans(first, ask)
    for w in re.finditer(re.escape(word), first):
        if any(a < w.end() and w.start() < b for a, b in spots):
            continue  # a word of the cue itself (不满几个人) is how it asks, not what it asks about
        gaps = [(a, b, first[min(w.end(), b):max(w.start(), a)]) for a, b in spots]  # (what stands between them)
        if any(w.start() <= b + reach and a <= w.end() + reach and not _PAUSE.search(gap) for a, b, gap in gaps):
            return True  # (in the cue's own phrase: 在任上调走了，多长时间内 asks nothing of 上调)
    return False


def asked_to_exist(text: str, word: str, reach: int = 4) -> bool:
    """Whether a word stands right after a cue asking whether something exists (有没有岗位补贴 asks about 补贴)."""
    first = _sentences(text)[0]
    ends = [m.end() for cue in vocab.exists_cues() for m in re.finditer(re.escape(cue), first)]
    return any(0 <= w.start() - e <= reach for e in ends for w in re.finditer(re.escape(word), first))


def cue_spans(sentence: str, ask: str | None) -> list[tuple[int, int]]:
    """Where the cues of an ask stand in a sentence (几个委员到场 → the span of 几个委员)."""
    kind = vocab.asks().get(ask or "")
    return [m.span() for cue in kind.cues for m in cue.finditer(sentence)] if kind else []


def asking_phrase(sentence: str, ask: str | None) -> str:
    """The phrase (between commas) of a sentence that holds the last cue of its ask; the whole sentence without one."""
    spots = cue_spans(sentence, ask)
    if not spots:
        return sentence
    at = max(b for _, b in spots)
    start = phrase_start(sentence, at)
    ends = [m.start() for m in re.finditer(r"[，,；;：:]", sentence[at:])] + [len(sentence) - at]
    end = at + ends.pop(0)
    while ends and _THEN.match(sentence[end + 1:]):
        end = at + ends.pop(0)  # 要考察满多久，才能列进发展计划: what follows from it is asked too
    return sentence[start:end]


def phrase_start(sentence: str, at: int) -> int:
    """Where the phrase holding position `at` starts, reaching back over the phrases before while it says nothing
    of its own or points back (到了某个数就该升成机关党委，这个线是多少人: the phrase before says of what)."""
    starts = [0] + [m.end() for m in re.finditer(r"[，,；;：:]", sentence[:at])]
    start = starts.pop()
    while starts and (_bare(sentence[start:at]) or _BACK.match(sentence[start:at])):
        start = starts.pop()
    return start


_THEN = re.compile(r"(?:那么?)?(?:就|才|便|方可|则)")


def nearest_topics(q: Query) -> list[str]:
    """The question's topics, the one named nearest a cue of its ask first (预备期里多长时间要交一次思想汇报: the
    思想汇报 is what happens so often, not the 预备期)."""
    first = _sentences(q.core or q.text)[0]
    spots = cue_spans(first, q.ask)
    if not spots:
        return list(q.topics)
    # a word just after the cue is its object (多久交一次思想汇报): it counts as nearer than one just before
    gap = {key: min(max(a - e, s - b - 2, 0) for a, b in spots) for s, e, key in vocab.topic_spans(first)}
    return sorted(q.topics, key=lambda t: gap.get(t, 99))


def role_nearest(q: Query, roles: tuple[str, ...]) -> bool:
    """Whether one of these posts is named nearer a cue of the ask than any topic word (这次换届，支委选几个人: the
    支委 are what is counted, the 换届 is only when)."""
    first = _sentences(q.core or q.text)[0]
    spots = cue_spans(first, q.ask)
    if not spots:
        return False
    masked = mask_org_names(first)

    def gap(s: int, e: int) -> int:
        return min(max(a - e, s - b - 2, 0) for a, b in spots)

    role_gaps = [gap(m.start(), m.end()) for r in roles for n in role_names(r) for m in re.finditer(re.escape(n), masked)]
    topic_gaps = [gap(s, e) for s, e, _ in vocab.topic_spans(first)]
    return bool(role_gaps) and min(role_gaps) < min(topic_gaps, default=99)


def measure_of(text: str) -> str | None:
    """The measure word a count is asked in, when it says what is counted (几面党旗 → 面; 几个 says nothing), or
    the one ending what is named just before a count that ends its phrase (考核等次一共分几个 → 等次)."""
    m = re.search(r"(?:几|多少)个?([\u4e00-\u9fff]{1,2})", text)
    if not m or (before := _counted_before(text, m.start())):
        before = _LEAD_UP.sub("", before if m else _counted_before(text))
        return next((w for w in vocab.measure_words() if before.endswith(w) and len(w) > 1), None)
    word = m.group(1)
    return next((w for w in (word, word[:1]) if w in vocab.measure_words()), None)


# A count that ends its phrase (…专职党务干部，能配几个？): what it counts is named before it.
_BARE_COUNT = re.compile(r"(?:几|多少)(?:个|名|位)?(?=[？?。，,！!\s]|$)")
# The verbs and fillers between what is counted and such a count (考核等次|一共分|几个).
_LEAD_UP = re.compile(r"(?:一共|总共|共|一般|还|能|可以|要|得|再)*(?:分|分成|有|是|设|配|配备)?$")


def _counted_before(text: str, at: int | None = None) -> str:
    """The words before a count that ends its phrase (the first, or the one at `at`), back to the start of the
    phrase before it (再配专职党务干部，能配几个 → 再配专职党务干部，能配); empty when no such count is there."""
    m = _BARE_COUNT.search(text, at or 0)
    if not m or at is not None and m.start() != at:
        return ""
    parts = re.split(r"([，,；;])", re.split(r"[。？?！!]", text[:m.start()])[-1])
    return "".join(parts[-3:])


def role_names(role: str) -> tuple[str, ...]:
    """The words that name a post (委员, 支委 …)."""
    return vocab.table("role").get(role, ())


def counted_role(text: str) -> str | None:
    """The post a people question counts (还得再配几个专职党务干部 → party_staff), when the count names one."""
    m = re.search(r"(?:几|多少)(?:个|名|位)?(.{2,10})", text)
    if before := _counted_before(text, m.start() if m else None):  # (还能再配专职党务干部，能配几个: the post named last)
        found = vocab.name_spans(mask_org_names(before), vocab.table("role"))
        return max(found, key=lambda f: f[0] + max(len(n) for n in role_names(f[1]) if before.startswith(n, f[0])),
                   default=(0, None))[1]
    if not m:
        return None
    masked = mask_org_names(m.group(1))
    for role, names in vocab.table("role").items():
        if any(masked.startswith(n) for n in names):
            return role
    return None


# Words that say nothing of what a count is of (一共是几种来着: the words before say it).
_ASK_FILLER = re.compile(r"一共|总共|加起来|到底|究竟|具体|来着|大概|大约|一般|通常|主要|分别|这样|这么|那样|那么|这种|是|啊|呀|呢|吧|的|了")


# A part that begins by pointing back (这个材料…什么时候交): what it is of is said in the part before.
_BACK = re.compile(r"^(?:这个|这笔|这种|这些|这项|这类|那个|那笔|那些|它|其)")


def points_back(part: str) -> bool:
    """Whether a part of a question begins by pointing back (这个人选…): what it names is said before it."""
    return _BACK.match(part) is not None


def ask_part(text: str, ask: str | None) -> str:
    """The comma-separated part of the question's first sentence that holds the last cue of the ask, with the
    cue words removed (一个小组一般编几个人 → 一个小组一般编), and the part before when it says nothing else or
    points back to it (这个材料…); empty when the ask has no cue there."""
    kind = vocab.asks().get(ask or "")
    first = _sentences(text)[0]
    if kind is None:
        return ""
    parts = re.split(r"[，,；;：:\s]", first)
    for i in range(len(parts) - 1, -1, -1):
        if any(c.search(parts[i]) for c in kind.cues):
            part = _without_cues(parts[i], kind.cues)
            while i and (_bare(part) or ask == "yesno" and _bare(part, _JUDGE)  # (…配个专职副书记，符合条件吗)
                         or (_BACK.match(parts[i]) and part == _without_cues(parts[i], kind.cues))):
                i -= 1  # 一个支部放多少党员合适，有没有上限 / 预备 期 多长: the words before
                part = _without_cues(parts[i], kind.cues) + part
            return part
    return ""


def list_owner(text: str, ask: str = "list") -> str:
    """What a list (or procedure) question asks the items (steps) of: the words before its cue in the phrase that
    asks (党员干部廉政档案里要装哪些材料 → 党员干部廉政档案里要装); empty without a cue of the ask."""
    first = _sentences(text)[0]
    spots = cue_spans(first, ask)
    if not spots:
        return ""
    # (…转到外省去，具体办哪些: the phrase before; 处置…的程序是啥，要经过哪些步骤: each phrase that asks)
    return "，".join(dict.fromkeys(re.split(r"[\s]", first[phrase_start(first, b):a])[-1] for a, b in spots))


def asked_whether(text: str, ask: str = "yesno") -> str:
    """What a yes-no question asks whether: the words after its cue (党员参加组织生活要不要签到打卡 → 签到打卡), or for
    a cue at the end (可以放到周末搞吗) the part before it; the whole asked part when the cue leaves nothing. For a
    who question, what the one asked for does (经费由谁来审计 → 来审计; 考察工作交给谁 → 考察工作交给)."""
    first = _sentences(text)[0]
    spots = cue_spans(first, ask)
    if not spots:
        return ""
    a, b = max(spots, key=lambda s: s[1])
    after = re.split(r"[，,；;：:。？?！!\s]", first[b:])[0]
    if re.search(r"[\u4e00-\u9fff]{2}", after):
        return after
    return ask_part(text, ask)


# What stands between a yes-no question's subject and what it asks of it (预备党员|能|当入党介绍人吗).
_MODAL = re.compile(r"能|可以|可|要|需要|必须|得|应当|应该|该|也|都|还")


def asked_subject(text: str) -> str:
    """Whom or what a yes-no question asks about: the phrase before its cue (支部书记|要不要…), before the first modal
    word when the cue ends the phrase (预备党员|能当入党介绍人吗), or the phrase before when that leaves nothing
    (党员半年不参加组织生活，|是不是按自行脱党处理)."""
    first = _sentences(text)[0]
    spots = cue_spans(first, "yesno")
    if not spots:
        return ""
    a, b = max(spots, key=lambda s: s[1])
    phrases = re.split(r"[，,；;：:。？?！!\s]", first[:a])
    subject = phrases[-1]
    if not re.search(r"[\u4e00-\u9fff]{2}", re.split(r"[，,；;：:。？?！!\s]", first[b:])[0]):
        modal = _MODAL.search(subject)  # (大家举手表决行不行 asks about the whole phrase: no subject of its own)
        return subject[:modal.start()] if modal else ""
    if not re.search(r"[\u4e00-\u9fff]{2}", subject) and len(phrases) > 1:
        subject = phrases[-2]
    return subject


def _without_cues(text: str, cues: tuple[re.Pattern[str], ...]) -> str:
    for c in _longest_first(cues):  # (有什么后果, not 后果 leaving 会有什么)
        text = c.sub("", text)
    return text


@lru_cache(maxsize=64)
def _longest_first(cues: tuple[re.Pattern[str], ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(sorted(cues, key=lambda c: -len(c.pattern)))


@cache
def _all_cues() -> tuple[re.Pattern[str], ...]:
    """The cue words of every ask (有没有, 上限, 多少 …)."""
    return tuple(c for kind in vocab.asks().values() for c in kind.cues)


_NUMERAL_CHARS = set("零〇一二两三四五六七八九十百千万几多少个年月日天周次届名人位")  # and units: not what is counted


def char_pairs(text: str) -> set[str]:
    """The text's pairs of adjacent Chinese characters."""
    return {text[i:i + 2] for i in range(len(text) - 1) if re.fullmatch(r"[\u4e00-\u9fff]{2}", text[i:i + 2])}


@lru_cache(maxsize=64)
def ask_pairs(text: str, ask: str | None) -> frozenset[str]:
    """The character pairs of the part of the question that holds its ask, without the cue itself and numerals:
    what the figure asked for is a figure of (一个小组一般编几个人 → 小组). Cached: every sentence of every found
    clause is checked against them."""
    part = _without_cues(ask_part(text, ask), _all_cues())  # (nor the cue of another ask: 是不是有个人数上限)
    return frozenset(b for b in char_pairs(part) if not set(b) & _NUMERAL_CHARS)


_ITEMS_ASKED = re.compile(r"哪([两二三四五六七八九十]+)(?:个|种|类|项|条|颗|大|方面|样|件|点)?([\u4e00-\u9fff]{0,2})")
# …or named before the cue: 五颗星分别是什么 wants five, each a 星
_ITEMS_NAMED = re.compile(r"([两二三四五六七八九十]+)(?:个|种|类|项|条|颗|大|方面|样|件|点)?([\u4e00-\u9fff]{0,2}?)(?:分别|各)")
_DIGIT = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _count(numeral: str) -> int:
    """二 to 九十九 written in Chinese (十六 → 16)."""
    tens, _, ones = numeral.rpartition("十")
    if "十" not in numeral:
        return _DIGIT.get(numeral, 2)
    return (_DIGIT.get(tens, 1)) * 10 + _DIGIT.get(ones, 0)


def items_asked(text: str) -> tuple[int, str, str] | None:
    """How many items a question asks to be named, what each is (a 星), and the name of the set (五星):
    五星是哪五颗星 → (5, 星, 五星); 哪十六个字 → four phrases; None when it names no count."""
    text = which_in_words(text)
    m = _ITEMS_ASKED.search(text) or _ITEMS_NAMED.search(text)
    if not m:
        return None
    wanted, kind = _count(m.group(1)), re.sub(r"[啊呀呢吧嘛哦]+$", "", m.group(2))  # 哪两个优啊: each a 优
    if kind.startswith("字"):  # 哪十六个字: four phrases of four characters
        return max(2, wanted // 4), "", ""
    return wanted, kind, (m.group(1)[-1] + kind[:1] if kind else "")


_KINDS_NOUN = re.compile(r"(?:哪几|哪些|几)(?:种|类|档|级|个)(?:具体|主要)?的?([\u4e00-\u9fff]{2,4})")
_KINDS_BEFORE = re.compile(r"([\u4e00-\u9fff]{2})(?:一共|总共|共|都|主要|最后|最终|一般|通常|大概|到底|具体)?"
                           r"(?:有|分为|分成|分|包括)?(?:哪几|几)(?:种|类|档|级|个|等)")
# Nouns that name no particular thing (考核结果分几档 sorts the 考核's grades, not 结果).
_GENERIC_NOUNS = frozenset({"结果", "情况", "内容", "方面", "形式", "东西", "事情", "一般", "具体", "主要", "大概", "到底", "最后",
                            "最终", "一共", "总共", "通常"})


_LISTED = re.compile(r"(?:哪些|什么样的|什么|哪几项|哪几条|哪几个|哪几类|哪几种)([\u4e00-\u9fff]{2,8}?)"
                     r"(?=[？?，,。吗呢呀啊]|$|要|需|是|有|可以|应|得|才|就|算|时(?![间候期代刻段效限])|下|来着)")
# Heads that name no particular thing a list is of (哪些工作, 哪些准备): any list on the subject may answer.
_GENERIC_LISTED = frozenset({"工作", "事情", "内容", "方面", "东西", "情况", "情形", "职责", "任务", "事项", "事务", "事宜", "要求", "规定", "措施",
                             "办法", "作用", "人员", "意思", "时候", "地方", "活动", "准备", "环节", "步骤", "程序",
                             "手续", "问题", "做法", "形式", "途径", "渠道"})


def listed_noun(text: str) -> str:
    """What a list question lists, by the head of the noun after its cue (转组织关系要带哪些材料 → 材料): a list
    of something else does not answer it; empty when the noun is a general one (哪些工作) or there is none."""
    m = _LISTED.search(text)
    if not m or re.search(r"[的他她它啊呀之]", m.group(1)):
        return ""
    head = m.group(1)[-2:]
    return "" if head in _GENERIC_LISTED else head


@lru_cache(maxsize=64)
def kinds_noun(text: str) -> str:
    """What a kinds question sorts: named after its cue (有哪几种具体的处置办法 → 处置办法), else just before it
    (党内处分分哪几种 → 处分); empty when it names nothing (哪几个档次 names no thing)."""
    m = _KINDS_NOUN.search(text)
    if m and m.group(1)[0] not in "档等类级种层":
        return m.group(1)
    m = _KINDS_BEFORE.search(text)
    return m.group(1) if m and m.group(1) not in _GENERIC_NOUNS else ""


_ASIDE = re.compile(r"除了[^，,。？?；;]{1,20}(?:之外|以外)?[，,]")


_ITEM_MARK = re.compile(r"[哪好](?:几|些)(?:个|种|项|条|类)?[“\"「]([\u4e00-\u9fff]{1,2})[”\"」]")


def item_mark(text: str) -> str:
    """The character each item asked for holds, when a question asks for the items by it (哪几个“同” → 同: 同部署、
    同检查…; 列了好几个“制”，是哪几个 → 制); empty otherwise."""
    first = _sentences(text)[0]
    m = _ITEM_MARK.search(first)
    return m.group(1) if m and re.search("哪几|哪些", first) else ""  # (列了好几个“制”，具体是哪几个)


def ask_of(text: str) -> str | None:
    """The kind of answer a question wants: a `wins` kind whenever its cue occurs, else the kind whose cue ends
    nearest the end of the question's first sentence (ties: longer cue, then the order of asks.toml); the items
    marked by a character they hold (哪几个“同”) are a list."""
    if item_mark(text):
        return "list"
    text = which_in_words(text)  # (哪6种: 哪六种)
    # what the question sets aside is not asked (除了按程序一步步走，还得落实哪些制度 asks for the list)
    first = _ASIDE.sub(lambda m: "□" * len(m.group(0)), _sentences(text)[0])
    phrases = re.split(r"[，,；;：:]", first)
    if len(phrases) > 1 and _meta_only(phrases[-1]):
        first = first[:len(first) - len(phrases[-1])]  # …配几个人，规定里有讲吗: the number is asked
    best: tuple[int, int, int] | None = None
    chosen: str | None = None
    present: list[str] = []
    for order, kind in enumerate(vocab.asks().values()):
        for cue in kind.cues:
            for m in cue.finditer(first):
                if kind.requires and not any(w in text for w in kind.requires):
                    continue  # 还得再配几个 asks how many, not how many are left: nothing is said to be done
                if kind.wins:
                    return kind.kind
                present.append(kind.kind)
                key = (m.end(), m.end() - m.start(), -order)
                if best is None or key > best:
                    best, chosen = key, kind.kind
    over = next((k for k in present if chosen in vocab.asks()[k].over), None)
    chosen = over or chosen or _measured_before(first)
    if chosen == "items" and items_asked(first) is None:
        chosen = "list"  # 每年的主题分别是什么 names no count: a list
    rest = _sentences(text)[1:]
    if chosen == "yesno" and rest and len(rest[0]) <= 8:  # 有没有奖金？发多少？ asks for the amount
        then = ask_of(rest[0])
        if then and "yesno" in vocab.asks()[then].over:
            return then
    return chosen


def _measured_before(sentence: str) -> str | None:
    """The kind asked by a measure named before 多少 or 几 in its phrase (课时最少要多少 is 多少课时), when no cue
    is in the usual order."""
    for phrase in re.split(r"[，,；;：:]", sentence):
        m = re.search(r"多少|几", phrase)
        if not m:
            continue
        for kind in vocab.asks().values():
            for cue in kind.cues:
                noun = re.sub(r"^(多少|几)个?", "", cue.pattern)
                if noun != cue.pattern and re.fullmatch(r"[\u4e00-\u9fff]{2,}", noun) and noun in phrase[:m.start()]:
                    return kind.kind
    return None


# The unit a duration or deadline question asks in (多少课时, 几个月内): an answer in another unit answers
# something else (一年以上的培养 is no count of 课时).
_ASK_UNITS = {"hours": "学时|课时|小时", "years": "年", "months": "个月|月", "days": "天|日", "weeks": "周(?!岁)"}


def ask_unit(text: str) -> str | None:
    """The unit class a question asks its figure in (hours, years, months, days, weeks), when it names one."""
    for unit, words in _ASK_UNITS.items():
        if re.search(rf"(?:几|多少)个?(?:{words})", text) or unit == "hours" and re.search(
                rf"(?:{words})[^，,。？?]{{0,6}}(?:几|多少)(?![个年月天日周学课小])", text):
            return unit  # (课时最少要多少)
    return None


def unit_class(word: str) -> str | None:
    """The unit class a unit word belongs to (个月 → months), or None for another word."""
    return next((unit for unit, words in _ASK_UNITS.items() if re.fullmatch(words, word)), None)


def unit_words(unit: str) -> str:
    """The words of a unit class, as a pattern alternative (`学时|课时|小时`)."""
    return _ASK_UNITS[unit]


def _matched(text: str, tab: dict[str, tuple[str, ...]], keys: list[str]) -> list[str]:
    """The surface words of `text` that named the given keys (longest first)."""
    return [n for k in keys for n in sorted(tab[k], key=len, reverse=True) if n in text][:len(keys) * 2]


def numbers_in(norm: str) -> list[Number]:
    """Each number of a normalized question with what it counts, from its unit and the words around it."""
    out: list[Number] = []
    totals: list[bool] = []  # (这个月开过一次，今年一共开了3次: the total is what is done)
    done_words = tuple(vocab.names()["done"]["words"])
    for m in re.finditer(_NUM + rf"\s*(?P<unit>{_UNITS})?", norm):
        value = float(m.group("n")) * (-1 if m.group("sign") else 1)
        unit = m.group("unit") or ""
        before, after = norm[max(0, m.start() - 14) : m.start()], norm[m.end() : m.end() + 12]
        role = _role_of(value, unit, before, after)
        if role:
            clause_before = re.split(r"[，。；,;？?！!]", before)[-1]
            out.append(Number(value=value, role=role, unit=unit, done=any(w in clause_before for w in done_words),
                              below=role == "bound" and re.search(f"(?:{_BELOW})$", before) is not None))
            totals.append(re.search(r"一共|总共|累计|共计|合计|全年", clause_before) is not None)
    summed = {n.role for n, total in zip(out, totals) if n.done and total}
    return [n.model_copy(update={"done": False}) if n.done and n.role in summed and not total else n
            for n, total in zip(out, totals)]


_BELOW = "不到|不足|不满|少于|低于"


def _role_of(value: float, unit: str, before: str, after: str) -> str | None:
    """What one number counts."""
    if unit in ("元", "万元"):
        return "amount"
    if unit.lstrip("个") in ("学时", "小时"):
        return "hours"
    if unit == "天":
        return "days"
    if unit == "分":
        return "score"
    if unit in ("%", "％"):
        star = next((s for s in _STARS if re.search(rf"{s}[^，。；,;\d]{{0,8}}$", before)), "")
        return f"pct:{star}"
    if unit == "年":
        return "year" if 1900 <= value <= 2100 else None
    if unit == "次":
        return "times"
    if unit in ("星", "届", "个月"):
        return None
    if re.match(r"(个)?(机关)?(基层)?(党组织|党支部|支部|党总支|组织)", after) and unit in ("个", ""):
        return "orgs"
    if re.search(r"应到(会)?(有表决权的)?(正式)?(党员)?$", before):
        return "attendance"
    if re.search(rf"(?:{_BELOW}|超过|多于|高于)$", before):
        return "bound"  # 党员不到七个人: a bound the question asks about, not a count it gives
    nouns = vocab.table("number_noun")
    head = after if unit == "" else unit + after
    for role, words in nouns.items():  # the noun right after the number: 200名团员
        if re.match(rf"(名|个|位|人)?(的)?({'|'.join(map(re.escape, words))})", head):
            return role
    posts = [n for role, names in vocab.table("role").items() if role not in vocab.MEMBER_KINDS for n in names]
    if re.match(rf"(名|个|位|人)?(的)?({'|'.join(map(re.escape, posts))})", head):
        return "posts"  # 只选一个书记, 3名委员: how many hold a post, not how many members there are
    clause_before = re.split(r"[，。；,;？?！!\d]", before)[-1]
    best: tuple[int, str] | None = None
    for role, words in nouns.items():  # the nearest noun before it in the same clause: 团员200人
        for w in words:
            at = clause_before.rfind(w)
            if at >= 0 and (best is None or at + len(w) > best[0]):
                best = (at + len(w), role)
    if best:
        return best[1]
    clause_after = re.split(r"[，。；,;？?！!、和与及]", after, maxsplit=1)[0]
    if unit == "个" and re.match(r"[\u4e00-\u9fff]", clause_after) and not re.match(_PEOPLE_AFTER, clause_after):
        return None  # 一个岗位, 两个支部: a count of something else
    if unit in ("名", "人", "位", "个") and not clause_after.startswith(("党组织", "领导", "成员")):
        return "people"
    return None


# What a count of people may be followed by (三十个党员, 五个人, 十几个同事都是党员).
_PEOPLE_AFTER = r"(人|党员|同志|同事|干部|职工|员工|委员|支委|正式|预备|在职|退休|离退休|都|左右|上下|多|来|出头)"


def understand(question: str, corp: Corpus | None = None, previous: Query | None = None) -> Query:
    """Read what a question names and asks. With `previous`, a message that only names another city, level,
    organization type, role or topic (那湖州呢？ 县里呢 党总支呢) is that query with those replaced."""
    c = corp or corpus()
    text = question or ""
    if previous is not None:
        follow = _follow_up(text, previous, c)
        if follow is not None:
            return follow
    return _read(text, c)


def _read(text: str, c: Corpus) -> Query:
    doc_tab = _doc_names(c)
    sentences = _sentences(text)
    asking = sentences[0]
    # the cities the asking sentence names, when it names one (我刚从温州调来，杭州这边…按多少比例配: 杭州)
    docs, others = _cities(asking, c, doc_tab)
    if not docs and not others:
        docs, others = _cities(text, c, doc_tab)
    absurd = absurd_runs(text)
    normalized, _ = normalize_numbers(text)
    level_text = text
    for names in doc_tab.values():  # 温州市 is a city, not the 市 level; 温州市直 is both
        for n in names:
            level_text = re.sub(rf"{re.escape(n)}(?:市(?![直级属本]))?", "□", level_text)
    levels = vocab.names_in(level_text, vocab.table("level"))
    # the organizations and posts the phrase that asks names, else those of its sentence, else the message's (我们
    # 支部下面分了三个党小组……党小组组长一届任期是几年: the 党小组's, not the 支部's); a yes-no question asks its whole
    # sentence (乡镇机关党委的副书记，能让组织委员兼着吗: both posts)
    ask = ask_of(text)
    phrase = asking_phrase(asking, ask) if ask != "yesno" else asking
    orgs = _first_named(tuple(map(_below, (phrase, asking, text))), "org")  # (机关党委下面的党支部: the 支部)
    # (the background's posts only when the asking sentence names no topic of its own or the asker says which post
    # is theirs: …书记被抽调了。换届延期的话得找谁批 asks nothing of the 书记; 我是支部书记。任期几年 does)
    told = (text,) if not _topics(asking) or _SELF.search(text) else ()
    roles = _first_named(tuple(mask_org_names(t) for t in (phrase, asking, *told)), "role")
    # the asking sentence's topics; the background's only when it names no subject at all (支部开党员大会。多久开一次？,
    # not …要成立机关党委。想问一下，书记该谁当？)
    own_subject = vocab.names_in(asking, vocab.table("org")) or vocab.names_in(asking, vocab.table("role"))
    # …or, when it names none, the other questions' (会不会超过上限？纪委委员最多能设几个？), then the background's
    asked_too = [p for p in sentences[1:] if p + "？" in text or p + "?" in text]
    # the phrase asking who holds a post or how many do, when it names the post, is not about the phrases told
    # before it (我们局准备新设机关党委，书记这个位置一般是让哪位领导来兼); a time is that of what they tell (书记病退了，
    # 几个月之内选出新书记), and a yes-no question asks its whole sentence (评价低的党员，要不要由书记约谈)
    phrase_topics = _topics(phrase) if phrase != asking else []
    if ask in POST_ASKS and phrase != asking and not phrase_topics and vocab.names_in(phrase, vocab.table("role")):
        topics: list[str] = []
    elif phrase_topics and not numbers_in(normalized):
        # 任期还没到就调走了，位子空出来怎么办: the vacancy, not the term (a figure given elsewhere is computed with:
        # 党员工资总额180万元，工作经费核算多少)
        topics = phrase_topics
    else:
        topics = _topics(asking) or ([] if own_subject else _topics("，".join(asked_too)) or _topics(text))
    # what a phrase framing the asking one names is asked about too (预备党员转正，表决要多少人赞成)
    topics = list(dict.fromkeys([t for p in _framing(asking, phrase) for t in _topics(p)] + topics))
    if ask == "definition":  # 算什么组织 asks what it is: 什么组织 is how it asks, not the organization type
        cues, spans = cue_spans(asking, ask), vocab.topic_spans(asking)
        topics = [t for t in topics if not (any(k == t for _, _, k in spans) and all(
            any(a < e and s < b for a, b in cues) for s, e, k in spans if k == t))]
    named = [n for d in docs for n in (*doc_tab.get(d, ()), d)] + others
    words = {
        "level": _matched(level_text, vocab.table("level"), levels),
        "org": _matched(text, vocab.table("org"), orgs),
        "role": _matched(text, vocab.table("role"), roles),
        "topic": [w for k in topics for w in vocab.topics()[k].words if w in text][:4],
    }
    return Query(
        text=text,
        normalized=normalized,
        docs=docs,
        other_cities=others,
        levels=levels,
        org_types=orgs,
        roles=roles,
        outside=vocab.names_in(asking, vocab.table("outside")),  # (刚来两年的年轻科员 in the background is no subject)
        topics=topics,
        ask=ask,
        unit=ask_unit(text),
        numbers=numbers_in(normalized),
        core=strip_names(text, named) if named else text.strip(),
        expansions=expand(text),
        words=words,
        error=f"数字「{absurd[0][:8]}…」太长，无法识别。请用阿拉伯数字写数字，例如 120。" if absurd else None,
    )


POST_ASKS = frozenset({"who", "holder", "people"})  # asks whose answer is the post's own: who holds it, how many do


_PARENT = re.compile(r"(?:下面|下属|所属|下设|下辖|底下)的?")


def _below(text: str) -> str:
    """The part of a text after an organization it says another belongs to (机关党委下面的党支部 → 党支部)."""
    m = _PARENT.search(text)
    return text[m.end():] if m and vocab.names_in(text[m.end():], vocab.table("org")) else text


def _first_named(texts: tuple[str, ...], table: str) -> list[str]:
    """The names of a vocabulary table found in the first of `texts` (narrowest first) that holds any."""
    return next((found for t in texts if (found := vocab.names_in(t, vocab.table(table)))), [])


def _cities(text: str, c: Corpus, doc_tab: dict[str, tuple[str, ...]]) -> tuple[list[str], list[str]]:
    """The documents and the cities without one a text names, also in Latin letters (`funding 120 members wenzhou`)."""
    lowered = text.lower()
    docs = vocab.names_in(text, doc_tab)
    docs += [d for d in c.documents if re.search(rf"(?<![a-z]){d}(?![a-z])", lowered) and d not in docs]
    others = [city for city in other_city_names() if city in text]
    others += [n for w in re.findall(r"[a-z]+", lowered) if (n := city_of_pinyin(w)) and n not in others]
    return docs, others


_SELF = re.compile(r"(?:我|本人)(?:是|当|担任|现任|任)|作为")  # the asker's own post
_FRAME_END = re.compile(r"(时|时候|的话|期间)$")


@cache
def _names_and_topic_words() -> tuple[str, ...]:
    """Every name of an organization, post or level and every topic word, longest first."""
    named = [w for tab in ("org", "role", "level") for ws in vocab.table(tab).values() for w in ws]
    return tuple(sorted(named + [w for t in vocab.topics().values() for w in t.words], key=len, reverse=True))


def _framing(sentence: str, phrase: str) -> list[str]:
    """The phrases before the asking one that set its frame: a time or case (讨论转正时) or nothing but names of
    what is asked about (预备党员转正，…), not a story with its own verb (党费是转正以后才交还是现在就交)."""
    if phrase == sentence or phrase not in sentence:
        return []
    before = [p for p in re.split(r"[，,；;：:]|(?<=的时候)", sentence[:sentence.index(phrase)]) if p]

    def bare(p: str) -> bool:
        for w in _names_and_topic_words():
            p = p.replace(w, "")
        return not re.search(r"[\u4e00-\u9fff]{2}", p)

    return [p for p in before if _FRAME_END.search(p) or bare(p)]


# How often, said inside a verb and its object (谈一次心, 开两回会).
_SPLIT_VERB = re.compile(r"(?<=[\u4e00-\u9fff])[一两几]?[次回](?=[\u4e00-\u9fff])")


def _topics(text: str) -> list[str]:
    """The topics a text names, also with its keywords typed apart joined (支委 开会), without the cue of a count
    (留几成: 留成), without 一个 (选一个支委会: 选支委会) and without how often inside a verb (谈一次心: 谈心)."""
    joined = re.sub(r"\s+", "", text)
    return list(dict.fromkeys(vocab.topics_in(text) + vocab.topics_in(re.sub("几|多少", "", joined))
                              + vocab.topics_in(joined.replace("一个", ""))  # 选一个支委会: 选支委会
                              + vocab.topics_in(_SPLIT_VERB.sub("", joined))))  # 谈一次心: 谈心


def _follow_up(text: str, previous: Query, c: Corpus) -> Query | None:
    """The previous query with what a short follow-up names replaced; None when the message is a question of
    its own (it asks something, has numbers, or says more than names)."""
    m = _FOLLOW.match(text.strip())
    if not m:
        return None
    new = _read(m.group("core"), c)
    if new.numbers or new.error or not (new.docs or new.other_cities or new.levels or new.org_types or new.roles or new.topics):
        return None
    rest = m.group("core")
    for field in ("level", "org", "role", "topic"):
        for w in new.words.get(field, []):
            rest = rest.replace(w, "")
    for d in new.docs:
        for n in sorted((*c.documents[d].names, d), key=len, reverse=True):
            rest = re.sub(rf"{re.escape(n)}(?:市(?![直级属本]))?", "", rest, flags=re.I)
    for city in new.other_cities:
        rest = rest.replace(city, "")
    if len(_FOLLOW_FILLER.sub("", rest)) > 1:
        return None  # more than names: a question of its own
    out = previous.model_copy(deep=True)
    out.follow_up = True
    core = previous.core
    if new.docs or new.other_cities:
        out.docs, out.other_cities = list(new.docs), list(new.other_cities)
    topic_words = "".join(new.words.get("topic", []))
    for field, attr in (("level", "levels"), ("org", "org_types"), ("role", "roles"), ("topic", "topics")):
        if getattr(new, attr) and not (field in ("org", "role") and all(w in topic_words for w in new.words.get(field, []))):
            old_words = previous.words.get(field, [])
            replacement = new.words[field][0] if new.words.get(field) else ""
            if old_words and old_words[0] in core:
                core = core.replace(old_words[0], replacement, 1)
            else:
                core = replacement + core
            setattr(out, attr, list(getattr(new, attr)))
            out.words[field] = list(new.words.get(field, []))
    out.core = core
    label = "".join(c.documents[d].label for d in out.docs[:1]) or "".join(out.other_cities[:1])
    out.text = label + core
    out.normalized, _ = normalize_numbers(out.text)
    out.topics = list(vocab.topics_in(out.text)) if new.topics else out.topics
    out.ask = ask_of(out.text) or previous.ask
    out.expansions = expand(out.text)
    return out
