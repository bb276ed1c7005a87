"""The engine: SQLite settings, revision bookkeeping, tombstones, and known failures."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from station_app.errors import DatabaseLockedError, DiskFullError, ReadOnlyError
from station_app.storage.engine import Database, current_change
from station_app.storage.errors import classify
from station_app.storage.migrate import open_database
from station_app.storage.records import Member


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(f"sqlite:///{tmp_path / 'e.sqlite3'}")
    yield database
    database.dispose()


def test_sqlite_is_opened_with_wal_foreign_keys_and_full_sync(db: Database) -> None:
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 10_000


def _add_member(db: Database, name: str = "张三丰") -> str:
    with db.session() as session:
        member = Member(origin="511102004", name=name, sector="农业界")
        session.add(member)
        session.flush()
        return member.id


def test_new_record_gets_uuid_revision_one_and_a_change_number(db: Database) -> None:
    member_id = _add_member(db)
    with db.session() as session:
        member = session.get(Member, member_id)
        assert member is not None
        assert len(member.id) == 36 and member.revision == 1
        assert member.change_seq == current_change(session) == 1
        assert member.updated_at.tzinfo is UTC


def test_each_change_raises_the_revision_and_the_change_number(db: Database) -> None:
    member_id = _add_member(db)
    for expected in (2, 3):
        with db.session() as session:
            member = session.get(Member, member_id)
            assert member is not None
            member.unit = f"单位{expected}"
    with db.session() as session:
        member = session.get(Member, member_id)
        assert member is not None and member.revision == 3 and member.change_seq == 3


def test_reading_without_changing_keeps_the_revision(db: Database) -> None:
    member_id = _add_member(db)
    with db.session() as session:
        member = session.get(Member, member_id)
        assert member is not None
        member.unit = member.unit  # same value: not a change
    with db.session() as session:
        member = session.get(Member, member_id)
        assert member is not None and member.revision == 1


def test_tombstone_is_a_change_and_the_row_stays(db: Database) -> None:
    member_id = _add_member(db)
    with db.session() as session:
        member = session.get(Member, member_id)
        assert member is not None
        member.deleted = True
    with db.session() as session:
        member = session.get(Member, member_id)
        assert member is not None and member.deleted and member.revision == 2


def test_replicating_session_keeps_the_incoming_revision(db: Database) -> None:
    with db.replicating_session() as session:
        session.add(
            Member(
                id="6d1f3a2e-0000-4000-8000-000000000001",
                origin="511102004",
                name="李四",
                sector="教育界",
                revision=7,
                change_seq=0,
            )
        )
    with db.session() as session:
        member = session.get(Member, "6d1f3a2e-0000-4000-8000-000000000001")
        assert member is not None and member.revision == 7
        assert current_change(session) == 0


def test_failed_unit_of_work_leaves_nothing(db: Database) -> None:
    with pytest.raises(RuntimeError), db.session() as session:
        session.add(Member(origin="511102004", name="王五", sector="经济界"))
        session.flush()
        raise RuntimeError("boom")
    with db.session() as session:
        assert session.query(Member).count() == 0


def test_a_locked_database_is_a_known_error(tmp_path: Path) -> None:
    path = tmp_path / "locked.sqlite3"
    open_database(f"sqlite:///{path}").dispose()
    blocker = sqlite3.connect(path)
    blocker.execute("BEGIN EXCLUSIVE")
    db = Database(f"sqlite:///{path}", busy_timeout_ms=100)
    try:
        with pytest.raises(DatabaseLockedError) as caught, db.session() as session:
            session.add(Member(origin="x", name="赵六", sector="农业界"))
        assert "占用" in caught.value.message
    finally:
        blocker.rollback()
        blocker.close()
        db.dispose()


@pytest.mark.parametrize(
    ("driver_text", "kind"),
    [
        ("database or disk is full", DiskFullError),
        ("attempt to write a readonly database", ReadOnlyError),
        ("database is locked", DatabaseLockedError),
    ],
)
def test_driver_messages_are_sorted_into_known_errors(driver_text: str, kind: type) -> None:
    error = OperationalError("INSERT", {}, sqlite3.OperationalError(driver_text))
    assert isinstance(classify(error), kind)


def test_other_driver_errors_are_bugs() -> None:
    assert classify(OperationalError("x", {}, sqlite3.OperationalError("no such column: foo"))) is None


def test_a_missing_database_driver_is_a_known_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from station_app.errors import DatabaseDriverMissingError, InputError

    monkeypatch.setitem(sys.modules, "psycopg", None)  # as in a bundle built without it
    with pytest.raises(DatabaseDriverMissingError, match="PostgreSQL"):
        Database("postgresql+psycopg://u:p@127.0.0.1/x")
    with pytest.raises(InputError, match="数据库地址无法识别"):
        Database("nosuchdb://x")
