"""`regbot search`, `regbot eval`, `regbot index` as a user runs them (default backend, shipped indexes)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main

FIELDS = {"doc", "clause", "label", "heading", "text", "snippet", "score", "citation"}


def test_search_json_prints_the_query_and_k_results(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "--json", "--k", "3", "党小组", "会议", "多久", "开一次"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["query"] == "党小组 会议 多久 开一次"
    assert len(data["results"]) == 3
    assert set(data["results"][0]) == FIELDS


def test_search_text_shows_citations_and_snippets(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "--doc", "温州", "机关纪委委员人数"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1. 《中共温州市委")
    assert "机关纪委一般设委员3－5人" in out


def test_a_city_without_a_document_is_pointed_out(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "杭州的党费怎么交"]) == 0
    assert "收录的文件中没有杭州的文件" in capsys.readouterr().out


def test_batch_prints_one_line_per_question_in_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    batch = tmp_path / "q.jsonl"
    batch.write_text('{"id": "b", "question": "党费怎么交"}\n\n{"id": 7, "question": "支部委员会任期"}\n', encoding="utf-8")
    assert main(["search", "--json", "--k", "2", "--batch", str(batch)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(o["id"], o["query"], len(o["results"])) for o in lines] == [("b", "党费怎么交", 2), (7, "支部委员会任期", 2)]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["search"], "请给出问题"),
        (["search", "--k", "0", "党费"], "--k 应为 1 到 50"),
        (["search", "--doc", "hangzhou", "党费"], "没有名为「hangzhou」的文件"),
        (["search", "--json", "--batch", "/no/such/file.jsonl"], "找不到文件"),
        (["search", "--batch", "/no/such/file.jsonl", "党费"], "请只给出问题或 --batch 文件之一"),
        (["--backend", "gpt", "search", "党费"], "向量后端"),
        (["search", "党费", "--backend", "gpt"], "向量后端"),  # options work after the command too
        (["eval", "/no/such/dev.jsonl"], "找不到评测文件"),
    ],
)
def test_bad_input_is_a_chinese_message_and_exit_2(argv: list[str], message: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_a_malformed_batch_line_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    batch = tmp_path / "bad.jsonl"
    batch.write_text('{"id": 1, "question": "党费"}\nnot json\n{"id": null, "question": "任期"}\n', encoding="utf-8")
    assert main(["search", "--json", "--batch", str(batch)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o["id"] for o in lines] == [1, None, None]
    assert lines[1] == {"id": None, "error": "第 2 行不是有效的 JSON。"} and lines[2]["results"]


def test_eval_prints_figures_for_each_mode(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dev = tmp_path / "dev.jsonl"
    rows = [
        {"id": "1", "question": "党费连续几个月不交按自行脱党处理", "gold": [{"doc": "bianban", "evidence": ["连续六个月不交纳党费"]}]},
        {"id": "2", "question": "住房公积金怎么提取", "answerable": False, "gold": []},
    ]
    dev.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    assert main(["eval", str(dev)]) == 0
    out = capsys.readouterr().out
    assert "可回答 1 题" in out
    for mode in ("hybrid", "lexical", "dense"):
        assert any(line.startswith(mode) for line in out.splitlines())
    assert "1.000" in out


def test_index_status_reports_the_shipped_indexes_current(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["index", "status"]) == 0
    out = capsys.readouterr().out
    assert out.count("随程序发布（只读）：可用") == 2 and "e5" in out
    assert out.count("sha256 与清单相符") == 2  # what was checked, for each usable copy


def test_index_build_writes_the_cache_directory_and_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["index", "build", "--backend", "fake", "--index-dir", str(tmp_path)]) == 0
    assert f"→ {tmp_path / 'lexical'}" in capsys.readouterr().err
    assert main(["index", "status", "--backend", "fake", "--index-dir", str(tmp_path)]) == 0
    (tmp_path / "fake-fake-hash-64" / "vectors.faiss").write_bytes(b"")
    assert main(["index", "status", "--backend", "fake", "--index-dir", str(tmp_path)]) == 1
    assert "已损坏：文件 vectors.faiss 校验失败" in capsys.readouterr().out


def test_index_build_that_cannot_write_fails_clearly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    assert main(["index", "build", "--backend", "fake", "--index-dir", str(blocker)]) == 3
    assert "无法写入索引目录" in capsys.readouterr().err
    assert main(["index", "build", "--shipped", "--backend", "fake"]) == 2
    assert "只有默认后端 e5 的索引随程序发布" in capsys.readouterr().err
