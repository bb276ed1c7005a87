"""Applying edited values to a record and describing the change for the audit log."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

# Chinese names of the fields a clerk edits, shared by every record kind.
LABELS: dict[str, str] = {
    "title": "议题名称",
    "source": "议题来源",
    "field": "所属领域",
    "village": "村（社区）",
    "proposer": "提出人",
    "proposed_on": "提出日期",
    "description": "议题说明",
    "research_start": "调研开始日期",
    "research_end": "调研结束日期",
    "research_method": "调研方式",
    "research_findings": "调研结论",
    "output_type": "成果形式",
    "sent_to": "报送对象",
    "sent_on": "报送日期",
    "lead_unit": "牵头单位",
    "deadline": "办理时限",
    "result_code": "办理结果",
    "reply_text": "反馈内容",
    "reply_on": "反馈日期",
    "form": "协商形式",
    "held_at": "协商时间",
    "place": "地点",
    "chair": "主持人",
    "recorder": "记录人",
    "background": "基本情况",
    "consensus": "形成共识",
    "disagreements": "分歧意见",
    "name": "姓名",
    "sector": "界别",
    "unit": "单位",
    "position": "职务",
    "phone": "联系电话",
    "note": "备注",
    "active": "在册",
    "reporter": "反映人",
    "reporter_unit": "反映人单位",
    "situation": "基本情况",
    "cause": "原因分析",
    "suggestion": "意见建议",
    "status": "状态",
    "reported_on": "报送日期",
    "member_id": "关联委员",
    "category": "人员类别",
    "attendance": "出席情况",
    "rating": "满意度",
    "rater_type": "评价人类别",
}

_SHORT = 20


def _show(value: Any) -> str:
    if value is None or value == "":
        return "空"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    text = str(value).replace("\n", " ")
    return text if len(text) <= _SHORT else text[:_SHORT] + "…"


def apply_changes(row: object, values: Mapping[str, Any]) -> list[str]:
    """Set the values that differ; return one Chinese phrase per changed field."""
    changed: list[str] = []
    for key, new in values.items():
        old = getattr(row, key)
        if old == new:
            continue
        setattr(row, key, new)
        label = LABELS.get(key, key)
        if isinstance(new, str) and (len(new) > _SHORT or "\n" in new):
            changed.append(f"{label}（已修改）")
        else:
            changed.append(f"{label}（{_show(old)} → {_show(new)}）")
    return changed


def summary(prefix: str, changed: list[str]) -> str:
    return f"{prefix}：" + "；".join(changed)
