"""「本站已有相似议题」: while a clerk types a new topic's title, the station's own topics that look
like the same problem (the 共性问题 engine's terms, compared title with title)."""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from station_app.domain.similarity.features import (
    CONCEPT_PREFIX,
    DOMAIN_PREFIX,
    Analyzer,
    TopicText,
    Vector,
    cosine,
    default_idf,
    idf_table,
    tfidf,
)
from station_app.domain.similarity.lexicon import SETTINGS
from station_app.domain.similarity.places import leshan_places, village_names
from station_app.storage.engine import Database
from station_app.storage.records import Consultation

# Title against title (kept from version 2). Version 3 measured by the benchmark: P 1.00 R 1.00 on
# dev and held-out, P 0.89–1.00 R 0.61–0.96 on the fresh sets (R 0.61 on fresh6, never seen).
WARN_THRESHOLD = 0.35
# A short title is often all inside a longer one (集市占道问题 / 集市占道经营整治) yet far from it
# by cosine: the share of the typed title found in a known one counts too, a little less.
COVERAGE_FACTOR = 0.8
MAX_TOPICS = 5000  # the most recent topics are compared: enough for a station, instant to build
MIN_CHARS = 4  # shorter titles say too little to warn about


@dataclass(frozen=True)
class SimilarTopic:
    uuid: str
    number: str
    title: str
    status: str
    score: float


@dataclass(frozen=True)
class _Known:
    uuid: str
    number: str
    title: str
    status: str


class SimilarTitles:
    """The titles of a station's topics, ready to be compared with one being typed."""

    def __init__(self, known: Sequence[_Known], analyzer: Analyzer) -> None:
        self._known = list(known)
        self._analyzer = analyzer
        raw = [analyzer.weighted(TopicText(k.uuid, "", k.title)) for k in self._known]
        self._idf = idf_table(raw)
        self._default = default_idf(len(raw))
        self._vectors: list[Vector] = [tfidf(r, self._idf, self._default) for r in raw]

    def __len__(self) -> int:
        return len(self._known)

    def similar(
        self, title: str, *, exclude: str | None = None, limit: int = 3, threshold: float = WARN_THRESHOLD
    ) -> list[SimilarTopic]:
        title = title.strip()
        if len(title) < MIN_CHARS:
            return []
        query = tfidf(self._analyzer.weighted(TopicText("", "", title)), self._idf, self._default)
        if not query:
            return []
        scored = (
            (_score(query, vector), index)
            for index, vector in enumerate(self._vectors)
            if self._known[index].uuid != exclude
        )
        best = heapq.nlargest(limit, (pair for pair in scored if pair[0] >= threshold))
        return [
            SimilarTopic(k.uuid, k.number, k.title, k.status, round(score, 3))
            for score, index in best
            for k in (self._known[index],)
        ]


def _score(query: Vector, known: Vector) -> float:
    """Cosine, or the share of the typed title found in the known one; 0 unless they share more
    than a setting (two titles about a school are not alike for that alone)."""
    shared = [term for term in query if term in known]
    if not any(_core_term(term) for term in shared):
        return 0.0
    coverage = sum(query[term] ** 2 for term in shared)
    return max(cosine(query, known), COVERAGE_FACTOR * coverage)


def _core_term(term: str) -> bool:
    """A problem concept or a bigram; not a setting, not a broad field."""
    if term[0] == CONCEPT_PREFIX:
        return term[1:] not in SETTINGS
    return term[0] != DOMAIN_PREFIX


def station_titles(db: Database) -> SimilarTitles:
    """The station's own topics (not deleted), the most recent first."""
    with db.session() as session:
        rows = session.execute(
            select(
                Consultation.id,
                Consultation.number,
                Consultation.title,
                Consultation.status,
                Consultation.village,
            )
            .where(Consultation.deleted.is_(False))
            .order_by(Consultation.year.desc(), Consultation.seq.desc())
            .limit(MAX_TOPICS)
        ).all()
    analyzer = Analyzer(leshan_places() | village_names(r[4] for r in rows))
    return SimilarTitles([_Known(r[0], r[1], r[2], r[3]) for r in rows], analyzer)
