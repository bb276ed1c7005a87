"""The audit log: every change a clerk makes leaves one readable Chinese line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.storage.local import AuditEvent
from station_app.sync.history import HistoryLine


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    actor: str
    action: str
    summary: str


def record(
    session: Session, record_kind: str, record_id: str, action: str, summary: str, *, actor: str = ""
) -> None:
    session.add(
        AuditEvent(actor=actor, record_kind=record_kind, record_id=record_id, action=action, summary=summary)
    )


def history(session: Session, record_id: str) -> list[AuditLine]:
    rows = session.scalars(
        select(AuditEvent).where(AuditEvent.record_id == record_id).order_by(AuditEvent.id)
    )
    return [AuditLine(row.at, row.actor, row.action, row.summary) for row in rows]


def lines_of(session: Session, record_ids: Sequence[str]) -> list[HistoryLine]:
    """Every audit line of these records, oldest first (what a package carries as history.jsonl)."""
    found: list[HistoryLine] = []
    ids = list(dict.fromkeys(record_ids))
    for start in range(0, len(ids), 500):
        rows = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.record_id.in_(ids[start : start + 500]))
            .order_by(AuditEvent.id)
        )
        found += [HistoryLine(r.record_kind, r.record_id, r.at, r.actor, r.action, r.summary) for r in rows]
    return found
