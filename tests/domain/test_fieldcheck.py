"""Single-value checks: dates, text, phone numbers, ranges, deadlines."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station_app.domain.validation import (
    Issue,
    ValidationError,
    check_phone,
    check_range,
    clean_text,
    deadline_state,
    ensure_valid,
    format_date,
    format_datetime,
    parse_date,
    parse_datetime,
)
from station_app.errors import InputError

sensible_dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


@pytest.mark.parametrize(
    "text",
    [
        "2026-03-05",
        "2026/3/5",
        "2026.3.5",
        "2026年3月5日",
        "2026年03月05日",
        "20260305",
        " 2026-3-5 ",
        "２０２６－３－５",
    ],
)
def test_parse_date_forms(text: str) -> None:
    assert parse_date(text, "提出日期") == date(2026, 3, 5)


def test_leap_years() -> None:
    assert parse_date("2028-02-29", "提出日期") == date(2028, 2, 29)
    assert parse_date("2000-02-29", "提出日期") == date(2000, 2, 29)
    with pytest.raises(InputError) as caught:
        parse_date("2026-02-29", "提出日期")
    assert caught.value.message == "提出日期：“2026-02-29”不是有效日期"
    with pytest.raises(InputError, match="“2100-02-29”不是有效日期"):
        parse_date("2100-02-29", "提出日期")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-02-30", "提出日期：“2026-02-30”不是有效日期"),
        ("2026-13-01", "提出日期：“2026-13-01”不是有效日期"),
        ("2026-00-10", "提出日期：“2026-00-10”不是有效日期"),
        ("", "提出日期：不能为空"),
        ("   ", "提出日期：不能为空"),
        ("1999-12-31", "提出日期：年份“1999”不合理，应在2000—2100年之间"),
        ("2101-01-01", "提出日期：年份“2101”不合理，应在2000—2100年之间"),
    ],
)
def test_parse_date_errors(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_date(text, "提出日期")
    assert caught.value.message == message


@pytest.mark.parametrize("text", ["abc", "2026-3/5", "26-3-5", "2026-03-05 12:00", "3月5日", "2026年3月"])
def test_parse_date_unrecognised(text: str) -> None:
    with pytest.raises(InputError, match="不是有效日期，请按 2026-03-05 的格式填写"):
        parse_date(text, "提出日期")


@given(sensible_dates)
def test_parse_date_round_trip(day: date) -> None:
    assert parse_date(format_date(day), "日期") == day
    assert parse_date(f"{day.year}年{day.month}月{day.day}日", "日期") == day
    assert parse_date(f"{day.year}/{day.month}/{day.day}", "日期") == day
    assert parse_date(day.strftime("%Y%m%d"), "日期") == day


@given(st.text(max_size=20))
def test_parse_date_raises_only_input_error(text: str) -> None:
    try:
        parsed = parse_date(text, "日期")
    except InputError as error:
        assert error.message.startswith("日期：")
    else:
        assert 2000 <= parsed.year <= 2100


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-05 14:30", datetime(2026, 3, 5, 14, 30)),
        ("2026/3/5 9:05", datetime(2026, 3, 5, 9, 5)),
        ("2026-03-05T14:30:15", datetime(2026, 3, 5, 14, 30, 15)),
        ("2026年3月5日 14时30分", datetime(2026, 3, 5, 14, 30)),
        ("2026年3月5日14：30", datetime(2026, 3, 5, 14, 30)),
    ],
)
def test_parse_datetime(text: str, expected: datetime) -> None:
    assert parse_datetime(text, "协商时间") == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-03-05", "缺少具体时间"),
        ("2026-03-05 24:00", "不是有效时间"),
        ("2026-03-05 12:60", "不是有效时间"),
        ("2026-02-30 10:00", "“2026-02-30 10:00”不是有效日期"),
        ("1999-01-01 10:00", "年份“1999”不合理"),
        ("下午三点", "不是有效时间"),
        ("", "不能为空"),
    ],
)
def test_parse_datetime_errors(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        parse_datetime(text, "协商时间")
    assert caught.value.message.startswith("协商时间：")


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 12, 31, 23, 59)))
def test_parse_datetime_round_trip(moment: datetime) -> None:
    minute = moment.replace(second=0, microsecond=0)
    assert parse_datetime(format_datetime(moment), "时间") == minute


def test_clean_text() -> None:
    assert clean_text("  村道\r\n修缮  \r\n\r\n", "议题名称", max_len=10) == "村道\n修缮"
    assert clean_text("a\rb\u2028c", "说明", max_len=10) == "a\nb\nc"
    assert clean_text("a\tb", "说明", max_len=10) == "a\tb"
    assert clean_text("", "说明", max_len=10) == ""
    assert clean_text("一二三", "说明", max_len=3) == "一二三"


@pytest.mark.parametrize(
    ("value", "kwargs", "message"),
    [
        ("", {"required": True}, "议题名称：不能为空"),
        (" \n\t ", {"required": True}, "议题名称：不能为空"),
        ("村道\x00修缮", {}, "议题名称：包含不可见的控制字符，请删除后重新输入"),
        ("村道\x1b修缮", {}, "议题名称：包含不可见的控制字符，请删除后重新输入"),
        ("村" * 11, {}, "议题名称：不能超过10字（现有11字）"),
        ("村道\n修缮", {"single_line": True}, "议题名称：不能换行"),
    ],
)
def test_clean_text_refuses(value: str, kwargs: dict[str, bool], message: str) -> None:
    with pytest.raises(InputError) as caught:
        clean_text(value, "议题名称", max_len=10, **kwargs)
    assert caught.value.message == message


@settings(deadline=None)  # the first example pays for loading the character tables on a busy machine
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_clean_text_never_returns_control_characters(value: str) -> None:
    try:
        cleaned = clean_text(value, "说明", max_len=40)
    except InputError as error:
        assert error.message.startswith("说明：")
    else:
        assert len(cleaned) <= 40
        assert "\r" not in cleaned
        assert cleaned == cleaned.strip()
        assert all(ch in "\n\t" or unicodedata.category(ch) != "Cc" for ch in cleaned)
        assert clean_text(cleaned, "说明", max_len=40) == cleaned  # idempotent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 13812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("0833-2123456", "0833-2123456"),
        ("08332123456", "0833-2123456"),
        ("(0833)2123456", "0833-2123456"),
        ("（0833）2123456", "0833-2123456"),
        ("010-62345678", "010-62345678"),
        ("01062345678", "010-62345678"),
        ("0833-2123456-801", "0833-2123456-801"),
        ("", ""),
        ("  ", ""),
    ],
)
def test_check_phone(text: str, expected: str) -> None:
    assert check_phone(text, "联系电话") == expected


@pytest.mark.parametrize(
    "text", ["12345678901", "1381234567", "138123456789", "2123456", "0833-123", "电话", "0833-0123456"]
)
def test_check_phone_refuses(text: str) -> None:
    with pytest.raises(InputError) as caught:
        check_phone(text, "联系电话")
    assert caught.value.message.startswith(f"联系电话：“{text}”不是有效的电话号码")


def test_check_range() -> None:
    assert check_range(date(2026, 3, 1), date(2026, 3, 1), "开始日期", "结束日期") is None
    assert check_range(None, date(2026, 3, 1), "开始日期", "结束日期") is None
    assert check_range(date(2026, 3, 1), None, "开始日期", "结束日期") is None
    issue = check_range(date(2026, 3, 2), date(2026, 3, 1), "开始日期", "结束日期", field="ended_on")
    assert issue == Issue("ended_on", "结束日期", "不能早于开始日期")
    assert issue.text == "结束日期：不能早于开始日期"
    # A date and a time on the same day are in order.
    assert check_range(date(2026, 3, 1), datetime(2026, 3, 1, 9), "报送日期", "反馈时间") is None


def test_validation_error_joins_issues() -> None:
    issues = [
        Issue("title", "议题名称", "不能为空"),
        Issue("proposed_on", "提出日期", "“2026-02-30”不是有效日期"),
    ]
    error = ValidationError(issues)
    assert isinstance(error, InputError)
    assert error.message == "议题名称：不能为空；提出日期：“2026-02-30”不是有效日期"
    assert error.issues == issues
    ensure_valid([])
    with pytest.raises(ValidationError):
        ensure_valid(issues)


TODAY = date(2026, 3, 10)


@pytest.mark.parametrize(
    ("due", "done", "expected"),
    [
        (None, None, "none"),
        (None, date(2026, 3, 1), "done"),
        (date(2026, 3, 1), date(2026, 3, 5), "done"),
        (date(2026, 3, 9), None, "overdue"),
        (date(2026, 3, 10), None, "due_soon"),
        (date(2026, 3, 17), None, "due_soon"),
        (date(2026, 3, 18), None, "ok"),
    ],
)
def test_deadline_state(due: date | None, done: date | None, expected: str) -> None:
    assert deadline_state(due, done, TODAY) == expected


def test_deadline_state_soon_days() -> None:
    assert deadline_state(date(2026, 3, 12), None, TODAY, soon_days=1) == "ok"
    assert deadline_state(date(2026, 3, 11), None, TODAY, soon_days=1) == "due_soon"
    assert deadline_state(date(2026, 3, 10), None, TODAY, soon_days=0) == "due_soon"
