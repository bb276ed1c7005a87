"""共性问题, leave one set out: would a parameter chosen without a set have served that set?

    python tests/bench/loso_common_issues.py [--draws 12]

For each labelled set in turn, the merge threshold of the second pass (0 = version 4, no merge)
is chosen on the *other* sets, by the mean of the F1 with the full lexicon and the mean F1 with
half of it forgotten (the same draws as bench_common_issues.py); the held-out set's figures at
that choice are printed beside version 4's. A choice that only fits the sets it was made on
shows here as a loss on the held-out set. Not collected by pytest (no ``test_`` prefix).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from station_app.domain.progress import run_to_end
from station_app.domain.similarity.clustering import group_topics
from station_app.domain.similarity.features import Analyzer
from station_app.domain.similarity.places import leshan_places
from tests.bench.bench_common_issues import ablated, labelled_sets
from tests.bench.common_issues_eval import Labelled, pairwise

GRID = (0.0, 0.18, 0.20, 0.22, 0.25, 0.28)


def f1(items: Sequence[Labelled], analyzer: Analyzer, merge: float) -> float:
    topics = [i.topic for i in items]
    groups = run_to_end(group_topics(topics, analyzer, merge_threshold=merge))
    return pairwise([[topics[i].key for i in g.members] for g in groups], items).f1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--draws", type=int, default=12)
    parser.add_argument(
        "--no-thesaurus", action="store_true", help="version 5: bigrams only beyond the lexicon"
    )
    args = parser.parse_args()
    sets = labelled_sets()
    thesaurus = not args.no_thesaurus
    full = Analyzer(leshan_places(), thesaurus=thesaurus)
    forgetful = [Analyzer(leshan_places(), ablated(0.5, seed), thesaurus) for seed in range(args.draws)]
    # score[merge][set] = (F1 full lexicon, mean F1 half forgotten)
    score = {
        merge: {
            label: (f1(items, full, merge), sum(f1(items, a, merge) for a in forgetful) / len(forgetful))
            for label, items in sets.items()
        }
        for merge in GRID
    }
    print(f"merge thresholds tried: {GRID}; {args.draws} draws of half the lexicon forgotten")
    print(f"  {'held out':<9}{'chosen':>7}   {'full: v4 → chosen':<20}{'half forgotten: v4 → chosen'}")
    gains_full, gains_half = [], []
    for label in sets:
        others = [other for other in sets if other != label]
        chosen = max(GRID, key=lambda m: sum(sum(score[m][o]) / 2 for o in others))
        v4, new = score[0.0][label], score[chosen][label]
        gains_full.append(new[0] - v4[0])
        gains_half.append(new[1] - v4[1])
        print(f"  {label:<9}{chosen:>7.2f}   {v4[0]:.3f} → {new[0]:.3f}      {v4[1]:.3f} → {new[1]:.3f}")
    print(
        f"  mean change on the held-out set: full {sum(gains_full) / len(gains_full):+.3f}, "
        f"half forgotten {sum(gains_half) / len(gains_half):+.3f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
