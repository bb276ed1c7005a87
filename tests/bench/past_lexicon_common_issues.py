"""共性问题 with the field lexicon as it was when a set was written: wording its author did not foresee.

    python tests/bench/past_lexicon_common_issues.py

"Half the lexicon forgotten" (bench_common_issues.py) forgets words the lexicon's author *did*
foresee; a general thesaurus knows those better than the words later authors actually used. This
script takes, from the git history, the lexicon each later set was first measured against (before
its misses were read and the lexicon grown), runs today's engine with it, with and without the
thesaurus backoff, and prints how many of the words added after reading the set the thesaurus
knows. Needs a git checkout. Not collected by pytest (no ``test_`` prefix).
"""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from station_app.domain.progress import run_to_end
from station_app.domain.similarity.clustering import group_topics
from station_app.domain.similarity.features import Analyzer
from station_app.domain.similarity.lexicon import parse_concepts
from station_app.domain.similarity.places import leshan_places
from station_app.domain.similarity.thesaurus import shipped_thesaurus
from tests.bench.bench_common_issues import labelled_sets
from tests.bench.common_issues_eval import Labelled, Scores, pairwise

ROOT = Path(__file__).resolve().parents[2]
LEXICON = "station_app/domain/similarity/field_words.py"
# set → (commit whose lexicon the set was first measured against, commit that grew it after reading it)
PAST = {
    "fresh4": ("69dc161", "66f9d2b"),
    "fresh5": ("66f9d2b", "a522b7c"),
    "fresh7": ("b1c58b9^", "b1c58b9"),
    "fresh8": ("42b991b^", "42b991b"),
}


def lexicon_at(commit: str) -> dict[str, tuple[str, ...]]:
    source = subprocess.run(
        ["git", "show", f"{commit}:{LEXICON}"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    module = types.ModuleType("past_field_words")
    exec(compile(source, LEXICON, "exec"), module.__dict__)  # the lexicon file is plain data
    return parse_concepts(module.CONCEPTS_TEXT)[0]


def scores(items: list[Labelled], analyzer: Analyzer) -> Scores:
    topics = [i.topic for i in items]
    groups = run_to_end(group_topics(topics, analyzer))
    return pairwise([[topics[i].key for i in g.members] for g in groups], items)


def main() -> int:
    sets = labelled_sets()
    thesaurus = shipped_thesaurus()
    known = thesaurus.classes if thesaurus else {}
    places = leshan_places()
    print("today's engine with the lexicon each set was first measured against")
    totals = {False: 0.0, True: 0.0}
    for label, (before, after) in PAST.items():
        concepts = lexicon_at(before)
        line = [f"  {label:<8}lexicon {before:<9}"]
        for backoff in (False, True):
            result = scores(sets[label], Analyzer(places, concepts, backoff))
            totals[backoff] += result.f1
            name = "thesaurus" if backoff else "v5"
            line.append(f"{name:<10}P {result.precision:.3f} R {result.recall:.3f} F1 {result.f1:.3f}")
        added = sorted(set(lexicon_at(after)) - set(concepts))
        line.append(
            f"words added after reading it: {len(added)}, in the thesaurus {sum(w in known for w in added)}"
        )
        print("   ".join(line))
    print(f"  mean F1: v5 {totals[False] / len(PAST):.3f}, thesaurus {totals[True] / len(PAST):.3f}")
    first = lexicon_at(PAST["fresh4"][0])
    print(
        f"  the first lexicon's own words in the thesaurus: {sum(w in known for w in first)} of {len(first)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
