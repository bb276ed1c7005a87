"""The period every page starts with (统计, 文档's 委员履职记录, 共性问题): one rule, written once."""

from __future__ import annotations

from datetime import date

DEFAULT_PERIOD_RULE = "本年1月1日至今天"


def default_period(today: date) -> tuple[date, date]:
    """本年1月1日至今天: the year so far, everything recorded up to today and nothing ahead of it."""
    return date(today.year, 1, 1), today
