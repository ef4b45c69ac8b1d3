"""Batch files: every non-blank input line gets exactly one output line, in order, with its id as given;
a line that cannot be answered gets an "error" and the next line is read."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.commands import batch
from bot.commands.common import dumps

ROOT = Path(__file__).resolve().parents[2]


def _answer(question: str) -> dict[str, Any]:
    if "炸" in question:
        raise OverflowError("int too large to convert to float")
    return {"query": question, "results": []}


def _run(data: bytes) -> list[dict[str, Any]]:
    out: list[str] = []
    batch.run(data, _answer, out.append, lambda exc: type(exc).__name__)
    assert all("\n" not in line for line in out)
    return [json.loads(line) for line in out]


def test_ids_are_given_back_as_the_same_json_value() -> None:
    lines = [{"id": 1, "question": "a"}, {"id": None, "question": "b"}, {"id": "1", "question": "c"},
             {"id": [1, {"x": 2.5}], "question": "d"}, {"id": "\ud800", "question": "e"}]
    out = _run(b"\n".join(json.dumps(x).encode() for x in lines))
    assert [o["id"] for o in out] == [x["id"] for x in lines]
    assert [o["query"] for o in out] == ["a", "b", "c", "d", "e"]


def test_each_bad_line_gets_its_own_error_and_the_rest_are_answered() -> None:
    data = "\n".join([
        '{"id": 1, "question": "好"}',
        "not json",
        '{"question": "没有 id"}',
        '{"id": 2, "question": ["列表"]}',
        '{"id": 3}',
        '{"id": 4, "question": "   "}',
        '[1, 2]',
        '{"id": 5, "question": NaN}',
        '{"id": 6, "question": "炸"}',
        '{"id": 7, "question": "末行"}',
    ]).encode()
    out = _run(data + b"\n\xff\xfe{\"id\": 8}\n" + b'{"id": 9, "question": "' + "坏".encode() + b'\xff"}')
    assert [o["id"] for o in out] == [1, None, None, 2, 3, 4, None, None, 6, 7, None, 9]
    errors = [o.get("error", "") for o in out]
    assert errors[0] == "" and errors[9] == ""
    assert errors[1] == "第 2 行不是有效的 JSON。" and errors[2] == "第 3 行缺少 id。"
    assert "应为文本" in errors[3] and "缺少 question" in errors[4] and "为空" in errors[5]
    assert "JSON 对象" in errors[6] and "有效的 JSON" in errors[7]
    assert errors[8] == "第 9 行处理失败：OverflowError"
    assert "不是有效的 JSON" in errors[10] and "UTF-8" in errors[11]


def test_a_bom_a_raw_line_separator_and_crlf_do_not_break_lines() -> None:
    data = '\ufeff{"id": "a", "question": "温州\u2028任期"}\r\n\r\n{"id": "b", "question": "湖州\u2029任期"}'.encode()
    out = _run(data)
    assert [(o["id"], o["query"]) for o in out] == [("a", "温州 任期"), ("b", "湖州 任期")]


def test_output_is_strict_json_that_round_trips_lone_surrogates() -> None:
    line = dumps({"id": "\udc80x\u2028"})
    line.encode("utf-8")
    assert "\\udc80" in line and "\\u2028" in line and json.loads(line) == {"id": "\udc80x\u2028"}


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
                    | st.text(), lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
                    max_leaves=8)
GOOD = st.builds(lambda i, q, ascii: json.dumps({"id": i, "question": q}, ensure_ascii=ascii).encode("utf-8", "surrogatepass"),
                 JSON, st.text(), st.booleans())
HOSTILE = st.one_of(
    GOOD,
    st.builds(lambda v: json.dumps(v).encode(), JSON),  # any JSON value, mostly not a batch object
    st.binary().map(lambda b: b.replace(b"\n", b"")),  # any bytes: invalid UTF-8, BOMs, control bytes
    st.builds(lambda i, q: b"\xef\xbb\xbf" + json.dumps({"id": i, "question": q}, ensure_ascii=False)
              .encode("utf-8", "surrogatepass"), JSON, st.text()),  # BOM, raw U+2028, raw lone surrogates
)


def _expected_id(raw: bytes) -> Any:
    """The id a line carries when it is readable JSON with an id, else None."""
    try:
        obj = json.loads(raw.decode("utf-8", errors="replace").lstrip("\ufeff"))
    except (ValueError, RecursionError):
        return None
    return obj["id"] if isinstance(obj, dict) and "id" in obj else None


@settings(max_examples=300, deadline=None)
@given(st.lists(HOSTILE, max_size=12))
def test_hostile_batch_files_give_one_line_per_input_line_with_ids_preserved(lines: list[bytes]) -> None:
    data = b"\n".join(lines)
    non_blank = [raw for raw in data.split(b"\n") if raw.strip()]
    out = _run(data)
    assert len(out) == len(non_blank)
    for raw, o in zip(non_blank, out):
        assert "id" in o and ("error" in o or "query" in o)
        # the id as given; null only with an error (no id, or undecodable bytes inside the id itself)
        assert dumps(o["id"]) == dumps(_expected_id(raw)) or ("error" in o and o["id"] is None)


def test_the_cli_keeps_every_line_end_to_end(tmp_path: Path) -> None:
    file = tmp_path / "q.jsonl"
    file.write_bytes(b'{"id": 1, "question": "vote 20"}\n\xff\n{"id": null, "question": "vote 9"}\n'
                     b'{"id": "\\ud800", "question": "\xe2\x80\xa8vote 5"}\n')
    run = subprocess.run([sys.executable, "-m", "bot.cli", "calc", "--json", "--batch", str(file)], cwd=ROOT,
                         capture_output=True, timeout=120)
    assert run.returncode == 0 and b"Traceback" not in run.stderr
    out = [json.loads(line) for line in run.stdout.decode("utf-8").splitlines()]
    assert [o["id"] for o in out] == [1, None, None, "\ud800"]
    assert out[0]["results"][0]["value"] == 11 and "error" in out[1] and out[3]["results"]
