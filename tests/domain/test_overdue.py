"""The overdue rule: open, past its 时限, of a topic still in progress."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from station_app.domain.fieldcheck import deadline_state
from station_app.domain.lifecycle import Status
from station_app.domain.overdue import CLOSED_TOPIC_STATUSES, is_overdue

TODAY = date(2026, 11, 26)
days = st.one_of(st.none(), st.integers(-400, 400).map(lambda n: TODAY + timedelta(days=n)))


@given(due=days, done=days, status=st.sampled_from(list(Status)))
def test_overdue_means_open_late_and_in_progress(due: date | None, done: date | None, status: Status) -> None:
    expected = (
        done is None and due is not None and due < TODAY and status not in (Status.ARCHIVED, Status.REVOKED)
    )
    assert is_overdue(due, done, status, TODAY) is expected
    if expected:  # the colour in the table agrees with the count
        assert deadline_state(due, done, TODAY) == "overdue"


def test_closed_statuses_are_archived_and_revoked() -> None:
    assert set(CLOSED_TOPIC_STATUSES) == {"已归档", "已撤销"}


@given(due=days, status=st.sampled_from(list(Status)), code=st.sampled_from(["", "A", "B", "C", "D"]))
def test_a_topic_reported_resolved_has_nothing_overdue(due: date | None, status: Status, code: str) -> None:
    late = is_overdue(due, None, status, TODAY, code)
    assert late is (is_overdue(due, None, status, TODAY) and code != "A")
