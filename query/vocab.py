"""The words the understanding layer reads questions with, loaded once from query/data: places, organization
types, roles, organizations outside the documents' scope, topics and asks. Only words and patterns live in the
data files; this module loads them and finds them in a text (longest names first)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
SYNONYMS = DATA / "synonyms.toml"


class DataError(Exception):
    """A data file of the understanding layer is missing or malformed; the message is for the user (Chinese)."""


def _toml(name: str) -> dict:
    path = DATA / name
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"数据文件 {path.name} 缺失或格式错误：{exc}") from exc


@cache
def names() -> dict[str, dict]:
    """Every table of names.toml (level, org, role, outside, number_noun, done and their display names)."""
    return _toml("names.toml")


@cache
def table(section: str) -> dict[str, tuple[str, ...]]:
    """One key → names table of names.toml (`level`, `org`, `role`, `outside`, `number_noun`)."""
    return {k: tuple(v) for k, v in names()[section].items()}


def display(section: str) -> dict[str, str]:
    """The Chinese display names of a table's keys (`level` → {city: 市直, …})."""
    return dict(names()[f"{section}_name"])


@dataclass(frozen=True)
class Topic:
    """What a question or sentence is about: a key the rule tables use, its Chinese name, its words."""

    key: str
    name: str
    words: tuple[str, ...]
    unless: tuple[str, ...] = ()
    strict: bool = False  # a figure asked about it must stand next to its own words (到会: not a committee's size)
    body: str = ""  # the organization whose meeting it is (党小组会: 党小组): that body's own rules say what is done there


# Roles that are kinds of (future) members, not posts someone holds (rules for 党员 are read against them).
MEMBER_KINDS = frozenset({"activist", "candidate", "probationary"})

# Bodies that approve or oversee the basic-level organizations (经机关工委批准, 由本部门党组（党委）副书记兼任): named in a
# sentence as the one that acts on them, not as its subject.
OVERSEEING_ORGS = frozenset({"working_committee", "discipline_working_committee", "party_group"})


def strict_topics(keys: list[str] | tuple[str, ...]) -> set[str]:
    """The strict topics among some topic keys: conditions that change what a figure means (到会, 党龄)."""
    return {k for k in keys if k in topics() and topics()[k].strict}


@cache
def topics() -> dict[str, Topic]:
    """Topics of topics.toml by key, in file order."""
    out: dict[str, Topic] = {}
    for t in _toml("topics.toml").get("topic", []):
        out[t["key"]] = Topic(t["key"], t["name"], tuple(t["words"]), tuple(t.get("unless", ())), bool(t.get("strict")),
                             t.get("body", ""))
    return out


@dataclass(frozen=True)
class AskKind:
    """A kind of answer: the cues that ask for it, the patterns that state it, the kinds that also answer it."""

    kind: str
    name: str
    cues: tuple[re.Pattern[str], ...]
    states: tuple[re.Pattern[str], ...]
    weak: tuple[re.Pattern[str], ...]
    accepts: tuple[str, ...]
    wins: bool = False
    over: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    prefers: tuple[re.Pattern[str], ...] = ()
    words: tuple[str, ...] = ()  # the cues as written, with 啥 for 什么 (干什么, 干啥)
    plain: tuple[str, ...] = ()  # words saying only how strongly it is asked (必须) and light verbs (实行): not what


def _cue(word: str) -> re.Pattern[str]:
    """A cue word as a pattern: `…` stands for up to eight other characters; 什么 also matches 啥 (兼什么: 兼啥); 几
    after 好 or 十 tells a rough number, it asks nothing (出差好几个月, 十几年)."""
    body = ".{0,8}?".join(re.escape(part).replace("什么", "(?:什么|啥)") for part in word.split("…"))
    return re.compile(("(?<![好十百])" if word.startswith("几") else "") + body)


@cache
def asks() -> dict[str, AskKind]:
    """Ask kinds of asks.toml by kind, in precedence order."""
    out: dict[str, AskKind] = {}
    for a in _toml("asks.toml").get("ask", []):
        out[a["kind"]] = AskKind(
            a["kind"], a["name"], tuple(_cue(c) for c in a["cues"]), tuple(re.compile(p) for p in a.get("states", ())),
            tuple(re.compile(p) for p in a.get("weak", ())), tuple(a.get("accepts", ())), bool(a.get("wins", False)),
            tuple(a.get("over", ())), tuple(a.get("requires", ())), tuple(re.compile(p) for p in a.get("prefers", ())),
            tuple(dict.fromkeys(w for c in a["cues"] for w in (c, c.replace("什么", "啥")))), tuple(a.get("plain", ())),
        )
    return out


@cache
def measure_words() -> frozenset[str]:
    """Measure words that say what a count counts (面 in 几面党旗)."""
    return frozenset(_toml("asks.toml").get("measure", {}).get("words", ()))


def _ask_words(table: str, key: str = "cues") -> tuple[str, ...]:
    """A word list of one of asks.toml's tables (`[exists]` cues …)."""
    return tuple(_toml("asks.toml").get(table, {}).get(key, ()))


@cache
def exists_cues() -> tuple[str, ...]:
    """Cues that ask whether something exists (有没有, 有无)."""
    return _ask_words("exists")


@cache
def meta_cues() -> tuple[str, ...]:
    """Cues of a phrase that only asks whether the documents say something (规定里有讲吗)."""
    return _ask_words("meta")


@cache
def speaker_cues() -> tuple[re.Pattern[str], ...]:
    """Patterns of a phrase that tells the speaker's own situation (我是刚做党务的, 让我查一下)."""
    return tuple(re.compile(p) for p in _ask_words("speaker"))


@cache
def duty_cues() -> tuple[tuple[str, ...], tuple[re.Pattern[str], ...]]:
    """Cues that ask for a post's duties (职责, 管什么), and the patterns of a sentence saying what a post does."""
    return _ask_words("duties"), tuple(re.compile(p) for p in _ask_words("duties", "states"))


@cache
def condition_cues() -> tuple[tuple[str, ...], tuple[re.Pattern[str], ...]]:
    """Cues that ask in which cases something is done (哪些情况), and the patterns of a sentence listing cases."""
    return _ask_words("conditions"), tuple(re.compile(p) for p in _ask_words("conditions", "states"))


@cache
def joint_cues() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Cues that ask whether one holds two posts at once (兼任), the words naming who would (由, 让), and the words
    with which a sentence says who holds a post (担任)."""
    return _ask_words("joint"), _ask_words("joint", "by"), _ask_words("joint", "holds")


@cache
def pointer_patterns() -> tuple[re.Pattern[str], ...]:
    """Patterns of a sentence that refers to another regulation instead of stating the answer."""
    return tuple(re.compile(p) for p in _toml("asks.toml").get("pointer", {}).get("states", ()))


@lru_cache(maxsize=64)
def _longest_first(items: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[tuple[str, str], ...]:
    """(name, key) pairs of a table, longest names first, with the words that are no name of it (key "")."""
    blockers = ((w, "") for w in names()["not_names"]["words"])
    return tuple(sorted([*((n, k) for k, ns in items for n in ns), *blockers], key=lambda x: -len(x[0])))


def name_spans(text: str, tab: dict[str, tuple[str, ...]]) -> list[tuple[int, str]]:
    """(position, key) of every name of `tab` in `text`, in text order, each occurrence consumed once (longest
    names first, so 党总支 is not also read as 支部)."""
    found: list[tuple[int, str]] = []
    rest = text
    for name, key in _longest_first(tuple(tab.items())):
        if name not in rest:
            continue
        start = rest.find(name)
        while start >= 0:
            if key:
                found.append((start, key))
            rest = rest[:start] + "□" * len(name) + rest[start + len(name) :]
            start = rest.find(name)
    return sorted(found)


def names_in(text: str, tab: dict[str, tuple[str, ...]]) -> list[str]:
    """Keys of `tab` whose names occur in `text`, in order of first occurrence (see `name_spans`)."""
    return list(dict.fromkeys(key for _, key in name_spans(text, tab)))


@cache
def _topic_words() -> tuple[tuple[str, str], ...]:
    """(word, topic key) pairs, longest words first."""
    return tuple(sorted(((w, t.key) for t in topics().values() for w in t.words), key=lambda x: -len(x[0])))


def _spans(word: str, text: str) -> list[range]:
    """Where a word occurs in a text (non-overlapping, left to right)."""
    out, at = [], text.find(word)
    while at >= 0:
        out.append(range(at, at + len(word)))
        at = text.find(word, at + len(word))
    return out


@lru_cache(maxsize=8192)
def topics_in(text: str) -> tuple[str, ...]:
    """Topic keys named in a text, longest words first; a word inside one of its own topic's `unless` words
    (任期内 for 任期) does not name that topic, and does not hide other topics' words."""
    return tuple(dict.fromkeys(key for _, _, key in topic_spans(text)))


def topic_spans(text: str) -> list[tuple[int, int, str]]:
    """Where a text names each topic: (start, end, key) in text order (see topics_in)."""
    blocked: dict[str, set[int]] = {}
    for t in topics().values():
        for u in t.unless:
            for span in _spans(u, text):
                blocked.setdefault(t.key, set()).update(span)
    found: list[tuple[int, int, str]] = []
    taken: set[int] = set()
    for word, key in _topic_words():
        if word not in text:
            continue
        for span in _spans(word, text):
            cells = set(span)
            if cells & taken or cells & blocked.get(key, set()):
                continue
            taken |= cells
            found.append((span.start, span.stop, key))
    return sorted(found)


def other_cities() -> dict[str, str]:
    """Cities without a document in the corpus, Chinese name → pinyin (data/other_cities.txt)."""
    try:
        lines = (DATA / "other_cities.txt").read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DataError(f"数据文件 other_cities.txt 缺失：{exc}") from exc
    pairs = [line.split() for line in lines if line.strip() and not line.startswith("#")]
    return {p[0]: p[1] for p in pairs if len(p) >= 2}


@cache
def expansion_rules() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """(when, add) pairs of synonyms.toml: the regulation's words for what users say in everyday words."""
    data = _toml("synonyms.toml")
    return tuple((tuple(r["when"]), tuple(r["add"])) for r in data.get("rule", []))
