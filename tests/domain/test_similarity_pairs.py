"""Version 6: a title's problem is an object and what is wrong with it. Each pair of concepts one title
names together is a term of the grouping (not of the station's hint), so topics alike in the pair come
closer than topics that share the object alone; near misses of the labelled sets stay apart."""

from __future__ import annotations

import pytest

from station_app.domain.progress import run_to_end
from station_app.domain.similarity import features
from station_app.domain.similarity.clustering import group_topics, vectors_of
from station_app.domain.similarity.features import PAIR_PREFIX, Analyzer, TopicText, cosine
from station_app.domain.similarity.places import leshan_places
from tests.bench.common_issues_eval import FRESH3, FRESH7, FRESH9, load_labelled

SWIM = TopicText("swim", "511102004", "水库野泳溺水隐患大", "夏天到水库游泳的人多，路灯也不亮。")
SWIM2 = TopicText("swim2", "511123100", "关于加强水库防溺水管理的建议", "水库边没有警示牌。")
DIRTY = TopicText("dirty", "511124001", "水库水质变差发臭", "水库承包养鱼，水体发臭。")


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(leshan_places())


def test_pairs_are_the_title_concepts_two_by_two(analyzer: Analyzer) -> None:
    plain = analyzer.weighted(SWIM)
    assert not any(term[0] == PAIR_PREFIX for term in plain)  # the station's hint is unchanged
    paired = analyzer.weighted(SWIM, 3.0)
    assert {t: w for t, w in paired.items() if t[0] != PAIR_PREFIX} == plain
    assert {t for t in paired if t[0] == PAIR_PREFIX} == {f"{PAIR_PREFIX}水库+防溺水"}  # 路灯: body only
    assert paired[f"{PAIR_PREFIX}水库+防溺水"] == 3.0


def test_the_pair_weight_fades_as_the_topics_grow() -> None:
    """A few topics' idf is flat, and the pairs stand in for its contrast; many topics' idf has it."""
    assert features.pair_weight(0) == features.PAIR_WEIGHT
    weights = [features.pair_weight(n) for n in (50, 500, 5000, 100_000)]
    assert weights == sorted(weights, reverse=True)
    assert weights[1] == features.PAIR_WEIGHT / 2
    assert weights[-1] < 0.02 * features.PAIR_WEIGHT


def test_the_shared_pair_comes_closer_than_the_shared_object(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    swim, swim2, dirty = run_to_end(vectors_of([SWIM, SWIM2, DIRTY], analyzer))
    assert cosine(swim, swim2) > cosine(swim, dirty)
    monkeypatch.setattr(features, "PAIR_WEIGHT", 0.0)
    _swim, _swim2, _dirty = run_to_end(vectors_of([SWIM, SWIM2, DIRTY], analyzer))
    assert cosine(swim, dirty) < cosine(_swim, _dirty)  # the object alone weighs less than before
    assert cosine(swim, swim2) > cosine(_swim, _swim2)  # object and defect alike weigh more


@pytest.mark.parametrize(
    ("path", "outsider", "theme"),
    [
        (FRESH3, "K036", "H04"),  # 寄宿条件 is not 防溺水 (they share 学校 and a care word)
        (FRESH7, "B037", "B07"),  # a town's sewage pipes are not livestock effluent (污水, 臭味)
        (FRESH9, "D041", "D01"),  # cattle loose on the road are not trucks breaking it (道路, 交通安全)
    ],
)
def test_near_misses_of_the_labelled_sets_stay_apart(
    analyzer: Analyzer, path: object, outsider: str, theme: str
) -> None:
    items = load_labelled(path=path)  # type: ignore[arg-type]
    topics = [i.topic for i in items]
    theme_of = {i.topic.key: i.theme for i in items}
    for group in run_to_end(group_topics(topics, analyzer)):
        keys = {topics[i].key for i in group.members}
        if outsider in keys:
            assert theme not in {theme_of[k] for k in keys}, keys
