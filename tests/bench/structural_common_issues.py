"""共性问题, version 6 candidates: structural checks against near-miss problems, beside version 5.

    python tests/bench/structural_common_issues.py [--draws 12] [--pair-weight 0]

A blind author's near misses (fresh9: a dam that seeps and a fish farm that pollutes joined
「水库垂钓游泳安全」; pruning advice and picking labour joined the citrus-fly group) share an object or
setting with a group but not its problem. Each candidate below is a structural rule meant to keep
them out without new words; it is applied to the engine from outside (its module functions
wrapped for the run, restored after), on the engine as it is (``--pair-weight 0``: version 5, without
the title's concept pairs of version 6; those are measured by loso_common_issues.py). Printed per set: F1
(P/R) with the full lexicon and the mean F1 with half of it forgotten (the draws of
bench_common_issues.py); then leave one set out: for each set, the candidate with the best mean
over the *other* sets is chosen and its change on the held-out set is printed. Not collected by
pytest (no ``test_`` prefix).
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from station_app.domain.progress import run_to_end
from station_app.domain.similarity import clustering, features
from station_app.domain.similarity.features import CONCEPT_PREFIX, DOMAIN_PREFIX, Analyzer, Vector, cosine
from station_app.domain.similarity.lexicon import DOMAINS, SETTINGS
from station_app.domain.similarity.places import leshan_places
from tests.bench.bench_common_issues import ablated, labelled_sets
from tests.bench.common_issues_eval import Labelled, pairwise

# General problem words by class (what is wrong, not with what): damage, lack, difficulty,
# disorder, nuisance, danger, money, pests and disease.
DEFECT_CLASSES = {
    "坏": "坏 损 破 烂 裂 塌 垮 毁 失修 老化 腐 漏 渗 锈 不亮 故障",
    "缺": "缺 少 不足 没有 无 不够 短缺 增设 新建 配齐 盲区 不到位 滞后 跟不上",
    "难": "难 远 不便 慢 繁琐 排队 不会",
    "乱": "乱 违规 违法 非法 无证 私 占 随意 无序 不规范",
    "污": "污 臭 脏 噪 吵 烟 尘 扰民 熏 浑浊",
    "险": "险 隐患 溺 伤 亡 事故 火 淹 危",
    "钱": "贵 费 价 欠 拖 赔 补贴 低 报酬 待遇",
    "病": "虫 病 疫 蝇 蛆",
}
_CUES = [(word, name) for name, words in DEFECT_CLASSES.items() for word in words.split()]


class _Run:
    """What the wrapped functions need to know of the topics being grouped."""

    vectors: ClassVar[list[Vector]] = []
    titles: ClassVar[list[str]] = []
    position: ClassVar[dict[int, int]] = {}
    current = -1
    current_vector: ClassVar[Vector] = {}


def _capture_vectors(original: Callable[..., Any]) -> Callable[..., Any]:
    def wrapped(topics: Any, analyzer: Any, cancel: Any = None) -> Any:
        vectors = yield from original(topics, analyzer, cancel)
        _Run.vectors = vectors
        _Run.titles = [t.title for t in topics]
        _Run.position = {id(v): i for i, v in enumerate(vectors)}
        return vectors

    return wrapped


def _capture_similarity(original: Callable[..., Any]) -> Callable[..., Any]:
    def wrapped(self: Any, vector: Vector) -> Any:
        _Run.current = _Run.position.get(id(vector), -1)
        _Run.current_vector = vector
        return original(self, vector)

    return wrapped


# --- conflicts between two topics -------------------------------------------------------------


def concept_aspects(vector: Vector, floor: float = 0.15) -> frozenset[str]:
    return frozenset(
        t for t, w in vector.items() if t[0] == CONCEPT_PREFIX and w >= floor and t[1:] not in SETTINGS
    )


def aspects_clash(i: int, j: int) -> bool:
    """Object and defect: both topics name a problem concept the other does not, of other fields."""
    a, b = concept_aspects(_Run.vectors[i]), concept_aspects(_Run.vectors[j])
    only_a, only_b = a - b, b - a
    if not only_a or not only_b:
        return False
    return not ({DOMAINS.get(t[1:]) for t in only_a} & {DOMAINS.get(t[1:]) for t in only_b})


def defect_classes(title: str) -> frozenset[str]:
    return frozenset(name for word, name in _CUES if word in title)


def defects_clash(i: int, j: int) -> bool:
    """Both titles name a general defect and no class is shared."""
    a, b = defect_classes(_Run.titles[i]), defect_classes(_Run.titles[j])
    return bool(a and b and not a & b)


def _vetoed(clash: Callable[[int, int], bool]) -> Callable[..., Any]:
    """The single pass's shared-problem rule, with a clash against most founders vetoing first."""
    original = clustering._same_problem

    def wrapped(cluster: Any, problem: Any, problems: Any, sim: float, threshold: float) -> bool:
        founders = cluster.members[: clustering.FOUNDERS]
        if _Run.current >= 0 and sum(clash(_Run.current, f) for f in founders) > len(founders) / 2:
            return False
        return original(cluster, problem, problems, sim, threshold)

    return wrapped


def _merge_vetoed(clash: Callable[[int, int], bool]) -> Callable[..., Any]:
    original = clustering.merge_clusters

    def wrapped(clusters: Any, strongest: Any, same_problem: Any, threshold: float, cancel: Any) -> Any:
        def checked(a: Any, b: Any, link: float) -> bool:
            fa, fb = a.members[: clustering.FOUNDERS], b.members[: clustering.FOUNDERS]
            if sum(clash(i, j) for i in fa for j in fb) > len(fa) * len(fb) / 2:
                return False
            return bool(same_problem(a, b, link))

        return original(clusters, strongest, checked, threshold, cancel)

    return wrapped


def main_problem(i: int) -> str:
    vector = _Run.vectors[i]
    named = [(w, t) for t, w in vector.items() if t[0] == CONCEPT_PREFIX and t[1:] not in SETTINGS]
    return max(named)[1] if named else ""


def main_missing(i: int, j: int) -> bool:
    """Own problem first: the strongest problem concept of either topic is not named by the other."""
    a, b = main_problem(i), main_problem(j)
    return bool(a and b and (a not in _Run.vectors[j] or b not in _Run.vectors[i]))


# --- settings cannot make "plainly alike" ------------------------------------------------------


def _without_settings(term: str) -> bool:
    return not (term[0] == CONCEPT_PREFIX and term[1:] in SETTINGS)


def _settings_free_escape() -> Callable[..., Any]:
    original = clustering._same_problem

    def wrapped(cluster: Any, problem: Any, problems: Any, sim: float, threshold: float) -> bool:
        total = cluster.total
        dot = sum(w * total.get(t, 0.0) for t, w in _Run.current_vector.items() if _without_settings(t))
        return original(cluster, problem, problems, dot / math.sqrt(cluster.norm2), threshold)

    return wrapped


def _strict_merge() -> Callable[..., Any]:
    """The merge's average link counted without settings, and no escape past the shared problem."""
    original = clustering.merge_clusters

    def wrapped(clusters: Any, strongest: Any, same_problem: Any, threshold: float, cancel: Any) -> Any:
        def checked(a: Any, b: Any, link: float) -> bool:
            free = sum(w * b.total.get(t, 0.0) for t, w in a.total.items() if _without_settings(t))
            free /= len(a.members) * len(b.members)
            return free >= threshold and bool(same_problem(a, b, 0.0))

        return original(clusters, strongest, checked, threshold, cancel)

    return wrapped


# --- pruning the groups after both passes ------------------------------------------------------


def _pruned(keep: Callable[[list[int]], list[int]]) -> Callable[..., Any]:
    original = clustering._merged

    def wrapped(clusters: Any, problems: Any, threshold: float, cancel: Any) -> Any:
        out = []
        for cluster in original(clusters, problems, threshold, cancel):
            kept = keep(cluster.members)
            if len(kept) == len(cluster.members) or len(kept) < 2:
                out.append(cluster)
                continue
            rebuilt = clustering._Cluster(kept[0], _Run.vectors[kept[0]])
            for i in kept[1:]:
                _sim, dot = rebuilt.similarity(_Run.vectors[i])
                rebuilt.add(i, _Run.vectors[i], dot)
            out.append(rebuilt)
        return out

    return wrapped


def core_members(members: list[int], smallest: int = 4) -> list[int]:
    """Not chained: every member has each problem concept more than half of the group has."""
    if len(members) < smallest:
        return members
    support: Counter[str] = Counter()
    for i in members:
        support.update(t for t in _Run.vectors[i] if t[0] == CONCEPT_PREFIX and t[1:] not in SETTINGS)
    core = {t for t, n in support.items() if n > len(members) / 2}
    return [i for i in members if core <= _Run.vectors[i].keys()]


def coherent_members(members: list[int], share: float = 1 / 3, floor: float = 0.05) -> list[int]:
    """Best-matching terms: beyond the group's strongest term (and the broad fields), a member
    alike to the others far less than the group's median member is dropped."""
    if len(members) < 3:
        return members
    total: Counter[str] = Counter()
    for i in members:
        total.update(_Run.vectors[i])
    top = max(total, key=lambda t: total[t])
    rest = {}
    for i in members:
        kept = {t: w for t, w in _Run.vectors[i].items() if t != top and t[0] != DOMAIN_PREFIX}
        norm = math.sqrt(sum(w * w for w in kept.values())) or 1.0
        rest[i] = {t: w / norm for t, w in kept.items()}
    score = {
        i: sum(cosine(rest[i], rest[j]) for j in members if j != i) / (len(members) - 1) for i in members
    }
    median = statistics.median(score.values())
    if median < floor:
        return members
    return [i for i in members if score[i] >= share * median]


# --- the candidates ---------------------------------------------------------------------------

CANDIDATES: dict[str, dict[str, Callable[[], Any]]] = {
    "engine": {},
    "aspects": {
        "_same_problem": lambda: _vetoed(aspects_clash),
        "merge_clusters": lambda: _merge_vetoed(aspects_clash),
    },
    "defects": {
        "_same_problem": lambda: _vetoed(defects_clash),
        "merge_clusters": lambda: _merge_vetoed(defects_clash),
    },
    "own-main": {
        "_same_problem": lambda: _vetoed(main_missing),
        "merge_clusters": lambda: _merge_vetoed(main_missing),
    },
    "no-set-esc": {"_same_problem": _settings_free_escape},
    "strictmrg": {"merge_clusters": _strict_merge},
    "core": {"_merged": lambda: _pruned(core_members)},
    "coherent": {"_merged": lambda: _pruned(coherent_members)},
}


@contextmanager
def candidate(name: str) -> Iterator[None]:
    saved = {
        "vectors_of": clustering.vectors_of,
        "_same_problem": clustering._same_problem,
        "merge_clusters": clustering.merge_clusters,
        "_merged": clustering._merged,
        "similarity": clustering._Cluster.similarity,
    }
    try:
        clustering.vectors_of = _capture_vectors(saved["vectors_of"])  # type: ignore[assignment]
        clustering._Cluster.similarity = _capture_similarity(saved["similarity"])  # type: ignore[method-assign]
        for attribute, make in CANDIDATES[name].items():
            setattr(clustering, attribute, make())
        yield
    finally:
        clustering._Cluster.similarity = saved.pop("similarity")  # type: ignore[method-assign]
        for attribute, value in saved.items():
            setattr(clustering, attribute, value)


def scores(items: Sequence[Labelled], analyzer: Analyzer) -> tuple[float, float, float]:
    topics = [i.topic for i in items]
    groups = run_to_end(clustering.group_topics(topics, analyzer))
    s = pairwise([[topics[i].key for i in g.members] for g in groups], items)
    return s.f1, s.precision, s.recall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--draws", type=int, default=12)
    parser.add_argument("--pair-weight", type=float, default=features.PAIR_WEIGHT)
    args = parser.parse_args()
    features.PAIR_WEIGHT = args.pair_weight
    print(f"engine: title concept pairs weigh {args.pair_weight} (0 = version 5)")
    sets = labelled_sets()
    full = Analyzer(leshan_places())
    forgetful = [Analyzer(leshan_places(), ablated(0.5, seed)) for seed in range(args.draws)]
    # figures[name][set] = (F1, P, R with the full lexicon, mean F1 half forgotten)
    figures: dict[str, dict[str, tuple[float, float, float, float]]] = {}
    for name in CANDIDATES:
        with candidate(name):
            figures[name] = {}
            for label, items in sets.items():
                f1, p, r = scores(items, full)
                half = sum(scores(items, a)[0] for a in forgetful) / len(forgetful)
                figures[name][label] = (f1, p, r, half)
    print(f"pairwise F1, P and R with the full lexicon; mean F1, half of it forgotten ({args.draws} draws)")
    print(f"  {'candidate':<20}" + "".join(f"{label[-7:]:>8}" for label in sets) + f"{'mean':>8}")
    for name in CANDIDATES:
        for row, column in (("F1", 0), ("P", 1), ("R", 2), ("F1 half forgotten", 3)):
            values = [figures[name][label][column] for label in sets]
            head = f"{name} {row}" if column == 0 else f"{'':>{len(name)}} {row}"
            cells = "".join(f"{v:>8.3f}" for v in values)
            print(f"  {head:<20}{cells}{statistics.mean(values):>8.3f}")
    print("\nleave one set out: the candidate with the best mean (full + half) over the other sets")
    changes_full, changes_half = [], []
    for label in sets:
        others = [o for o in sets if o != label]
        chosen = max(CANDIDATES, key=lambda n: sum(figures[n][o][0] + figures[n][o][3] for o in others))
        base, new = figures["engine"][label], figures[chosen][label]
        changes_full.append(new[0] - base[0])
        changes_half.append(new[3] - base[3])
        print(
            f"  {label:<9}{chosen:<12} full {base[0]:.3f} → {new[0]:.3f}   "
            f"half forgotten {base[3]:.3f} → {new[3]:.3f}"
        )
    print(
        f"  mean change on the held-out set: full {statistics.mean(changes_full):+.3f}, "
        f"half forgotten {statistics.mean(changes_half):+.3f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
