"""`regbot ask` and `regbot chat` as a user runs them (real processes for the chat)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bot.cli import main


def test_ask_prints_the_figure_and_its_citation(capsys) -> None:
    assert main(["ask", "温州市直机关党委每届任期几年？"]) == 0
    out = capsys.readouterr().out
    assert "4年" in out and "wenzhou-3" in out and "《中共温州市委关于贯彻" in out


def test_ask_json_and_batch_keep_the_contract(capsys, tmp_path: Path) -> None:
    assert main(["ask", "--json", "湖州机关纪委设几名委员？"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"query", "found", "answer", "calc", "results", "citations"} <= set(data)
    batch = tmp_path / "q.jsonl"
    batch.write_text('{"id": "a", "question": "党小组会多久开一次"}\n\n{"id": 7, "question": "公积金怎么提取"}\n', encoding="utf-8")
    assert main(["ask", "--json", "--batch", str(batch)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(o["id"], o["found"]) for o in lines] == [("a", True), (7, False)]  # ids as given: 7 stays a number


def test_ask_with_bad_input_gets_a_chinese_message(capsys, tmp_path: Path) -> None:
    assert main(["ask"]) == 2
    assert "请给出问题" in capsys.readouterr().err
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    assert main(["ask", "--json", "--batch", str(bad)]) == 0  # the file was read: every line has its output line
    assert json.loads(capsys.readouterr().out) == {"id": None, "error": "第 1 行不是有效的 JSON。"}
    assert main(["ask", "--batch", str(tmp_path / "missing.jsonl")]) == 2
    assert "找不到文件" in capsys.readouterr().err


def test_exit_status_is_0_when_answered_and_1_when_nothing_is_found(capsys) -> None:
    assert main(["ask", "湖州机关纪委设几名委员？"]) == 0
    assert main(["ask", "住房公积金怎么提取，多久能到账？"]) == 1
    assert "没有找到" in capsys.readouterr().out


def test_chat_answers_follow_ups_and_commands_until_end_of_input() -> None:
    lines = "温州市直机关党委每届任期几年？\n那湖州呢？\n/clause 温州第三条\n/compare committee\n"
    run = subprocess.run([sys.executable, "-m", "bot.cli", "chat"], input=lines, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "温州（市直 机关党委）" in out
    assert "湖州（市直" in out and "huzhou-5" in out
    assert "合理设置机关基层党组织。根据《条例》要求" in out
    assert "机关纪委" in out and "Traceback" not in run.stderr
