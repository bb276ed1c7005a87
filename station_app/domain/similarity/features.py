"""From a topic's text to weighted terms: place names out, field words folded, the rest as bigrams.

Segmentation is forward maximum matching over one dictionary (the field's concepts, the generic
words and the place names), done by a single compiled regular expression whose alternatives are
sorted longest first. What the dictionary does not know is kept as character bigrams, so a new
word still counts. DESIGN.md says why this and not a general segmenter.
"""

from __future__ import annotations

import math
import operator
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from station_app.domain.alternatives import ALTERNATIVE_PATTERN
from station_app.domain.similarity.lexicon import CONCEPTS, DOMAINS, GENERIC_WORDS, SETTINGS
from station_app.domain.similarity.thesaurus import CLASS_PREFIX, CLASS_WEIGHT, Thesaurus, shipped_thesaurus

CONCEPT_PREFIX = "#"  # concept tokens are "#路灯"; bigrams and characters stand for themselves
DOMAIN_PREFIX = "@"  # a concept's broad field: "@医疗"
PAIR_PREFIX = "&"  # two concepts one title names together: "&水库+防溺水" (what, and what is wrong with it)
TITLE_WEIGHT = 2.0  # a title says what the topic is; the long texts add detail (and noise)
CONCEPT_WEIGHT = 2.0  # one concept stands for a whole word; a word makes several bigrams
SETTING_WEIGHT = 1.0  # who or where (学校, 老人): shared by topics about different problems
DOMAIN_WEIGHT = 0.5  # the broad field: neighbouring concepts (卫生室, 看病) come a little closer
BIGRAM_WEIGHT = 0.5  # bigrams of what the lexicon does not know: a weak backoff
CHAR_WEIGHT = 0.0  # single characters: off (they tie unrelated topics through 难/差/修)
# A title's problem is an object and what is wrong with it (水库 + 溺水, 水库 + 渗漏): each pair of
# concepts a title names together is a term of its own, so two topics alike in the pair come closer
# than two that share the object alone. A small set's idf is too flat to weigh a shared object
# against the rest; the pairs stand in for that contrast and fade, like the idf's shrinkage, as the
# topics grow (measured: with 1,000–5,000 topics a fixed weight lost F1). 4.0 (3.4 among 85 topics)
# chosen leaving one labelled set out (DESIGN.md).
PAIR_WEIGHT = 4.0
# Document frequencies from a few dozen topics are noise (nearly every term is seen once, so a
# term two topics share weighs *less* than one neither shares): idf is shrunk towards 1 for small
# sets and reaches its full contrast only with many topics.
IDF_PRIOR_DOCS = 500
BODY_CHARS = 400  # enough of each long text to know its subject, and keeps 100,000 topics fast
_CJK_RUN = re.compile(r"[\u3400-\u9fff]{2,}")
# 村（居）务公开, 村（社区）干部: the bracketed alternative would cut the word in two.
_ALTERNATIVE = re.compile(ALTERNATIVE_PATTERN)  # after NFKC, either bracket is "(" … ")"


def normalise(text: str) -> str:
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return _ALTERNATIVE.sub("", text) if "(" in text else text


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

    def __init__(
        self,
        places: Iterable[str] = (),
        concepts: Mapping[str, tuple[str, ...]] = CONCEPTS,
        thesaurus: Thesaurus | bool = True,  # True: the shipped one (thesaurus.py); False: bigrams only
    ) -> None:
        self.thesaurus = shipped_thesaurus() if thesaurus is True else thesaurus or None
        self.places = frozenset(p for p in (unicodedata.normalize("NFKC", p).strip() for p in places) if p)
        self.concepts = concepts  # another table only to measure what the lexicon brings
        # One capturing group: ``split`` gives the gaps and the dictionary words in one pass.
        self._pattern = re.compile(f"({trie_pattern(set(concepts) | set(GENERIC_WORDS) | self.places)})")

    def terms(self, text: str) -> Counter[str]:
        """Concept tokens ("#路灯"), and the bigrams and single characters of what lies between
        dictionary words (a removed word splits the text: no bigram across it)."""
        text = normalise(text)
        found: Counter[str] = Counter()
        pieces = self._pattern.split(text)
        concepts = self.concepts
        for word in pieces[1::2]:
            for concept in concepts.get(word, ()):
                found[CONCEPT_PREFIX + concept] += 1
                if concept in DOMAINS:
                    found[DOMAIN_PREFIX + DOMAINS[concept]] += 1
        thesaurus = self.thesaurus
        for run in _CJK_RUN.findall(" ".join(pieces[0::2])):
            if thesaurus:  # version 7: the thesaurus's words first, bigrams of the rest
                thesaurus.count_terms(run, found)
            else:
                found.update(map(operator.add, run, run[1:]))
            if CHAR_WEIGHT:
                found.update(run)
        return found

    def concept_words(self, text: str) -> Counter[tuple[str, str]]:
        """(concept, the word of ``text`` that named it) for every dictionary word of ``text``."""
        found: Counter[tuple[str, str]] = Counter()
        for word in self._pattern.split(normalise(text))[1::2]:
            for concept in self.concepts.get(word, ()):
                found[concept, word] += 1
        return found

    def unknown_runs(self, text: str) -> list[str]:
        """The stretches of Han characters between dictionary words (what the lexicon does not know)."""
        text = normalise(text)
        return _CJK_RUN.findall(" ".join(self._pattern.split(text)[0::2]))

    def weighted(self, topic: TopicText, pair_weight: float = 0.0) -> dict[str, float]:
        """Raw term weights of one topic (before idf): title counts more, concepts count more;
        with a ``pair_weight``, the pairs of concepts its title names together (for the grouping)."""
        title, body = topic.text()
        title_terms = self.terms(title)
        weights = _tf(title_terms, TITLE_WEIGHT)
        for term, weight in _tf(self.terms(body), 1.0).items():
            weights[term] = weights.get(term, 0.0) + weight
        for term in weights:
            if term[0] == CONCEPT_PREFIX:
                weights[term] *= SETTING_WEIGHT if term[1:] in SETTINGS else CONCEPT_WEIGHT
            elif term[0] == DOMAIN_PREFIX:
                weights[term] *= DOMAIN_WEIGHT
            elif term[0] == CLASS_PREFIX:
                weights[term] *= CLASS_WEIGHT
            elif len(term) == 1:
                weights[term] *= CHAR_WEIGHT
            else:
                weights[term] *= BIGRAM_WEIGHT
        if pair_weight:
            named = sorted(term[1:] for term in title_terms if term[0] == CONCEPT_PREFIX)
            for number, first in enumerate(named):
                for second in named[number + 1 :]:
                    weights[f"{PAIR_PREFIX}{first}+{second}"] = pair_weight
        return weights


def _tf(counts: Counter[str], factor: float) -> dict[str, float]:
    """``factor`` × (1 + log count) per term (most terms occur once)."""
    return {term: factor if n == 1 else factor * (1.0 + math.log(n)) for term, n in counts.items()}


def trie_pattern(words: Iterable[str]) -> str:
    """One regular expression matching the longest of ``words`` at a position, with shared
    beginnings factored out (a flat alternation of a thousand words is tried word by word)."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = True

    def build(node: dict[str, Any]) -> str:
        keyed = [(char, re.escape(char) + build(child)) for char, child in sorted(node.items()) if char]
        if not keyed:
            return ""
        body = keyed[0][1] if len(keyed) == 1 else "(?:" + _choose(keyed) + ")"
        if "" in node:  # a word ends here: longer words first, then this one
            return (body if len(keyed) == 1 and len(body) == 1 else f"(?:{body})") + "?"
        return body

    return build(trie)


# More alternatives than this are halved behind a character-class lookahead: the split of 40,000
# texts took 0.28 s instead of 1.29 s with one flat list at each position.
BRANCHES_TRIED = 16


def _choose(keyed: Sequence[tuple[str, str]]) -> str:
    """Alternatives, each starting with its own character: the regex engine tries a flat list one by
    one, so a long list becomes a binary tree of lookaheads on character sets (tested at once)."""
    if len(keyed) <= BRANCHES_TRIED:
        return "|".join(branch for _char, branch in keyed)
    half = len(keyed) // 2
    parts = []
    for part in (keyed[:half], keyed[half:]):
        chars = "".join(re.escape(char) for char, _branch in part)
        parts.append(f"(?=[{chars}])(?:{_choose(part)})")
    return "|".join(parts)


def pair_weight(total: int) -> float:
    """The weight of a title's concept pair among ``total`` topics: full for a few, fading with many."""
    return PAIR_WEIGHT * IDF_PRIOR_DOCS / (total + IDF_PRIOR_DOCS)


def idf_table(documents: Sequence[dict[str, float]]) -> dict[str, float]:
    """Smoothed inverse document frequency of every term of ``documents``."""
    frequency: Counter[str] = Counter()
    for document in documents:
        frequency.update(document.keys())
    total = len(documents)
    trust = total / (total + IDF_PRIOR_DOCS)
    return {term: 1.0 + trust * math.log((1 + total) / (1 + df)) for term, df in frequency.items()}


Vector = dict[str, float]


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
    return term[1:] if term[0] == CONCEPT_PREFIX else term
