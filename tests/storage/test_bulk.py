"""insert_rows stores exactly what a Core executemany stores."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Table, insert, select, text

from station_app.storage.bulk import insert_rows
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
