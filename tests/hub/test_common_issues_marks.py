"""A mark follows its group across periods (the group grows over a longer one, shrinks over a
shorter one), never matches a group it shares nothing with, and one problem is marked once."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_app.domain.figures import Period
from station_app.domain.progress import run_to_end
from station_app.errors import InputError
from station_app.hub import common_issues as ci
from station_app.hub.kpi import city_scope
from station_app.services.station import SetupRequest, setup_station
from station_app.storage.engine import Database
from tests.bench.common_issues_eval import load_labelled
from tests.hub.common_issues_world import add_topics

YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))


def _issue(uuids: set[str]) -> ci.CommonIssue:
    rows = tuple(
        ci.TopicRow(u, "511102004", u, "题", "城乡建设", "已立题", "", None, "") for u in sorted(uuids)
    )
    return ci.CommonIssue("题", rows, ("511102004",), (), (), 0.9)


def _mark(uuids: set[str]) -> ci.Mark:
    return ci.Mark(1, "题", "", tuple(sorted(uuids)), (), (), (), 0.9, YEAR)


topics = st.sets(st.sampled_from([f"t{i}" for i in range(30)]), min_size=1, max_size=12)


@given(marked=topics, more=topics)
def test_a_mark_follows_its_group_as_it_grows_or_shrinks(marked: set[str], more: set[str]) -> None:
    assert _mark(marked).matches(_issue(marked | more))  # a longer period: more topics
    assert _mark(marked | more).matches(_issue(marked))  # a shorter one


@given(marked=topics, other=topics)
def test_a_mark_never_matches_a_group_it_shares_nothing_with(marked: set[str], other: set[str]) -> None:
    other = other - marked
    if other:
        assert not _mark(marked).matches(_issue(other))


def test_one_problem_is_marked_once(db: Database) -> None:
    setup_station(db, SetupRequest(role="city", clerk_name="张敏"))
    add_topics(db, load_labelled("dev"))
    issues = run_to_end(ci.find_common_issues(db, city_scope(), YEAR))
    ci.mark_issue(db, issues[0], YEAR, "建议开展专题协商")
    with pytest.raises(InputError, match=r"已标记为「拟列入专题协商」.*不必重复标记"):
        ci.mark_issue(db, issues[0], Period(date(2026, 3, 1), date(2026, 3, 31)), "")
    assert [m.note for m in ci.list_marks(db)] == ["建议开展专题协商"]
    ci.mark_issue(db, issues[1], YEAR, "")  # another problem is marked as before
    assert len(ci.list_marks(db)) == 2
