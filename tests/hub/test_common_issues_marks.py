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


@given(marked=topics, more=topics, others=st.lists(topics, max_size=3))
def test_a_mark_follows_its_group_as_it_grows_or_shrinks(
    marked: set[str], more: set[str], others: list[set[str]]
) -> None:
    """Whatever other groups there are, a mark shows on the group holding most of its topics:
    over a longer period its group has more topics, over a shorter one fewer."""
    for group in (marked | more, set(list(marked)[: max(1, len(marked) // 2 + 1)])):
        rest = [o - group - marked for o in others]
        issues = [_issue(o) for o in rest if o] + [_issue(group)]
        found = ci.marks_for(issues, [_mark(marked)])
        assert found[-1] is not None and found.count(None) == len(issues) - 1


@given(marked=topics, groups=st.lists(topics, min_size=1, max_size=5))
def test_a_mark_shows_once_and_only_where_its_topics_are(marked: set[str], groups: list[set[str]]) -> None:
    issues = [_issue(g) for g in groups]
    found = ci.marks_for(issues, [_mark(marked)])
    shown = [i for i, m in enumerate(found) if m is not None]
    assert len(shown) <= 1
    shared = [len(marked & g) for g in groups]
    if max(shared) == 0:
        assert not shown
    else:
        assert shown and shared[shown[0]] == max(shared)


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
