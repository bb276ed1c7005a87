"""What a person needs to judge a conflict: the fields that differ, in full, with the differing
part marked, and plain words for the choice and the line it leaves in the record's history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from difflib import SequenceMatcher
from typing import Any

from station_app.services.changes import LABELS

# Keys that say where a row came from, not what it says.
_HIDDEN = frozenset({"origin"})
_NAMES = {**LABELS, "deleted": "已删除"}
CURRENT = "本单位现有的"
INCOMING = "新收到的"


@dataclass(frozen=True)
class Segment:
    text: str
    changed: bool


@dataclass(frozen=True)
class FieldDifference:
    key: str
    label: str
    current: str
    incoming: str

    def marked(self) -> tuple[list[Segment], list[Segment]]:
        """Both texts cut into runs, the runs that differ from the other side marked ``changed``."""
        matcher = SequenceMatcher(None, self.current, self.incoming, autojunk=False)
        left: list[Segment] = []
        right: list[Segment] = []
        for tag, a1, a2, b1, b2 in matcher.get_opcodes():
            same = tag == "equal"
            if a2 > a1:
                left.append(Segment(self.current[a1:a2], not same))
            if b2 > b1:
                right.append(Segment(self.incoming[b1:b2], not same))
        return left, right


def as_text(value: Any) -> str:
    """A stored value as a clerk reads it, never shortened."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def differences(current: dict[str, Any], incoming: dict[str, Any]) -> list[FieldDifference]:
    """Every field whose value differs, named fields first, each with both full texts."""
    keys = sorted(k for k in set(current) | set(incoming) if k not in _HIDDEN)
    found = [
        FieldDifference(key, _NAMES.get(key, key), as_text(current.get(key)), as_text(incoming.get(key)))
        for key in keys
        if current.get(key) != incoming.get(key)
    ]
    return sorted(found, key=lambda d: d.key not in _NAMES)


def field_names(found: list[FieldDifference]) -> str:
    return "、".join(d.label for d in found) or "（无内容差别）"


def confirmation(record: str, station_name: str, found: list[FieldDifference], *, take_new: bool) -> str:
    """The question before deciding: which version stays, and what changes."""
    if take_new:
        return (
            f"采用{station_name}{INCOMING}内容？\n\n{record}的 {field_names(found)} 将改为新收到的内容，"
            f"本单位现有的这部分内容不再保留。\n\n处理结果会记入这条记录的历史。"
        )
    return (
        f"保留{CURRENT}内容？\n\n{record}保持不变，{station_name}新收到的这份"
        f"（{field_names(found)} 不同）将不采用。\n\n处理结果会记入这条记录的历史。"
    )


def history_summary(station_name: str, found: list[FieldDifference], *, take_new: bool) -> str:
    """The audit line a decision leaves (shown in the record's 历史 and in the import log)."""
    if take_new:
        return f"处理冲突：采用{station_name}新收到的内容（改动：{field_names(found)}）"
    return f"处理冲突：保留本单位现有内容，未采用{station_name}新收到的（不同：{field_names(found)}）"
