"""Segmentation keeps the documents' own hierarchy and loses nothing."""

from __future__ import annotations

import re

import pytest

from corpus.clean import body_text
from corpus.store import DOCUMENTS_DIR, load_corpus


@pytest.mark.parametrize("doc", ["wenzhou", "huzhou", "shaoxing", "bianban", "dongguan"])
def test_nothing_is_lost(corp, doc: str) -> None:
    raw = (DOCUMENTS_DIR / corp.documents[doc].file).read_text(encoding="utf-8")
    joined = "".join(re.sub(r"\s+", "", c.text) for c in corp.of(doc))
    assert joined == body_text(raw)


@pytest.mark.parametrize(("doc", "last"), [("wenzhou", 21), ("huzhou", 27), ("shaoxing", 17), ("dongguan", 32)])
def test_items_are_numbered_through(corp, doc: str, last: int) -> None:
    items = [c for c in corp.of(doc) if c.kind == "item"]
    assert [c.number for c in items] == list(range(1, last + 1))
    assert [c.id for c in items] == [f"{doc}-{n}" for n in range(1, last + 1)]


def test_wenzhou_item_knows_its_part_and_heading(corp) -> None:
    c = corp.by_id["wenzhou-3"]
    assert c.label == "3．"
    assert c.path == ("二、机关基层党组织设置及保障机制",)
    assert c.heading == "合理设置机关基层党组织"
    assert c.text.startswith("3．合理设置机关基层党组织。根据《条例》要求")


def test_shaoxing_items_sit_under_its_five_sub_parts(corp) -> None:
    subparts = [c for c in corp.of("shaoxing") if c.kind == "subpart" and c.path == ("二、主要任务",)]
    assert [c.label for c in subparts] == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    assert corp.by_id["shaoxing-4"].parent == subparts[1].id
    assert corp.by_id["shaoxing-17"].parent == subparts[4].id
    assert corp.by_id["shaoxing-7"].heading == "加强党务干部队伍建设"


def test_bianban_is_three_documents_in_one(corp) -> None:
    sections = [c for c in corp.of("bianban") if c.kind == "section"]
    assert [c.text for c in sections] == ["机关党建工作责任制", "党支部工作制度", "党小组工作制度"]
    first = [c for c in corp.of("bianban") if c.section == "机关党建工作责任制" and c.kind == "part"]
    assert [c.heading for c in first] == ["办党组党建工作责任制", "机关党支部党建工作责任制", "党小组党建工作责任制"]
    branch = [c for c in corp.of("bianban") if c.section == "党支部工作制度" and c.kind == "part"]
    assert [c.heading for c in branch] == ["指导思想和主要任务", "组织设置和委员职责", "党内生活的基本制度"]
    study = corp.resolve("编办 三、（十三）").clause
    assert study is not None and study.heading == "党支部学习制度"
    assert [c.label for c in corp.of("bianban") if c.parent == study.id] == [f"{n}．" for n in range(1, 7)]
    vote = corp.resolve("编办 三、（十四）6．（7）").clause
    assert vote is not None and vote.kind == "subitem" and "赞成人数" in vote.text
    group = [c for c in corp.of("bianban") if c.section == "党小组工作制度" and c.kind == "item"]
    assert [c.heading for c in group] == ["组织生活会制度", "联系群众制度", "学习制度", "汇报制度", "思想工作制度"]


def test_front_and_back_matter_are_clauses(corp) -> None:
    assert corp.by_id["huzhou-notice"].text.startswith("中共湖州市委印发《关于贯彻〈中国共产党")
    assert corp.by_id["huzhou-title"].text == corp.documents["huzhou"].title
    assert corp.by_id["wenzhou-preamble"].text.startswith("各县（市、区）委，市直属各单位党委（党组）：")
    assert corp.by_id["wenzhou-closing"].text.startswith("本意见适用于全市机关基层党组织。")
    assert corp.by_id["wenzhou-sign"].paragraphs == ["中共温州市委", "2012年12月14日", "中共温州市委办公室2012年12月17日印发"]
    assert corp.by_id["shaoxing-sign"].text == "中共绍兴市委"


def test_multi_paragraph_items_stay_one_clause(corp) -> None:
    c = corp.by_id["huzhou-17"]
    assert len(c.paragraphs) == 8
    assert c.paragraphs[-1].startswith("充分发挥机关纪委监督作用")


def test_ids_are_unique_stable_and_typeable(corp) -> None:
    ids = [c.id for c in corp.clauses]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z]+-[a-z0-9.\-]+", i) for i in ids)
    again = load_corpus()
    assert [c.id for c in again.clauses] == ids
    assert [c.position for c in corp.of("wenzhou")] == list(range(len(corp.of("wenzhou"))))


def test_text_is_verbatim_including_odd_characters(corp) -> None:
    assert "每月召开l次" in corp.resolve("bianban-p3-2").clause.text  # the letter l stays as printed
    assert "落实〈广东省加强党的基层组织建设三年行动计划（2021—2023年）〉" in corp.by_id["dongguan-preamble"].text
