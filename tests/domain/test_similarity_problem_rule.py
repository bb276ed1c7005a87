"""A group needs a shared problem (what is wrong), not only a shared setting or place: topics at the
same market about its fees, its hygiene and fake seeds sold on market day stay apart, while three townships'
market-day traffic jams, each in its own words, make one group."""

from __future__ import annotations

from station_app.domain.progress import run_to_end
from station_app.domain.similarity import clustering
from station_app.domain.similarity.clustering import group_topics, problem_concepts
from station_app.domain.similarity.features import Analyzer, TopicText
from station_app.domain.similarity.places import leshan_places

TOPICS = [
    TopicText(
        "fee", "511102004", "农贸市场摊位费收取不规范", "场镇农贸市场摊位费标准不公开，同样的摊位收费不一样。"
    ),
    TopicText("dirt", "511123100", "场镇农贸市场卫生脏乱差", "农贸市场地面污水横流，垃圾乱堆，蚊蝇多。"),
    TopicText("seed", "511124001", "赶场天集市上卖假种子", "逢场天有人在集市上卖假种子、假化肥，农户上当。"),
    TopicText("jam1", "511111100", "逢场天场镇交通拥堵", "逢场天车辆乱停乱放，主街堵得水泄不通。"),
    TopicText("jam2", "511112101", "赶场天车子堵起走不动", "每逢赶场，车子挤满街道，过路车辆过不去。"),
    TopicText("jam3", "511129100", "赶集日过境公路拥堵严重", "赶集日人车混杂，大货车过不去，公路堵塞。"),
]


def _groups() -> list[set[str]]:
    groups = run_to_end(group_topics(TOPICS, Analyzer(leshan_places())))
    return [{TOPICS[i].key for i in g.members} for g in groups]


def test_a_shared_setting_alone_makes_no_group() -> None:
    groups = _groups()
    assert {"jam1", "jam2", "jam3"} in groups
    for group in groups:
        assert not {"fee", "dirt", "seed"} & group, groups


def test_problem_concepts_leave_out_settings() -> None:
    vector = {"#市场": 0.5, "#拥堵": 0.5, "@交通": 0.3, "堵起": 0.2}
    assert problem_concepts(vector) == {"拥堵", "@交通"}


def test_the_rule_itself() -> None:
    """Founders name 收费 (and one names nothing the lexicon knows): a topic about 垃圾 may not
    join, one about 乱收费 may, one of the same field (办事难, 治理) may, one naming no problem may."""
    founders = [frozenset({"收费", "@治理"}), frozenset(), frozenset({"收费", "@治理", "占道经营", "@民生"})]
    cluster = clustering._Cluster(0, {"#收费": 1.0})
    cluster.members = [0, 1, 2]
    problems = [*founders, frozenset({"垃圾", "@环境"}), frozenset({"收费"}), frozenset({"办事难", "@治理"})]

    def joins(topic: int) -> bool:
        return clustering._same_problem(cluster, problems[topic], problems, 0.35, clustering.THRESHOLD)

    assert not joins(3)
    assert joins(4)
    assert joins(5)
    assert clustering._same_problem(cluster, frozenset(), problems, 0.35, clustering.THRESHOLD)
