"""When a 下步措施 (action item) counts as overdue — the one rule every page, report and figure uses.

An action item is overdue on ``today`` when it has no 完成日期, its 时限 is before ``today``, and its
topic is still in progress (not 已归档 or 已撤销: a closed topic's open items are history, not work)
and not reported resolved (办理结果 A 已解决: the matter is done even if a step's 完成日期 was never
written down — the reminder strip and 逾期事项 count work still to do, not missing paperwork).
"""

from __future__ import annotations

from datetime import date

from station_app.domain.lifecycle import FINAL_STATUSES, Status

# Topics in these statuses never have overdue items; queries filter on these values.
CLOSED_TOPIC_STATUSES: tuple[str, ...] = tuple(sorted(s.value for s in FINAL_STATUSES))


# A topic whose 办理结果 is one of these has no overdue items either; queries filter on these codes.
RESOLVED_RESULT_CODES: tuple[str, ...] = ("A",)


def topic_open(status: Status | str, result_code: str | None = "") -> bool:
    return str(status) not in CLOSED_TOPIC_STATUSES and (result_code or "") not in RESOLVED_RESULT_CODES


def is_overdue(
    due_on: date | None,
    done_on: date | None,
    topic_status: Status | str,
    today: date,
    result_code: str | None = "",
) -> bool:
    return needs_follow_up(due_on, done_on, topic_status, before=today, result_code=result_code)


def needs_follow_up(
    due_on: date | None,
    done_on: date | None,
    topic_status: Status | str,
    *,
    before: date,
    result_code: str | None = "",
) -> bool:
    """Open, with a 时限 before ``before``, of a topic still in progress (the reminder strip's rows)."""
    return (
        done_on is None and due_on is not None and due_on < before and topic_open(topic_status, result_code)
    )
