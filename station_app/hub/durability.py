"""One fsync for a whole import run instead of one per package.

In WAL mode a commit with ``synchronous=NORMAL`` is still atomic: a power cut can lose the latest
packages of a run (importing them again is safe, the station still has them) but never leaves one
half applied, and the database stays consistent. When the run ends, before any outcome is shown,
one fsync of the WAL makes every package accepted in it durable. Stored attachment files are
fsynced one by one before the rows naming them commit, so this changes nothing for them.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from station_app.storage.engine import Database
from station_app.sync.errors import error_for_os

_RELAXED = "synchronous_relaxed"
CHECKPOINT_PAGES = 16_000  # 64 MB of WAL (SQLite's default is 1,000 pages)


class DeferredSync:
    """Use as ``with DeferredSync(db) as commits:`` and call ``commits.relax(session)`` first thing
    in each package's transaction. Connections go back to the pool with ``synchronous=FULL``."""

    def __init__(self, db: Database) -> None:
        name = db.engine.url.database if db.is_sqlite else None
        self._db = db
        self._wal = Path(f"{name}-wal") if name and name != ":memory:" else None
        self._relaxed = False

    def __enter__(self) -> DeferredSync:
        pool = self._db.engine.pool
        if self._wal is not None and not event.contains(pool, "checkin", _restore_full):
            event.listen(pool, "checkin", _restore_full)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._relaxed:
            self.sync()

    def relax(self, session: Session) -> None:
        """Let this transaction commit without an fsync of its own (WAL mode only)."""
        if self._wal is None:
            return
        connection = session.connection()
        if str(connection.exec_driver_sql("PRAGMA journal_mode").scalar()).lower() == "wal":
            connection.exec_driver_sql("PRAGMA synchronous=NORMAL")
            # Checkpoint less often: each one copies the pages of the commits before it into the
            # database with an fsync, and a package's pages are spread over every table's indexes.
            connection.exec_driver_sql(f"PRAGMA wal_autocheckpoint={CHECKPOINT_PAGES}")
            connection.connection.info[_RELAXED] = True
            self._relaxed = True

    def sync(self) -> None:
        """Make every commit so far durable; checkpoints sync the database file themselves."""
        assert self._wal is not None
        try:
            with open(self._wal, "rb+") as handle:
                os.fsync(handle.fileno())
        except FileNotFoundError:
            pass  # the last connection closed and checkpointed it: already on disk
        except OSError as error:
            raise error_for_os(error, self._wal) from error


def _restore_full(dbapi_connection: Any, record: Any) -> None:
    """Only the connections relaxed here, so concurrent runs and other sessions are left alone."""
    if record.info.pop(_RELAXED, False) and dbapi_connection is not None:
        dbapi_connection.execute("PRAGMA synchronous=FULL")
        dbapi_connection.execute("PRAGMA wal_autocheckpoint=1000")
