"""Record validators: every problem is reported at once, naming the field."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_app.domain.validation import (
    Issue,
    ValidationError,
    ensure_valid,
    validate_action_item,
    validate_conversion,
    validate_evaluation,
    validate_meeting,
    validate_member,
    validate_participant,
    validate_report,
    validate_research,
    validate_topic,
)

TODAY = date(2026, 3, 10)

TOPIC: dict[str, object] = {
    "title": "修缮村道",
    "source": "群众点题",
    "field": "交通出行",
    "village": "新桥村",
    "proposer": "张三",
    "proposed_on": "2026-03-05",
    "description": "村道破损\n雨天难行",
}


def fields(issues: list[Issue]) -> list[str]:
    return [i.field for i in issues]


def messages(issues: list[Issue]) -> dict[str, str]:
    return {i.field: i.text for i in issues}


def test_valid_topic() -> None:
    assert validate_topic(TOPIC, today=TODAY) == []
    assert validate_topic({**TOPIC, "proposed_on": date(2026, 3, 11)}, today=TODAY) == []
    assert validate_topic({**TOPIC, "proposed_on": datetime(2026, 3, 5, 9)}, today=TODAY) == []


def test_empty_topic_lists_every_required_field() -> None:
    issues = validate_topic({}, today=TODAY)
    assert fields(issues) == ["title", "source", "field", "proposed_on"]
    assert messages(issues)["title"] == "议题名称：不能为空"
    assert messages(issues)["source"] == "议题来源：请从列表中选择"
    with pytest.raises(ValidationError) as caught:
        ensure_valid(issues)
    assert caught.value.message.startswith("议题名称：不能为空；议题来源：请从列表中选择；")


@pytest.mark.parametrize(
    ("change", "field", "text"),
    [
        ({"title": "题" * 101}, "title", "议题名称：不能超过100字（现有101字）"),
        ({"title": "修缮\n村道"}, "title", "议题名称：不能换行"),
        (
            {"source": "网上留言"},
            "source",
            "议题来源：“网上留言”不在可选范围内（群众点题、委员荐题、部门出题、党委政府交题、社情民意转化）",
        ),
        ({"field": "天文"}, "field", "所属领域：“天文”不在可选范围内，请从列表中选择"),
        ({"proposed_on": "2026-02-30"}, "proposed_on", "提出日期：“2026-02-30”不是有效日期"),
        ({"proposed_on": "2026-03-12"}, "proposed_on", "提出日期：“2026-03-12”是将来的日期，请检查"),
        ({"proposed_on": date(1990, 1, 1)}, "proposed_on", "提出日期：年份“1990”不合理，应在2000—2100年之间"),
        ({"proposed_on": 20260305}, "proposed_on", "提出日期：格式不正确，应为日期"),
        ({"title": 42}, "title", "议题名称：格式不正确，应为文字"),
        ({"village": "新桥村\x07"}, "village", "村（社区）：包含不可见的控制字符，请删除后重新输入"),
    ],
)
def test_topic_problems(change: dict[str, object], field: str, text: str) -> None:
    issues = validate_topic({**TOPIC, **change}, today=TODAY)
    assert messages(issues) == {field: text}


def test_topic_message_matches_the_documented_example() -> None:
    issues = validate_topic({**TOPIC, "title": " ", "proposed_on": "2026-02-30"}, today=TODAY)
    assert ValidationError(issues).message == "议题名称：不能为空；提出日期：“2026-02-30”不是有效日期"


def test_research() -> None:
    good = {
        "research_method": "实地走访",
        "research_start": "2026-03-01",
        "research_end": "2026-03-08",
        "research_findings": "多处破损",
    }
    assert validate_research(good, today=TODAY) == []
    issues = validate_research({**good, "research_end": "2026-02-28"}, today=TODAY)
    assert messages(issues) == {"research_end": "调研结束日期：不能早于调研开始日期"}
    issues = validate_research({"research_method": "网上调查"}, today=TODAY)
    assert fields(issues) == ["research_method", "research_start"]


MEETING: dict[str, object] = {
    "form": "院坝协商",
    "held_at": "2026-03-20 14:30",
    "place": "新桥村院坝",
    "chair": "李四",
    "recorder": "王五",
    "consensus": "一、由镇交通办牵头\n二、村民投工投劳",
}


def test_meeting() -> None:
    assert validate_meeting(MEETING) == []  # a future meeting is fine: sign-in sheets come first
    assert validate_meeting({**MEETING, "held_at": datetime(2026, 3, 20, 14, 30)}) == []
    issues = validate_meeting({"form": "线上"})
    assert fields(issues) == ["form", "held_at", "place", "chair", "recorder"]
    issues = validate_meeting({**MEETING, "held_at": "2026-03-20"})
    assert messages(issues) == {
        "held_at": "协商时间：“2026-03-20”缺少具体时间，请按 2026-03-05 14:30 的格式填写"
    }
    issues = validate_meeting({**MEETING, "held_at": date(2026, 3, 20)})
    assert fields(issues) == ["held_at"]
    issues = validate_meeting({**MEETING, "ended_at": "2026-03-20 12:00"})
    assert messages(issues) == {"ended_at": "结束时间：不能早于协商时间"}


def test_participant() -> None:
    good = {"name": "赵六", "category": "群众代表", "attendance": "出席", "phone": "138 1234 5678"}
    assert validate_participant(good) == []
    issues = validate_participant({**good, "category": "村民", "attendance": "缺席", "phone": "12345"})
    assert fields(issues) == ["category", "attendance", "phone"]
    assert messages(issues)["phone"].startswith("联系电话：“12345”不是有效的电话号码")


def test_action_item() -> None:
    good = {"matter": "修缮村道300米", "unit": "镇交通办", "person": "钱七", "due_on": "2026-06-30"}
    assert validate_action_item(good, today=TODAY) == []
    issues = validate_action_item({"done_on": "2026-04-01"}, today=TODAY)
    assert fields(issues) == ["matter", "unit", "due_on", "done_on"]
    assert messages(issues)["done_on"] == "完成日期：“2026-04-01”是将来的日期，请检查"


CONVERSION: dict[str, object] = {
    "output_type": "协商意见书",
    "sent_to": "镇党委、镇政府",
    "sent_on": "2026-03-01",
    "lead_unit": "镇交通办",
    "deadline": "2026-04-30",
    "result_code": "a",
    "reply_text": "已完成修缮",
    "reply_on": "2026-03-09",
}


def test_conversion() -> None:
    assert validate_conversion(CONVERSION, today=TODAY) == []
    assert validate_conversion({"output_type": "建议案"}, today=TODAY) == []
    issues = validate_conversion(
        {**CONVERSION, "reply_on": "2026-02-27", "deadline": "2026-02-01"}, today=TODAY
    )
    assert messages(issues) == {
        "deadline": "办理时限：不能早于报送日期",
        "reply_on": "反馈日期：不能早于报送日期",
    }
    issues = validate_conversion({**CONVERSION, "result_code": "E", "output_type": ""}, today=TODAY)
    assert messages(issues) == {
        "output_type": "成果形式：请从列表中选择",
        "result_code": "办理结果：“E”不在可选范围内（A、B、C、D）",
    }


def test_evaluation() -> None:
    good = {"rater_type": "群众代表", "rating": "满意", "comments": "路修好了", "rated_on": TODAY}
    assert validate_evaluation(good, today=TODAY) == []
    issues = validate_evaluation({"rater_type": "路人", "rating": "很满意"}, today=TODAY)
    assert fields(issues) == ["rater_type", "rating"]


def test_member() -> None:
    good = {"name": "孙八", "sector": "农业界", "unit": "新桥村", "phone": "0833-2123456"}
    assert validate_member(good) == []
    issues = validate_member({"name": "", "sector": "农民界"})
    assert messages(issues) == {
        "name": "姓名：不能为空",
        "sector": "界别：“农民界”不在可选范围内，请从列表中选择",
    }


def test_report() -> None:
    good = {"title": "村口路灯损坏", "reporter": "周九", "situation": "三盏路灯不亮", "status": "草稿"}
    assert validate_report(good, today=TODAY) == []
    issues = validate_report({"status": "作废", "reported_on": "2027-01-01"}, today=TODAY)
    assert fields(issues) == ["title", "reporter", "situation", "status", "reported_on"]


VALIDATORS: list[Callable[[Mapping[str, object]], list[Issue]]] = [
    lambda d: validate_topic(d, today=TODAY),
    lambda d: validate_research(d, today=TODAY),
    validate_meeting,
    validate_participant,
    lambda d: validate_action_item(d, today=TODAY),
    lambda d: validate_conversion(d, today=TODAY),
    lambda d: validate_evaluation(d, today=TODAY),
    validate_member,
    lambda d: validate_report(d, today=TODAY),
]
KEYS = st.sampled_from(
    [
        "title",
        "source",
        "field",
        "proposed_on",
        "research_start",
        "research_end",
        "held_at",
        "name",
        "phone",
        "category",
        "due_on",
        "sent_on",
        "reply_on",
        "result_code",
        "sector",
        "situation",
        "status",
    ]
)
VALUES = st.none() | st.text(max_size=12) | st.dates() | st.integers() | st.datetimes()


@given(st.sampled_from(VALIDATORS), st.dictionaries(KEYS, VALUES, max_size=8))
def test_validators_never_crash(
    validator: Callable[[Mapping[str, object]], list[Issue]], data: dict[str, object]
) -> None:
    issues = validator(data)
    for issue in issues:
        assert issue.field and issue.label and issue.message
    if issues:
        assert ValidationError(issues).message
