"""Backups of the station database: daily automatic copies, manual copies to a stick, restore.

Every copy is taken with SQLite's backup API, so it is consistent while the program runs.
Files in ``paths.backups_dir()``:

* ``自动-YYYYMMDD-HHMMSS.sqlite3`` — the automatic daily backup; rotated (7 daily + 4 weekly);
* ``手动-…``, ``恢复前-…`` — a manual backup into the data folder, the state before a restore;
* ``迁移前-…`` — made by ``storage.migrate`` before a schema upgrade. Only ``自动-`` files are
  ever deleted by rotation.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from station_app import paths
from station_app.errors import DatabaseTooNewError, InputError, KnownError
from station_app.storage.backup import backup_sqlite_file, timestamp
from station_app.storage.errors import classify
from station_app.storage.migrate import SCHEMA_MAJOR, SCHEMA_MINOR, alembic_config
from station_app.storage.sync_marks import carry_marks
from station_app.sync import drives
from station_app.sync.errors import error_for_os

log = logging.getLogger(__name__)

SUFFIX = ".sqlite3"
AUTO = "自动"
MANUAL = "手动"
BEFORE_RESTORE = "恢复前"
BEFORE_MIGRATION = "迁移前"
KIND_LABELS = {
    AUTO: "每日自动备份",
    MANUAL: "手动备份",
    BEFORE_RESTORE: "恢复前备份",
    BEFORE_MIGRATION: "升级前备份",
}
KEEP_DAILY = 7
KEEP_WEEKLY = 4
_STAMP = "%Y%m%d-%H%M%S"


class BackupFailedError(KnownError):
    def __init__(self, detail: str) -> None:
        super().__init__(f"备份失败：{detail}。原来的数据没有改动。")


class BadBackupError(KnownError):
    def __init__(self, where: Path, detail: str) -> None:
        super().__init__(f"不能用这个文件恢复（{where.name}）：{detail}。当前数据没有改动。")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    kind: str  # 自动 / 手动 / 恢复前 / 迁移前 / "" (any other .sqlite3 file)
    created_at: datetime  # local time
    size: int

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, "备份")


def parse_stamp(name: str) -> datetime | None:
    stem = name.removesuffix(SUFFIX)
    if len(stem) < 15:
        return None
    try:
        return datetime.strptime(stem[-15:], _STAMP)
    except ValueError:
        return None


def stamp_or_mtime(path: Path) -> datetime:
    """When a backup file was made: the time in its name, else the file's time."""
    try:
        return parse_stamp(path.name) or datetime.fromtimestamp(path.stat().st_mtime)
    except OSError:
        return datetime.now()


def _info(path: Path) -> BackupInfo | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    kind = next((k for k in KIND_LABELS if path.name.startswith(f"{k}-")), "")
    created = parse_stamp(path.name) or datetime.fromtimestamp(stat.st_mtime)
    return BackupInfo(path, kind, created, stat.st_size)


def list_backups(folder: Path | None = None) -> list[BackupInfo]:
    """Backups in the data folder (or ``folder``), newest first."""
    where = folder or paths.backups_dir()
    found = [info for p in where.glob(f"*{SUFFIX}") if p.is_file() and (info := _info(p)) is not None]
    return sorted(found, key=lambda b: b.created_at, reverse=True)


# --- taking a copy ------------------------------------------------------------------------------


def _copy(source: Path, target: Path) -> Path:
    """A consistent copy; every failure becomes a Chinese message and leaves no partial file."""
    if not source.exists():
        raise BackupFailedError(f"找不到数据库文件 {source}")
    try:
        made = backup_sqlite_file(source, target)
        _self_contained(made)
        return made
    except sqlite3.Error as exc:
        known = classify(exc)
        if known is not None:
            raise known from exc
        raise BackupFailedError(f"无法写入 {target.parent}（{exc}）") from exc
    except OSError as exc:
        raise error_for_os(exc, target.parent) from exc
    finally:
        with contextlib.suppress(OSError):
            target.with_name(target.name + ".part").unlink(missing_ok=True)


def _self_contained(path: Path) -> None:
    """A copy of a WAL database is marked WAL too; switch it back so it is one file wherever it goes."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA journal_mode=DELETE")
    finally:
        con.close()


def database_size(source: Path) -> int:
    total = 0
    for path in (source, Path(f"{source}-wal")):
        with contextlib.suppress(OSError):
            total += path.stat().st_size
    return total


def backup_now(db_file: Path, kind: str = MANUAL, *, now: datetime | None = None) -> Path:
    """A copy into the data folder's backups, named ``<kind>-<time>.sqlite3``."""
    stamp = (now or datetime.now()).strftime(_STAMP)
    return _copy(db_file, paths.backups_dir() / f"{kind}-{stamp}{SUFFIX}")


def backup_if_due(db_file: Path, *, now: datetime | None = None) -> Path | None:
    """The automatic backup: once a day, when the program is used; then rotation. The new file or None."""
    moment = now or datetime.now()
    for info in list_backups():
        if info.kind == AUTO and info.created_at.date() == moment.date():
            return None
    if not db_file.exists():
        return None
    made = backup_now(db_file, AUTO, now=moment)
    removed = rotate()
    log.info("automatic backup %s; rotation removed %d old copies", made.name, len(removed))
    return made


def backup_to(db_file: Path, folder: Path) -> Path:
    """A manual backup into a chosen folder or stick, checked for room first and read back after."""
    folder = Path(folder)
    drives.check_target(folder, database_size(db_file))
    code = _station_code(db_file)
    target = folder / f"联络站备份-{code}-{timestamp()}{SUFFIX}"
    made = _copy(db_file, target)
    try:
        verify_backup(made)
    except KnownError as exc:
        with contextlib.suppress(OSError):
            made.unlink()
        raise BackupFailedError("写入后读回校验不通过，U盘可能有故障，请换一个U盘重试") from exc
    from station_app.services.backup_catalog import remember  # the catalog builds on this module

    remember(made)  # so 「最近一次备份」 and the restore list know of it
    return made


def _station_code(db_file: Path) -> str:
    with contextlib.suppress(sqlite3.Error, OSError), _read_only(db_file) as con:
        row = con.execute("select township_code, county_code from station_settings where id = 1").fetchone()
        if row:
            return str(row[0] or row[1])
    return "本站"


# --- rotation -----------------------------------------------------------------------------------


def _week(day: date) -> tuple[int, int]:
    iso = day.isocalendar()
    return (iso.year, iso.week)


def backups_to_keep(moments: list[datetime]) -> set[datetime]:
    """7 daily + 4 weekly: the newest copy of each of the 7 latest days that have one, then the
    newest copy of each of the 4 latest weeks among the older copies."""
    ordered = sorted(set(moments), reverse=True)
    keep: set[datetime] = set()
    days: set[date] = set()
    for moment in ordered:
        if moment.date() not in days and len(days) < KEEP_DAILY:
            days.add(moment.date())
            keep.add(moment)
    oldest_day = min(days) if days else None
    weeks: set[tuple[int, int]] = set()
    for moment in ordered:
        if oldest_day is not None and moment.date() >= oldest_day:
            continue
        week = _week(moment.date())
        if week not in weeks and len(weeks) < KEEP_WEEKLY:
            weeks.add(week)
            keep.add(moment)
    return keep


def rotate(folder: Path | None = None) -> list[Path]:
    """Delete automatic copies beyond 7 daily + 4 weekly; other backups are never touched."""
    autos = [b for b in list_backups(folder) if b.kind == AUTO]
    keep = backups_to_keep([b.created_at for b in autos])
    removed: list[Path] = []
    for info in autos:
        if info.created_at not in keep:
            try:
                info.path.unlink()
            except OSError as exc:
                log.warning("could not delete old backup %s: %s", info.path, exc)
                continue
            removed.append(info.path)
    return removed


# --- checking and restoring ---------------------------------------------------------------------


@contextlib.contextmanager
def _read_only(path: Path, *, immutable: bool = False) -> Iterator[sqlite3.Connection]:
    """``immutable``: read the main file only, never a journal beside it, and create none."""
    flags = "mode=ro&immutable=1" if immutable else "mode=ro"
    con = sqlite3.connect(f"{path.resolve().as_uri()}?{flags}", uri=True)
    try:
        yield con
    finally:
        con.close()


def verify_backup(path: Path) -> str:
    """Check that ``path`` is a sound station database this program can open; its schema revision."""
    path = Path(path)
    if not path.is_file():
        raise BadBackupError(path, "文件不存在")
    try:
        with _read_only(path, immutable=True) as con:
            rows = [str(r[0]) for r in con.execute("PRAGMA integrity_check").fetchall()]
            if rows != ["ok"]:
                raise BadBackupError(path, "文件已损坏（完整性检查未通过）")
            tables = {str(r[0]) for r in con.execute("select name from sqlite_master where type = 'table'")}
            if not {"alembic_version", "station_settings", "app_meta"} <= tables:
                raise BadBackupError(path, "这不是本程序的数据库备份")
            version = con.execute("select version_num from alembic_version").fetchone()
            major = con.execute("select value from app_meta where key = 'schema_major'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise BadBackupError(path, "文件已损坏或不是数据库文件") from exc
    revision = str(version[0]) if version else ""
    if not revision:
        raise BadBackupError(path, "数据库没有版本信息")
    if revision not in known_revisions():
        found_major = int(major[0]) if major and str(major[0]).isdigit() else None
        if found_major is None or found_major > SCHEMA_MAJOR:
            found = f"{found_major}.x" if found_major is not None else f"未知（{revision}）"
            raise DatabaseTooNewError(found, f"{SCHEMA_MAJOR}.{SCHEMA_MINOR}")
    return revision


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory  # only when a backup is checked

    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def restore(db_path: Path, backup_file: Path, *, move: bool = False) -> Path | None:
    """Replace the database with a backup; returns the copy made of the state before (if any).

    The caller asks the clerk first and must have **closed the database** (``Database.dispose()``)
    — no connection may be open while the file is replaced. Afterwards open it again with
    ``open_database``, which upgrades an older backup (copying it first). A backup of another
    station or role is refused unless ``move`` (see :mod:`station_app.services.restore_check`).
    """
    from station_app.services.restore_check import check_restorable

    db_path, backup_file = Path(db_path), Path(backup_file)
    if db_path.resolve() == backup_file.resolve():
        raise InputError("不能用数据库文件自身来恢复。")
    check_restorable(db_path, backup_file, move=move)
    before = backup_now(db_path, BEFORE_RESTORE) if db_path.exists() else None
    part = db_path.with_name(db_path.name + ".restore.part")
    try:
        shutil.copyfile(backup_file, part)
        if db_path.exists() and not carry_marks(db_path, part):
            log.warning("restoring without the sync marks of %s (unreadable)", db_path)
        with open(part, "rb+") as handle:
            os.fsync(handle.fileno())
        # A journal left beside the file belongs to the old database and would corrupt the new one.
        for extra in ("-wal", "-shm", "-journal"):
            Path(f"{db_path}{extra}").unlink(missing_ok=True)
        os.replace(part, db_path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)
        raise error_for_os(exc, db_path.parent) from exc
    log.info("restored %s from %s (previous state kept as %s)", db_path, backup_file, before)
    return before
