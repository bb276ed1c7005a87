"""The stations' audit lines at a hub: kept with the records they describe, each line once."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from station_app.storage.bulk import insert_rows
from station_app.storage.local import AuditEvent
from station_app.sync.history import HistoryLine


def _key(record_id: str, line: HistoryLine | AuditEvent) -> tuple[object, ...]:
    return (record_id, line.at, line.actor, line.action, line.summary)


def store_history(session: Session, lines: Sequence[HistoryLine], record_ids: Collection[str]) -> int:
    """Add the lines of the package's own records that the hub does not hold yet; how many were added."""
    wanted = [line for line in lines if line.record_id in record_ids]
    ids = sorted({line.record_id for line in wanted})
    known: set[tuple[object, ...]] = set()
    for start in range(0, len(ids), 500):
        rows = session.scalars(select(AuditEvent).where(AuditEvent.record_id.in_(ids[start : start + 500])))
        known.update(_key(row.record_id, row) for row in rows)
    added: list[dict[str, object]] = []
    for line in wanted:
        key = _key(line.record_id, line)
        if key in known:
            continue
        known.add(key)
        added.append(
            {
                "at": line.at,
                "actor": line.actor,
                "record_kind": line.record_kind,
                "record_id": line.record_id,
                "action": line.action,
                "summary": line.summary,
            }
        )
    # One executemany, not an ORM object per line: a full import adds tens of thousands of lines.
    table = AuditEvent.__table__
    assert isinstance(table, Table)
    insert_rows(session.connection(), table, added)
    return len(added)
