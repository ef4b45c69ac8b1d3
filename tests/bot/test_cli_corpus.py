"""`regbot docs`, `regbot clauses`, `regbot clause` as a user runs them."""

from __future__ import annotations

import json

from bot.cli import main


def test_docs_lists_every_document_with_its_clause_count(capsys) -> None:
    assert main(["docs"]) == 0
    out = capsys.readouterr().out
    for doc in ("wenzhou", "huzhou", "shaoxing", "bianban", "dongguan"):
        assert doc in out
    assert "2012-12-14" in out and "个条款" in out


def test_clauses_json_is_one_array_with_the_contract_fields(capsys, corp) -> None:
    assert main(["clauses", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) == len(corp.clauses)
    assert {"doc", "id", "label", "path", "heading", "text"} <= set(data[0])
    assert main(["clauses", "--doc", "huzhou", "--json"]) == 0
    assert {c["doc"] for c in json.loads(capsys.readouterr().out)} == {"huzhou"}


def test_clauses_of_an_unknown_document_is_a_clear_error(capsys) -> None:
    assert main(["clauses", "--doc", "hangzhou"]) == 2
    assert "没有 id 为「hangzhou」的文件" in capsys.readouterr().err


def test_clause_prints_the_full_text_and_its_citation(capsys) -> None:
    assert main(["clause", "温州第三条"]) == 0
    out = capsys.readouterr().out
    assert "机关纪委一般设委员3－5人" in out
    assert "（2012）二、3．合理设置机关基层党组织" in out


def test_an_unknown_clause_exits_2_with_the_nearest_ids(capsys) -> None:
    assert main(["clause", "wenzhou", "99"]) == 2
    err = capsys.readouterr().err
    assert "找不到条款" in err and "wenzhou-9" in err


def test_bad_arguments_get_a_chinese_message_not_a_traceback(capsys) -> None:
    try:
        main(["frobnicate"])
    except SystemExit as exc:
        assert exc.code == 2
    err = capsys.readouterr().err
    assert "参数错误" in err and "Traceback" not in err
