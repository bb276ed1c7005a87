"""The bulk session: one large transaction with a rollback journal, and WAL again afterwards."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from station_app.storage.engine import Database
from station_app.storage.migrate import open_database
from station_app.storage.records import Member


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(f"sqlite:///{tmp_path / 'b.sqlite3'}")
    yield database
    database.dispose()


def _members(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(Member)) or 0)


def _mode(db: Database) -> str:
    with db.engine.connect() as connection:
        return str(connection.execute(text("PRAGMA journal_mode")).scalar())


def test_the_transaction_runs_without_the_wal_and_wal_comes_back(db: Database) -> None:
    with db.bulk_session() as session:
        assert session.connection().execute(text("PRAGMA journal_mode")).scalar() == "delete"
        session.add(Member(origin="511102004", name="张三", sector="农业界"))
    assert _mode(db) == "wal"
    assert _members(db) == 1
    with db.engine.connect() as connection:  # the usual settings are back too
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == db.busy_timeout_ms


def test_a_failure_rolls_back_and_wal_comes_back(db: Database) -> None:
    with pytest.raises(RuntimeError), db.bulk_session() as session:
        session.add(Member(origin="511102004", name="张三", sector="农业界"))
        session.flush()
        raise RuntimeError("boom")
    assert _mode(db) == "wal"
    assert _members(db) == 0


def test_with_another_connection_open_it_stays_in_wal_mode(db: Database, tmp_path: Path) -> None:
    other = sqlite3.connect(tmp_path / "b.sqlite3")
    try:
        other.execute("SELECT count(*) FROM members").fetchone()
        with db.bulk_session() as session:
            assert session.connection().execute(text("PRAGMA journal_mode")).scalar() == "wal"
            session.add(Member(origin="511102004", name="张三", sector="农业界"))
        assert other.execute("SELECT count(*) FROM members").fetchone() == (1,)
    finally:
        other.close()


_KILLED_WRITER = """
import sys, time
from datetime import UTC, datetime
from station_app.storage.bulk import insert_rows
from station_app.storage.migrate import open_database
from station_app.storage.records import Member
db = open_database(sys.argv[1])
with db.bulk_session() as session:
    now = datetime.now(UTC)
    rows = [{"id": f"m{i}", "name": f"张{i}"} for i in range(20000)]
    shared = {"sector": "农业界", "unit": "", "position": "", "phone": "", "initials": "z", "active": True,
              "note": "", "origin": "511102004", "revision": 1, "created_at": now, "updated_at": now,
              "deleted": False, "change_seq": 1}
    insert_rows(session.connection(), Member.__table__, rows, shared)
    session.connection().exec_driver_sql("PRAGMA cache_size=10")  # spill: the file is written to
    session.connection().exec_driver_sql("UPDATE members SET unit = 'x' || name")
    print("written", flush=True)
    time.sleep(60)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_writer_killed_mid_transaction_is_rolled_back_by_the_next_connection(tmp_path: Path) -> None:
    path = tmp_path / "k.sqlite3"
    url = f"sqlite:///{path}"
    open_database(url).dispose()
    with subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, url], stdout=subprocess.PIPE, text=True
    ) as writer:
        try:
            assert writer.stdout is not None and writer.stdout.readline().strip() == "written"
            assert (tmp_path / "k.sqlite3-journal").exists()
        finally:
            os.kill(writer.pid, signal.SIGKILL)
            writer.wait()
    db = open_database(url)
    try:
        assert _members(db) == 0
        assert _mode(db) == "wal"
        with db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    finally:
        db.dispose()
    assert not (tmp_path / "k.sqlite3-journal").exists()
