"""Document numbers in the official style: 「大佛街道〔2026〕3号」.

The year sits in full-width 〔〕 (GB/T 9704); clerks often type [] or ［］ instead, so parsing is
lenient while formatting is always the official form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from station_app.errors import InputError

YEAR_MIN = 2000
YEAR_MAX = 2100

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_NUMBER_RE = re.compile(
    r"^\s*(?P<prefix>\S(?:.*?\S)?)\s*[\[〔［【]\s*(?P<year>\d{4})\s*[\]〕］】]\s*(?P<seq>\d{1,6})\s*号?\s*$"
)


def format_number(prefix: str, year: int, seq: int) -> str:
    prefix = prefix.strip()
    if not prefix:
        raise InputError("文号前缀不能为空（一般为乡镇或街道名称）。")
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise InputError(f"文号年份“{year}”不合理，应在{YEAR_MIN}—{YEAR_MAX}年之间。")
    if seq < 1:
        raise InputError(f"文号序号“{seq}”无效，应从1开始。")
    return f"{prefix}〔{year}〕{seq}号"


def parse_number(text: str) -> tuple[str, int, int] | None:
    """Split a number into (prefix, year, seq); ``None`` when it is not a number of this form."""
    match = _NUMBER_RE.match(text.translate(_FULLWIDTH_DIGITS))
    if match is None:
        return None
    year, seq = int(match["year"]), int(match["seq"])
    if not YEAR_MIN <= year <= YEAR_MAX or seq < 1:
        return None
    return match["prefix"], year, seq


def next_sequence(existing_max: int | None) -> int:
    """The next number of the year: 1 when none has been given yet."""
    if existing_max is None:
        return 1
    if existing_max < 0:
        raise ValueError(f"existing_max must not be negative: {existing_max}")
    return existing_max + 1


@dataclass(frozen=True)
class NumberQuery:
    """A number as a clerk types it into a search box: 「2026-3」 → year 2026, seq 3."""

    seq: int
    year: int | None = None
    prefix: str = ""  # 「大佛街道〔2026〕3号」 names its station too


_YEAR_SEQ_RE = re.compile(
    r"^\s*(?P<prefix>[^\d\s\[〔［【(（]*?)\s*[\[〔［【(（]?\s*(?P<year>\d{4})\s*"
    r"(?:[\]〕］】)）]\s*[\[〔［【(（]?|[-－—–/.。、,，\s]+|[\[〔［【(（]|年\s*)\s*"
    r"第?\s*(?P<seq>\d{1,6})\s*号?\s*$"
)
_SEQ_RE = re.compile(r"^\s*第?\s*(?P<seq>\d{1,6})\s*号\s*$")


def number_query(text: str) -> NumberQuery | None:
    """The number in a search text that is nothing but a number, in the forms clerks type:
    「2026-3」, 「2026〔3」, 「〔2026〕3号」, 「[2026]3」, 「大佛街道〔2026〕3号」, 「3号」; else None."""
    text = text.translate(_FULLWIDTH_DIGITS)
    match = _YEAR_SEQ_RE.match(text)
    if match is not None:
        year, seq = int(match["year"]), int(match["seq"])
        if YEAR_MIN <= year <= YEAR_MAX and seq >= 1:
            return NumberQuery(seq, year, match["prefix"].strip())
        return None
    match = _SEQ_RE.match(text)
    if match is not None and int(match["seq"]) >= 1:
        return NumberQuery(int(match["seq"]))
    return None
