"""Migrations: fresh databases, committed snapshots of every released schema, refusals."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select

from station_app import paths
from station_app.errors import DatabaseCorruptError, DatabaseTooNewError, DatabaseUnreachableError
from station_app.services.check import check_database
from station_app.storage.local import AppMeta
from station_app.storage.migrate import SCHEMA_MAJOR, head_revision, open_database
from station_app.storage.models import Base, Consultation, StationSettings

SNAPSHOTS = sorted((Path(__file__).parent / "snapshots").glob("schema_*.sqlite3"))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


def test_fresh_database_is_created_by_migrations(tmp_path: Path) -> None:
    db = open_database(_url(tmp_path / "new.sqlite3"))
    try:
        tables = set(inspect(db.engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        assert "alembic_version" in tables
        with db.session() as session:
            major = session.scalar(select(AppMeta.value).where(AppMeta.key == "schema_major"))
        assert major == str(SCHEMA_MAJOR)
        assert check_database(db).ok
    finally:
        db.dispose()
    # Nothing to migrate on a new file, so nothing was copied.
    assert not list(paths.backups_dir().iterdir())


def test_snapshots_exist_for_the_current_head() -> None:
    assert any(p.stem == f"schema_{head_revision()}" for p in SNAPSHOTS), (
        "run tests/storage/snapshots/make_snapshot.py after adding a migration"
    )


@pytest.mark.parametrize("snapshot", SNAPSHOTS, ids=[p.stem for p in SNAPSHOTS])
def test_every_released_schema_upgrades_with_its_data(snapshot: Path, tmp_path: Path) -> None:
    expected = json.loads(snapshot.with_suffix(".json").read_text("utf-8"))
    work = tmp_path / "旧 数据.sqlite3"
    shutil.copyfile(snapshot, work)
    db = open_database(_url(work))
    try:
        with db.session() as session:
            titles = session.scalars(select(Consultation.title).order_by(Consultation.seq)).all()
            station = session.get(StationSettings, 1)
            assert station is not None and station.township_code == expected["station_code"]
            assert session.scalar(select(func.count()).select_from(Consultation)) == expected["consultations"]
        assert list(titles) == expected["titles"]
        report = check_database(db)
        assert report.ok, report.problems
    finally:
        db.dispose()
    backups = list(paths.backups_dir().glob("迁移前-*.sqlite3"))
    if expected["revision"] == head_revision():
        assert backups == []
    else:
        assert len(backups) == 1
        assert (
            sqlite3.connect(backups[0]).execute("select count(*) from consultations").fetchone()[0]
            == (expected["consultations"])
        )


def _make_newer(path: Path, *, major: int, revision: str) -> None:
    open_database(_url(path)).dispose()
    con = sqlite3.connect(path)
    con.execute("update alembic_version set version_num = ?", (revision,))
    con.execute("update app_meta set value = ? where key = 'schema_major'", (str(major),))
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def test_newer_major_version_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    _make_newer(path, major=SCHEMA_MAJOR + 1, revision="9001")
    before = _digest(path)
    with pytest.raises(DatabaseTooNewError) as caught:
        open_database(_url(path))
    assert "更新版本" in caught.value.message
    assert f"{SCHEMA_MAJOR + 1}.x" in caught.value.message
    assert _digest(path) == before
    assert not list(paths.backups_dir().iterdir())


def test_newer_minor_version_is_opened_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "minor.sqlite3"
    _make_newer(path, major=SCHEMA_MAJOR, revision="0001a_future")
    db = open_database(_url(path))
    try:
        with db.session() as session:
            assert session.scalar(select(func.count()).select_from(Consultation)) == 0
    finally:
        db.dispose()


def test_unknown_revision_without_major_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "odd.sqlite3"
    _make_newer(path, major=SCHEMA_MAJOR, revision="ffff")
    con = sqlite3.connect(path)
    con.execute("delete from app_meta")
    con.commit()
    con.close()
    with pytest.raises(DatabaseTooNewError):
        open_database(_url(path))


def test_a_file_that_is_not_a_database_is_a_known_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite3"
    path.write_bytes(b"this is not sqlite at all" * 100)
    before = _digest(path)
    with pytest.raises(DatabaseCorruptError) as caught:
        open_database(_url(path))
    assert "损坏" in caught.value.message
    assert _digest(path) == before


def test_a_database_in_a_missing_folder_is_a_known_error(tmp_path: Path) -> None:
    with pytest.raises(DatabaseUnreachableError) as caught:
        open_database(_url(tmp_path / "没有这个文件夹" / "x.sqlite3"))
    assert "文件夹不存在" in caught.value.message
    assert not (tmp_path / "没有这个文件夹").exists()
