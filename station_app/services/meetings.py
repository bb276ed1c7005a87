"""Consultation meetings: the meeting, its participants, statements and action items; 定稿.

Finalised minutes are locked. To change them the clerk opens a revision (修订), which keeps
every finalised version as it was; finalising again stores the next version.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.domain import lifecycle
from station_app.domain.fieldcheck import Issue, ensure_valid, unprintable_problem
from station_app.domain.validation import validate_action_item, validate_meeting, validate_participant
from station_app.errors import InputError
from station_app.services import audit
from station_app.services.changes import apply_changes, summary
from station_app.services.consultations import get_row
from station_app.services.meeting_inputs import (
    ACTION_ITEM_KEYS,
    PARTICIPANT_KEYS,
    STATEMENT_KEYS,
    meeting_from_snapshot,
)
from station_app.services.meeting_inputs import (
    ActionItemInput as ActionItemInput,
)
from station_app.services.meeting_inputs import (
    MeetingDetail as MeetingDetail,
)
from station_app.services.meeting_inputs import (
    MeetingInput as MeetingInput,
)
from station_app.services.meeting_inputs import (
    ParticipantInput as ParticipantInput,
)
from station_app.services.meeting_inputs import (
    StatementInput as StatementInput,
)
from station_app.storage.engine import Database
from station_app.storage.records import ActionItem, Meeting, MinutesVersion, Participant, Statement


def _row_issues(kind: str, index: int, issues: list[Issue]) -> list[Issue]:
    return [replace(i, label=f"{kind}第{index}行·{i.label}") for i in issues]


def validate(meeting: MeetingInput, *, today: date) -> list[Issue]:
    base = {
        k: v for k, v in asdict(meeting).items() if k not in ("participants", "statements", "action_items")
    }
    issues = validate_meeting(base)
    for i, p in enumerate(meeting.participants, 1):
        issues += _row_issues("参加人员", i, validate_participant(asdict(p)))
    for i, s in enumerate(meeting.statements, 1):
        if not s.speaker.strip() or not s.text.strip():
            issues.append(Issue("statements", f"发言第{i}行", "发言人和发言内容都不能为空"))
        elif problem := unprintable_problem(s.speaker + s.text):
            issues.append(Issue("statements", f"发言第{i}行", problem))
    for i, a in enumerate(meeting.action_items, 1):
        issues += _row_issues("下步措施", i, validate_action_item(asdict(a), today=today))
    return issues


def _sync_children(
    session: Session,
    model: type[Any],
    meeting: Meeting,
    inputs: Sequence[Any],
) -> bool:
    """Update rows by id, add new ones, tombstone the ones no longer listed."""
    existing = {r.id: r for r in session.scalars(select(model).where(model.meeting_id == meeting.id))}
    changed = False
    kept: set[str] = set()
    for position, item in enumerate(inputs):
        values = {k: v.strip() if isinstance(v, str) else v for k, v in asdict(item).items() if k != "id"}
        values["position"] = position
        row = existing.get(item.id or "")
        if row is None:
            session.add(model(origin=meeting.origin, meeting_id=meeting.id, **values))
            changed = True
        else:
            kept.add(row.id)
            values["deleted"] = False
            changed = bool(apply_changes(row, values)) or changed
    for row_id, row in existing.items():
        if row_id not in kept and not row.deleted:
            row.deleted = True
            changed = True
    return changed


def _meeting_values(meeting: MeetingInput) -> dict[str, object]:
    skip = ("participants", "statements", "action_items")
    return {k: v.strip() if isinstance(v, str) else v for k, v in asdict(meeting).items() if k not in skip}


def save_meeting(
    db: Database,
    consultation_id: str,
    meeting: MeetingInput,
    *,
    meeting_id: str | None = None,
    today: date,
    actor: str = "",
) -> str:
    """Create or update a meeting with its lists, in one transaction; return its id."""
    ensure_valid(validate(meeting, today=today))
    with db.session() as session:
        consultation = get_row(session, consultation_id)
        if meeting_id is None:
            row = Meeting(
                origin=consultation.origin, consultation_id=consultation.id, **_meeting_values(meeting)
            )
            session.add(row)
            session.flush()
            changed = ["新建"]
        else:
            row = _get_meeting(session, meeting_id)
            if row.finalised:
                raise InputError("会议纪要已定稿并锁定。如需修改，请先点击“修订纪要”。")
            changed = apply_changes(row, _meeting_values(meeting))
        lists: list[tuple[str, type[Any], Sequence[Any]]] = [
            ("参加人员", Participant, meeting.participants),
            ("发言", Statement, meeting.statements),
            ("下步措施", ActionItem, meeting.action_items),
        ]
        for label, model, inputs in lists:
            if _sync_children(session, model, row, inputs) and meeting_id is not None:
                changed.append(f"{label}（已修改）")
        if changed:
            when = row.held_at.strftime("%Y-%m-%d")
            audit.record(
                session,
                consultation.kind,
                consultation.id,
                "meeting",
                summary(f"协商会议（{when}）", changed),
                actor=actor,
            )
        return row.id


def _get_meeting(session: Session, meeting_id: str) -> Meeting:
    row = session.get(Meeting, meeting_id)
    if row is None or row.deleted:
        raise InputError("没有找到这次会议，它可能已被删除。")
    return row


def _children(
    session: Session, model: type[Participant] | type[Statement] | type[ActionItem], meeting_id: str
) -> list[dict[str, object]]:
    rows = session.scalars(
        select(model).where(model.meeting_id == meeting_id, model.deleted.is_(False)).order_by(model.position)
    )
    keys = {Participant: PARTICIPANT_KEYS, Statement: STATEMENT_KEYS, ActionItem: ACTION_ITEM_KEYS}[model]
    return [{k: getattr(r, k) for k in keys} for r in rows]


def _detail(session: Session, row: Meeting) -> MeetingDetail:
    data = MeetingInput(
        form=row.form,
        held_at=row.held_at,
        place=row.place,
        chair=row.chair,
        recorder=row.recorder,
        background=row.background,
        consensus=row.consensus,
        disagreements=row.disagreements,
        participants=tuple(ParticipantInput(**p) for p in _children(session, Participant, row.id)),  # type: ignore[arg-type]
        statements=tuple(StatementInput(**s) for s in _children(session, Statement, row.id)),  # type: ignore[arg-type]
        action_items=tuple(ActionItemInput(**a) for a in _children(session, ActionItem, row.id)),  # type: ignore[arg-type]
    )
    versions = session.execute(
        select(MinutesVersion.version, MinutesVersion.created_at)
        .where(MinutesVersion.meeting_id == row.id)
        .order_by(MinutesVersion.version)
    ).all()
    return MeetingDetail(
        row.id,
        row.consultation_id,
        row.finalised,
        row.minutes_version,
        data,
        tuple((v, at) for v, at in versions),
    )


def meeting_detail(db: Database, meeting_id: str) -> MeetingDetail:
    with db.session() as session:
        return _detail(session, _get_meeting(session, meeting_id))


def meetings_of(db: Database, consultation_id: str) -> list[MeetingDetail]:
    with db.session() as session:
        rows = session.scalars(
            select(Meeting)
            .where(Meeting.consultation_id == consultation_id, Meeting.deleted.is_(False))
            .order_by(Meeting.held_at)
        )
        return [_detail(session, row) for row in rows]


def _snapshot(detail: MeetingDetail) -> str:
    return json.dumps(asdict(detail.data), ensure_ascii=False, default=str, sort_keys=True)


def finalise_minutes(db: Database, meeting_id: str, *, actor: str = "") -> int:
    """定稿: lock the minutes and keep this text as the next version; return the version."""
    with db.session() as session:
        row = _get_meeting(session, meeting_id)
        if row.finalised:
            raise InputError("这份会议纪要已经定稿。")
        detail = _detail(session, row)
        missing = []
        if not any(p.attendance == "出席" for p in detail.data.participants):
            missing.append("出席人员")
        if not row.consensus.strip():
            missing.append("形成共识")
        if missing:
            raise InputError(f"定稿前请先填写：{'、'.join(missing)}。")
        row.finalised = True
        row.minutes_version += 1
        # The finalised PDF is kept with the record; a character no font has refuses the 定稿.
        from station_app.services.printing import store_finalised_minutes  # printing imports this module

        pdf_sha256 = store_finalised_minutes(session, row, detail.data, row.minutes_version)
        session.add(
            MinutesVersion(
                origin=row.origin,
                meeting_id=row.id,
                version=row.minutes_version,
                snapshot=_snapshot(detail),
                pdf_sha256=pdf_sha256,
            )
        )
        audit.record(
            session,
            "consultation",
            row.consultation_id,
            "finalise",
            f"会议纪要定稿（第{row.minutes_version}版，会议 {row.held_at:%Y-%m-%d}）",
            actor=actor,
        )
        return row.minutes_version


def revise_minutes(db: Database, meeting_id: str, *, reason: str, actor: str = "") -> None:
    """Unlock finalised minutes for a revision; the finalised versions stay as they were."""
    if not reason.strip():
        raise InputError("修订已定稿的纪要需要填写理由。")
    with db.session() as session:
        row = _get_meeting(session, meeting_id)
        if not row.finalised:
            raise InputError("这份会议纪要尚未定稿，可以直接修改。")
        row.finalised = False
        audit.record(
            session,
            "consultation",
            row.consultation_id,
            "revise",
            f"修订会议纪要（已定稿第{row.minutes_version}版保留），理由：{reason.strip()}",
            actor=actor,
        )


def minutes_version(db: Database, meeting_id: str, version: int) -> MeetingInput:
    """A finalised version exactly as it was finalised."""
    with db.session() as session:
        snapshot = session.scalar(
            select(MinutesVersion.snapshot).where(
                MinutesVersion.meeting_id == meeting_id, MinutesVersion.version == version
            )
        )
    if snapshot is None:
        raise InputError(f"没有找到第{version}版纪要。")
    return meeting_from_snapshot(snapshot)


def delete_meeting(db: Database, meeting_id: str, *, reason: str, actor: str = "") -> None:
    if not reason.strip():
        raise InputError("删除会议记录需要填写理由。")
    with db.session() as session:
        row = _get_meeting(session, meeting_id)
        if row.finalised:
            raise InputError("已定稿的会议纪要不能删除。")
        row.deleted = True
        audit.record(
            session,
            "consultation",
            row.consultation_id,
            "meeting",
            f"删除协商会议（{row.held_at:%Y-%m-%d}），理由：{reason.strip()}",
            actor=actor,
        )


def record_completion(
    db: Database, action_item_id: str, done_on: date | None, *, today: date, actor: str = ""
) -> bool:
    """完成日期 of one 下步措施, also after 定稿: the lock covers what the minutes say, not what
    happened later. Audited; returns whether anything changed."""
    with db.session() as session:
        item = session.get(ActionItem, action_item_id)
        if item is None or item.deleted:
            raise InputError("找不到这条下步措施，可能已被删除。")
        values = {k: getattr(item, k) for k in ("matter", "unit", "person", "due_on")}
        ensure_valid(
            _row_issues(
                "下步措施",
                item.position + 1,
                validate_action_item({**values, "done_on": done_on}, today=today),
            )
        )
        meeting = _get_meeting(session, item.meeting_id)
        consultation = get_row(session, meeting.consultation_id)
        if lifecycle.is_final(lifecycle.Status(consultation.status)):
            raise InputError(f"议题已{consultation.status}，不能再修改。")
        if item.done_on == done_on:
            return False
        before = item.done_on
        item.done_on = done_on
        was = before.isoformat() if before else "未填"
        now = done_on.isoformat() if done_on else "未填"
        audit.record(
            session,
            consultation.kind,
            consultation.id,
            "follow_up",
            f"下步措施「{item.matter[:20]}」完成日期：{was} → {now}",
            actor=actor,
        )
        return True
