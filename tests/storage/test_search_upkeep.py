"""The database marks every table that feeds a search document, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from station_app.storage.engine import Database
from station_app.storage.migrate import open_database
from station_app.storage.search_documents import FIELDS
from station_app.storage.search_upkeep import MARKS, TRIGGER_PREFIX, mark_statements

FEEDING = {fields.model.__table__.name for kind in FIELDS.values() for fields in kind}  # type: ignore[attr-defined]


def test_every_table_that_feeds_a_document_is_marked() -> None:
    assert {table for table, _kind, _link in MARKS} == FEEDING


def test_a_migrated_database_has_the_triggers(db: Database) -> None:
    with db.engine.connect() as connection:
        names = set(
            connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name GLOB ?",
                (TRIGGER_PREFIX + "*",),
            ).scalars()
        )
    assert names == {
        f"{TRIGGER_PREFIX}{table}_{op}" for table in FEEDING for op in ("insert", "update", "delete")
    }
    assert len(mark_statements("sqlite")) == len(names)


@pytest.mark.postgres
def test_postgresql_has_the_triggers(pg_url: str) -> None:
    db = open_database(pg_url)
    try:
        with db.engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT DISTINCT event_object_table FROM information_schema.triggers"
                    " WHERE trigger_name LIKE :p"
                ),
                {"p": TRIGGER_PREFIX + "%"},
            ).scalars()
            assert set(rows) == FEEDING
    finally:
        db.dispose()
