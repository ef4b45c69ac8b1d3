"""Cleaning repairs the PDF extraction and changes no character of the text."""

from __future__ import annotations

import re

from corpus.clean import body_text, is_page_furniture, paragraphs, squeeze
from corpus.store import DOCUMENTS_DIR


def test_page_numbers_are_furniture_and_text_is_not() -> None:
    assert is_page_furniture("— 11 —")
    assert is_page_furniture("  - 3 -  ")
    assert not is_page_furniture("11．提高党员集中培训质量。")


def test_spaced_characters_are_joined_but_latin_words_keep_their_space() -> None:
    assert squeeze(" 中 共 温 州 市 委 ") == "中共温州市委"
    assert squeeze("落 实 〈 广 东 省") == "落实〈广东省"
    assert squeeze("每届任期 4 年") == "每届任期4年"
    assert squeeze("word excel 2021 年") == "word excel 2021年"


def test_hard_wrapped_lines_become_paragraphs_and_numbered_items_start_new_ones() -> None:
    line = "机关党的工作要紧密围绕本部门的中心工作开展，服务大局，建设队伍"  # reaches the margin
    raw = "\n".join([line, "", line, "和纪律。", "", "1．第一项。", "", "— 2 —", "2．第二项。"] + [line] * 8)
    paras = paragraphs(raw)
    assert paras[0] == line + line + "和纪律。"
    assert paras[1] == "1．第一项。"
    assert paras[2].startswith("2．第二项。")
    assert all("— 2 —" not in p for p in paras)


def test_cleaned_documents_have_no_page_numbers_spaced_runs_or_broken_sentences(corp) -> None:
    for clause in corp.clauses:
        for para in clause.paragraphs:
            assert not re.search(r"—\s*\d+\s*—", para), clause.id
            assert not re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", para), clause.id
            assert para == para.strip() and "\n" not in para
        # inside a clause, every paragraph but a heading or signature line ends a sentence
        if clause.kind in ("item", "subitem", "preamble", "closing"):
            for para in clause.paragraphs:
                assert para[-1] in "。；：！？”）", (clause.id, para[-20:])


def test_body_text_drops_only_whitespace_and_page_furniture() -> None:
    raw = (DOCUMENTS_DIR / "dongguan.txt").read_text(encoding="utf-8")
    body = body_text(raw)
    assert "11—" not in body and "—11" not in body
    assert len(body) == len(re.sub(r"\s+", "", raw)) - len("—11—") - len("—13—")
