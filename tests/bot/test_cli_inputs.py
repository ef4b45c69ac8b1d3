"""The command line with hostile or odd input: options anywhere, bad Unicode, escape sequences, overlong text,
missing topics, damaged data files — always a Chinese message and a documented exit status, never a traceback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

ROOT = Path(__file__).resolve().parents[2]


def _regbot(*args: str | bytes, cwd: Path = ROOT) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=cwd, capture_output=True, timeout=120)


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out.startswith("regbot ")


def test_options_work_before_and_after_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "--json", "党费", "--backend", "fake", "--index-dir", str(tmp_path)]) == 0
    assert json.loads(capsys.readouterr().out)["results"]
    assert (tmp_path / "fake-fake-hash-64" / "manifest.json").exists()  # the fake backend's index, in --index-dir
    assert main(["--backend", "fake", "--index-dir", str(tmp_path), "search", "党费"]) == 0


def test_debug_shows_debug_logs(tmp_path: Path) -> None:
    run = _regbot("search", "党费", "--debug", "--backend", "fake", "--index-dir", str(tmp_path))
    assert run.returncode == 0 and b"DEBUG index.build" in run.stderr and b"Traceback" not in run.stderr


@pytest.mark.parametrize("argv", [["calc", "--json"], ["compare", "--json"]])
def test_json_without_a_topic_is_a_json_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    out = json.loads(capsys.readouterr().out)
    assert out["error"].startswith("请给出")


@pytest.mark.parametrize(("argv", "status"), [
    (["calc", "vote", "20"], 0), (["calc", "funding", "wenzhou"], 1), (["calc"], 2),
    (["search", "党费"], 0), (["search"], 2),
    (["compare", "term"], 0), (["compare", "天气"], 2), (["compare"], 2),
    (["clause", "wenzhou-3"], 0), (["clause", "wenzhou-999"], 2),
    (["rules", "--doc", "hangzhou"], 2), (["docs"], 0),
])
def test_exit_status_is_0_answered_1_nothing_found_2_bad_input(argv: list[str], status: int) -> None:
    assert main(argv) == status


@pytest.mark.parametrize("command", ["ask", "search", "calc"])
def test_overlong_input_is_cut_before_any_work(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    main([command, "--json", "党费" * 50_000])
    captured = capsys.readouterr()
    assert "只取前 500 个字" in captured.err
    assert len(json.loads(captured.out)["query"]) <= 500


def test_escape_sequences_are_never_echoed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clause", "\x1b]0;pwned\x07wenzhou-999\x1b[2J"]) == 2
    assert main(["search", "--doc", "\x1b[31mhangzhou", "党费"]) == 2
    assert main(["rules", "--doc", "\x1b[31mhangzhou"]) == 2
    captured = capsys.readouterr()
    assert "\x1b" not in captured.err + captured.out and "hangzhou" in captured.err


def test_invalid_utf8_in_arguments_is_no_error() -> None:
    run = _regbot(b"calc", b"vote \xff\xfe 20")
    assert run.returncode in (0, 1) and b"UnicodeEncodeError" not in run.stderr and b"Traceback" not in run.stderr
    run = _regbot(b"clause", b"wenzhou-\xff")
    assert run.returncode == 2 and b"Traceback" not in run.stderr
    run = _regbot(b"search", b"--json", b"--batch", b"/no/such/\xff.jsonl")
    assert run.returncode == 2 and "找不到文件".encode() in run.stderr


def test_many_chinese_numerals_give_an_answer_or_a_chinese_message() -> None:
    run = _regbot("ask", "一" * 400)
    err = run.stderr.decode()
    assert run.returncode in (0, 1, 2) and "Traceback" not in err


@pytest.fixture(scope="module")
def source_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The program's packages copied, so a test can damage their data files."""
    root = tmp_path_factory.mktemp("src")
    for package in ("bot", "corpus", "index", "rules"):
        shutil.copytree(ROOT / package, root / package, ignore=shutil.ignore_patterns("__pycache__"))
    return root


@pytest.mark.parametrize(("damage", "argv", "says"), [
    ("rules/data/wenzhou.toml", ["calc", "vote", "9"], "数据文件已损坏或格式不对"),
    ("corpus/documents/documents.toml", ["docs"], "数据文件已损坏或格式不对"),
    ("corpus/documents/huzhou.txt", ["clause", "huzhou-5"], "找不到数据文件"),
])
def test_a_damaged_data_file_is_a_chinese_message_and_exit_3(source_copy: Path, tmp_path: Path, damage: str,
                                                             argv: list[str], says: str) -> None:
    copy = tmp_path / "src"
    shutil.copytree(source_copy, copy)
    target = copy / damage
    if says == "找不到数据文件":
        target.unlink()
    else:
        target.write_bytes(b"[[rule]\nid = \xff\xfe garbled")
    run = _regbot(*argv, cwd=copy)
    err = run.stderr.decode()
    assert run.returncode == 3 and says in err and "Traceback" not in err, err
