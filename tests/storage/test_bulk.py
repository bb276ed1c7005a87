"""insert_rows stores exactly what a Core executemany stores."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import Table, insert, select, text

from station_app.storage.bulk import indexes_built_after, insert_rows
from station_app.storage.engine import Database
from station_app.storage.records import Member, Report

SHARED = {
    "origin": "511102004",
    "revision": 3,
    "created_at": datetime(2026, 3, 1, 8, 30, tzinfo=UTC),
    "updated_at": datetime(2026, 3, 2, 9, 15, 7, 250, tzinfo=UTC),
    "deleted": False,
    "change_seq": 7,
}


def _table(model: Any) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _rows() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    members = [
        {
            "id": f"m{i}",
            "name": f"张{i}",
            "sector": "中共",
            "unit": "",
            "position": "",
            "phone": "",
            "initials": "z",
            "active": i % 2 == 0,
            "note": "备注",
        }
        for i in range(3)
    ]
    reports = [
        {
            "id": f"r{i}",
            "title": "关于道路的建议",
            "reporter": "李四",
            "reporter_unit": "村委",
            "member_id": None,
            "situation": "",
            "cause": "",
            "suggestion": "",
            "status": "草稿",
            "reported_on": date(2026, 2, i + 1) if i else None,
            "consultation_id": None,
        }
        for i in range(3)
    ]
    return members, reports


def _dump(db: Database) -> list[tuple[Any, ...]]:
    with db.engine.connect() as connection:
        found = []
        for name in ("members", "reports"):
            found += [tuple(r) for r in connection.execute(text(f"SELECT * FROM {name} ORDER BY id"))]
        return found


def test_the_driver_path_matches_core(db: Database, tmp_path: Any) -> None:
    from station_app.storage.migrate import open_database

    other = open_database(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    members, reports = _rows()
    with db.session() as session:
        insert_rows(session.connection(), _table(Member), members, SHARED)
        insert_rows(session.connection(), _table(Report), reports, SHARED)
    with other.session() as session:
        session.execute(insert(_table(Member)), [{**SHARED, **row} for row in members])
        session.execute(insert(_table(Report)), [{**SHARED, **row} for row in reports])
    assert _dump(db) == _dump(other)
    with db.session() as session:
        assert session.scalar(select(Member.updated_at).where(Member.id == "m1")) == SHARED["updated_at"]
    other.dispose()


def _indexes(db: Database, table: str) -> list[tuple[str, str]]:
    with db.engine.connect() as connection:
        return _indexes_in(connection, table)


def test_indexes_of_empty_tables_are_rebuilt_after_the_fill(db: Database) -> None:
    members, reports = _rows()
    with db.session() as session:
        insert_rows(session.connection(), _table(Report), reports[:1], SHARED)
    before = {name: _indexes(db, name) for name in ("members", "reports")}
    assert before["members"] and before["reports"]
    with db.session() as session:
        connection = session.connection()
        with indexes_built_after(connection, ["members", "reports"]):
            assert _indexes_in(connection, "members") == []  # empty before: built at the end
            assert _indexes_in(connection, "reports") == before["reports"]  # had rows: kept
            insert_rows(connection, _table(Member), members, SHARED)
            insert_rows(connection, _table(Report), reports[1:], SHARED)
    assert {name: _indexes(db, name) for name in ("members", "reports")} == before
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def _indexes_in(connection: Any, table: str) -> list[tuple[str, str]]:
    query = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL"
    return sorted(connection.exec_driver_sql(query, (table,)).tuples())


def test_a_failed_fill_rolls_the_indexes_back(db: Database) -> None:
    before = _indexes(db, "members")
    with pytest.raises(RuntimeError, match="boom"), db.session() as session:
        connection = session.connection()
        with indexes_built_after(connection, ["members"]):
            insert_rows(connection, _table(Member), _rows()[0], SHARED)
            raise RuntimeError("boom")
    assert _indexes(db, "members") == before


def test_outside_a_transaction_nothing_is_dropped(db: Database) -> None:
    before = _indexes(db, "members")
    with (
        db.engine.connect() as connection,
        pytest.raises(RuntimeError, match="open transaction"),
        indexes_built_after(connection, ["members"]),
    ):
        pass
    assert _indexes(db, "members") == before
