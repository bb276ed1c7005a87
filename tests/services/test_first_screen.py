"""The first screen read ahead with sqlite3 is exactly the list's first page, or nothing at all."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from station_app.domain.progress import run_to_end
from station_app.services.demo import fill_demo
from station_app.services.first_screen import read_first_screen
from station_app.services.queries import ConsultationFilter, list_consultations
from station_app.services.station import SetupRequest, load_station, setup_station
from station_app.storage.engine import Database
from station_app.storage.migrate import open_database

DAFO = "511102004"


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    count=st.integers(min_value=0, max_value=40),
    seed=st.integers(min_value=1, max_value=1000),
    page=st.integers(min_value=1, max_value=25),
    deleted=st.sets(st.integers(min_value=0, max_value=39), max_size=10),
)
def test_the_rows_read_ahead_are_the_lists_first_page(
    tmp_path: Path, migrated_template: Path, count: int, seed: int, page: int, deleted: set[int]
) -> None:
    path = tmp_path / f"{uuid.uuid4().hex}.sqlite3"
    shutil.copyfile(migrated_template, path)
    db = open_database(_url(path))
    try:
        setup_station(db, SetupRequest(township_code=DAFO, head_name="李明", clerk_name="王芳"))
        if count:
            run_to_end(fill_demo(db, count=count, seed=seed, today=date(2026, 11, 26)))
        with db.session() as session:  # tombstones, as a deletion or an import leaves them
            ids = session.execute(text("SELECT id FROM consultations ORDER BY id")).scalars().all()
            tombstone = text("UPDATE consultations SET deleted = 1 WHERE id = :id")
            for index in sorted(i for i in deleted if i < len(ids)):
                session.execute(tombstone, {"id": ids[index]})
        expected = list_consultations(db, ConsultationFilter(), limit=page)
        info = load_station(db)
    finally:
        db.dispose()
    first = read_first_screen(_url(path), page)
    assert first is not None
    assert first.info == info
    assert first.rows == expected


def test_the_default_database_file_is_read(station_db: Database, data_dir: Path) -> None:
    target = data_dir / "station.sqlite3"
    data_dir.mkdir(parents=True, exist_ok=True)
    station_db.dispose()  # the last connection closing folds the WAL into the file
    shutil.copyfile(station_db.url.removeprefix("sqlite:///"), target)
    first = read_first_screen(None, 200)
    assert first is not None and first.rows == []
    assert first.info.township_code == DAFO


def _stamp(path: Path, sql: str) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute(sql)


def test_anything_unusual_takes_the_usual_way(
    tmp_path: Path, station_db: Database, migrated_template: Path
) -> None:
    path = Path(station_db.url.removeprefix("sqlite:///"))
    station_db.dispose()
    assert read_first_screen(_url(path), 10) is not None
    assert read_first_screen(_url(tmp_path / "missing.sqlite3"), 10) is None
    assert read_first_screen("postgresql+psycopg://u:p@localhost/x", 10) is None
    assert not (tmp_path / "missing.sqlite3").exists()  # reading ahead never creates a file

    older = tmp_path / "older.sqlite3"  # a migration is due: Alembic's way, with its backup
    shutil.copyfile(path, older)
    _stamp(older, "UPDATE alembic_version SET version_num = '0004'")
    assert read_first_screen(_url(older), 10) is None

    newer = tmp_path / "newer.sqlite3"  # written by a newer program: refused the usual way
    shutil.copyfile(path, newer)
    _stamp(newer, "UPDATE alembic_version SET version_num = '9999_future'")
    assert read_first_screen(_url(newer), 10) is None

    hot = tmp_path / "hot.sqlite3"  # a write cut short: the usual way rolls it back first
    shutil.copyfile(path, hot)
    Path(f"{hot}-journal").write_bytes(b"")
    assert read_first_screen(_url(hot), 10) is None

    hub = tmp_path / "hub.sqlite3"  # a hub's first page is the overview
    shutil.copyfile(path, hub)
    _stamp(hub, "UPDATE station_settings SET role = 'county'")
    assert read_first_screen(_url(hub), 10) is None

    blank = tmp_path / "blank.sqlite3"  # migrated, never set up: the wizard
    shutil.copyfile(migrated_template, blank)
    assert read_first_screen(_url(blank), 10) is None

    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a database at all" * 100)
    assert read_first_screen(_url(garbage), 10) is None


@pytest.mark.parametrize("url", ["sqlite:///:memory:", "sqlite:///x.db?mode=ro", "sqlite://"])
def test_unusual_sqlite_urls_take_the_usual_way(url: str) -> None:
    assert read_first_screen(url, 10) is None
