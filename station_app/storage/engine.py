"""Opening the database: engine settings, sessions, and revision bookkeeping.

The ORM (and with it the models and the revision stamping of ``storage.stamping``) loads with the
first session: reading through ``connect`` needs only SQLAlchemy's core, which keeps a command
such as ``list`` quick from cold.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import ConnectionPoolEntry

from station_app.errors import DatabaseDriverMissingError, InputError
from station_app.storage.errors import translate_db_errors

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

# Set on a session that applies records received from elsewhere (hub import, feedback):
# their revision and timestamps come from the package and must not be bumped here.
REPLICATING = "replicating"
BUSY_TIMEOUT_MS = 10_000


def _sqlite_pragmas(busy_timeout_ms: int) -> Callable[[DBAPIConnection, ConnectionPoolEntry], None]:
    def on_connect(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        # FULL makes each commit durable across a power cut, which matters more than speed here.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    return on_connect


def make_engine(url: str, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": busy_timeout_ms / 1000})
        event.listen(engine, "connect", _sqlite_pragmas(busy_timeout_ms))
        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except ImportError as error:
        raise DatabaseDriverMissingError(url.split(":", 1)[0]) from error
    except ArgumentError as error:
        raise InputError(f"数据库地址无法识别：{error}") from error


def current_change(session: Session) -> int:
    from station_app.storage.stamping import current_change as read

    return read(session)


class Database:
    """One engine per database; one short session per unit of work."""

    def __init__(self, url: str, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        self.url = url
        self.busy_timeout_ms = busy_timeout_ms
        self.engine = make_engine(url, busy_timeout_ms)
        self._factory: sessionmaker[Session] | None = None

    def _sessions(self) -> Session:
        if self._factory is None:
            from sqlalchemy.orm import sessionmaker

            from station_app.storage import (
                search_upkeep,  # noqa: F401 - registers the index upkeep at commit
                stamping,  # noqa: F401 - registers the revision stamping
            )

            self._factory = sessionmaker(self.engine, expire_on_commit=False)
        return self._factory()

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A plain connection for reading (no ORM, no transaction kept open)."""
        with translate_db_errors(), self.engine.connect() as connection:
            yield connection

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on any error."""
        with translate_db_errors(), self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def replicating_session(self) -> Iterator[Session]:
        with translate_db_errors(), self._sessions() as session, session.begin():
            session.info[REPLICATING] = True
            yield session

    @contextmanager
    def bulk_session(self) -> Iterator[Session]:
        """``session`` for one very large transaction (a demo fill).

        In WAL mode every page such a transaction spills is written to the WAL, often several
        times, and copied into the database again at the checkpoint. So when no other connection
        has the file open, SQLite's file leaves WAL mode for the transaction: a rollback journal
        keeps it atomic (a crash is rolled back by the next connection), new pages are written once,
        and WAL comes back afterwards (the next connection restores it in any case). With another
        connection open the transaction simply runs in WAL mode.
        """
        if not self.is_sqlite:
            with self.session() as session:
                yield session
            return
        from sqlalchemy.orm import Session

        from station_app.storage import (
            search_upkeep,  # noqa: F401 - registers the index upkeep at commit
            stamping,  # noqa: F401 - registers the revision stamping
        )

        with translate_db_errors(), self.engine.connect() as connection:
            left_wal = self._journal(connection, "DELETE")
            try:
                with Session(connection, expire_on_commit=False) as session, session.begin():
                    yield session
            finally:
                if left_wal:
                    self._journal(connection, "WAL")

    def _journal(self, connection: Connection, mode: str) -> bool:
        """Switch ``connection`` to journal ``mode`` without waiting; whether it switched."""
        raw = connection.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA busy_timeout=0")
        try:
            return str(raw.execute(f"PRAGMA journal_mode={mode}").fetchone()[0]).upper() == mode
        except sqlite3.OperationalError:  # "database is locked": another connection is open
            return False
        finally:
            raw.execute(f"PRAGMA busy_timeout={int(self.busy_timeout_ms)}")

    def dispose(self) -> None:
        self.engine.dispose()
