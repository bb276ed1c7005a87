"""The 历史 of demo topics, as a clerk's work would have left it: 新建, then each status change
along the chain on plausible dates, with the reason where one was needed (不予立题, 已撤销)."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from station_app.domain.lifecycle import (
    PATH,
    Status,
    TransitionKind,
    describe_transition,
    possible_transitions,
)
from station_app.storage.local import AuditEvent
from station_app.storage.records import Consultation

CHUNK = 5000
STEP_DAYS = 12  # at most this many days between two steps of a demo topic
REVOKED_AFTER = Status.ACCEPTED  # a demo topic is revoked once it was taken up


def _steps(status: str) -> list[tuple[Status, Status]]:
    """The (from, to) pairs a topic now in ``status`` went through."""
    if status == Status.REJECTED:
        return [(Status.COLLECTING, Status.REJECTED)]
    if status == Status.REVOKED:
        return [(Status.COLLECTING, REVOKED_AFTER), (REVOKED_AFTER, Status.REVOKED)]
    try:
        last = PATH.index(Status(status))
    except ValueError:
        return []
    return list(itertools.pairwise(PATH[: last + 1]))


def _text(source: Status, target: Status, reason: str) -> str:
    for t in possible_transitions(source):
        if t.target is target:
            return describe_transition(
                t, reason if t.needs_reason or t.kind is not TransitionKind.FORWARD else ""
            )
    return f"状态由“{source}”变为“{target}”"


def _at(day: date) -> datetime:
    return datetime.combine(day, time(9, 30), tzinfo=UTC)


def topic_lines(row: Any, actor: str, today: date) -> list[dict[str, Any]]:
    start = row.proposed_on or today
    steps = _steps(row.status)
    room = max((today - start).days, 0)
    gap = min(STEP_DAYS, room // (len(steps) + 1)) if steps else 0
    base = {"record_kind": Consultation.kind, "record_id": row.id, "actor": actor}
    lines = [
        {**base, "at": _at(start), "action": "create", "summary": f"新建议题 {row.number}《{row.title}》"}
    ]
    for n, (source, target) in enumerate(steps, 1):
        day = start + timedelta(days=gap * n)
        lines.append(
            {**base, "at": _at(day), "action": "status", "summary": _text(source, target, row.status_reason)}
        )
    return lines


def write_history(session: Session, origin: str, change_seq: int, actor: str, today: date) -> int:
    """History lines for the topics the fill just made (its change number); how many were written."""
    rows = session.execute(
        select(
            Consultation.id,
            Consultation.number,
            Consultation.title,
            Consultation.status,
            Consultation.status_reason,
            Consultation.proposed_on,
        ).where(Consultation.origin == origin, Consultation.change_seq == change_seq)
    )
    pending: list[dict[str, Any]] = []
    written = 0
    for row in rows:
        pending += topic_lines(row, actor, today)
        if len(pending) >= CHUNK:
            session.execute(insert(AuditEvent), pending)
            written, pending = written + len(pending), []
    if pending:
        session.execute(insert(AuditEvent), pending)
        written += len(pending)
    return written
