"""A group holds one problem: topics of neighbouring problems that share a setting (小区, 孩子) and
some care words stay apart — 物业 and 电梯 in old estates, after-school care and a weekend reading room."""

from __future__ import annotations

from station_app.domain.progress import run_to_end
from station_app.domain.similarity.clustering import group_topics
from station_app.domain.similarity.features import Analyzer, TopicText
from station_app.domain.similarity.places import leshan_places

TOWNS = ("511102004", "511123100", "511124001", "511111100")
# The demo data's wording (services/demo_text.py), as several townships file it.
THEMES = {
    "电梯": (
        "老旧小区加装电梯",
        "老旧小区多为六七层的无电梯楼房，老年人上下楼困难。逐栋摸排加装电梯意愿并公示；协调低层住户利益。",
    ),
    "物业": (
        "老旧小区物业管理",
        "部分老旧小区无物业管理，环境脏乱、停车无序。推动成立业主委员会或自管小组；引入红色物业提供基础服务。",
    ),
    "托管": (
        "放学后“四点半课堂”托管",
        "双职工和留守儿童家庭放学后无人照看，孩子在路边、河边逗留。利用学校闲置教室开设课后托管班；"
        "招募退休教师和志愿者轮流值守。",
    ),
    "阅读": (
        "留守儿童周末阅读空间",
        "留守儿童周末缺少看护和学习场所，大多在家看手机。利用党群服务中心开设周末阅读角；"
        "组织志愿者和在校大学生开展陪伴辅导。",
    ),
}
FRAMES = ("关于{}的建议", "{}问题协商", "关于推进{}的议题", "{}")


def test_each_group_holds_one_problem() -> None:
    topics, theme_of = [], {}
    for n, (theme, (title, body)) in enumerate(THEMES.items()):
        for k, town in enumerate(TOWNS):
            key = f"{theme}{k}"
            topics.append(TopicText(key, town, FRAMES[(n + k) % 4].format(title), body))
            theme_of[key] = theme
    groups = run_to_end(group_topics(topics, Analyzer(leshan_places())))
    found = sorted(sorted({theme_of[topics[i].key] for i in g.members}) for g in groups)
    assert found == [["托管"], ["物业"], ["电梯"], ["阅读"]]
    assert all(len(g.members) == len(TOWNS) for g in groups)
