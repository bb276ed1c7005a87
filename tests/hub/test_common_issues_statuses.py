"""A group's statuses read along the chain (征集中 … 已归档), whatever order its topics come in."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from station_app.domain.lifecycle import PATH
from station_app.hub.common_issues import CommonIssue, TopicRow


def _row(number: int, status: str) -> TopicRow:
    return TopicRow(f"u{number}", "511102004", f"{number}号", "标题", "城乡建设", status, "", None, "")


@given(st.lists(st.sampled_from([str(s) for s in PATH] + ["旧台账状态"]), min_size=1, max_size=12))
def test_statuses_follow_the_chain(statuses: list[str]) -> None:
    issue = CommonIssue("题", tuple(_row(n, s) for n, s in enumerate(statuses)), ("511102004",), (), (), 0.9)
    counted = issue.statuses()
    assert sum(counted.values()) == len(statuses)
    assert {s: statuses.count(s) for s in statuses} == counted
    chain = [str(s) for s in PATH]
    known = [s for s in counted if s in chain]
    assert known == sorted(known, key=chain.index)
    assert all(s in chain for s in list(counted)[: len(known)])  # an unknown word comes last
