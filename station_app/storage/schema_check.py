"""Is a SQLite file exactly the schema our migrations make? (used before a backup is restored)

A backup is a whole database, so it may carry objects no migration of ours created: a trigger that
rewrites rows on the next ordinary write, a view, a table missing or changed. The reference is built
by running our own migrations into an empty file up to the backup's revision, and the two lists of
objects in ``sqlite_master`` (kind, name, table, SQL) must be the same.
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
from functools import cache
from pathlib import Path

from sqlalchemy import create_engine

SchemaObject = tuple[str, str, str, str]  # type, name, tbl_name, normalised sql
# SQLite's own bookkeeping tables, made by AUTOINCREMENT and ANALYZE / PRAGMA optimize.
_SQLITE_OWN = {"sqlite_sequence", "sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4"}
_SPACE = re.compile(r"\s+")


def _normal(sql: str | None) -> str:
    return _SPACE.sub(" ", sql or "").strip()


def schema_objects(con: sqlite3.Connection) -> frozenset[SchemaObject]:
    rows = con.execute("select type, name, tbl_name, sql from sqlite_master").fetchall()
    return frozenset(
        (str(kind), str(name), str(table), _normal(sql))
        for kind, name, table, sql in rows
        if not (kind == "table" and name in _SQLITE_OWN)
    )


@cache
def expected_objects(revision: str) -> frozenset[SchemaObject]:
    """The objects our migrations create up to ``revision`` (built once per revision and process)."""
    from alembic import command

    from station_app.storage.migrate import alembic_config

    with tempfile.TemporaryDirectory(prefix="station-schema-") as folder:
        path = Path(folder) / "reference.sqlite3"
        engine = create_engine(f"sqlite:///{path}")
        try:
            config = alembic_config()
            with engine.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
        finally:
            engine.dispose()
        con = sqlite3.connect(path)
        try:
            return schema_objects(con)
        finally:
            con.close()


def foreign_objects(con: sqlite3.Connection, revision: str) -> list[str]:
    """Plain Chinese lines for each object that differs from what our migrations create."""
    found = schema_objects(con)
    expected = expected_objects(revision)
    kinds = {"table": "表", "index": "索引", "trigger": "触发器", "view": "视图"}
    lines: list[str] = []
    expected_names = {(kind, name) for kind, name, _t, _s in expected}
    found_names = {(kind, name) for kind, name, _t, _s in found}
    for kind, name, _table, _sql in sorted(found - expected):
        label = kinds.get(kind, kind)
        if (kind, name) in expected_names:
            lines.append(f"{label}“{name}”的结构与本程序不同")
        else:
            lines.append(f"多出了本程序不会建立的{label}“{name}”")
    for kind, name, _table, _sql in sorted(expected - found):
        if (kind, name) not in found_names:
            lines.append(f"缺少{kinds.get(kind, kind)}“{name}”")
    return lines
