"""`regbot calc` (text, --json, --batch), `regbot rules --json`, `regbot compare`: the shapes other tools read."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from bot.cli import main
from rules.compare import compare, topics

RESULT_KEYS = {"doc", "quantity", "scope", "value", "min", "max", "unit", "formula", "text", "citation"}


def test_calc_json_has_exactly_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calc", "--json", "funding", "120", "members", "wenzhou"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"query", "results", "notes", "error"} and out["error"] is None
    assert all(set(r) == RESULT_KEYS and set(r["citation"]) == {"doc", "clause", "quote"} for r in out["results"])


def test_calc_refusal_in_json_has_an_error_and_no_results(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calc", "--json", "funding", "wenzhou"]) == 1  # nothing computed
    out = json.loads(capsys.readouterr().out)
    assert out["results"] == [] and "请给出" in out["error"]


def test_calc_batch_gives_one_line_per_input_with_its_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    batch = tmp_path / "q.jsonl"
    batch.write_text('{"id": "a", "question": "vote 20"}\n{"id": "b", "question": "杭州支部任期几年"}\n', encoding="utf-8")
    assert main(["calc", "--json", "--batch", str(batch)]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [x["id"] for x in lines] == ["a", "b"]
    assert lines[0]["results"][0]["value"] == 11 and lines[1]["error"]


def test_calc_text_shows_formula_and_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calc", "staff", "40", "staff", "huzhou"]) == 0
    out = capsys.readouterr().out
    assert "不足1人" in out and "huzhou-21" in out and "原文" in out


def test_rules_json_lists_every_rule_with_its_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--json", "--doc", "dongguan"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and all(r["doc"] == "dongguan" and {"clause", "kind", "scope", "value", "unit", "quote"} <= set(r) for r in rows)


def test_compare_states_silence_and_keeps_documents_distinct() -> None:
    result = compare("term")
    rows = {r.doc: r for r in result.rows}
    assert rows["dongguan"].silence and "东莞的文件未规定" in rows["dongguan"].silence
    assert {it.text for it in rows["wenzhou"].items} != {it.text for it in rows["huzhou"].items}
    assert compare("任期").topic == "term"
    assert compare("nonsense").error


@pytest.mark.parametrize("topic", list(topics()))
def test_every_topic_has_a_row_per_document(topic: str, corp) -> None:
    result = compare(topic)
    assert [r.doc for r in result.rows] == list(corp.documents)
    assert any(r.items for r in result.rows)
    for row in result.rows:
        for it in row.items:
            assert it.quote in corp.by_id[it.clause].text


def test_importing_the_calculator_stays_light() -> None:
    import subprocess

    code = "import rules.calc, sys; print(','.join(m for m in ('torch', 'faiss', 'jieba', 'numpy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""
