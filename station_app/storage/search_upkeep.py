"""Keeping the search index a function of the records, whatever writes them.

The database marks every record whose document may have changed: triggers on each table that
feeds a document (``MARKS``) put ``(kind, record id)`` into ``search_stale`` on any insert, update
or delete, whether the row came from a service, a Core bulk insert, plain SQL or a migration.
Before any session commits, ``_refresh`` takes the marks and rewrites those documents in the same
transaction. So no writer has to remember the index; a bulk writer that indexes its own new rows
(the demo fill) may lift the marks with ``marks_lifted`` and gets whatever it left unindexed
marked afterwards; the hub import drops the triggers for its merge (``triggers_dropped``) and
passes the marks it noted itself to ``reindex_marked`` (``hub/merge_marks``).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, event, select
from sqlalchemy.orm import Session

from station_app.storage import search_index as si
from station_app.storage import search_texts
from station_app.storage.records import Meeting
from station_app.storage.search_documents import ROOTS, reindex

STALE_TABLE = "search_stale"
TRIGGER_PREFIX = "search_mark_"
MEETING = "meeting"  # a mark for the consultation of this meeting
META_AUDIT = "search_audit"  # app_meta key: "due" when the whole index should be checked once

# (table, kind of the document it feeds, how a row names its record): "self" the row is the
# record, "consultation" through its consultation_id, "meeting" through its meeting's consultation
# (marked as the meeting, ``MEETING``, and resolved at commit).
Mark = tuple[str, str, str]
MARKS: tuple[Mark, ...] = (
    ("consultations", "consultation", "self"),
    ("progress_notes", "consultation", "consultation"),
    ("evaluations", "consultation", "consultation"),
    ("meetings", "consultation", "consultation"),
    ("statements", "consultation", "meeting"),
    ("participants", "consultation", "meeting"),
    ("action_items", "consultation", "meeting"),
    ("reports", "report", "self"),
    ("members", "member", "self"),
)


def _stale_sql() -> str:
    # No key: a mark is appended (duplicates and all), which costs a third of a keyed insert;
    # the commit that takes the marks makes them unique.
    return f"CREATE TABLE {STALE_TABLE} (kind VARCHAR(20) NOT NULL, record_id VARCHAR(36) NOT NULL)"


def _mark_statement(kind: str, link: str, row: str) -> str:
    head = f"INSERT INTO {STALE_TABLE} (kind, record_id)"
    if link == "self":
        source = f"VALUES ('{kind}', {row}.id)"
    elif link == "consultation":
        source = f"SELECT '{kind}', {row}.consultation_id WHERE {row}.consultation_id IS NOT NULL"
    else:
        # The meeting is marked and its consultation looked up at commit: a lookup per inserted
        # statement or participant cost more than twice as much as the mark itself.
        source = f"VALUES ('{MEETING}', {row}.meeting_id)"
    return f"{head} {source};"


def mark_statements(dialect: str, marks: Sequence[Mark] = MARKS) -> list[str]:
    """The DDL of the stale table's triggers for ``marks`` (migrations pass a frozen copy)."""
    statements: list[str] = []
    for table, kind, link in marks:
        new, old = (_mark_statement(kind, link, row) for row in ("NEW", "OLD"))
        name = f"{TRIGGER_PREFIX}{table}"
        if dialect == "sqlite":
            for op, body in (
                ("INSERT", new),
                ("UPDATE", new + old if link != "self" else new),
                ("DELETE", old),
            ):
                statements.append(
                    f"CREATE TRIGGER {name}_{op.lower()} AFTER {op} ON {table} FOR EACH ROW BEGIN {body} END"
                )
            continue
        statements.append(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP <> 'DELETE' THEN {new} END IF; "
            f"IF TG_OP <> 'INSERT' THEN {old} END IF; "
            "RETURN NULL; END $$"
        )
        statements.append(
            f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {name}()"
        )
    return statements


def create_upkeep(connection: Connection, marks: Sequence[Mark] = MARKS) -> None:
    """The stale table, its triggers, and (without FTS5) the table of documents."""
    dialect = connection.dialect.name
    connection.exec_driver_sql(_stale_sql())
    if dialect != "sqlite":
        connection.exec_driver_sql(search_texts.CREATE_STATEMENT)
    for statement in mark_statements(dialect, marks):
        connection.exec_driver_sql(statement)


def drop_upkeep(connection: Connection, marks: Sequence[Mark] = MARKS) -> None:
    dialect = connection.dialect.name
    for table, _kind, _link in marks:
        name = f"{TRIGGER_PREFIX}{table}"
        if dialect == "sqlite":
            for op in ("insert", "update", "delete"):
                connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}_{op}")
        else:
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {name}()")
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {STALE_TABLE}")
    if dialect != "sqlite":
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {search_texts.TABLE}")


# --- at commit ---------------------------------------------------------------------------------

_HAS_UPKEEP: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


def has_upkeep(connection: Connection) -> bool:
    """Whether this database has the stale table (a database not migrated yet has not)."""
    engine = connection.engine
    if _HAS_UPKEEP.get(engine):
        return True
    if connection.dialect.name == "sqlite":
        query = f"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '{STALE_TABLE}'"
    else:
        query = f"SELECT 1 WHERE to_regclass('{STALE_TABLE}') IS NOT NULL"
    present = connection.exec_driver_sql(query).first() is not None
    if present:
        _HAS_UPKEEP[engine] = True
    return present


def take_stale(connection: Connection) -> dict[str, list[str]]:
    """The marked records by kind, unmarked in the same statement."""
    # A plain read first: a DELETE would make every reading session a writer waiting for the lock.
    if connection.exec_driver_sql(f"SELECT 1 FROM {STALE_TABLE} LIMIT 1").first() is None:
        return {}
    rows = connection.exec_driver_sql(f"DELETE FROM {STALE_TABLE} RETURNING kind, record_id").all()
    stale: dict[str, list[str]] = {}
    for kind, record_id in sorted(set(rows)):
        stale.setdefault(kind, []).append(record_id)
    return stale


def refresh(session: Session) -> int:
    """Rewrite the documents of every marked record; how many records were marked."""
    session.flush()
    connection = session.connection()
    if not has_upkeep(connection):
        return 0
    return reindex_marked(session, take_stale(connection))


def reindex_marked(session: Session, stale: dict[str, list[str]]) -> int:
    """Rewrite the documents of ``stale`` (kind → record ids; ``MEETING`` ids stand for their
    consultations); how many marks there were."""
    stale = dict(stale)
    meetings = stale.pop(MEETING, [])
    if meetings:
        owners = set(stale.get("consultation", ()))
        for start in range(0, len(meetings), 500):
            chunk = meetings[start : start + 500]
            owners.update(session.scalars(select(Meeting.consultation_id).where(Meeting.id.in_(chunk))))
        stale["consultation"] = sorted(owners)
    for kind, ids in stale.items():
        if kind in ROOTS:
            reindex(session, kind, ids)
    return sum(len(ids) for ids in stale.values()) + len(meetings)


@event.listens_for(Session, "before_commit")
def _refresh(session: Session) -> None:
    refresh(session)


def stale_count(connection: Connection) -> int:
    if not has_upkeep(connection):
        return 0
    return int(connection.exec_driver_sql(f"SELECT count(*) FROM {STALE_TABLE}").scalar() or 0)


# --- bulk writers ------------------------------------------------------------------------------


def mark_unindexed(connection: Connection) -> None:
    """Mark every live record that has no document, for the next commit to index."""
    dialect = connection.dialect.name
    docs = si.DOCS_TABLE if dialect == "sqlite" else search_texts.TABLE
    live = "0" if dialect == "sqlite" else "false"
    for kind, root in ROOTS.items():
        table = root.__table__.name  # type: ignore[attr-defined]
        connection.exec_driver_sql(
            f"INSERT INTO {STALE_TABLE} (kind, record_id) SELECT '{kind}', r.id FROM {table} r"
            f" WHERE r.deleted = {live} AND NOT EXISTS"
            f" (SELECT 1 FROM {docs} d WHERE d.record_id = r.id AND d.kind = '{kind}')"
        )


@contextmanager
def marks_lifted(connection: Connection) -> Iterator[None]:
    """Inside, on SQLite: rows are written without marks, for a bulk writer that indexes the new
    records itself. Afterwards the triggers are back and any live record left without a document
    is marked, so the commit indexes it. Must run inside the writing transaction."""
    with triggers_dropped(connection) as dropped:
        yield
    if dropped:
        mark_unindexed(connection)


@contextmanager
def triggers_dropped(connection: Connection) -> Iterator[bool]:
    """Inside, on SQLite with the upkeep: the marking triggers are gone (yields True); they are
    created again from the same SQL on the way out. A writer using this must mark or index what
    it writes itself. The DDL is part of the writing transaction, so a failure rolls it back too."""
    if connection.dialect.name != "sqlite" or not has_upkeep(connection):
        yield False
        return
    if not connection.in_transaction():
        raise RuntimeError("triggers_dropped needs an open transaction")
    raw = connection.connection.driver_connection
    if raw is not None and not raw.in_transaction:
        connection.exec_driver_sql("BEGIN")  # DDL outside a transaction would commit at once
    saved: Sequence[Any] = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name GLOB ?", (TRIGGER_PREFIX + "*",)
    ).all()
    for name, _sql in saved:
        connection.exec_driver_sql(f"DROP TRIGGER {name}")
    yield True
    for _name, sql in saved:
        connection.exec_driver_sql(sql)
