"""What a question names: documents (by city or alias), cities without a document, levels, organization
types and numbers. The one place that reads these, so that search, the calculator and the answer engine
agree on them.
"""

from __future__ import annotations

import re
import tomllib
import warnings
from functools import cache
from pathlib import Path

from pydantic import BaseModel

from corpus.store import Corpus, corpus



def _other_cities() -> dict[str, str]:
    """Cities without a document in the corpus, Chinese name → pinyin (data/other_cities.txt)."""
    lines = (Path(__file__).parent / "data" / "other_cities.txt").read_text(encoding="utf-8").splitlines()
    pairs = [line.split() for line in lines if line.strip() and not line.startswith("#")]
    return {p[0]: p[1] for p in pairs}


OTHER_CITY_PINYIN = _other_cities()
OTHER_CITIES = tuple(OTHER_CITY_PINYIN)
CITY_OF_PINYIN = {pinyin: name for name, pinyin in OTHER_CITY_PINYIN.items()}

# Level of the organs a question is about: 市直 (city-level organs) / 县（市、区） / 乡镇（街道）.
LEVELS: dict[str, tuple[str, ...]] = {
    "city": ("市直属", "市直", "市级", "市属", "市本级"),
    "county": ("县（市、区）", "县(市、区)", "县（区）", "县(区)", "县市区", "县区", "区县", "县级", "县直", "县里", "县一级", "区级", "区里", "县"),
    "township": ("乡镇（街道）", "乡镇", "街道", "镇街", "镇里"),
}
LEVEL_NAMES = {"city": "市直", "county": "县（市、区）", "township": "乡镇（街道）"}

# Organization types, longest names first so that 党总支 is not read as 支部.
ORG_TYPES: dict[str, tuple[str, ...]] = {
    "working_committee": ("机关工作委员会", "机关工委", "工委"),
    "discipline": ("机关纪委", "纪工委", "纪委", "纪律检查委员会", "纪检委员"),
    "committee": ("直属机关党委", "机关党委", "基层党委", "党的基层委员会", "党委"),
    "general_branch": ("党总支", "总支部", "总支"),
    "branch": ("党支部", "支部"),
    "group": ("党小组",),
}
ORG_NAMES = {
    "working_committee": "机关工委",
    "discipline": "机关纪委",
    "committee": "机关党委",
    "general_branch": "党总支",
    "branch": "党支部",
    "group": "党小组",
}

_CN_NUM = "零〇一二两三四五六七八九十百千万亿"
_NUM_RUN = re.compile(rf"[0-9０-９.．]*[{_CN_NUM}]+|[0-9０-９]+(?:[.．][0-9０-９]+)?[万亿]?")
# A Chinese numeral counts as a number only before a measure word (三个月, 两次, 一百二十名), not in 一般 or 三会一课.
_MEASURE = "名个人次年月天日元万千%％学时小时届分星岁位条项倍周季"


SYNONYMS = Path(__file__).parent / "data" / "synonyms.toml"
# Words that only point at a place once its name is removed (温州这边, 按湖州的规定).
_PLACE_TAIL = r"(?:(?=市直)|市?(?:这边|那边|这里|那里|的话|的)?)"


class QueryInfo(BaseModel):
    """What one question names."""

    text: str
    normalized: str
    docs: list[str] = []
    other_cities: list[str] = []
    levels: list[str] = []
    org_types: list[str] = []
    numbers: list[float] = []
    # The question without the names of documents and cities (those become filters, not search words).
    core: str = ""
    # Words the regulations use for what the question says in everyday words (干几年 → 任期).
    expansions: list[str] = []


@cache
def _expansion_rules() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """(when, add) pairs from data/synonyms.toml."""
    data = tomllib.loads(SYNONYMS.read_text(encoding="utf-8"))
    return tuple((tuple(r["when"]), tuple(r["add"])) for r in data.get("rule", []))


def expansion_words() -> list[str]:
    """Every word query expansion may add (the lexicon must know them as words)."""
    return sorted({w for _, add in _expansion_rules() for w in add})


def expand(text: str) -> list[str]:
    """The regulation's words for what a question says in everyday words, in rule order, without repeats."""
    lowered = text.lower()
    out: list[str] = []
    for when, add in _expansion_rules():
        if any(w.lower() in lowered for w in when):
            out += [a for a in add if a not in out]
    return out


def strip_names(text: str, names: list[str]) -> str:
    """The text without the given place names and the words that only point at them (这边, 的, 市)."""
    for name in sorted(names, key=len, reverse=True):
        # 温州市直 keeps 市直: the level stays a search word.
        text = re.sub(rf"(?:按照?|根据|在)?{re.escape(name)}" + _PLACE_TAIL, " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _cn_value(token: str) -> float | None:
    """Value of a numeral run such as 一百二十, 两, 300万, 3.5, 十二万五千."""
    import cn2an  # light, but only needed when a question has numerals

    token = token.replace("两", "二").replace("〇", "零").translate(str.maketrans("０１２３４５６７８９．", "0123456789."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return float(cn2an.cn2an(token, "smart"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def normalize_numbers(text: str) -> tuple[str, list[float]]:
    """The text with numerals that count things written in Arabic digits, and the values found, in order."""
    out: list[str] = []
    values: list[float] = []
    pos = 0
    for m in _NUM_RUN.finditer(text):
        token = m.group(0)
        after = text[m.end() : m.end() + 1]
        has_digit = any(c.isdigit() for c in token)
        if not has_digit and (not after or after not in _MEASURE):
            continue
        value = _cn_value(token)
        if value is None:
            continue
        out.append(text[pos : m.start()])
        out.append(str(int(value)) if value.is_integer() and value < 1e18 else token)
        values.append(value)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), values


def names_in(text: str, table: dict[str, tuple[str, ...]]) -> list[str]:
    """Keys of `table` whose names occur in `text`, each occurrence consumed once (longest names first)."""
    found: list[tuple[int, str]] = []
    pairs = sorted(((n, k) for k, names in table.items() for n in names), key=lambda x: -len(x[0]))
    rest = text
    for name, key in pairs:
        start = rest.find(name)
        while start >= 0:
            found.append((start, key))
            rest = rest[:start] + "□" * len(name) + rest[start + len(name) :]
            start = rest.find(name)
    keys: list[str] = []
    for _, key in sorted(found):
        if key not in keys:
            keys.append(key)
    return keys


_CITY_TABLES: dict[str, dict[str, tuple[str, ...]]] = {}


def _city_table(c: Corpus) -> dict[str, tuple[str, ...]]:
    """Document id → the Chinese names users call it by (cities, aliases), cached per corpus digest."""
    table = _CITY_TABLES.get(c.digest)
    if table is None:
        table = {d.id: tuple(n for n in d.names if not n.isascii()) for d in c.documents.values()}
        _CITY_TABLES[c.digest] = table
    return table


def understand(question: str, corp: Corpus | None = None) -> QueryInfo:
    """Read what a question names. Never raises: an unreadable question just names nothing."""
    c = corp or corpus()
    text = question or ""
    lowered = text.lower()
    table = _city_table(c)
    docs = [d for d in names_in(text, table)]
    for doc_id in c.documents:  # ids typed in Latin letters: `funding 120 members wenzhou`
        if re.search(rf"(?<![a-z]){doc_id}(?![a-z])", lowered) and doc_id not in docs:
            docs.append(doc_id)
    others = [city for city in OTHER_CITIES if city in text]
    others += [CITY_OF_PINYIN[w] for w in re.findall(r"[a-z]+", lowered) if w in CITY_OF_PINYIN]
    normalized, numbers = normalize_numbers(text)
    level_text = text
    for names in table.values():  # 温州市 is a city, not the 市 level; 温州市直 is both
        for n in names:
            level_text = re.sub(rf"{re.escape(n)}(?:市(?![直级属本]))?", "□", level_text)
    named = [n for d in docs for n in (*table.get(d, ()), d)] + others
    return QueryInfo(
        text=text,
        normalized=normalized,
        docs=docs,
        other_cities=others,
        levels=names_in(level_text, LEVELS),
        org_types=names_in(text, ORG_TYPES),
        numbers=numbers,
        core=strip_names(text, named) if named else text.strip(),
        expansions=expand(text),
    )
