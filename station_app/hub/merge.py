"""Applying checked record revisions to the hub's tables, inside the caller's transaction.

Rules, per record (kind, uuid):

* not here yet → insert;
* same revision, same content → nothing; same revision, other content → conflict queue;
* higher revision → update;
* lower revision → an older revision that arrived late (its ``updated_at`` is not newer than the
  row's) changes nothing, so packages may arrive in any order; one that is newer than the row
  (the station went back, e.g. restored a backup) goes to the conflict queue;
* a row owned by another station → the whole package is refused;
* a record whose parent (the consultation of a meeting, the meeting of a participant…) has not
  arrived yet waits in ``hub_pending_records`` and is applied when a later package brings it.

Writes are set-based: one executemany per table and batch, never an ORM object per row.
"""

from __future__ import annotations

import json
from collections import Counter as Tally
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, bindparam, delete, func, insert, select, tuple_, update
from sqlalchemy.orm import Session

from station_app.errors import KnownError
from station_app.hub.merge_marks import MergeMarks
from station_app.hub.schema import Incoming, column_names, comparable, table_of
from station_app.storage.base import utcnow
from station_app.storage.bulk import insert_rows
from station_app.storage.hub_tables import HubConflict, PendingRecord
from station_app.storage.records import SYNCED_MODELS

BATCH = 1000
_SQLITE_IDS = 900  # below the 999 host parameters of older SQLite builds
_DEFERRED = {("reports", "consultation_id")}  # reports and consultations refer to each other


class ForeignRecordError(KnownError):
    def __init__(self, kind: str, uuid: str, owner: str) -> None:
        super().__init__(
            f"数据包中的记录 {kind} {uuid} 在本单位属于另一个联络站（{owner}），不能由本站修改，已拒绝导入。"
        )


@dataclass
class MergeResult:
    counts: Tally[str] = field(default_factory=Tally)  # inserted / updated / unchanged / older / …


@dataclass
class _Plan:
    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    tombstones: list[dict[str, Any]] = field(default_factory=list)
    deferred: list[dict[str, Any]] = field(default_factory=list)  # reports' consultation_id, set last


def _chunks(items: Sequence[Any], size: int = 500) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _existing(session: Session, table: Table, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Whole rows, read only for the ids already here: most ids of a fresh package are new."""
    found: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(sorted(_present(session, table, set(ids)))):
        for row in session.execute(select(table).where(table.c.id.in_(chunk))).mappings():
            found[row["id"]] = dict(row)
    return found


def _present(session: Session, table: Table, ids: set[str]) -> set[str]:
    found: set[str] = set()
    wanted = sorted(ids)
    connection = session.connection()
    if connection.dialect.paramstyle != "qmark":
        for chunk in _chunks(wanted):
            found.update(session.scalars(select(table.c.id).where(table.c.id.in_(chunk))))
        return found
    # SQLite: plain SQL, as Core's expanding IN cost more than the lookups themselves.
    for chunk in _chunks(wanted, _SQLITE_IDS):
        marks = ", ".join("?" * len(chunk))
        sql = f"SELECT id FROM {table.name} WHERE id IN ({marks})"
        found.update(id_ for (id_,) in connection.exec_driver_sql(sql, tuple(chunk)))
    return found


def _pending(session: Session, origin: str) -> list[Incoming]:
    from station_app.hub.schema import check_record
    from station_app.sync.records import SyncRecord

    rows = session.scalars(select(PendingRecord).where(PendingRecord.origin == origin))
    waiting: list[Incoming] = []
    for row in rows:
        record = SyncRecord(
            row.kind, row.record_id, row.revision, row.updated_at, row.deleted, json.loads(row.data)
        )
        checked = check_record(record, origin, row.package_id)
        waiting.append(
            Incoming(
                checked.kind,
                checked.uuid,
                checked.revision,
                checked.updated_at,
                checked.deleted,
                checked.values,
                checked.raw,
                checked.package_id,
                from_pending=True,
            )
        )
    return waiting


class _Merger:
    def __init__(self, session: Session, origin: str, package_id: str, marks: MergeMarks) -> None:
        self.session = session
        self.marks = marks
        self.origin = origin
        self.package_id = package_id
        self.result = MergeResult()
        self.present: dict[str, set[str]] = {}  # table → ids known to exist after this pass
        self.parked: list[Incoming] = []
        self.done_pending: list[tuple[str, str, int]] = []
        self.known_pending: set[tuple[str, str, int]] = set()
        self._numbers: dict[tuple[int, int], str] | None = None  # (year, seq) → topic uuid

    # -- parents ----------------------------------------------------------------------------

    def _parents_ok(self, table: Table, batch: list[Incoming], coming: dict[str, set[str]]) -> set[str]:
        """The uuids in ``batch`` whose parents all exist (or arrive in this pass)."""
        needed: dict[str, set[str]] = {}
        fks = [(fk.parent.name, fk.column.table.name) for fk in table.foreign_keys]
        for record in batch:
            if record.values is None:
                continue
            for column, target in fks:
                value = record.values.get(column)
                if value is not None:
                    needed.setdefault(target, set()).add(value)
        for target, ids in needed.items():
            known = self.present.setdefault(target, set())
            missing = ids - known - coming.get(target, set())
            if missing:
                known.update(_present(self.session, self._table(target), missing))
        ok: set[str] = set()
        for record in batch:
            if record.values is None or all(
                record.values.get(column) is None
                or record.values[column] in self.present.get(target, set())
                or record.values[column] in coming.get(target, set())
                for column, target in fks
            ):
                ok.add(record.uuid)
        return ok

    @staticmethod
    def _table(name: str) -> Table:
        for model in SYNCED_MODELS:
            table = table_of(model)
            if table.name == name:
                return table
        raise KeyError(name)

    # -- one table --------------------------------------------------------------------------

    def merge_table(
        self, kind: str, table: Table, batch: list[Incoming], coming: dict[str, set[str]]
    ) -> None:
        current = _existing(self.session, table, sorted({r.uuid for r in batch}))
        for row in current.values():
            if row["origin"] != self.origin:
                raise ForeignRecordError(kind, row["id"], row["origin"])
        parents_ok = self._parents_ok(table, batch, coming)
        plan = _Plan()
        names = column_names(kind)
        for record in sorted(batch, key=lambda r: (r.uuid, r.revision)):
            key = (kind, record.uuid, record.revision)
            state = current.get(record.uuid)
            outcome = self._decide(kind, record, state, record.uuid in parents_ok)
            if outcome == "parked":
                if not record.from_pending and key not in self.known_pending:
                    self.parked.append(record)
                    self.known_pending.add(key)
                continue
            if record.from_pending:
                self.done_pending.append(key)
            self.result.counts[outcome] += 1
            if outcome not in ("inserted", "updated"):
                continue
            row = self._row(record, names, table.name)
            self.marks.note(table.name, record.uuid, None if record.values is None else row, state)
            if record.values is None:
                plan.tombstones.append(
                    {
                        "b_id": record.uuid,
                        "revision": record.revision,
                        "updated_at": record.updated_at,
                        "deleted": True,
                    }
                )
            elif state is None:
                plan.inserts.append(row)
            else:
                plan.updates.append({"b_id": record.uuid, **{k: v for k, v in row.items() if k != "id"}})
            if (table.name, "consultation_id") in _DEFERRED and record.values is not None:
                plan.deferred.append(
                    {"b_id": record.uuid, "consultation_id": record.values["consultation_id"]}
                )
                row["consultation_id"] = None
                if state is not None:
                    plan.updates[-1]["consultation_id"] = state["consultation_id"]
            current[record.uuid] = {**(state or {}), **row, "origin": self.origin}
            self.present.setdefault(table.name, set()).add(record.uuid)
        self._write(table, plan)
        if plan.deferred:
            self.deferred = (table, plan.deferred)

    def _numbers_of_origin(self) -> dict[tuple[int, int], str]:
        if self._numbers is None:
            table = self._table("consultations")
            rows = self.session.execute(
                select(table.c.year, table.c.seq, table.c.id).where(table.c.origin == self.origin)
            )
            self._numbers = {(int(year), int(seq)): id_ for year, seq, id_ in rows}
        return self._numbers

    def _number_clash(self, record: Incoming) -> bool:
        """A topic number already held by another topic of the station (it restored a backup and
        numbered a new topic again): a conflict for the office to look at, never a crash."""
        values = record.values
        if values is None or values.get("year") is None or values.get("seq") is None:
            return False
        numbers = self._numbers_of_origin()
        key = (int(values["year"]), int(values["seq"]))
        holder = numbers.get(key)
        if holder is not None and holder != record.uuid:
            table = self._table("consultations")
            held = _existing(self.session, table, [holder]).get(holder)
            if held is not None:
                self._conflict("consultation", record, held, "number")
                return True
        for old in [k for k, v in numbers.items() if v == record.uuid]:
            del numbers[old]
        numbers[key] = record.uuid
        return False

    def _decide(self, kind: str, record: Incoming, state: dict[str, Any] | None, parents_ok: bool) -> str:
        outcome = self._decide_revision(kind, record, state, parents_ok)
        if kind == "consultation" and outcome in ("inserted", "updated") and self._number_clash(record):
            return "conflicts"
        return outcome

    def _decide_revision(
        self, kind: str, record: Incoming, state: dict[str, Any] | None, parents_ok: bool
    ) -> str:
        if state is None:
            if record.values is None:
                return "older"  # a bare tombstone for a record never seen: nothing to mark
            return "inserted" if parents_ok else "parked"
        if record.revision == state["revision"]:
            if record.values is None or comparable(kind, record.values, record.deleted) == comparable(
                kind, state, state["deleted"]
            ):
                return "unchanged"
            self._conflict(kind, record, state, "diverging")
            return "conflicts"
        if record.revision > state["revision"]:
            return "updated" if parents_ok else "parked"
        if record.updated_at <= state["updated_at"]:
            return "older"
        self._conflict(kind, record, state, "lower")
        return "conflicts"

    def _row(self, record: Incoming, names: list[str], table_name: str) -> dict[str, Any]:
        values = record.values
        # check_record gives every column of the kind, so the values can be copied whole.
        row = dict.fromkeys(names) if values is None else dict(values)
        row.update(
            id=record.uuid,
            revision=record.revision,
            updated_at=record.updated_at,
            deleted=record.deleted,
            change_seq=0,
        )
        return row

    def _conflict(self, kind: str, record: Incoming, state: dict[str, Any], reason: str) -> None:
        current = comparable(kind, state, state["deleted"])
        self.session.add(
            HubConflict(
                kind=kind,
                record_id=record.uuid,
                origin=self.origin,
                package_id=record.package_id,
                reason=reason,
                incoming_revision=record.revision,
                incoming_updated_at=record.updated_at,
                incoming_deleted=record.deleted,
                incoming_data=json.dumps(record.raw, ensure_ascii=False, sort_keys=True),
                current_revision=state["revision"],
                current_data=json.dumps(current, ensure_ascii=False, sort_keys=True),
                detected_at=utcnow(),
            )
        )

    def _write(self, table: Table, plan: _Plan) -> None:
        for rows in _chunks(plan.inserts, BATCH):
            insert_rows(self.session.connection(), table, rows)
        by_id = table.c.id == bindparam("b_id")
        for rows in _chunks(plan.updates, BATCH):
            self.session.execute(update(table).where(by_id), list(rows))
        for rows in _chunks(plan.tombstones, BATCH):
            self.session.execute(update(table).where(by_id), list(rows))

    deferred: tuple[Table, list[dict[str, Any]]] | None

    # -- the whole pass ---------------------------------------------------------------------

    def run(self, records: Sequence[Incoming]) -> MergeResult:
        self.deferred = None
        waiting = _pending(self.session, self.origin)
        self.known_pending = {(r.kind, r.uuid, r.revision) for r in waiting}
        work = [*records, *waiting]
        by_kind: dict[str, list[Incoming]] = {}
        for record in work:
            by_kind.setdefault(record.kind, []).append(record)
        coming = {"consultations": {r.uuid for r in by_kind.get("consultation", []) if r.values is not None}}
        for model in SYNCED_MODELS:
            batch = by_kind.get(model.kind)
            if batch:
                self.merge_table(model.kind, table_of(model), batch, coming)
        self._finish()
        return self.result

    def _finish(self) -> None:
        session = self.session
        if self.deferred is not None:
            table, rows = self.deferred
            known = self.present.setdefault("consultations", set())
            wanted = {r["consultation_id"] for r in rows if r["consultation_id"] is not None} - known
            known.update(_present(session, self._table("consultations"), wanted))
            fixable = [r for r in rows if r["consultation_id"] is None or r["consultation_id"] in known]
            for chunk in _chunks(fixable, BATCH):
                session.execute(update(table).where(table.c.id == bindparam("b_id")), list(chunk))
        for chunk in _chunks(self.done_pending, 500):
            session.execute(
                delete(PendingRecord).where(
                    tuple_(PendingRecord.kind, PendingRecord.record_id, PendingRecord.revision).in_(
                        list(chunk)
                    )
                )
            )
        pending_rows = [
            {
                "kind": r.kind,
                "record_id": r.uuid,
                "revision": r.revision,
                "origin": self.origin,
                "package_id": r.package_id,
                "updated_at": r.updated_at,
                "deleted": r.deleted,
                "data": json.dumps(r.raw, ensure_ascii=False, sort_keys=True),
            }
            for r in self.parked
        ]
        for chunk in _chunks(pending_rows, BATCH):
            session.execute(insert(PendingRecord), list(chunk))
        self.result.counts["pending"] += len(self.parked)


def merge_records(
    session: Session,
    origin: str,
    package_id: str,
    records: Sequence[Incoming],
    marks: MergeMarks | None = None,
) -> MergeResult:
    """Apply ``records`` (and any waiting ones of the same station) in the caller's transaction;
    with ``marks`` (``merge_marks.marked_by_merge``) noting the search documents its writes touch."""
    return _Merger(session, origin, package_id, marks or MergeMarks(False)).run(records)


def waiting_count(session: Session, origin: str | None = None) -> int:
    """Record revisions still waiting for their parents (per station, or all)."""
    query = select(func.count()).select_from(PendingRecord)
    if origin is not None:
        query = query.where(PendingRecord.origin == origin)
    return int(session.scalar(query) or 0)
