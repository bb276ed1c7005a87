"""Backups: daily automatic copies with rotation, manual copies, and restore with its refusals."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from station_app import paths
from station_app.errors import DatabaseTooNewError, DeviceGoneError, DiskFullError
from station_app.services import backups
from station_app.services.backups import (
    BadBackupError,
    backup_if_due,
    backup_now,
    backup_to,
    backups_to_keep,
    list_backups,
    restore,
    rotate,
    verify_backup,
)
from station_app.services.consultations import TopicInput, create_topic
from station_app.storage.engine import Database
from station_app.storage.migrate import head_revision, open_database
from station_app.storage.records import Consultation
from station_app.sync import drives

TODAY = date(2026, 11, 26)


@pytest.fixture
def db_file(station_db: Database) -> Path:
    name = station_db.engine.url.database
    assert name
    return Path(name)


def titles(db: Database) -> list[str]:
    with db.session() as session:
        return sorted(session.scalars(select(Consultation.title)))


def topic(db: Database, title: str) -> None:
    create_topic(db, TopicInput(title, "群众点题", "养老服务", date(2026, 3, 5)), today=TODAY)


def test_backup_and_restore_round_trip(station_db: Database, db_file: Path) -> None:
    topic(station_db, "备份前的议题")
    made = backup_now(db_file)  # taken while the database is open
    assert made.parent == paths.backups_dir() and made.name.startswith("手动-")
    assert verify_backup(made) == head_revision()
    topic(station_db, "备份后的议题")
    station_db.dispose()

    before = restore(db_file, made)

    assert before is not None and before.name.startswith("恢复前-")
    reopened = open_database(f"sqlite:///{db_file}")
    try:
        assert titles(reopened) == ["备份前的议题"]
    finally:
        reopened.dispose()
    saved = open_database(f"sqlite:///{before}")
    try:
        assert titles(saved) == ["备份前的议题", "备份后的议题"]
    finally:
        saved.dispose()
    assert {b.kind for b in list_backups()} == {"手动", "恢复前"}


def test_automatic_backup_once_a_day(station_db: Database, db_file: Path) -> None:
    monday = datetime(2026, 11, 23, 9, 0)
    first = backup_if_due(db_file, now=monday)
    assert first is not None and first.name == "自动-20261123-090000.sqlite3"
    assert backup_if_due(db_file, now=monday + timedelta(hours=5)) is None
    second = backup_if_due(db_file, now=monday + timedelta(days=1))
    assert second is not None and verify_backup(second)
    assert [b.path for b in list_backups()] == [second, first]


def _expected_keep(days: list[date]) -> set[date]:
    newest_first = sorted(days, reverse=True)
    daily = set(newest_first[:7])
    weekly: dict[tuple[int, int], date] = {}
    for day in newest_first[7:]:
        week = day.isocalendar()[:2]
        if week not in weekly and len(weekly) < 4:
            weekly[week] = day
    return daily | set(weekly.values())


def test_rotation_keeps_7_daily_and_4_weekly(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    start = date(2026, 9, 1)
    days = [start + timedelta(days=i) for i in range(60)]
    for day in days:
        for hour in (8, 17):  # two runs a day: only the later one is kept
            (folder / f"自动-{day:%Y%m%d}-{hour:02d}0000.sqlite3").write_bytes(b"x")
    (folder / "迁移前-0001-20260101-080000.sqlite3").write_bytes(b"x")
    (folder / "手动-20260102-080000.sqlite3").write_bytes(b"x")
    (folder / "恢复前-20260103-080000.sqlite3").write_bytes(b"x")

    removed = rotate(folder)

    left = list_backups(folder)
    autos = [b for b in left if b.kind == "自动"]
    assert len(autos) == 11 and len(removed) == 120 - 11
    assert {b.created_at.date() for b in autos} == _expected_keep(days)
    assert all(b.created_at.hour == 17 for b in autos)
    assert {b.kind for b in left} == {"自动", "迁移前", "手动", "恢复前"}
    assert rotate(folder) == []  # stable


def test_keep_rule_with_gaps() -> None:
    moments = [datetime(2026, 1, 1) + timedelta(days=3 * i) for i in range(40)]
    keep = backups_to_keep(moments)
    assert len(keep) == 11
    assert sorted(keep)[-7:] == sorted(moments)[-7:]
    weeks = {m.isocalendar()[:2] for m in sorted(keep)[:-7]}
    assert len(weeks) == 4


def test_backup_if_due_rotates(station_db: Database, db_file: Path) -> None:
    folder = paths.backups_dir()
    for i in range(20):
        day = date(2026, 10, 1) + timedelta(days=i)
        (folder / f"自动-{day:%Y%m%d}-080000.sqlite3").write_bytes(b"x")
    (folder / "迁移前-0001-20261001-070000.sqlite3").write_bytes(b"x")
    made = backup_if_due(db_file, now=datetime(2026, 10, 25, 9, 0))
    assert made is not None
    autos = [b for b in list_backups() if b.kind == "自动"]
    assert autos[0].path == made and len(autos) <= 11
    assert any(b.kind == "迁移前" for b in list_backups())


def test_backup_to_a_stick(station_db: Database, db_file: Path, tmp_path: Path) -> None:
    topic(station_db, "U盘备份")
    stick = tmp_path / "U盘"
    stick.mkdir()
    made = backup_to(db_file, stick)
    assert made.parent == stick and made.name.startswith("联络站备份-511102004-")
    assert [p.name for p in stick.iterdir()] == [made.name]
    copy = open_database(f"sqlite:///{made}")
    try:
        assert titles(copy) == ["U盘备份"]
    finally:
        copy.dispose()


def test_backup_to_missing_or_full_stick(
    station_db: Database, db_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(DeviceGoneError):
        backup_to(db_file, tmp_path / "拔出的U盘")
    stick = tmp_path / "满的U盘"
    stick.mkdir()
    monkeypatch.setattr(drives, "free_space", lambda path: 1000)
    with pytest.raises(DiskFullError):
        backup_to(db_file, stick)
    assert list(stick.iterdir()) == []


def test_backup_read_back_failure_removes_the_copy(
    station_db: Database, db_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stick = tmp_path / "坏U盘"
    stick.mkdir()

    def broken(path: Path) -> str:
        raise BadBackupError(path, "文件已损坏")

    monkeypatch.setattr(backups, "verify_backup", broken)
    with pytest.raises(backups.BackupFailedError, match="读回校验不通过"):
        backup_to(db_file, stick)
    assert list(stick.iterdir()) == []


def _current_titles(db_file: Path) -> list[str]:
    con = sqlite3.connect(db_file)
    try:
        return sorted(r[0] for r in con.execute("select title from consultations"))
    finally:
        con.close()


def test_restore_refuses_a_corrupt_file(station_db: Database, db_file: Path, tmp_path: Path) -> None:
    topic(station_db, "现有议题")
    station_db.dispose()
    junk = tmp_path / "坏备份.sqlite3"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x07" * 5000)
    with pytest.raises(BadBackupError, match="已损坏"):
        restore(db_file, junk)
    good = backup_now(db_file)
    truncated = tmp_path / "半截备份.sqlite3"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(BadBackupError):
        restore(db_file, truncated)
    with pytest.raises(BadBackupError, match="不存在"):
        restore(db_file, tmp_path / "没有这个文件.sqlite3")
    assert _current_titles(db_file) == ["现有议题"]
    assert not any(b.kind == "恢复前" for b in list_backups())


def test_restore_refuses_another_database(station_db: Database, db_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "别的.sqlite3"
    con = sqlite3.connect(other)
    con.execute("create table notes (x)")
    con.commit()
    con.close()
    station_db.dispose()
    with pytest.raises(BadBackupError, match="不是本程序的数据库备份"):
        restore(db_file, other)


def test_restore_refuses_a_newer_backup(station_db: Database, db_file: Path) -> None:
    topic(station_db, "现有议题")
    newer = backup_now(db_file)
    con = sqlite3.connect(newer)
    con.execute("update alembic_version set version_num = '9001'")
    con.execute("update app_meta set value = '2' where key = 'schema_major'")
    con.commit()
    con.close()
    station_db.dispose()
    with pytest.raises(DatabaseTooNewError, match="更新版本"):
        restore(db_file, newer)
    assert _current_titles(db_file) == ["现有议题"]


def test_restore_of_an_older_schema_is_upgraded(db_file: Path, station_db: Database, tmp_path: Path) -> None:
    snapshot = Path(__file__).resolve().parents[1] / "storage" / "snapshots" / "schema_0001.sqlite3"
    old = tmp_path / "旧备份.sqlite3"
    old.write_bytes(snapshot.read_bytes())
    station_db.dispose()
    assert verify_backup(old) == "0001"
    restore(db_file, old)
    reopened = open_database(f"sqlite:///{db_file}")
    try:
        assert len(titles(reopened)) == 3
    finally:
        reopened.dispose()
