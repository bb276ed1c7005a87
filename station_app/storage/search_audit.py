"""Checking the search index against the records, and repairing it.

Each live record's document is made afresh and compared with the stored one; documents of
records that are gone or tombstoned are extra. ``audit_index`` only counts; with ``repair`` it
rewrites what differs in the same transaction. A database upgraded from a version that could
leave records out of the index is audited and repaired once, when it is next opened
(``repair_due``); the window shows the progress.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, delete, select
from sqlalchemy.orm import Session

from station_app.domain.progress import CancelToken, Job, Progress
from station_app.storage import search_index as si
from station_app.storage import search_texts, search_upkeep
from station_app.storage.engine import Database
from station_app.storage.local import AppMeta
from station_app.storage.search_documents import KINDS, ROOTS, between, documents, reindex

CHUNK = 2000
MSG_CHECKING = "正在核对检索索引……"
MSG_REPAIRING = "正在修复检索索引……"


@dataclass
class IndexAudit:
    """How the index differs from the records: by kind, the record ids concerned."""

    records: int = 0
    missing: dict[str, list[str]] = field(default_factory=dict)  # live records without a document
    wrong: dict[str, list[str]] = field(default_factory=dict)  # documents not matching the record
    extra: dict[str, list[str]] = field(default_factory=dict)  # documents of no live record
    loose: int = 0  # index rows belonging to no document at all
    repaired: bool = False

    def count(self, name: str) -> int:
        found: dict[str, list[str]] = getattr(self, name)
        return sum(len(ids) for ids in found.values())

    @property
    def ok(self) -> bool:
        return not (self.count("missing") or self.count("wrong") or self.count("extra") or self.loose)

    def summary(self) -> str:
        """One Chinese sentence for ``check`` and the window."""
        if self.ok:
            return f"检索索引与记录一致（{self.records} 条记录）"
        parts = []
        if self.count("missing"):
            parts.append(f"缺少 {self.count('missing')} 条记录")
        if self.count("wrong"):
            parts.append(f"{self.count('wrong')} 条记录的内容与记录不符")
        if self.count("extra"):
            parts.append(f"多出 {self.count('extra')} 条已不存在或已删除的记录")
        if self.loose:
            parts.append(f"有 {self.loose} 条无主的索引内容")
        done = "，已修复" if self.repaired else ""
        return f"检索索引{'、'.join(parts)}（共 {self.records} 条记录）{done}"


def _stored_sqlite(connection: Connection, kind: str, low: str, high: str) -> dict[str, tuple[str, str]]:
    rows = connection.exec_driver_sql(
        f"SELECT d.record_id, f.head, f.body, h.head FROM {si.DOCS_TABLE} d"
        f" LEFT JOIN {si.FTS_TABLE} f ON f.rowid = d.doc LEFT JOIN {si.HEADS_TABLE} h ON h.rowid = d.doc"
        " WHERE d.kind = ? AND d.record_id BETWEEN ? AND ?",
        (kind, low, high),
    )
    found: dict[str, tuple[str, str]] = {}
    for record_id, head, body, head_again in rows:
        # A document whose two index rows disagree (or are missing) can never equal a fresh one.
        found[record_id] = (head, body) if head is not None and head == head_again else ("\0", "\0")
    return found


def _same(stored: tuple[str, str], fresh: tuple[str, str]) -> bool:
    return all(a.split() == b.split() for a, b in zip(stored, fresh, strict=True))


def _extra(connection: Connection, kind: str) -> list[str]:
    root = ROOTS[kind].__table__.name  # type: ignore[attr-defined]
    live = "0" if connection.dialect.name == "sqlite" else "false"
    docs = si.DOCS_TABLE if connection.dialect.name == "sqlite" else search_texts.TABLE
    sql = (
        f"SELECT d.record_id FROM {docs} d WHERE d.kind = '{kind}' AND NOT EXISTS"
        f" (SELECT 1 FROM {root} r WHERE r.id = d.record_id AND r.deleted = {live})"
    )
    return sorted(str(rid) for (rid,) in connection.exec_driver_sql(sql))


def _loose_rowids(connection: Connection) -> list[int]:
    if connection.dialect.name != "sqlite":
        return []
    found: set[int] = set()
    for table in (si.FTS_TABLE, si.HEADS_TABLE):
        sql = f"SELECT rowid FROM {table} WHERE rowid NOT IN (SELECT doc FROM {si.DOCS_TABLE})"
        found.update(int(r) for (r,) in connection.exec_driver_sql(sql))
    return sorted(found)


def _audit(session: Session, cancel: CancelToken | None, message: str) -> Job[IndexAudit]:
    connection = session.connection()
    sqlite = connection.dialect.name == "sqlite"
    audit = IndexAudit()
    order: dict[str, list[str]] = {}
    for kind, root in ROOTS.items():
        order[kind] = list(session.scalars(select(root.id).where(root.deleted.is_(False)).order_by(root.id)))
    audit.records = total = sum(len(ids) for ids in order.values())
    yield Progress(0, total, message)
    done = 0
    for kind in KINDS:
        ids = order[kind]
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            low, high = chunk[0], chunk[-1]
            fresh = {rid: doc.rendered() for rid, doc in documents(session, kind, between(low, high)).items()}
            stored = (
                _stored_sqlite(connection, kind, low, high)
                if sqlite
                else search_texts.stored(connection, kind, low, high)
            )
            for rid in chunk:
                if rid not in stored:
                    audit.missing.setdefault(kind, []).append(rid)
                elif not _same(stored[rid], fresh[rid]):
                    audit.wrong.setdefault(kind, []).append(rid)
            done += len(chunk)
            if cancel is not None:
                cancel.raise_if_cancelled()
            yield Progress(done, total, message)
        extra = _extra(connection, kind)
        if extra:
            audit.extra[kind] = extra
    audit.loose = len(_loose_rowids(connection))
    return audit


def audit_index(db: Database, cancel: CancelToken | None = None, *, repair: bool = False) -> Job[IndexAudit]:
    """Compare the index with the records; with ``repair``, rewrite what differs (one transaction).

    The marks the database keeps are applied first, so only real differences are counted.
    """
    with db.session() as session:
        search_upkeep.refresh(session)
        audit = yield from _audit(session, cancel, MSG_REPAIRING if repair else MSG_CHECKING)
        if repair:
            connection = session.connection()
            for kind in KINDS:
                ids = [*audit.missing.get(kind, ()), *audit.wrong.get(kind, ()), *audit.extra.get(kind, ())]
                for start in range(0, len(ids), 500):
                    reindex(session, kind, ids[start : start + 500])
                    if cancel is not None:
                        cancel.raise_if_cancelled()
            _remove_loose(connection, _loose_rowids(connection))
            session.execute(delete(AppMeta).where(AppMeta.key == search_upkeep.META_AUDIT))
            audit.repaired = not audit.ok
        yield Progress(audit.records, audit.records, audit.summary())
    return audit


def _remove_loose(connection: Connection, rowids: Sequence[int]) -> None:
    for table in (si.FTS_TABLE, si.HEADS_TABLE):
        for start in range(0, len(rowids), 500):
            chunk = [(r,) for r in rowids[start : start + 500]]
            connection.exec_driver_sql(f"DELETE FROM {table} WHERE rowid = ?", chunk)


def repair_due(db: Database) -> bool:
    """Whether the index must be checked before use: once after an upgrade, or when changes
    were written outside any session (a migration) and are still marked."""
    with db.engine.connect() as connection:
        if not search_upkeep.has_upkeep(connection):
            return False
        flag = connection.execute(
            select(AppMeta.value).where(AppMeta.key == search_upkeep.META_AUDIT)
        ).scalar_one_or_none()
        return flag is not None or search_upkeep.stale_count(connection) > 0
