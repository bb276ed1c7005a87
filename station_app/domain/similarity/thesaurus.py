"""A general thesaurus as the backoff for words the field lexicon does not know (version 7).

What lies between the field lexicon's words was read as character bigrams only. Now it is first
segmented by forward maximum matching over the words of 同义词词林扩展版 (HIT-SCIR's Tongyici
Cilin, extended; ``resources/cilin_classes.xz``, built by ``tests/bench/build_cilin_classes.py``):
each word found becomes the token of its synonym class (``%Bh06A01``: 售卖, 贩卖 and 出售 are one
token), and only what the thesaurus does not know either stays as bigrams. DESIGN.md gives the
measurements and the source's terms.
"""

from __future__ import annotations

import functools
import logging
import lzma
import operator
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from station_app import paths
from station_app.errors import InputError

log = logging.getLogger(__name__)

# False: unknown words are bigrams only, as in versions 5 and 6. Both measured in DESIGN.md.
USE_THESAURUS = True
CLASS_PREFIX = "%"  # a thesaurus class token: "%Bh06A01"
CLASS_WEIGHT = 1.0  # like a setting: below a lexicon concept (2.0), above a bigram (0.5); 0.7–1.5 measured
FILE_NAME = "cilin_classes.xz"
HEADER = "# station-app thesaurus classes 1"
LONGEST_WORD = 4  # words of 2–4 characters (longer ones are idioms and names)
_CODE_LENGTH = 7  # Cilin's five levels: Bh 06 A 01 → the fifth, the finest


@dataclass(frozen=True)
class Thesaurus:
    """Each known word to its class code; ``starts`` holds the first two characters of every word
    (one lookup tells that no word starts at a position)."""

    classes: dict[str, str]
    starts: frozenset[str]

    def split(self, run: str) -> Iterator[tuple[str, str]]:
        """``run`` (Han characters) as ``(gap, word)`` pairs, the longest known word first at each
        position; the last pair's word is empty (the rest of the run)."""
        classes, starts = self.classes, self.starts
        start = i = 0
        end = len(run) - 1
        while i < end:
            if run[i : i + 2] in starts:
                for size in range(LONGEST_WORD, 1, -1):
                    word = run[i : i + size]
                    if len(word) == size and word in classes:
                        yield run[start:i], word
                        i += size
                        start = i
                        break
                else:
                    i += 1
            else:
                i += 1
        yield run[start:], ""

    def count_terms(self, run: str, found: Counter[str]) -> None:
        """Adds the class tokens of the known words of ``run`` to ``found``, and the bigrams of
        what lies between them."""
        classes = self.classes
        for gap, word in self.split(run):
            if len(gap) > 1:
                found.update(map(operator.add, gap, gap[1:]))
            if word:
                found[CLASS_PREFIX + classes[word]] += 1


def read_thesaurus(path: Path) -> Thesaurus:
    """The classes of ``path``; a damaged or foreign file is refused with a clear message."""
    try:
        text = lzma.decompress(path.read_bytes()).decode("utf-8")
    except (OSError, lzma.LZMAError, UnicodeDecodeError) as exc:
        raise InputError(f"同义词数据文件无法读取或已损坏：{path}") from exc
    lines = text.splitlines()
    if not lines or lines[0] != HEADER:
        raise InputError(f"同义词数据文件格式不对：{path}")
    classes: dict[str, str] = {}
    for number, line in enumerate(lines[1:], 2):
        code, *words = line.split()
        if len(code) != _CODE_LENGTH or not code.isascii() or not words:
            raise InputError(f"同义词数据文件第{number}行不正确：{path}")
        for word in words:
            if not 2 <= len(word) <= LONGEST_WORD:
                raise InputError(f"同义词数据文件第{number}行的词「{word}」长度不对：{path}")
            classes.setdefault(word, code)
    if not classes:
        raise InputError(f"同义词数据文件是空的：{path}")
    return Thesaurus(classes, frozenset(word[:2] for word in classes))


@functools.lru_cache(maxsize=1)
def shipped_thesaurus() -> Thesaurus | None:
    """The shipped classes, read once; None when switched off, or when the file is missing or
    damaged (logged): the engine then reads unknown words as bigrams, as version 5 did."""
    if not USE_THESAURUS:
        return None
    path = paths.resources_dir() / FILE_NAME
    try:
        return read_thesaurus(path)
    except InputError as exc:
        log.warning("thesaurus backoff off: %s", exc)
        return None
