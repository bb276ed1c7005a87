"""共性问题 benchmark: pairwise quality on the labelled sets and speed at scale, beside a baseline.

    python tests/bench/bench_common_issues.py [--count 100000] [--baseline-count 5000]

Quality: pairwise precision, recall and F1 of the engine (threshold fixed in the code) on the dev
split, the held-out split and four fresh sets (see common_issues_eval.py for what each has been
used for), beside a naive character-overlap grouping whose threshold is chosen on the dev split in
this run, the engine without its lexicon, and the engine with half or 70 % of its lexicon's words
forgotten (random draws): the last shows what wording the lexicon does not know costs.
Speed: the engine on ``--count`` synthetic topics (made from the
labelled ones, spread over the 132 townships), and both methods on ``--baseline-count`` topics
(the baseline compares every pair, so it cannot run at 100,000). Optionally ``--jieba PATH``
(a folder where jieba is installed) adds jieba segmentation for comparison.
Not collected by pytest (no ``test_`` prefix).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from station_app.domain.progress import run_to_end
from station_app.domain.similarity import lexicon
from station_app.domain.similarity.clustering import THRESHOLD, group_topics
from station_app.domain.similarity.features import Analyzer, TopicText
from station_app.domain.similarity.merging import MERGE_THRESHOLD
from station_app.domain.similarity.places import leshan_places
from station_app.hub.closeness import CLOSENESS_HEADER, WORDS, closeness
from tests.bench.common_issues_eval import (
    FRESH,
    FRESH2,
    FRESH3,
    FRESH4,
    FRESH5,
    FRESH6,
    FRESH7,
    FRESH8,
    FRESH9,
    FRESH10,
    FRESH11,
    FRESH12,
    FRESH13,
    Labelled,
    char_overlap_groups,
    load_labelled,
    pairwise,
    synthetic_topics,
)


def engine_groups(topics: Sequence[TopicText], analyzer: Analyzer) -> list[list[str]]:
    groups = run_to_end(group_topics(topics, analyzer))
    return [[topics[i].key for i in g.members] for g in groups]


def labelled_sets() -> dict[str, list[Labelled]]:
    """Every labelled set by its name in the figures."""
    return {
        "dev": load_labelled("dev"),
        "heldout": load_labelled("heldout"),
        "fresh": load_labelled(path=FRESH),
        "fresh2": load_labelled(path=FRESH2),
        "fresh3": load_labelled(path=FRESH3),
        "fresh4": load_labelled(path=FRESH4),
        "fresh5": load_labelled(path=FRESH5),
        "fresh6": load_labelled(path=FRESH6),
        "fresh7": load_labelled(path=FRESH7),
        "fresh8": load_labelled(path=FRESH8),
        "fresh9": load_labelled(path=FRESH9),
        "fresh10": load_labelled(path=FRESH10),
        "fresh11": load_labelled(path=FRESH11),
        "fresh12": load_labelled(path=FRESH12),
        "fresh13": load_labelled(path=FRESH13),
    }


def ablated(share: float, seed: int) -> dict[str, tuple[str, ...]]:
    """The field lexicon with a random ``share`` of its words forgotten: how the engine fares on
    wording its lexicon does not know (the forgotten words fall back to bigrams)."""
    return {word: names for word, names in lexicon.CONCEPTS.items() if _draw(seed, word) >= share}


def _draw(seed: int, word: str) -> float:
    """A number in [0, 1) fixed by the seed and the word alone: a word added to the lexicon does
    not change which of the others a draw forgets, so two lexicons are compared on the same draws."""
    return zlib.crc32(f"{seed}:{word}".encode()) / 2**32


def _jieba_analyzer(path: str) -> Callable[[Sequence[TopicText]], list[list[str]]] | None:
    sys.path.insert(0, path)
    try:
        import jieba  # type: ignore[import-not-found]
    except ImportError:
        return None
    jieba.setLogLevel(60)
    stop = lexicon.GENERIC_WORDS | leshan_places()

    class JiebaAnalyzer(Analyzer):
        def terms(self, text: str):  # type: ignore[no-untyped-def]
            from collections import Counter

            words = [w for w in jieba.lcut(text) if len(w.strip()) > 1 and w not in stop]
            return Counter(words)

    analyzer = JiebaAnalyzer(leshan_places())
    return lambda topics: engine_groups(topics, analyzer)


def _quality(
    name: str, run: Callable[[Sequence[TopicText]], list[list[str]]], sets: dict[str, list[Labelled]]
) -> None:
    for label, items in sets.items():
        scores = pairwise(run([i.topic for i in items]), items)
        print(f"  {name:<34}{label:<9}{scores.line()}")


def _mean_quality(name: str, analyzers: Sequence[Analyzer], sets: dict[str, list[Labelled]]) -> None:
    for label, items in sets.items():
        topics = [i.topic for i in items]
        f1 = [pairwise(engine_groups(topics, a), items).f1 for a in analyzers]
        print(f"  {name:<34}{label:<9}mean F1 {sum(f1) / len(f1):.3f} over {len(f1)} random draws")


def _hint_quality(sets: dict[str, list[Labelled]], thesaurus: bool = True) -> None:
    """The station's 「本站已有相似议题」: each topic's title typed against the other titles of its set.
    P: shown titles of the same theme; R: themed topics shown at least one of their theme."""
    from station_app.services.similar_topics import SimilarTitles, _Known

    analyzer = Analyzer(leshan_places(), thesaurus=thesaurus)
    print(f"\nstation hint (title against titles, at most 3 shown){'' if thesaurus else ', v6'}")
    for label, items in sets.items():
        titles = SimilarTitles([_Known(i.topic.key, i.topic.key, i.topic.title, "") for i in items], analyzer)
        theme = {i.topic.key: i.theme for i in items}
        shown = right = themed = warned = 0
        for item in items:
            found = titles.similar(item.topic.title, exclude=item.topic.key)
            shown += len(found)
            right += sum(1 for f in found if item.theme and theme[f.uuid] == item.theme)
            if item.theme:
                themed += 1
                warned += any(theme[f.uuid] == item.theme for f in found)
        print(f"  {label:<9}P {right / max(shown, 1):.3f}  R {warned / themed:.3f}  ({shown} shown)")


BLIND_WRITTEN = (
    "fresh7",
    "fresh8",
    "fresh9",
    "fresh10",
    "fresh11",
    "fresh12",
    "fresh13",
)  # never shown the engine


def closeness_rows(sets: dict[str, list[Labelled]], analyzer: Analyzer) -> list[tuple[str, str, float]]:
    """(set, closeness word, share of the group's topic pairs of one theme) of every group found."""
    rows = []
    for name, items in sets.items():
        topics = [i.topic for i in items]
        theme = {i.topic.key: i.theme for i in items}
        for group in run_to_end(group_topics(topics, analyzer)):
            keys = [topics[i].key for i in group.members]
            pairs = list(combinations(keys, 2))
            right = sum(1 for a, b in pairs if theme[a] is not None and theme[a] == theme[b])
            rows.append((name, closeness(group.score), right / len(pairs)))
    return rows


def _closeness_quality(sets: dict[str, list[Labelled]], analyzer: Analyzer) -> None:
    rows = closeness_rows(sets, analyzer)
    print(f"\n{CLOSENESS_HEADER} (the word the page shows): groups, share of their topic pairs of one theme")
    for label, chosen in (("all sets", set(sets)), ("blind-written", set(BLIND_WRITTEN))):
        for word in WORDS:
            shares = [share for name, w, share in rows if name in chosen and w == word]
            if shares:
                pure = sum(1 for s in shares if s == 1.0)
                mean = sum(shares) / len(shares)
                print(
                    f"  {label:<14}{word}  {len(shares):>4} groups, pairs right {mean:.2f}, "
                    f"all pairs right in {pure / len(shares):.2f} of groups"
                )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--baseline-count", type=int, default=5000)
    parser.add_argument("--draws", type=int, default=4, help="random draws of the forgetful lexicon")
    parser.add_argument("--jieba", default="", help="a folder holding an installed jieba, to compare")
    args = parser.parse_args()
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    sets = labelled_sets()
    for label, items in sets.items():
        sizes = Counter(i.theme for i in items if i.theme)
        themes = [theme for theme, size in sizes.items() if size > 1]
        print(  # a theme of one topic (fresh7 labels its unrelated topics so) is an unrelated topic
            f"set {label}: {len(items)} topics, {len(themes)} themes, "
            f"{len(items) - sum(sizes[t] for t in themes)} unrelated"
        )
    analyzer = Analyzer(leshan_places())
    dev = sets["dev"]
    best = max(
        (t / 100 for t in range(5, 60, 5)),
        key=lambda t: pairwise(char_overlap_groups([i.topic for i in dev], t), dev).f1,
    )
    print(
        f"\nquality (engine threshold {THRESHOLD}, merge {MERGE_THRESHOLD}; "
        f"baseline threshold {best:.2f} chosen on dev in this run)"
    )
    _quality("engine", lambda topics: engine_groups(topics, analyzer), sets)
    _quality(f"baseline char-overlap ≥ {best:.2f}", lambda topics: char_overlap_groups(topics, best), sets)
    v6 = Analyzer(leshan_places(), thesaurus=False)
    _quality("v6 (no thesaurus backoff)", lambda topics: engine_groups(topics, v6), sets)
    bare = Analyzer(leshan_places(), concepts={})
    _quality("engine without the lexicon", lambda topics: engine_groups(topics, bare), sets)
    for share in (0.5, 0.7):
        forgetful = [Analyzer(leshan_places(), ablated(share, seed)) for seed in range(args.draws)]
        _mean_quality(f"engine, {share:.0%} of lexicon forgotten", forgetful, sets)
        forgetful = [Analyzer(leshan_places(), ablated(share, seed), False) for seed in range(args.draws)]
        _mean_quality(f"v6, {share:.0%} of lexicon forgotten", forgetful, sets)
    if args.jieba:
        jieba_run = _jieba_analyzer(args.jieba)
        if jieba_run:
            _quality("jieba words + same clustering", jieba_run, sets)
    _closeness_quality(sets, analyzer)
    _hint_quality(sets)
    _hint_quality(sets, thesaurus=False)
    print("\nspeed")
    small = synthetic_topics(args.baseline_count, seed=11)
    print(f"  load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    start = time.perf_counter()
    engine_groups(small, Analyzer(leshan_places()))
    ours_small = time.perf_counter() - start
    start = time.perf_counter()
    char_overlap_groups(small, best)
    base_small = time.perf_counter() - start
    print(
        f"  {args.baseline_count:>7,} topics: engine {ours_small:7.2f} s, baseline {base_small:7.2f} s "
        f"(ratio {base_small / ours_small:.1f}×)"
    )
    many = synthetic_topics(args.count, seed=12)
    for name, thesaurus in (("engine", True), ("v6", False)):
        start, cpu = time.perf_counter(), time.process_time()
        groups = run_to_end(group_topics(many, Analyzer(leshan_places(), thesaurus=thesaurus)))
        ours, ours_cpu = time.perf_counter() - start, time.process_time() - cpu
        grouped = sum(len(g.members) for g in groups)
        print(
            f"  {args.count:>7,} topics (half one-off): {name} {ours:7.2f} s wall, {ours_cpu:.2f} s CPU "
            f"({len(groups)} groups, {grouped:,} topics grouped); "
            f"target ≤ 30 s: {'met' if ours <= 30 else 'NOT met'}; load now {os.getloadavg()[0]:.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
