"""Sample records for the document tests."""

from __future__ import annotations

from datetime import date, datetime

from station_app.documents.data import (
    ActionItem,
    MinutesData,
    Participant,
    SignInData,
    Statement,
)

_CATEGORIES = ("政协委员", "群众代表", "部门负责人", "村（社区）干部", "利益相关方")
_SURNAMES = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗"
_GIVEN = "建国秀英志强丽华德明海燕文军玉兰春梅红霞晓东"


def person(i: int, attendance: str = "出席") -> Participant:
    name = _SURNAMES[i % len(_SURNAMES)] + _GIVEN[(i * 3) % len(_GIVEN)] + _GIVEN[(i * 7 + 1) % len(_GIVEN)]
    return Participant(
        name=name,
        category=_CATEGORIES[i % len(_CATEGORIES)],
        unit=f"大佛街道第{i + 1}社区居民委员会",
        phone=f"138{i:04d}{5678 + i:04d}",
        attendance=attendance,
    )


STATEMENT_TEXT = (
    "我们小区的老旧管网已经使用了三十多年，每到雨季就会出现积水，居民出行很不方便，"
    "特别是老年人和小孩，走路都要绕着走。希望街道能够协调住建、水务等部门，尽快拿出改造方案；"
    "同时，改造期间要做好施工围挡和安全提示，避免影响群众正常生活。“有事好商量，众人的事情由众人商量”，"
    "这次协商会开得很及时！（大家鼓掌）"
)


def minutes(*, statements: int = 12, finalised: bool = True, extra_name: str = "") -> MinutesData:
    people = tuple(person(i, "出席" if i % 7 else "请假") for i in range(14))
    if extra_name:
        people += (Participant(extra_name, "群众代表", "嘉州社区", "13900001111", "列席"),)
    return MinutesData(
        station_name="乐山市市中区大佛街道政协工作联络站",
        township_name="大佛街道",
        title="关于推进老旧小区雨污管网改造的协商",
        number="大佛街道〔2026〕3号",
        source="群众点题",
        form="院坝协商",
        held_at=datetime(2026, 3, 5, 14, 30),
        place="大佛街道白塔街社区议事室",
        chair="王建国",
        recorder="李秀英",
        background=(
            "白塔街社区现有老旧小区12个，涉及居民1368户，其中雨污合流管网约4.6公里。"
            "2025年以来，居民通过“有事来协商·嘉事好商量”平台反映积水问题37件次。\n"
            "联络站组织政协委员、群众代表开展实地调研3次，走访住户126户，收集意见建议45条。"
        ),
        statements=tuple(
            Statement(
                people[i % len(people)].name,
                people[i % len(people)].category,
                f"第{i + 1}位发言。" + STATEMENT_TEXT + f"联系电话13812345{i:03d}。",
            )
            for i in range(statements)
        ),
        consensus=(
            "由街道牵头，住建、水务部门配合，2026年6月底前完成白塔街片区管网改造设计方案。",
            "改造期间设置临时排水设施，并在各小区公示施工时间和联系人。",
            "联络站每月组织委员和群众代表对改造进度进行民主监督，结果向居民公开。",
        ),
        disagreements="个别居民对是否同步改造燃气管道意见不一，待进一步调研后再议。",
        action_items=(
            ActionItem("编制白塔街片区雨污分流改造方案", "大佛街道城建办", "赵志强", date(2026, 6, 30)),
            ActionItem("设置临时排水设施并公示施工信息", "白塔街社区居委会", "陈丽华", date(2026, 4, 15)),
            ActionItem("组织委员开展改造进度监督", "大佛街道政协工作联络站", "李秀英", None),
        ),
        participants=people,
        date=date(2026, 3, 6),
        revision=2,
        finalised=finalised,
    )


def signin(count: int = 30, spare: int = 5) -> SignInData:
    return SignInData(
        station_name="乐山市市中区大佛街道政协工作联络站",
        title="关于推进老旧小区雨污管网改造的协商",
        held_at=datetime(2026, 3, 5, 14, 30),
        place="大佛街道白塔街社区议事室",
        form="院坝协商",
        participants=tuple(person(i) for i in range(count)),
        spare_rows=spare,
    )
