"""Reading numerals: the plain forms the documents use are read without cn2an, and read exactly as cn2an would."""

from __future__ import annotations

import cn2an
import pytest

from query.numerals import normalize_numbers, value_of


@pytest.mark.parametrize("n", [*range(0, 120), 200, 305, 999, 1000, 1010, 2020, 3600, 9999])
def test_a_plain_chinese_numeral_reads_as_cn2an_reads_it(n: int) -> None:
    written = cn2an.an2cn(n)
    assert value_of(written) == cn2an.cn2an(written, "smart")


@pytest.mark.parametrize(("token", "value"), [("3", 3.0), ("12.5", 12.5), ("二十五", 25.0), ("两", 2.0),
                                              ("一百五", 150.0), ("一百零五", 105.0), ("三万", 30000.0)])
def test_numerals_in_every_form_have_their_value(token: str, value: float) -> None:
    assert value_of(token) == value


def test_plain_numerals_do_not_load_cn2an() -> None:
    """cn2an takes a quarter of a second to import; the documents' numerals (5年, 三个月) do not need it."""
    import subprocess
    import sys

    code = ("import sys; from query.numerals import normalize_numbers; normalize_numbers('每届任期5年，三个月内补选');"
            "assert 'cn2an' not in sys.modules")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0


@pytest.mark.parametrize(("token", "value"), [("五六", 6), ("三四十", 40), ("七八百", 800), ("五十六", 56)])
def test_an_approximate_count_is_read_as_its_upper_end_not_as_digits(token: str, value: float) -> None:
    assert value_of(token) == value


@pytest.mark.parametrize(("text", "normalized"), [("三十来个人", "30个人"), ("二十多名党员", "20名党员"),
                                                  ("一百余人", "100人"), ("十几个支部", "10个支部")])
def test_about_so_many_is_read_as_the_round_number(text: str, normalized: str) -> None:
    assert normalize_numbers(text)[0] == normalized
