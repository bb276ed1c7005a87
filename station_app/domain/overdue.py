"""When a 下步措施 (action item) counts as overdue — the one rule every page, report and figure uses.

An action item is overdue on ``today`` when it has no 完成日期, its 时限 is before ``today``, and its
topic is still in progress (not 已归档 or 已撤销: a closed topic's open items are history, not work).
"""

from __future__ import annotations

from datetime import date

from station_app.domain.lifecycle import FINAL_STATUSES, Status

# Topics in these statuses never have overdue items; queries filter on these values.
CLOSED_TOPIC_STATUSES: tuple[str, ...] = tuple(sorted(s.value for s in FINAL_STATUSES))


def topic_open(status: Status | str) -> bool:
    return str(status) not in CLOSED_TOPIC_STATUSES


def is_overdue(due_on: date | None, done_on: date | None, topic_status: Status | str, today: date) -> bool:
    return done_on is None and due_on is not None and due_on < today and topic_open(topic_status)


def needs_follow_up(
    due_on: date | None, done_on: date | None, topic_status: Status | str, *, before: date
) -> bool:
    """Open, with a 时限 before ``before``, of a topic still in progress (the reminder strip's rows)."""
    return done_on is None and due_on is not None and due_on < before and topic_open(topic_status)
