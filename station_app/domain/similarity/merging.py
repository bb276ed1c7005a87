"""Second pass of the grouping: clusters of the single pass merged by average link, best pair first.

The single pass decides for each topic in the order the topics come, against the groups made so
far: two topics of one problem that arrive before their group is clear start two groups and stay
apart. This pass joins such groups when the mean cosine over all pairs of their topics (the
average link) reaches ``MERGE_THRESHOLD``, the closest pair first, and only when they share a
problem (the rule of the single pass, between their founders). The average link of two groups
is exact and cheap: the dot product of the sums of their unit vectors, divided by both sizes.
Measured with half the lexicon forgotten (DESIGN.md), it is what lifts recall on wording the
lexicon does not know.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from station_app.domain.progress import CancelToken

# Mean cosine over all pairs of two groups' topics to merge them: below the single pass's 0.30
# (which compares one topic with a centroid); chosen by the mean F1 over every labelled set with
# the full lexicon and with half of it forgotten (0.20–0.25 measured, DESIGN.md).
MERGE_THRESHOLD = 0.22
MERGE_TERMS = 6  # a group looks for other groups through its strongest terms …
MERGE_CANDIDATES = 8  # … and computes the exact link with that many at most
MERGE_POSTING_CAP = 64


class Mergeable(Protocol):
    members: list[int]
    total: dict[str, float]
    norm2: float


C = TypeVar("C", bound=Mergeable)


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b.get(term, 0.0) for term, weight in a.items())


def merge_clusters(
    clusters: list[C],
    strongest: Callable[[dict[str, float], int], list[str]],
    same_problem: Callable[[C, C, float], bool],
    threshold: float = MERGE_THRESHOLD,
    cancel: CancelToken | None = None,
) -> list[C]:
    """``clusters`` with every pair whose average link reaches ``threshold`` (and that
    ``same_problem`` allows) merged, the best pair first; the survivors in their first order."""
    parent = list(range(len(clusters)))
    version = [0] * len(clusters)

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def link(i: int, j: int) -> float:
        a, b = clusters[i], clusters[j]
        return _dot(a.total, b.total) / (len(a.members) * len(b.members))

    heap: list[tuple[float, int, int, int, int]] = []
    index: dict[str, list[int]] = {}
    for number, cluster in enumerate(clusters):
        if cancel and number % 2000 == 0:
            cancel.raise_if_cancelled()
        top = strongest(cluster.total, MERGE_TERMS)
        seen: Counter[int] = Counter()
        for term in top:
            seen.update(index.get(term, ()))
        for other, _shared in seen.most_common(MERGE_CANDIDATES):
            value = link(number, other)
            if value >= threshold:
                heapq.heappush(heap, (-value, other, number, 0, 0))
        for term in top:
            posting = index.setdefault(term, [])
            if len(posting) < MERGE_POSTING_CAP:
                posting.append(number)
    while heap:
        negative, i, j, seen_i, seen_j = heapq.heappop(heap)
        a, b = find(i), find(j)
        if a == b:
            continue
        if (a, b) != (i, j) or (version[a], version[b]) != (seen_i, seen_j):  # stale: one has grown
            value = link(a, b)
            if value >= threshold:
                heapq.heappush(heap, (-value, a, b, version[a], version[b]))
            continue
        if not same_problem(clusters[a], clusters[b], -negative):
            continue
        first, second = (a, b) if clusters[a].members[0] < clusters[b].members[0] else (b, a)
        keep, gone = clusters[first], clusters[second]
        keep.norm2 += gone.norm2 + 2 * _dot(keep.total, gone.total)
        for term, weight in gone.total.items():
            keep.total[term] = keep.total.get(term, 0.0) + weight
        keep.members.extend(gone.members)
        parent[second] = first
        version[first] += 1
    return [cluster for number, cluster in enumerate(clusters) if find(number) == number]


def founders_share_problem(a: Sequence[frozenset[str]], b: Sequence[frozenset[str]], share: float) -> bool:
    """At least ``share`` of the pairs of founders (those that name a problem) name one alike."""
    if not a or not b:
        return True
    return sum(1 for x in a for y in b if x & y) >= share * len(a) * len(b)
