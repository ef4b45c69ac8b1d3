"""The one-screen answer card for Telegram: the conclusion first, the verbatim quote collapsed, one short source.

Telegram shows the newest lines of a long reply first, so a reply must fit one phone screen and start with the
answer. Per answering document the card has a bold one-line conclusion (the calculator's sentence for a
figure, else the document's answering sentence), the verbatim quote in an expandable blockquote, and a short
source line (`温州实施意见（2012）二、3`). Full titles, clause ids and side notes are shown only on request
(`render.to_html(answer, full=True)`). No italics: CJK fonts fake them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import cache

from bot.models import Answer, Shown, post_mark
from rules.compare import CompareItem, CompareRow, Comparison, compare

PAGE_SIZE = 3  # related clauses per "更多" page
# One phone screen (390×800, ~600 px for the bubble): what every card must fit, as `measure` counts it.
CARD_CHARS = 400  # characters as Telegram shows them (quotes expanded)
CARD_LINES = 12  # lines as Telegram shows them (quotes expanded)
SCREEN_LINES = 24  # lines on the phone, wrapped at PHONE_LINE, expandable quotes collapsed to QUOTE_LINES
PHONE_LINE = 18  # CJK characters per line in a 390-px-wide bubble (approx.)
QUOTE_LINES = 3  # lines an expandable quote shows until tapped
COMPARE_LINE = 34  # characters of a /compare card's bold line per document (two lines on a phone)
COMPARE_HINT = "点城市按钮查看该文件的全部条目和原文。"
COMPARE_PAGE_ITEMS = 8  # rules at most on one of a /compare card's detail pages (a document's are spread evenly)
CONTINUED = "（续）"  # the label of a document's further detail pages
_PLACE = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+(?:\.\d+)*[．.、]|（\d+）)+")


def esc(text: str) -> str:
    """Corpus or user text, escaped for Telegram HTML."""
    return html.escape(text, quote=False)


def quote_block(lines: Iterable[str]) -> str:
    """Verbatim text, collapsed to a few lines until tapped (duplicates dropped, order kept)."""
    body = "\n".join(esc(line) for line in dict.fromkeys(x for x in lines if x))
    return f"<blockquote expandable>{body}</blockquote>" if body else ""


def source_parts(citation: str, label: str = "") -> tuple[str, str]:
    """`《中共温州市委关于贯彻〈…〉的实施意见》（2012）二、3．合理设置…` → (`温州实施意见（2012）`, `二、3`).

    The document's kind (its title after the last 的) after the city, the year, and the clause's numbers
    without the heading; a citation of another shape is returned whole, with no place."""
    m = re.match(r"^《(?P<title>.*)》(?P<year>（\d{4}）)?(?P<place>.*)$", citation)
    if not m:
        return citation, ""
    title = re.sub(r"〈[^〉]*〉", "", m.group("title"))
    kind = title.rsplit("的", 1)[-1] if "的" in title else title
    if label and label in kind:
        kind = kind.split(label, 1)[1]
    place = m.group("place")
    numbers = _PLACE.match(place)
    return f"{label}{kind}{m.group('year') or ''}", numbers.group(0).rstrip("．.、") if numbers else place


def short_source(citation: str, label: str = "") -> str:
    """One short source line: `温州实施意见（2012）二、3` (see `source_parts`)."""
    return "".join(source_parts(citation, label))


def sources_line(citations: Iterable[str], label: str) -> str:
    """Several clauses' sources in one line, each document named once: `温州实施意见（2012）三、7；三、9`."""
    by_doc: dict[str, list[str]] = {}
    for citation in citations:
        doc, place = source_parts(citation, label)
        by_doc.setdefault(doc, [])
        if place and place not in by_doc[doc]:
            by_doc[doc].append(place)
    return "；".join(doc + "、".join(places) if len(places) < 2 else doc + "；".join(places) for doc, places in by_doc.items())


@cache
def doc_labels() -> dict[str, str]:
    """Document id → its short Chinese name (温州, 编办 …)."""
    from corpus.store import corpus

    return {d.id: d.label for d in corpus().documents.values()}


def _label(doc: str) -> str:
    return doc_labels().get(doc, doc)


def calc_card(answer: Answer) -> list[str]:
    """Figures: per document, its conclusions in bold, the rules' quotes collapsed, one source line."""
    blocks = []
    for doc in dict.fromkeys(r.get("doc", "") for r in answer.calc):
        mine = [r for r in answer.calc if r.get("doc", "") == doc]
        lines = [f"<b>{esc(r.get('text', ''))}</b>" for r in mine]
        lines.append(quote_block((r.get("citation") or {}).get("quote", "") for r in mine))
        lines.append(esc(sources_line((r.get("source") or "" for r in mine if r.get("source")), _label(doc))))
        blocks.append("\n".join(x for x in lines if x))
    return blocks


def clause_card(answer: Answer) -> list[str]:
    """Found clauses: per document, its answering sentence (the engine's lead, else the matched sentence) in
    bold, the rest of the matched passage collapsed, one source line."""
    leads = {lead.doc: lead for lead in answer.lead}
    blocks = []
    for r in answer.results:
        lead = leads.pop(r.doc, None)
        sentence = lead.text if lead else (r.snippet or r.text)
        rest = r.snippet if lead and r.snippet and lead.text not in r.snippet and r.snippet != lead.text else ""
        post = post_mark(lead.post) if lead else ""  # 编办（纪检委员）：负责违纪党员的调查…
        lines = [f"<b>{esc(r.city or _label(r.doc))}{esc(post)}：{esc(sentence)}</b>", quote_block([rest]),
                 esc(short_source(r.citation, r.city))]
        blocks.append("\n".join(x for x in lines if x))
    return blocks


def compare_table(topic: str) -> Comparison:
    """The comparison behind a /compare card (rules.compare)."""
    return compare(topic)


def compare_docs(topic: str) -> list[str]:
    """The label of each of the card's detail pages, in corpus order: one per document that sets something,
    and `编办（续）` for the further pages of a document with more than COMPARE_PAGE_ITEMS rules."""
    return [row.label + (CONTINUED if start else "") for row, start in _detail_pages(compare_table(topic))]


def _detail_pages(table: Comparison) -> list[tuple[CompareRow, int]]:
    """(document, index of its first rule on the page) for every detail page."""
    if table.error:
        return []
    pages = []
    for row in table.rows:
        size = -(-len(row.items) // -(-len(row.items) // COMPARE_PAGE_ITEMS)) if row.items else 1  # even pages
        pages += [(row, start) for start in range(0, len(row.items), size)]
    return pages


def _brief(item: CompareItem, condition: bool = False) -> str:
    """An item in few characters: `党小组会：1次/月（一般情况下）` → `党小组会 1次/月` (with `condition`,
    `党小组会 1次/月（一般情况下）`); the name's parenthesised details are dropped."""
    name, _, figure = item.text.partition("：")
    short = re.sub(r"（[^（）]*）", "", name) or name
    figure = figure if condition else re.sub(r"（[^（）]*）", "", figure) or figure
    return f"{short} {figure}".strip()


def _headline(row: CompareRow) -> str:
    """One bold line for a document: its count of rules and its first ones (the rule tables list a
    document's main rule on a topic first), as many as fit COMPARE_LINE characters."""
    line = f"{row.label} {len(row.items)}项："
    for i, item in enumerate(row.items):
        part = ("；" if i else "") + _brief(item)
        if i and len(line + part) > COMPARE_LINE:
            break
        line += part
    if len(line) > COMPARE_LINE:
        line = line[: COMPARE_LINE - 1] + "…"
    return f"<b>{esc(line)}</b>"


def compare_card(topic: str) -> list[str]:
    """/compare, the one-screen summary: one bold line per document (how many rules, its main ones),
    the documents that set nothing named together; each document's rules and quotes are its own page
    (`compare_page`)."""
    table = compare_table(topic)
    if table.error:
        return [esc(f"不认识的主题「{topic}」。请点下面的按钮选择主题。")]
    lines = [f"<b>{esc(table.name)}</b>", *(_headline(row) for row in table.rows if row.items)]
    silent = [row.label for row in table.rows if row.silence]
    if silent:
        lines.append(esc(f"未规定：{'、'.join(silent)}"))
    lines.append(COMPARE_HINT)
    return ["\n".join(lines)]


def compare_page(topic: str, page: int) -> str:
    """Page 0 is the summary card; page n the n-th detail page: a document's rules (COMPARE_PAGE_ITEMS at
    most, in order), one short numbered line each, then their verbatim quotes (same numbers), each with its short
    source, collapsed."""
    table = compare_table(topic)
    pages = _detail_pages(table)
    if page <= 0 or page > len(pages):
        return compare_card(topic)[0]
    row, start = pages[page - 1]
    following = [s for r, s in pages if r is row and s > start]
    items = list(enumerate(row.items, 1))[start:following[0] if following else None]
    part = f"，第{items[0][0]}–{items[-1][0]}项" if len(items) < len(row.items) else ""
    lines = [f"<b>{esc(table.name)}：{esc(row.label)}（{len(row.items)}项{part}）</b>"]
    lines += [esc(f"{n}. {f'[{it.scope}] ' if it.scope else ''}{_brief(it, condition=True)}") for n, it in items]
    lines.append(quote_block(f"{n}.「{it.quote}」{short_source(it.citation, row.label)}" for n, it in items))
    return "\n".join(x for x in lines if x)


def related_page(clauses: list[Shown], page: int, found: bool) -> str:
    """One page of further clauses; labelled as related, never as the answer, when nothing answered."""
    pages = max(1, -(-len(clauses) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    title = "更多相关条款" if found else "可能相关的条款（不一定回答了您的问题）"
    blocks = [f"<b>{title}</b>（{page + 1}/{pages}）"]
    for r in clauses[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]:
        blocks.append(f"<b>{esc(r.city or _label(r.doc))}</b> {esc(short_source(r.citation, r.city))}\n"
                      f"{quote_block([r.snippet or r.text])}")
    return "\n\n".join(blocks)


def measure(message: str) -> tuple[int, int, int]:
    """A message's (characters, lines) as Telegram shows it and its wrapped lines on a phone with the
    expandable quotes collapsed: what `CARD_CHARS`, `CARD_LINES` and `SCREEN_LINES` limit."""
    quote = re.compile(r"<blockquote expandable>(.*?)</blockquote>", re.S)
    plain = _plain(message)
    wrapped = _wrapped(_plain(quote.sub("", message)))
    wrapped += sum(min(QUOTE_LINES, _wrapped(_plain(q))) for q in quote.findall(message))
    return len(plain), plain.count("\n") + 1, wrapped


def _plain(message: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", message))


def _wrapped(text: str) -> int:
    return sum(max(1, -(-len(line) // PHONE_LINE)) for line in text.split("\n"))


def page_count(clauses: list[Shown]) -> int:
    """How many "更多" pages the clauses fill."""
    return max(1, -(-len(clauses) // PAGE_SIZE))


def card_blocks(answer: Answer) -> list[str] | None:
    """The card's blocks for an answer that has one (figures, clauses, a comparison); None otherwise."""
    if answer.kind == "compare" and answer.query.strip():
        return compare_card(answer.query)  # found, or an unknown topic (named in Chinese, topics as buttons)
    if answer.calc:
        return calc_card(answer)
    if answer.found and answer.kind == "answer" and answer.results:
        return clause_card(answer)
    if answer.kind == "unknown_city":
        return [esc(answer.answer)]  # its note only repeats the city's name
    return None
