"""The conflict queue: record revisions the importer would not apply on its own.

A person compares the two versions and either takes the station's new version (采用新版本) or
keeps what the hub has (保留现有). Either way the decision is recorded with the time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select, update

from station_app.errors import InputError
from station_app.hub.conflict_words import FieldDifference, differences, history_summary
from station_app.hub.schema import check_record, column_names, table_of
from station_app.hub.trust import station_name
from station_app.services import audit
from station_app.services.export import KIND_LABELS
from station_app.storage.base import utcnow
from station_app.storage.engine import Database
from station_app.storage.hub_tables import HubConflict
from station_app.storage.records import MODEL_BY_KIND
from station_app.sync.records import SyncRecord

REASONS = {
    "lower": "新收到的是较早的一份，但修改时间更晚（该站可能恢复过备份后又改过）",
    "diverging": "同一份记录收到了两种不同的内容，无法判断哪一份是新改的",
    "number": "议题编号已被该站的另一个议题占用（该站可能恢复过备份后重新编号）",
}
OPEN = "open"
TAKEN = "taken"
KEPT = "kept"


@dataclass(frozen=True)
class ConflictView:
    id: int
    kind: str
    kind_label: str
    record_id: str
    station: str
    station_name: str
    reason: str
    incoming_revision: int
    current_revision: int
    incoming: dict[str, Any]
    current: dict[str, Any]
    detected_at: datetime
    status: str

    def title(self) -> str:
        """A short name of the record for the list: its title, number or name where it has one."""
        for key in ("number", "title", "name", "matter", "filename"):
            value = self.current.get(key) or self.incoming.get(key)
            if isinstance(value, str) and value:
                return value[:40]
        return self.record_id[:8]

    def record_name(self) -> str:
        return f"{self.kind_label}“{self.title()}”"

    def differences(self) -> list[FieldDifference]:
        """The fields that differ, each with both full texts."""
        return differences({"deleted": False, **self.current}, self.incoming)


def _view(row: HubConflict) -> ConflictView:
    return ConflictView(
        id=row.id,
        kind=row.kind,
        kind_label=KIND_LABELS.get(row.kind, row.kind),
        record_id=row.record_id,
        station=row.origin,
        station_name=station_name(row.origin),
        reason=REASONS.get(row.reason, row.reason),
        incoming_revision=row.incoming_revision,
        current_revision=row.current_revision,
        incoming={**json.loads(row.incoming_data), "deleted": row.incoming_deleted},
        current=json.loads(row.current_data),
        detected_at=row.detected_at,
        status=row.status,
    )


def list_conflicts(db: Database, *, include_resolved: bool = False) -> list[ConflictView]:
    with db.session() as session:
        query = select(HubConflict).order_by(HubConflict.id)
        if not include_resolved:
            query = query.where(HubConflict.status == OPEN)
        return [_view(row) for row in session.scalars(query)]


def resolve(db: Database, conflict_id: int, *, take_new: bool, actor: str = "") -> str:
    """采用新收到的 (``take_new``) writes the station's version over the hub's row; 保留现有 keeps it.

    Either way one line goes into the record's history; it is returned for the page's log.
    """
    with db.replicating_session() as session:
        row = session.get(HubConflict, conflict_id)
        if row is None or row.status != OPEN:
            raise InputError("这条冲突已经处理过了。")
        view = _view(row)
        summary = history_summary(view.station_name, view.differences(), take_new=take_new)
        if take_new and row.reason == "number":
            raise InputError(
                "编号冲突不能直接采用新版本：两个议题用了同一个编号。请保留现有的，并请该站核对编号。"
            )
        if take_new:
            record = SyncRecord(
                row.kind,
                row.record_id,
                row.incoming_revision,
                row.incoming_updated_at,
                row.incoming_deleted,
                json.loads(row.incoming_data),
            )
            incoming = check_record(record, row.origin, row.package_id)
            table = table_of(MODEL_BY_KIND[row.kind])
            values: dict[str, Any] = {
                "b_id": row.record_id,
                "revision": row.incoming_revision,
                "updated_at": row.incoming_updated_at,
                "deleted": row.incoming_deleted,
            }
            if incoming.values is not None:
                values.update({name: incoming.values[name] for name in column_names(row.kind)})
            session.execute(update(table).where(table.c.id == bindparam("b_id")), [values])
        row.status = TAKEN if take_new else KEPT
        row.resolved_at = utcnow()
        audit.record(session, row.kind, row.record_id, "处理冲突", summary, actor=actor)
        return summary
