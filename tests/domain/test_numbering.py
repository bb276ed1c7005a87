from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_app.domain.numbering import format_number, next_sequence, parse_number
from station_app.errors import InputError


def test_format() -> None:
    assert format_number("大佛街道", 2026, 3) == "大佛街道〔2026〕3号"
    assert format_number(" 罗城镇 ", 2030, 12) == "罗城镇〔2030〕12号"


@pytest.mark.parametrize(
    ("prefix", "year", "seq", "message"),
    [("", 2026, 1, "前缀不能为空"), ("大佛街道", 1999, 1, "年份"), ("大佛街道", 2026, 0, "序号")],
)
def test_format_refuses(prefix: str, year: int, seq: int, message: str) -> None:
    with pytest.raises(InputError, match=message):
        format_number(prefix, year, seq)


@pytest.mark.parametrize(
    "text",
    [
        "大佛街道〔2026〕3号",
        "大佛街道[2026]3号",
        "大佛街道［2026］3号",
        " 大佛街道 〔 2026 〕 3 号 ",
        "大佛街道〔2026〕3",
        "大佛街道〔２０２６〕３号",
        "大佛街道【2026】3号",
    ],
)
def test_parse_tolerates_brackets_and_spaces(text: str) -> None:
    assert parse_number(text) == ("大佛街道", 2026, 3)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "大佛街道2026年3号",
        "〔2026〕3号",
        "大佛街道〔26〕3号",
        "大佛街道〔2026〕0号",
        "大佛街道〔1990〕3号",
        "大佛街道〔2026〕号",
    ],
)
def test_parse_rejects(text: str) -> None:
    assert parse_number(text) is None


@given(
    st.text(alphabet="大佛街道罗城镇沙湾区乡", min_size=1, max_size=8),
    st.integers(2000, 2100),
    st.integers(1, 999_999),
)
def test_round_trip(prefix: str, year: int, seq: int) -> None:
    assert parse_number(format_number(prefix, year, seq)) == (prefix, year, seq)


def test_next_sequence() -> None:
    assert next_sequence(None) == 1
    assert next_sequence(0) == 1
    assert next_sequence(41) == 42
    with pytest.raises(ValueError):
        next_sequence(-1)
