"""Checks for single values typed by the clerk: dates, text, phone numbers, date ranges.

Each check has a ``*_problem`` form that returns the bare message (or ``None``) so the record
validators can collect several problems at once, and a raising form for one-off use.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal

from station_app.errors import InputError

YEAR_MIN = 2000
YEAR_MAX = 2100
_KEEP_CONTROLS = frozenset("\n\t")
# Full-width digits, colon and slash are common from Chinese input methods.
_WIDTH = str.maketrans("０１２３４５６７８９：／．－　", "0123456789:/.- ")

_DATE_SEP_RE = re.compile(r"(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})")
_DATE_CN_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?")
_DATE_COMPACT_RE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_TIME_RE = re.compile(r"(\d{1,2})\s*[:时]\s*(\d{1,2})\s*分?(?:\s*:\s*(\d{1,2}))?")
_PHONE_HINT = "请填写11位手机号码，或带区号的固定电话（如 0833-2123456）"
_MOBILE_RE = re.compile(r"(?:\+?86)?(1[3-9]\d{9})")
_LANDLINE_RE = re.compile(r"\(?(0\d{2,3})\)?-?([2-9]\d{6,7})(?:-(\d{1,6}))?")


@dataclass(frozen=True)
class Issue:
    """One problem with one field: ``field`` is the key, ``label`` the Chinese name shown."""

    field: str
    label: str
    message: str

    @property
    def text(self) -> str:
        return f"{self.label}：{self.message}"


class ValidationError(InputError):
    """Several issues at once; the message lists them all, separated by 「；」."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__("；".join(i.text for i in issues))
        self.issues = list(issues)


def ensure_valid(issues: list[Issue]) -> None:
    """Raise :class:`ValidationError` when there is anything to report."""
    if issues:
        raise ValidationError(issues)


def _normalise(text: str) -> str:
    return text.translate(_WIDTH).strip()


def _make_date(raw: str, y: str, m: str, d: str) -> tuple[date | None, str | None]:
    year = int(y)
    if not YEAR_MIN <= year <= YEAR_MAX:
        return None, f"年份“{year}”不合理，应在{YEAR_MIN}—{YEAR_MAX}年之间"
    try:
        return date(year, int(m), int(d)), None
    except ValueError:
        return None, f"“{raw}”不是有效日期"


def _split_date(text: str) -> tuple[tuple[str, str, str] | None, str]:
    """Find a date at the start of ``text``; return its parts and what follows it."""
    for pattern in (_DATE_SEP_RE, _DATE_CN_RE, _DATE_COMPACT_RE):
        match = pattern.match(text)
        if match:
            parts = match.groups()
            y, m, d = (parts[0], parts[2], parts[3]) if pattern is _DATE_SEP_RE else parts
            return (y, m, d), text[match.end() :]
    return None, text


def date_problem(text: str) -> tuple[date | None, str | None]:
    """Parse a date; return ``(date, None)`` or ``(None, message without the label)``."""
    raw = text.strip()
    if not raw:
        return None, "不能为空"
    parts, rest = _split_date(_normalise(raw))
    if parts is None or rest.strip():
        return None, f"“{raw}”不是有效日期，请按 2026-03-05 的格式填写"
    return _make_date(raw, *parts)


_MONTH_DAY_RE = re.compile(r"(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*[日号]?")


def typed_date_problem(text: str, today: date) -> tuple[date | None, str | None]:
    """A date as a clerk types it into a date box: any full form :func:`date_problem` accepts, or
    month and day alone (12-31, 12/31, 12.31, 12月31日) meaning that day of ``today``'s year."""
    raw = _normalise(text)
    short = _MONTH_DAY_RE.fullmatch(raw)
    if short is not None:
        return _make_date(text.strip(), str(today.year), short[1], short[2])
    return date_problem(text)


def datetime_problem(text: str) -> tuple[datetime | None, str | None]:
    """Parse a date with a time of day (HH:MM, optionally :SS)."""
    raw = text.strip()
    if not raw:
        return None, "不能为空"
    parts, rest = _split_date(_normalise(raw))
    if parts is None:
        return None, f"“{raw}”不是有效时间，请按 2026-03-05 14:30 的格式填写"
    rest = rest.strip().removeprefix("T").strip()
    if not rest:
        return None, f"“{raw}”缺少具体时间，请按 2026-03-05 14:30 的格式填写"
    when = _TIME_RE.fullmatch(rest)
    if when is None:
        return None, f"“{raw}”不是有效时间，请按 2026-03-05 14:30 的格式填写"
    day, problem = _make_date(raw, *parts)
    if day is None:
        return None, problem
    try:
        clock = time(int(when[1]), int(when[2]), int(when[3] or 0))
    except ValueError:
        return None, f"“{raw}”不是有效时间"
    return datetime.combine(day, clock), None


def parse_date(text: str, label: str) -> date:
    """Accepts 2026-03-05, 2026/3/5, 2026.3.5, 2026年3月5日 and 20260305."""
    value, problem = date_problem(text)
    if value is None:
        raise InputError(f"{label}：{problem}")
    return value


def parse_datetime(text: str, label: str) -> datetime:
    """Any date form of :func:`parse_date` followed by a time such as 14:30 or 14时30分."""
    value, problem = datetime_problem(text)
    if value is None:
        raise InputError(f"{label}：{problem}")
    return value


def format_date(value: date) -> str:
    return value.isoformat()


def format_datetime(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M")


def _clean(value: str) -> str:
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\x85", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def _nothing_missing(_text: str) -> set[str]:
    return set()


# The characters of a text that no print face has. The domain knows no fonts: the documents layer
# installs its check (``documents.fonts``), so that such a character is refused where it is typed.
_unprintable: Callable[[str], set[str]] = _nothing_missing


def check_printable_with(check: Callable[[str], set[str]]) -> None:
    global _unprintable
    _unprintable = check


def unprintable_problem(text: str) -> str | None:
    missing = _unprintable(text)
    if not missing:
        return None
    listed = "、".join(f"“{c}”" for c in sorted(missing))
    return f"含有无法打印的字{listed}（本机和程序自带的字体里都没有这个字），请换一种写法"


# Embeddings, overrides and isolates: they make text show in another order than it is stored.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def text_problem(
    value: str, *, required: bool = False, max_len: int, single_line: bool = False
) -> tuple[str, str | None]:
    """Clean ``value``; return ``(cleaned, None)`` or ``(cleaned, message without the label)``."""
    text = _clean(value)
    if not text:
        return text, "不能为空" if required else None
    for char in text:
        category = unicodedata.category(char)
        if (category == "Cc" and char not in _KEEP_CONTROLS) or category == "Cs":
            return text, "包含不可见的控制字符，请删除后重新输入"
        if char in _BIDI_CONTROLS:
            return text, "包含改变文字方向的控制字符（可能让文字显示得和实际不同），请删除后重新输入"
    if all(unicodedata.category(char) == "Cf" or char.isspace() for char in text):
        return text, "只有看不见的字符（如零宽空格），请填写实际内容"
    if single_line and "\n" in text:
        return text, "不能换行"
    if len(text) > max_len:
        return text, f"不能超过{max_len}字（现有{len(text)}字）"
    return text, unprintable_problem(text)


def clean_text(
    value: str, label: str, *, required: bool = False, max_len: int, single_line: bool = False
) -> str:
    """Strip, turn every newline into ``\\n``, refuse control characters and over-long text."""
    text, problem = text_problem(value, required=required, max_len=max_len, single_line=single_line)
    if problem:
        raise InputError(f"{label}：{problem}")
    return text


def phone_problem(text: str) -> tuple[str, str | None]:
    """Normalise a phone number: 13812345678, or 0833-2123456 (with an optional extension)."""
    raw = text.strip()
    compact = re.sub(r"\s", "", unicodedata.normalize("NFKC", raw))
    if not compact:
        return "", None
    mobile = _MOBILE_RE.fullmatch(compact.replace("-", ""))
    if mobile:
        return mobile[1], None
    bad = f"“{raw}”不是有效的电话号码，{_PHONE_HINT}"
    line = _LANDLINE_RE.fullmatch(compact)
    if line:
        area, number, ext = line.groups()
        # Without a hyphen the area code length is ambiguous: 01x/02x are three digits, others four.
        if "-" not in compact and "(" not in compact:
            digits = area + number
            size = 3 if digits[1] in "12" else 4
            area, number = digits[:size], digits[size:]
            if not 7 <= len(number) <= 8 or number[0] in "01":
                return raw, bad
        return f"{area}-{number}" + (f"-{ext}" if ext else ""), None
    return raw, bad


def check_phone(text: str, label: str) -> str:
    """Return the number in a standard form; empty input stays empty."""
    number, problem = phone_problem(text)
    if problem:
        raise InputError(f"{label}：{problem}")
    return number


def check_range(
    start: date | None, end: date | None, start_label: str, end_label: str, *, field: str = ""
) -> Issue | None:
    """An issue when ``end`` is before ``start``; missing dates are someone else's concern."""
    if start is None or end is None:
        return None
    if isinstance(start, datetime) != isinstance(end, datetime):
        start, end = _day(start), _day(end)
    if end < start:
        return Issue(field or end_label, end_label, f"不能早于{start_label}")
    return None


def _day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


DeadlineState = Literal["none", "done", "ok", "due_soon", "overdue"]


def deadline_state(due: date | None, done: date | None, today: date, soon_days: int = 7) -> DeadlineState:
    """Where an action item or a conversion deadline stands on ``today``."""
    if done is not None:
        return "done"
    if due is None:
        return "none"
    left = (_day(due) - _day(today)).days
    if left < 0:
        return "overdue"
    if left <= soon_days:
        return "due_soon"
    return "ok"


HIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def visible(text: str) -> str:
    """``text`` safe to print or show: control characters (ESC …) and direction overrides written
    as ``\\xNN`` / ``\\uNNNN``, so a hostile value cannot drive a terminal or reorder a line."""
    return HIDDEN_CHARACTERS.sub(
        lambda m: f"\\u{ord(m[0]):04x}" if ord(m[0]) > 0xFF else f"\\x{ord(m[0]):02x}", text
    )
