"""The window's first screen read with the standard library's sqlite3, before SQLAlchemy loads.

Importing SQLAlchemy costs several times what reading the first page costs, so start-up reads the
station and the first page of the 协商议题 list here, read-only, and paints them; the usual
``Database`` opens right after. Only a file at the schema head is read this way (anything else,
a migration due, a newer file, a hot journal, goes the usual way, which knows what to do), and
``tests/services/test_first_screen.py`` checks the rows against ``services.queries``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from station_app.storage.schema_head import HEAD_REVISION

STATION_COLUMNS: tuple[str, ...] = (
    "role", "township_code", "township_name", "county_code", "county_name", "station_name",
    "head_name", "clerk_name", "phone", "address",
)  # fmt: skip
LIST_COLUMNS: tuple[str, ...] = (
    "id", "number", "title", "status", "field", "source", "village", "proposer", "proposed_on", "year",
    "seq", "origin",
)  # fmt: skip
# The list's default order (newest number first), as services.queries sorts it.
_FIRST_PAGE = (
    f"SELECT {', '.join(LIST_COLUMNS)} FROM consultations WHERE deleted = 0 "
    "ORDER BY year DESC, seq DESC, id DESC LIMIT ?"
)


def sqlite_file(database_url: str | None, default: Path) -> Path | None:
    """The SQLite file behind ``database_url`` (None: the default file), or None for another server."""
    if database_url is None:
        return default
    if database_url.startswith("sqlite:///") and "?" not in database_url:
        name = database_url.removeprefix("sqlite:///")
        return Path(name) if name and name != ":memory:" else None
    return None


class QuickReader:
    """A read-only connection that answers only when the file is plainly at the schema head."""

    def __init__(self, path: Path) -> None:
        self._connection: sqlite3.Connection | None = None
        if not path.is_file() or Path(f"{path}-journal").exists():
            return
        try:
            connection = sqlite3.connect(f"file:{quote(path.as_posix())}?mode=ro", uri=True, timeout=1)
        except sqlite3.Error:
            return
        if self._revision(connection) != HEAD_REVISION:
            connection.close()
            return
        self._connection = connection

    @staticmethod
    def _revision(connection: sqlite3.Connection) -> str | None:
        try:
            rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        except sqlite3.Error:
            return None
        return str(rows[0][0]) if len(rows) == 1 else None

    @property
    def usable(self) -> bool:
        return self._connection is not None

    def _all(self, sql: str, parameters: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        assert self._connection is not None
        return self._connection.execute(sql, parameters).fetchall()

    def station(self) -> dict[str, str] | None:
        rows = self._all(f"SELECT {', '.join(STATION_COLUMNS)} FROM station_settings WHERE id = 1")
        return dict(zip(STATION_COLUMNS, rows[0], strict=True)) if rows else None

    def first_consultations(self, limit: int) -> list[dict[str, Any]]:
        return [dict(zip(LIST_COLUMNS, row, strict=True)) for row in self._all(_FIRST_PAGE, (limit,))]

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
