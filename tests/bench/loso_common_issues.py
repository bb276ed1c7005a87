"""共性问题, leave one set out: would a parameter chosen without a set have served that set?

    python tests/bench/loso_common_issues.py [--draws 12] [--knob merge|pairs]

For each labelled set in turn, a parameter is chosen on the *other* sets, by the mean of the F1
with the full lexicon and the mean F1 with half of it forgotten (the same draws as
bench_common_issues.py); the held-out set's figures at that choice are printed beside those at 0.
``merge``: the merge threshold of the second pass (0 = version 4, no merge; the pairs of version 6
off). ``pairs``: the weight of the title's concept pairs (0 = version 5). A choice that only fits
the sets it was made on shows here as a loss on the held-out set. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from station_app.domain.progress import run_to_end
from station_app.domain.similarity import features
from station_app.domain.similarity.clustering import group_topics
from station_app.domain.similarity.features import Analyzer
from station_app.domain.similarity.merging import MERGE_THRESHOLD
from station_app.domain.similarity.places import leshan_places
from tests.bench.bench_common_issues import ablated, labelled_sets
from tests.bench.common_issues_eval import Labelled, pairwise

GRIDS = {
    "merge": (0.0, 0.18, 0.20, 0.22, 0.25, 0.28),
    "pairs": (0.0, 1.0, 2.0, 3.0, 3.5, 4.0, 4.5, 5.0),
}
BASE = {"merge": "v4", "pairs": "v5"}


def f1(items: Sequence[Labelled], analyzer: Analyzer, knob: str, value: float) -> float:
    topics = [i.topic for i in items]
    merge = value if knob == "merge" else MERGE_THRESHOLD
    features.PAIR_WEIGHT = value if knob == "pairs" else 0.0
    groups = run_to_end(group_topics(topics, analyzer, merge_threshold=merge))
    return pairwise([[topics[i].key for i in g.members] for g in groups], items).f1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--draws", type=int, default=12)
    parser.add_argument("--knob", choices=sorted(GRIDS), default="pairs")
    parser.add_argument("--no-thesaurus", action="store_true", help="without version 7's thesaurus backoff")
    args = parser.parse_args()
    knob, grid, base = args.knob, GRIDS[args.knob], BASE[args.knob]
    sets = labelled_sets()
    thesaurus = not args.no_thesaurus
    full = Analyzer(leshan_places(), thesaurus=thesaurus)
    forgetful = [Analyzer(leshan_places(), ablated(0.5, seed), thesaurus) for seed in range(args.draws)]
    # score[value][set] = (F1 full lexicon, mean F1 half forgotten)
    score = {
        value: {
            label: (
                f1(items, full, knob, value),
                sum(f1(items, a, knob, value) for a in forgetful) / len(forgetful),
            )
            for label, items in sets.items()
        }
        for value in grid
    }
    print(f"{knob} values tried: {grid}; {args.draws} draws of half the lexicon forgotten")
    full_head, half_head = f"full: {base} → chosen", f"half forgotten: {base} → chosen"
    print(f"  {'held out':<9}{'chosen':>7}   {full_head:<20}{half_head}")
    gains_full, gains_half = [], []
    for label in sets:
        others = [other for other in sets if other != label]
        chosen = max(grid, key=lambda m: sum(sum(score[m][o]) / 2 for o in others))
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
