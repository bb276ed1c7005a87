"""From a topic's text to weighted terms: place names out, field words folded, the rest as bigrams.

Segmentation is forward maximum matching over one dictionary (the field's concepts, the generic
words and the place names), done by a single compiled regular expression whose alternatives are
sorted longest first. What the dictionary does not know is kept as character bigrams, so a new
word still counts. DESIGN.md says why this and not a general segmenter.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from station_app.domain.similarity.lexicon import CONCEPTS, GENERIC_WORDS

CONCEPT_PREFIX = "#"  # concept tokens are "#路灯"; bigrams are the two characters themselves
CHAR_PREFIX = "~"  # single characters of words the dictionary does not know: "~猪"
TITLE_WEIGHT = 2.0  # a title says what the topic is; the long texts add detail (and noise)
CONCEPT_WEIGHT = 2.0  # one concept stands for a whole word; a word makes several bigrams
CHAR_WEIGHT = 1.0  # single characters: paraphrases share them when they share no word
# Document frequencies from a few dozen topics are noise (nearly every term is seen once, so a
# term two topics share weighs *less* than one neither shares): idf is shrunk towards 1 for small
# sets and reaches its full contrast only with many topics.
IDF_PRIOR_DOCS = 500
BODY_CHARS = 400  # enough of each long text to know its subject, and keeps 100,000 topics fast
_CJK_RUN = re.compile(r"[\u3400-\u9fff]{2,}")


@dataclass(frozen=True)
class TopicText:
    """What the engine knows about one topic."""

    key: str  # the consultation's uuid
    township: str  # its station's code
    title: str
    body: str = ""  # description, research findings, consensus

    def text(self) -> tuple[str, str]:
        return self.title, self.body[:BODY_CHARS]


class Analyzer:
    """Turns text into term counts; ``places`` are names removed first (they never group topics)."""

    def __init__(self, places: Iterable[str] = ()) -> None:
        self.places = frozenset(p for p in (unicodedata.normalize("NFKC", p).strip() for p in places) if p)
        words = set(CONCEPTS) | set(GENERIC_WORDS) | self.places
        alternatives = sorted(words, key=lambda w: (-len(w), w))
        self._pattern = re.compile("|".join(map(re.escape, alternatives)))

    def terms(self, text: str) -> Counter[str]:
        """Concept tokens and the bigrams of what lies between dictionary words."""
        text = unicodedata.normalize("NFKC", text)
        found: Counter[str] = Counter()
        rest: list[str] = []
        last = 0
        for match in self._pattern.finditer(text):
            rest.append(text[last : match.start()])
            last = match.end()
            concept = CONCEPTS.get(match.group())
            if concept is not None:
                found[CONCEPT_PREFIX + concept] += 1
            rest.append(" ")  # a removed word splits the text: no bigram across it
        rest.append(text[last:])
        for run in _CJK_RUN.findall("".join(rest)):
            found.update(run[i : i + 2] for i in range(len(run) - 1))
            found.update(CHAR_PREFIX + c for c in run)
        return found

    def weighted(self, topic: TopicText) -> dict[str, float]:
        """Raw term weights of one topic (before idf): title counts more, concepts count more."""
        title, body = topic.text()
        weights: dict[str, float] = {}
        for text, factor in ((title, TITLE_WEIGHT), (body, 1.0)):
            for term, count in self.terms(text).items():
                boost = BOOSTS.get(term[0], 1.0)
                weights[term] = weights.get(term, 0.0) + factor * boost * (1.0 + math.log(count))
        return weights


def idf_table(documents: Sequence[dict[str, float]]) -> dict[str, float]:
    """Smoothed inverse document frequency of every term of ``documents``."""
    frequency: Counter[str] = Counter()
    for document in documents:
        frequency.update(document.keys())
    total = len(documents)
    trust = total / (total + IDF_PRIOR_DOCS)
    return {term: 1.0 + trust * math.log((1 + total) / (1 + df)) for term, df in frequency.items()}


Vector = dict[str, float]
BOOSTS = {CONCEPT_PREFIX: CONCEPT_WEIGHT, CHAR_PREFIX: CHAR_WEIGHT}


def default_idf(total: int) -> float:
    """The idf of a term none of ``total`` topics has (a query's new word)."""
    return 1.0 + total / (total + IDF_PRIOR_DOCS) * math.log(1 + total)


def tfidf(document: dict[str, float], idf: dict[str, float], default_idf: float) -> Vector:
    """The unit-length tf-idf vector of one document."""
    vector = {term: weight * idf.get(term, default_idf) for term, weight in document.items()}
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {term: v / norm for term, v in vector.items()} if norm else {}


def cosine(a: Vector, b: Vector) -> float:
    """Dot product of two unit vectors (loop over the shorter one)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b.get(term, 0.0) for term, weight in a.items())


def display_term(term: str) -> str:
    return term[1:] if term[0] in BOOSTS else term
