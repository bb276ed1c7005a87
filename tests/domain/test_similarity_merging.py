"""The second pass: groups the order of the topics kept apart are merged by average link, best pair
first, only when they share a problem; merging keeps each group's sums exact."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from station_app.domain.progress import run_to_end
from station_app.domain.similarity import clustering
from station_app.domain.similarity.clustering import group_topics, strongest
from station_app.domain.similarity.features import Analyzer
from station_app.domain.similarity.merging import merge_clusters
from station_app.domain.similarity.places import leshan_places
from tests.bench.common_issues_eval import FRESH8, load_labelled

TERMS = ["#路灯", "#停车", "#垃圾", "a", "b", "c"]


def _unit(weights: list[float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in weights))
    return {t: w / norm for t, w in zip(TERMS, weights, strict=True) if w}


vectors = st.lists(st.floats(0.0, 1.0), min_size=len(TERMS), max_size=len(TERMS)).filter(
    lambda ws: sum(ws) > 0.1
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(vectors, min_size=1, max_size=3), min_size=1, max_size=8), st.booleans())
def test_merging_keeps_every_topic_once_and_the_sums_exact(
    groups: list[list[list[float]]], allow: bool
) -> None:
    units: list[dict[str, float]] = []
    clusters = []
    for group in groups:
        first = len(units)
        units.extend(_unit(w) for w in group)
        cluster = clustering._Cluster(first, units[first])
        for index in range(first + 1, len(units)):
            cluster.add(index, units[index], clustering.cosine(units[index], cluster.total))
        clusters.append(cluster)
    merged = merge_clusters(clusters, strongest, lambda a, b, link: allow, threshold=0.2)
    members = sorted(i for c in merged for i in c.members)
    assert members == list(range(len(units)))
    if not allow:  # the shared-problem rule says no: nothing merges
        assert len(merged) == len(clusters)
    for cluster in merged:
        total: dict[str, float] = {}
        for i in cluster.members:
            for term, weight in units[i].items():
                total[term] = total.get(term, 0.0) + weight
        assert all(math.isclose(cluster.total.get(t, 0.0), w, abs_tol=1e-9) for t, w in total.items())
        assert math.isclose(cluster.norm2, sum(w * w for w in total.values()), rel_tol=1e-9)


def test_the_best_pair_merges_first_and_weak_links_not_at_all() -> None:
    """A (路灯) is close to B (路灯 + a) and less to C (路灯 + 停车 + b); D (垃圾) to nobody."""
    units = [
        _unit([1, 0, 0, 0, 0, 0]),
        _unit([1, 0, 0, 0.3, 0, 0]),
        _unit([1, 1, 0, 0, 1, 0]),
        _unit([0, 0, 1, 0, 0, 1]),
    ]
    clusters = [clustering._Cluster(i, u) for i, u in enumerate(units)]
    merged = merge_clusters(clusters, strongest, lambda a, b, link: True, threshold=0.6)
    assert sorted(sorted(c.members) for c in merged) == [[0, 1], [2], [3]]


def test_a_theme_the_single_pass_split_is_one_group() -> None:
    """fresh8's farm-track theme (机耕道, 田坎路, 收割机进不了田, 生产便道): in the order the set
    comes, the single pass leaves one of them out of the group of the others; the second pass joins it."""
    items = load_labelled(path=FRESH8)
    topics = [i.topic for i in items]
    theme = {n for n, i in enumerate(items) if i.theme == "C12"}
    analyzer = Analyzer(leshan_places())

    def holding(merge: float) -> list[set[int]]:
        groups = run_to_end(group_topics(topics, analyzer, merge_threshold=merge))
        return [set(g.members) & theme for g in groups if set(g.members) & theme]

    assert theme not in holding(0.0)
    assert holding(clustering.MERGE_THRESHOLD) == [theme]
