"""A meeting as the forms edit it and the minutes print it: plain data, importable without the ORM."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class ParticipantInput:
    name: str
    category: str
    attendance: str = "出席"
    unit: str = ""
    phone: str = ""
    member_id: str | None = None
    id: str | None = None


@dataclass(frozen=True)
class StatementInput:
    speaker: str
    text: str
    category: str = ""
    id: str | None = None


@dataclass(frozen=True)
class ActionItemInput:
    matter: str
    unit: str
    due_on: date | None
    person: str = ""
    done_on: date | None = None
    id: str | None = None


@dataclass(frozen=True)
class MeetingInput:
    form: str
    held_at: datetime | None
    place: str
    chair: str
    recorder: str
    background: str = ""
    consensus: str = ""
    disagreements: str = ""
    participants: tuple[ParticipantInput, ...] = ()
    statements: tuple[StatementInput, ...] = ()
    action_items: tuple[ActionItemInput, ...] = ()


@dataclass(frozen=True)
class MeetingDetail:
    id: str
    consultation_id: str
    finalised: bool
    minutes_version: int
    data: MeetingInput
    versions: tuple[tuple[int, datetime], ...] = field(default=())


# The columns of each child table a MeetingInput carries, in the dataclasses' terms.
PARTICIPANT_KEYS = ("id", "name", "category", "attendance", "unit", "phone", "member_id")
STATEMENT_KEYS = ("id", "speaker", "text", "category")
ACTION_ITEM_KEYS = ("id", "matter", "unit", "due_on", "person", "done_on")


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def meeting_from_snapshot(snapshot: str) -> MeetingInput:
    """A finalised version's stored JSON back as the meeting it was."""
    raw = json.loads(snapshot)
    raw["held_at"] = datetime.fromisoformat(raw["held_at"]) if raw.get("held_at") else None
    raw["participants"] = tuple(ParticipantInput(**p) for p in raw["participants"])
    raw["statements"] = tuple(StatementInput(**s) for s in raw["statements"])
    raw["action_items"] = tuple(
        ActionItemInput(**{**a, "due_on": _day(a["due_on"]), "done_on": _day(a["done_on"])})
        for a in raw["action_items"]
    )
    return MeetingInput(**raw)
