"""Input hygiene: what any entry point does to text a user typed or a file held, before using or echoing it."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from bot.inputs import MAX_CHARS, clean, printable, repair, was_cut


def test_a_question_is_cut_to_the_limit() -> None:
    assert len(clean("一" * 100_000)) == MAX_CHARS
    assert was_cut("一" * (MAX_CHARS + 1)) and not was_cut("一" * MAX_CHARS)
    assert clean("  温州  任期  ") == "温州 任期"


def test_bad_unicode_is_repaired() -> None:
    assert repair("温州\ud800任期") == "温州\ufffd任期"
    assert clean("\ufeff温州任期") == "温州任期"  # BOM
    assert clean("温州\u2028任期\u2029几年\x85？") == "温州 任期 几年 ？"  # line separators in one-line text
    assert clean("一行\r\n二行\u2028三行", multiline=True) == "一行\n二行\n三行"
    assert clean("e\u0301") == "\u00e9"  # NFC


def test_terminal_escapes_and_control_characters_are_removed() -> None:
    typed = "\x1b[31m温州\x1b[0m\x1b]0;标题\x07任期\x1b[2J\x9b1m几年\x00\x07\u202e？"
    assert clean(typed) == "温州任期几年？"
    assert printable("/tmp/\udcff\x1b[2J.jsonl") == "/tmp/\ufffd.jsonl"


@given(st.text())
def test_any_text_comes_out_encodable_bounded_and_without_controls(text: str) -> None:
    out = clean(text)
    out.encode("utf-8")  # never a UnicodeEncodeError
    assert len(out) <= MAX_CHARS
    assert "\x1b" not in out and "\n" not in out
    assert all(unicodedata.category(ch) != "Cc" for ch in out)
    assert out == unicodedata.normalize("NFC", out)
