"""Key terms of a group, as a reader sees them: real words, never bigram fragments.

The terms are the group's strongest concepts (each a word of the field lexicon). Where the
lexicon knows too little of a group, the phrases that the titles of at least half of its members
(two at least) write in the same characters are added: a string that two townships wrote alike
is a word of theirs, whereas a bigram cut out of a longer word («境脏», «施陈») is not.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from station_app.domain.alternatives import ALTERNATIVE_PATTERN
from station_app.domain.similarity.features import CONCEPT_PREFIX, Analyzer, Vector
from station_app.domain.similarity.thesaurus import CLASS_PREFIX

KEY_TERMS = 5
MIN_CONCEPTS = 3  # fewer concepts than this: shared phrases are added
LONGEST_PHRASE = 8
TITLES_READ = 12  # a phrase is looked for in this many titles of a group at most
MEMBERS_READ = 50  # support of a concept: counted over this many members at most


def key_terms(
    centroid: Vector,
    members: Sequence[Vector],
    titles: Sequence[str],
    analyzer: Analyzer,
    count: int = KEY_TERMS,
    texts: Sequence[str] = (),
) -> tuple[str, ...]:
    """Concepts most members share (strongest first), then phrases the titles share, then — only
    up to ``MIN_CONCEPTS`` terms — concepts two members share: a word one member's long text
    mentions says nothing of the group."""
    support: Counter[str] = Counter()
    for vector in members[:MEMBERS_READ]:
        support.update(t for t in vector if t[0] == CONCEPT_PREFIX)
    most = max(2, (min(len(members), MEMBERS_READ) + 1) // 2)
    ranked = sorted((t for t, n in support.items() if n >= 2), key=lambda t: -centroid.get(t, 0.0))
    found = [t[1:] for t in ranked if support[t] >= most][:count]
    if len(found) < MIN_CONCEPTS:
        found += [p for p in shared_phrases(titles[:TITLES_READ], analyzer) if p not in found]
    # Concepts fewer than half the members name only make up the least a group shows: padded to
    # five, they named 「夜间就医」 for 四点半课堂 and 「村务公开」 for 加装电梯 (two members' asides).
    found += [t[1:] for t in ranked if t[1:] not in found][: max(0, MIN_CONCEPTS - len(found))]
    if len(found) < MIN_CONCEPTS and analyzer.thesaurus is not None:
        found += [w for w in class_words(centroid, members, titles, analyzer) if w not in found]
    return tuple(dict.fromkeys(as_written(found[:count], texts, analyzer)))


def as_written(terms: Sequence[str], texts: Sequence[str], analyzer: Analyzer) -> list[str]:
    """Each concept in the group's own words where none of its texts uses the concept's name: the
    word of that concept they use most (two characters at least). Topics on 加装电梯 that mention a
    公示 show 「公示」, not the concept 「村务公开」 the word belongs to, and 水压 topics 「水压」 rather
    than 「饮水」: a key term is a word an office can search for. A concept the texts name only by
    one character (竹 in 竹麻, 竹纸) is left out: 「竹子」 would find none of them."""
    said: dict[str, Counter[str]] = {}
    for text in texts[:MEMBERS_READ]:
        for (concept, word), n in analyzer.concept_words(text).items():
            said.setdefault(concept, Counter())[word] += n
    shown = []
    for term in terms:
        words = said.get(term, Counter())
        if not words or term in words:
            shown.append(term)
            continue
        usable = [w for w, _n in words.most_common() if len(w) > 1]  # 「竹」 alone reads as a fragment
        if usable:  # else only a character of it is written (竹麻, 竹纸): no word to search for
            shown.append(usable[0])
    return [written_form(word, texts[:MEMBERS_READ]) for word in shown]


def written_form(word: str, texts: Sequence[str]) -> str:
    """``word`` as the texts write it when none writes it plainly: the engine reads 「村（居）务公开」
    as 「村务公开」, but a search for 「村务公开」 would not find that text."""
    if not word or any(word in text for text in texts):
        return word
    spaced = f"(?:{ALTERNATIVE_PATTERN})?".join(map(re.escape, word))
    found = Counter(m.group() for text in texts for m in re.finditer(spaced, text))
    return found.most_common(1)[0][0] if found else word


def class_words(
    centroid: Vector, members: Sequence[Vector], titles: Sequence[str], analyzer: Analyzer
) -> list[str]:
    """For a group the lexicon knows little of: the title words of the thesaurus classes that two
    members or more share, strongest first — «电猫» and «偷捕» are words, their class code is not."""
    thesaurus = analyzer.thesaurus
    assert thesaurus is not None
    support: Counter[str] = Counter()
    for vector in members[:MEMBERS_READ]:
        support.update(t for t in vector if t[0] == CLASS_PREFIX)
    word_of: dict[str, str] = {}
    for title in titles[:TITLES_READ]:
        for run in analyzer.unknown_runs(title):
            for _gap, word in thesaurus.split(run):
                if word:
                    word_of.setdefault(CLASS_PREFIX + thesaurus.classes[word], word)
    shared = [t for t, n in support.items() if n >= 2 and t in word_of]
    return [word_of[t] for t in sorted(shared, key=lambda t: -centroid.get(t, 0.0))]


def shared_phrases(titles: Sequence[str], analyzer: Analyzer) -> list[str]:
    """Strings (2–8 characters, outside dictionary words) that at least half of ``titles`` (and
    two at least) contain, the longest and most shared first; no phrase inside another."""
    seen: Counter[str] = Counter()
    for title in titles:
        pieces: set[str] = set()
        for run in analyzer.unknown_runs(title):
            for start in range(len(run) - 1):
                for end in range(start + 2, min(len(run), start + LONGEST_PHRASE) + 1):
                    pieces.add(run[start:end])
        seen.update(pieces)
    wanted = max(2, (len(titles) + 1) // 2)
    common = [p for p, n in seen.items() if n >= wanted]
    maximal = [p for p in common if not any(p != q and p in q for q in common)]
    return sorted(maximal, key=lambda p: (-seen[p], -len(p), p))
