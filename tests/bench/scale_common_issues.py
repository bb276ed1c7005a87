"""共性问题 among many topics: each labelled set embedded in synthetic topics, with and without pairs.

    python tests/bench/scale_common_issues.py [--filler 300 1000 5000] [--related 0.0]

The labelled sets hold 30–94 topics, where the idf is shrunk nearly flat; a county's or the city's
hub holds hundreds or thousands. Here each set is grouped together with ``--filler`` synthetic
topics (one-off random sentences; ``--related`` > 0 makes that share of them reworded dev topics,
so dev and held-out are then left out), and the pairwise F1 is counted over the set's own topics,
for the engine without the title's concept pairs (version 5) and with them (version 6).
Not collected by pytest (no ``test_`` prefix).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from station_app.domain.progress import run_to_end
from station_app.domain.similarity import features
from station_app.domain.similarity.clustering import group_topics
from station_app.domain.similarity.features import Analyzer
from station_app.domain.similarity.places import leshan_places
from tests.bench.bench_common_issues import labelled_sets
from tests.bench.common_issues_eval import pairwise, synthetic_topics


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--filler", type=int, nargs="+", default=[300, 1000, 5000])
    parser.add_argument("--related", type=float, default=0.0)
    args = parser.parse_args()
    analyzer = Analyzer(leshan_places())
    sets = labelled_sets()
    if args.related:
        sets = {k: v for k, v in sets.items() if k not in ("dev", "heldout")}
    engine_weight = features.PAIR_WEIGHT
    print(f"{'filler':>7} {'pairs':>6}" + "".join(f"{label[-7:]:>8}" for label in sets) + f"{'mean':>8}")
    for count in args.filler:
        filler = synthetic_topics(count, seed=5, unrelated=1.0 - args.related)
        for weight in (0.0, engine_weight):
            features.PAIR_WEIGHT = weight
            scores = []
            for items in sets.values():
                own = {i.topic.key for i in items}
                topics = [i.topic for i in items] + filler
                groups = run_to_end(group_topics(topics, analyzer))
                found = [[topics[i].key for i in g.members if topics[i].key in own] for g in groups]
                scores.append(pairwise(found, items).f1)
            cells = "".join(f"{f:>8.3f}" for f in scores)
            print(f"{count:>7} {weight:>6.1f}{cells}{statistics.mean(scores):>8.3f}")
    features.PAIR_WEIGHT = engine_weight
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
