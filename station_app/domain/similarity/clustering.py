"""Grouping topics into common issues: single-pass clustering on tf-idf centroids, then the
"different townships" rule.

Each topic in turn joins the most similar existing group when the cosine between the topic and the
group's centroid reaches ``threshold``, else it starts a group of its own (the classic single-pass
method of topic detection and tracking). Candidate groups are found through an index of the
groups' strongest terms, so a topic is compared with a handful of groups, not all of them.
A second pass (merging.py) then joins groups of one problem that the order of the topics kept
apart, by average link. A group is kept only when its topics come from at least ``min_stations``
townships; a topic belongs to one group at most by construction.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter

from station_app.domain.progress import CancelToken, Job, Progress
from station_app.domain.similarity.features import (
    CONCEPT_PREFIX,
    DOMAIN_PREFIX,
    Analyzer,
    TopicText,
    Vector,
    cosine,
    default_idf,
    idf_table,
    pair_weight,
    tfidf,
)
from station_app.domain.similarity.lexicon import DOMAINS, SETTINGS
from station_app.domain.similarity.merging import MERGE_THRESHOLD, founders_share_problem, merge_clusters
from station_app.domain.similarity.naming import key_terms

# Cosine topic–centroid to join a group: the middle of the dev split's best range (0.20–0.575).
THRESHOLD = 0.30
MIN_STATIONS = 2
QUERY_TERMS = 4  # a topic looks for groups through its strongest terms …
MAX_CANDIDATES = 8  # … and computes the exact similarity with that many groups at most
POSTING_CAP = 64  # groups listed under one term: later ones are found through other terms
STEP = 2000  # topics between two progress reports
# A topic must also be close to the group's first members, not only to its centroid: a centroid of
# two problems (物业 and 电梯) would otherwise pull in topics of either and chain them together.
FOUNDERS = 4
FOUNDER_SHARE = 1.0  # mean cosine with the founders ≥ this share of the threshold
# A group is about one problem (what is wrong), not one setting (市场, 学校) or aim: a topic that
# names problem concepts must share one with at least half of the founders that name any.
PROBLEM_SHARE = 0.5
# … unless the cosine is plainly high: with words the lexicon lacks, the problem concepts found may be
# incidental ones (measured with half the lexicon forgotten: 1.3–1.5 keep most of the recall).
CLEAR_SIM = 1.5

MSG_READ = "正在分析议题文字……"
MSG_GROUP = "正在归并相似议题……"


@dataclass(frozen=True)
class Group:
    members: tuple[int, ...]  # indices into the topics given
    townships: tuple[str, ...]
    key_terms: tuple[str, ...]
    score: float  # cohesion: mean cosine of the members with the group's centroid
    central: int  # the member closest to the centroid (its title names the group)


class _Cluster:
    __slots__ = ("members", "norm2", "total")

    def __init__(self, first: int, vector: Vector) -> None:
        self.members = [first]
        self.total = dict(vector)
        self.norm2 = 1.0

    def similarity(self, vector: Vector) -> tuple[float, float]:
        total = self.total
        dot = sum(weight * total.get(term, 0.0) for term, weight in vector.items())
        return dot / math.sqrt(self.norm2), dot

    def add(self, index: int, vector: Vector, dot: float) -> None:
        self.members.append(index)
        self.norm2 += 2 * dot + 1.0
        total = self.total
        for term, weight in vector.items():
            total[term] = total.get(term, 0.0) + weight

    def centroid(self) -> Vector:
        norm = math.sqrt(self.norm2)
        return {term: weight / norm for term, weight in self.total.items()}


def strongest(vector: Vector, count: int) -> list[str]:
    return [term for term, _ in heapq.nlargest(count, vector.items(), key=itemgetter(1))]


def vectors_of(
    topics: Sequence[TopicText], analyzer: Analyzer, cancel: CancelToken | None = None
) -> Job[list[Vector]]:
    """Unit tf-idf vectors of ``topics`` (idf over these topics)."""
    raw: list[dict[str, float]] = []
    pairs = pair_weight(len(topics))
    for number, topic in enumerate(topics, 1):
        raw.append(analyzer.weighted(topic, pairs))
        if number % STEP == 0:
            if cancel:
                cancel.raise_if_cancelled()
            yield Progress(number, 2 * len(topics), MSG_READ)
    idf = idf_table(raw)
    default = default_idf(len(raw))
    return [tfidf(document, idf, default) for document in raw]


def group_topics(
    topics: Sequence[TopicText],
    analyzer: Analyzer,
    *,
    min_stations: int = MIN_STATIONS,
    threshold: float = THRESHOLD,
    merge_threshold: float = MERGE_THRESHOLD,
    cancel: CancelToken | None = None,
) -> Job[list[Group]]:
    """Common issues among ``topics``, the widest (most townships) first."""
    total = len(topics)
    yield Progress(0, 2 * total, MSG_READ)
    vectors = yield from vectors_of(topics, analyzer, cancel)
    problems = [
        problem_concepts(vector) | title_words(topic, analyzer)
        for vector, topic in zip(vectors, topics, strict=True)
    ]
    clusters: list[_Cluster] = []
    index: dict[str, list[int]] = {}
    for number, vector in enumerate(vectors):
        if number % STEP == 0 and number:
            if cancel:
                cancel.raise_if_cancelled()
            yield Progress(total + number, 2 * total, MSG_GROUP)
        if not vector:
            continue
        top = strongest(vector, QUERY_TERMS)
        seen: Counter[int] = Counter()
        for term in top:
            seen.update(index.get(term, ()))
        best, best_sim, best_dot = -1, threshold, 0.0
        for candidate, _shared in seen.most_common(MAX_CANDIDATES):
            sim, dot = clusters[candidate].similarity(vector)
            if (
                sim >= best_sim
                and _near_founders(clusters[candidate], vector, vectors, threshold)
                and _same_problem(clusters[candidate], problems[number], problems, sim, threshold)
            ):
                best, best_sim, best_dot = candidate, sim, dot
        if best < 0:
            best = len(clusters)
            clusters.append(_Cluster(number, vector))
        else:
            clusters[best].add(number, vector, best_dot)
        for term in top:
            posting = index.setdefault(term, [])
            if len(posting) < POSTING_CAP and (not posting or posting[-1] != best) and best not in posting:
                posting.append(best)
    if merge_threshold:
        clusters = _merged(clusters, problems, merge_threshold, cancel)
    groups = [
        _finish(cluster, topics, vectors, analyzer)
        for cluster in clusters
        if len({topics[i].township for i in cluster.members}) >= max(1, min_stations)
    ]
    yield Progress(2 * total, 2 * total, MSG_GROUP)
    groups.sort(key=lambda g: (-len(g.townships), -len(g.members), -g.score, topics[g.members[0]].key))
    return groups


def _merged(
    clusters: list[_Cluster],
    problems: Sequence[frozenset[str]],
    threshold: float,
    cancel: CancelToken | None,
) -> list[_Cluster]:
    """The second pass (merging.py): groups of one problem that the order of the topics kept apart."""

    def founders(cluster: _Cluster) -> list[frozenset[str]]:
        return [problems[i] for i in cluster.members[:FOUNDERS] if problems[i]]

    def same_problem(a: _Cluster, b: _Cluster, link: float) -> bool:
        if link >= CLEAR_SIM * threshold:  # plainly alike: the lexicon may miss the shared problem
            return True
        return founders_share_problem(founders(a), founders(b), PROBLEM_SHARE)

    return merge_clusters(clusters, strongest, same_problem, threshold, cancel)


def _near_founders(cluster: _Cluster, vector: Vector, vectors: Sequence[Vector], threshold: float) -> bool:
    founders = cluster.members[:FOUNDERS]
    mean = sum(cosine(vector, vectors[i]) for i in founders) / len(founders)
    return mean >= FOUNDER_SHARE * threshold


def problem_concepts(vector: Vector) -> frozenset[str]:
    """What ``vector`` says is wrong: its concepts that are not settings, and their broad fields."""
    names = [term[1:] for term in vector if term[0] == CONCEPT_PREFIX and term[1:] not in SETTINGS]
    return frozenset(names) | frozenset(DOMAIN_PREFIX + DOMAINS[n] for n in names if n in DOMAINS)


def title_words(topic: TopicText, analyzer: Analyzer) -> frozenset[str]:
    """The bigrams of the title's words the lexicon does not know (陈旧 in 设施陈旧): two titles
    that write the same unknown word may name the same problem."""
    return frozenset(
        term for term in analyzer.terms(topic.title) if term[0] not in (CONCEPT_PREFIX, DOMAIN_PREFIX)
    )


def _same_problem(
    cluster: _Cluster,
    problem: frozenset[str],
    problems: Sequence[frozenset[str]],
    sim: float,
    threshold: float,
) -> bool:
    """The topic names a problem at least half of the founders name (those that name any), or a
    neighbouring problem of the same broad field (停车 / 拥堵, 臭味 / 粪污)."""
    if not problem or sim >= CLEAR_SIM * threshold:  # unknown wording, or plainly alike: the cosine decides
        return True
    voters = [problems[i] for i in cluster.members[:FOUNDERS] if problems[i]]
    # A shared broad field counts: a bar on the cosine for it (1.0–2.0 × threshold) was measured,
    # and above 1.1 fresh5 loses its tourist-traffic theme (拥堵 / 停车).
    return sum(1 for other in voters if problem & other) >= PROBLEM_SHARE * len(voters)


def _finish(
    cluster: _Cluster, topics: Sequence[TopicText], vectors: Sequence[Vector], analyzer: Analyzer
) -> Group:
    centroid = cluster.centroid()
    sims = [cosine(vectors[i], centroid) for i in cluster.members]
    central = cluster.members[max(range(len(sims)), key=sims.__getitem__)]
    members = tuple(sorted(cluster.members, key=lambda i: (topics[i].township, topics[i].key)))
    return Group(
        members=members,
        townships=tuple(sorted({topics[i].township for i in members})),
        key_terms=key_terms(
            centroid,
            [vectors[i] for i in cluster.members],
            [topics[i].title for i in cluster.members],
            analyzer,
            texts=[" ".join(topics[i].text()) for i in cluster.members],
        ),
        score=round(sum(sims) / len(sims), 3),
        central=central,
    )
