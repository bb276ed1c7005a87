"""A date with a time of day as a clerk types it into the one date-time box (协商时间).

The date part takes every form the date box takes (20261210, 2026-12-10, 2026/12/10, 2026.12.10,
2026年12月10日, or 12-10 for this year); the time part 9:30, 09:30, 0930, 930 or 9时30分.
An impossible date or time is refused with the reason; nothing is ever rolled over into
another day (2026-02-30 25:00 is an error, not 2026-03-03 01:00).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from station_app.domain.fieldcheck import typed_date_problem

# Earlier or later than this is possible (an evening meeting) but worth a second look.
USUAL_FIRST_HOUR = 7
USUAL_LAST_HOUR = 22

_WIDTH = str.maketrans("０１２３４５６７８９：／．－　", "0123456789:/.- ")
_CLOCK_RE = re.compile(r"(\d{1,2})\s*[:点时]\s*(\d{1,2})?\s*分?")
_COMPACT_CLOCK_RE = re.compile(r"(\d{1,2})(\d{2})")
# The date is everything up to the last gap (or a 'T', or the end of 日/号) before the time.
_SPLIT_RE = re.compile(r"(.+?)(?:\s*[Tt]\s*|\s+|(?<=[日号]))(\S+)")
FORMAT_HINT = "请按 2026-03-05 09:30 的格式填写（也可写 20260305 0930、2026/3/5 9:30）"


def typed_datetime_problem(text: str, today: date) -> tuple[datetime | None, str | None]:
    """``(moment, None)`` or ``(None, message without the field's label)``."""
    raw = text.strip()
    if not raw:
        return None, "不能为空"
    normal = raw.translate(_WIDTH).strip()
    split = _SPLIT_RE.fullmatch(normal)
    if split is None:
        return None, f"“{raw}”缺少具体时间，{FORMAT_HINT}"
    day_text, clock_text = split[1].strip(), split[2].strip()
    day, problem = typed_date_problem(day_text, today)
    if day is None:
        return None, f"“{raw}”的日期不对：{problem}"
    clock, problem = clock_problem(clock_text)
    if clock is None:
        return None, f"“{raw}”的时间不对：{problem}"
    return datetime.combine(day, clock), None


def clock_problem(text: str) -> tuple[time | None, str | None]:
    """A time of day: 9:30, 09:30, 0930, 930, 9时30分, 9点."""
    match = _CLOCK_RE.fullmatch(text) or _COMPACT_CLOCK_RE.fullmatch(text)
    if match is None:
        return None, f"“{text}”不是时刻，{FORMAT_HINT}"
    hour, minute = int(match[1]), int(match[2] or 0)
    if hour > 23 or minute > 59:
        return None, f"“{text}”不存在（时为0—23，分为0—59）"
    return time(hour, minute), None


def moment_warning(moment: datetime, not_before: date | None = None) -> str | None:
    """What is possible but unusual about a meeting time: the clerk is asked to check, not stopped."""
    notes: list[str] = []
    if not USUAL_FIRST_HOUR <= moment.hour < USUAL_LAST_HOUR:
        notes.append(f"时间是{moment:%H:%M}，不在通常的{USUAL_FIRST_HOUR}:00—{USUAL_LAST_HOUR}:00之间")
    if not_before is not None and moment.date() < not_before:
        notes.append(f"早于议题的提出日期{not_before.isoformat()}")
    return "；".join(notes) + "，请核对" if notes else None


def format_moment(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")
