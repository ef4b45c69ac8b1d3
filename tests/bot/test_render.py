"""Rendering: corpus and user text escaped, long answers split between clauses within Telegram's limit."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.models import Answer, Shown
from bot.render import split_blocks, to_html, to_text


def _shown(text: str, snippet: str = "", clause: str = "wenzhou-3") -> Shown:
    return Shown(doc="wenzhou", clause=clause, text=text, snippet=snippet, citation="《测试》二、3．", city="温州")


class _Balance(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.ok = True

    def handle_starttag(self, tag, attrs) -> None:
        self.stack.append(tag)

    def handle_endtag(self, tag) -> None:
        self.ok = self.ok and bool(self.stack) and self.stack.pop() == tag


def _balanced(message: str) -> bool:
    parser = _Balance()
    parser.feed(message)
    parser.close()
    return parser.ok and not parser.stack and not re.search(r"&(?![a-z]+;|#\d+;)", message)


def test_plain_text_shows_the_figure_the_quote_and_the_citation() -> None:
    answer = Answer(
        query="q", found=True, kind="calc",
        calc=[{"text": "温州：市直机关党委每届任期 4年", "formula": "", "citation": {"doc": "wenzhou", "clause": "wenzhou-3", "quote": "市直部门机关党委每届任期4年"}}],
        results=[_shown("甲。乙。", snippet="乙。")],
    )
    text = to_text(answer)
    assert text.index("4年") < text.index("《测试》二、3．")
    assert "「市直部门机关党委每届任期4年」" in text
    assert "甲。【乙。】" in text


def test_html_escapes_corpus_and_user_text() -> None:
    answer = Answer(query="<script>", found=False, kind="not_found", answer="没有找到「<script>&」")
    (message,) = to_html(answer)
    assert "&lt;script&gt;&amp;" in message and "<script>" not in message


def test_the_matched_sentence_is_underlined_in_the_full_clause() -> None:
    (message,) = to_html(Answer(query="q", found=True, results=[_shown("甲<乙>。丙。", snippet="丙。")]), full=True)
    assert "甲&lt;乙&gt;。<u>丙。</u>" in message


def test_a_long_answer_is_split_between_clauses() -> None:
    results = [_shown("党" * 1500 + "。", clause=f"wenzhou-{i}") for i in range(5)]
    messages = to_html(Answer(query="q", found=True, results=results), full=True)
    assert len(messages) == 3
    assert all(len(m) <= 4096 and _balanced(m) for m in messages)
    assert sum(m.count("条款编号") for m in messages) == 5
    assert all(m.count("<b>") == m.count("条款编号") for m in messages)  # no clause cut across messages


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="党<&>😀 \n甲", max_size=3000), min_size=1, max_size=6))
def test_any_text_splits_into_valid_messages_within_the_limit(texts: list[str]) -> None:
    results = [_shown(t or "空", clause=f"x-{i}") for i, t in enumerate(texts)]
    for message in to_html(Answer(query="q", found=True, results=results), full=True):
        assert 0 < len(message) <= 4096
        assert _balanced(message)


def test_split_blocks_keeps_short_blocks_together() -> None:
    assert split_blocks(["a", "b"], limit=10) == ["a\n\nb"]
    assert split_blocks(["a" * 6, "b" * 6], limit=10) == ["a" * 6, "b" * 6]


def test_the_card_puts_the_conclusion_first_quote_collapsed_one_short_source() -> None:
    answer = Answer(
        query="q", found=True, kind="calc", notes=["温州：换届延期期限不超过1年"],
        calc=[{"doc": "wenzhou", "text": "温州（市直 机关党委）：机关党委每届任期 4年", "formula": "",
               "citation": {"doc": "wenzhou", "clause": "wenzhou-3", "quote": "市直部门机关党委每届任期4年"},
               "source": "《中共温州市委关于贯彻〈…工作条例〉的实施意见》（2012）二、3．合理设置机关基层党组织"}],
        results=[_shown("甲。乙。", snippet="乙。")],
    )
    (card,) = to_html(answer)
    assert card == ("<b>温州（市直 机关党委）：机关党委每届任期 4年</b>\n"
                    "<blockquote expandable>市直部门机关党委每届任期4年</blockquote>\n温州实施意见（2012）二、3")
    (full,) = to_html(answer, full=True)  # the detail: side notes, full title, clause id; still no italics
    assert "注：温州：换届延期期限不超过1年" in full and "条款编号：wenzhou-3" in full and "<i>" not in full


def test_short_sources() -> None:
    from bot.card import short_source

    assert short_source("《市编办党支部工作制度》三、（十五）4．", "编办") == "编办党支部工作制度三、（十五）4"
    assert short_source("《中共东莞市委办公室关于加强和改进市直机关党的建设的若干措施》（2021）七、31．配齐配强", "东莞") == "东莞若干措施（2021）七、31"
    assert short_source("《测试》", "温州") == "温州测试"


def test_every_compare_card_fits_one_screen_and_its_pages_are_valid() -> None:
    """The card's limits hold for every /compare topic; its detail pages are valid Telegram HTML, a document's
    rules spread evenly over pages of at most COMPARE_PAGE_ITEMS, every rule's verbatim quote kept."""
    from rules.compare import compare, topics
    from tests.bot.botapi_server import parse_html

    from bot.card import (CARD_CHARS, CARD_LINES, COMPARE_PAGE_ITEMS, CONTINUED, SCREEN_LINES, compare_card,
                          compare_docs, compare_page, measure)

    for topic in topics():
        (card,) = compare_card(topic)
        plain, entities = parse_html(card)
        assert measure(card)[:2] == (len(plain), plain.count("\n") + 1)
        chars, lines, wrapped = measure(card)
        assert chars <= CARD_CHARS and lines <= CARD_LINES and wrapped <= SCREEN_LINES, (topic, chars, lines, wrapped)
        table = compare(topic)
        rows = [row for row in table.rows if row.items]
        assert [e["type"] for e in entities].count("bold") == 1 + len(rows)  # the title, one line per document
        labels = compare_docs(topic)
        assert [label for label in labels if not label.endswith(CONTINUED)] == [row.label for row in rows]
        pages = [parse_html(compare_page(topic, n))[0] for n in range(1, len(labels) + 1)]
        for row in rows:
            mine = [p for p in pages if p.startswith(f"{table.name}：{row.label}（{len(row.items)}项")]
            assert len(mine) == -(-len(row.items) // COMPARE_PAGE_ITEMS)
            assert all(any(f"「{it.quote}」" in p for p in mine) for it in row.items)
        assert compare_page(topic, 0) == compare_page(topic, len(labels) + 1) == card  # out of range: the summary


def test_the_card_names_the_post_whose_duty_the_answering_sentence_is() -> None:
    from bot.models import Lead

    answer = Answer(query="q", found=True, kind="answer", results=[_shown("纪检委员：负责党风廉政建设；负责调查。", snippet="负责调查。")],
                    lead=[Lead(doc="wenzhou", clause="wenzhou-3", text="负责调查。", post="纪检委员")])
    (card,) = to_html(answer)
    assert card.startswith("<b>温州（纪检委员）：负责调查。</b>")
