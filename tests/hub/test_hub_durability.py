"""An import run's commits skip their own fsync and are synced once when the run ends."""

from __future__ import annotations

import pytest

from station_app.hub.durability import DeferredSync
from station_app.storage.engine import Database


def _synchronous(db: Database) -> int:
    with db.session() as session:
        return int(session.connection().exec_driver_sql("PRAGMA synchronous").scalar_one())


def test_relaxed_commits_are_synced_and_connections_go_back_full(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[bool] = []
    monkeypatch.setattr(DeferredSync, "sync", lambda self: synced.append(True))
    assert _synchronous(db) == 2
    with DeferredSync(db) as commits:
        with db.session() as session:
            commits.relax(session)
            connection = session.connection()
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar_one() == 1
            connection.exec_driver_sql("CREATE TABLE probe (x INTEGER)")
            connection.exec_driver_sql("INSERT INTO probe VALUES (1)")
        assert _synchronous(db) == 2  # the pool hands out FULL connections again
        assert not synced
    assert synced == [True]


def test_the_wal_is_fsynced(db: Database) -> None:
    with DeferredSync(db) as commits, db.session() as session:
        commits.relax(session)
        session.connection().exec_driver_sql("CREATE TABLE probe (x INTEGER)")
    commits.sync()  # once more, directly: the file is there and can be synced
    assert _synchronous(db) == 2


def test_a_run_without_relaxed_commits_syncs_nothing(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(DeferredSync, "sync", lambda self: pytest.fail("nothing to sync"))
    with DeferredSync(db):
        assert _synchronous(db) == 2
