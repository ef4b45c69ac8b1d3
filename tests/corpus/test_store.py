"""A user's way of naming a clause resolves to it; a sixth document needs no code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from corpus.store import DOCUMENTS_DIR, load_corpus


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("wenzhou-3", "wenzhou-3"),
        ("wenzhou 3", "wenzhou-3"),
        ("WENZHOU 3", "wenzhou-3"),
        ("温州 第3条", "wenzhou-3"),
        ("温州第三条", "wenzhou-3"),
        ("温州市第二十一条", "wenzhou-21"),
        ("湖州 二、5", "huzhou-5"),
        ("东莞第32条", "dongguan-32"),
        ("温州第二部分", "wenzhou-p2"),
        ("shaoxing p2 s4", "shaoxing-p2-s4"),
        ("绍兴 二、（四）", "shaoxing-p2-s4"),
        ("编办 三、（十四）6．（1）", "bianban-6.1"),
        ("bianban-d2-p3", "bianban-d2-p3"),
    ],
)
def test_references_resolve(corp, ref: str, expected: str) -> None:
    res = corp.resolve(ref)
    assert res.clause is not None, res.message
    assert res.clause.id == expected


def test_an_ambiguous_reference_lists_the_candidates(corp) -> None:
    res = corp.resolve("编办 6")
    assert res.clause is None
    assert {"bianban-p2-6", "bianban-s13-6", "bianban-s14-6"} <= {c.id for c in res.candidates}
    assert "多处" in res.message


def test_an_unknown_reference_offers_the_nearest_ids(corp) -> None:
    res = corp.resolve("wenzhou 99")
    assert res.clause is None
    assert "wenzhou-9" in res.suggestions
    assert "找不到" in res.message
    assert corp.resolve("").clause is None


def test_a_sixth_document_is_a_text_file_and_a_metadata_entry(tmp_path: Path) -> None:
    shutil.copytree(DOCUMENTS_DIR, tmp_path, dirs_exist_ok=True)
    (tmp_path / "ningbo.txt").write_text(
        "中 共 宁 波 市 委\n关于机关党建的意见\n\n一、总体要求\n\n1．把握方向。机关党委每届任期 5 年。\n\n2．加强组织。支部每月开会一次。\n\n中共宁波市委\n2020 年 1 月 2 日\n",
        encoding="utf-8",
    )
    with (tmp_path / "documents.toml").open("a", encoding="utf-8") as f:
        f.write('\n[[document]]\nid = "ningbo"\nfile = "ningbo.txt"\ncity = "宁波"\nissuer = "中共宁波市委"\n'
                'title = "关于机关党建的意见"\ndate = "2020-01-02"\n')
    corp = load_corpus(tmp_path)
    assert [c.id for c in corp.of("ningbo")] == ["ningbo-title", "ningbo-p1", "ningbo-1", "ningbo-2", "ningbo-sign"]
    assert corp.by_id["ningbo-1"].text == "1．把握方向。机关党委每届任期5年。"
    assert corp.resolve("宁波第二条").clause.id == "ningbo-2"
