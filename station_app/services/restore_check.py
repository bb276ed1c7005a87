"""Everything a backup must pass before it may replace the station's database.

A backup is a whole database from somewhere: it must be sound (integrity and foreign keys), be
exactly the schema our own migrations make at its revision (no trigger, view or table of anyone
else's), and belong to this installation — the same township and role — unless the clerk asks, on
purpose, to move this computer to another station's data (``move``). Nothing here writes anything.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from station_app.domain.classifications import ROLES
from station_app.errors import DatabaseTooNewError, KnownError
from station_app.storage.migrate import SCHEMA_MAJOR, SCHEMA_MINOR
from station_app.storage.schema_check import foreign_objects

_MAX_LISTED = 5


class ForeignBackupError(KnownError):
    def __init__(self, where: Path, mine: Identity, theirs: Identity) -> None:
        super().__init__(
            f"不能用这个文件恢复（{where.name}）：它是“{theirs.describe()}”的数据，"
            f"而本机是“{mine.describe()}”。当前数据没有改动。"
            "如确实要把本机换成那个站点的数据，请在命令行加 --move 并确认。"
        )


@dataclass(frozen=True)
class Identity:
    role: str
    township_code: str
    county_code: str
    name: str

    def describe(self) -> str:
        code = self.township_code or self.county_code
        return f"{self.name}，{ROLES.get(self.role, self.role)}，代码 {code}"

    def same_station(self, other: Identity) -> bool:
        return (self.role, self.township_code, self.county_code) == (
            other.role,
            other.township_code,
            other.county_code,
        )


@contextlib.contextmanager
def _read_only(path: Path, *, immutable: bool) -> Iterator[sqlite3.Connection]:
    flags = "mode=ro&immutable=1" if immutable else "mode=ro"
    con = sqlite3.connect(f"{path.resolve().as_uri()}?{flags}", uri=True)
    try:
        yield con
    finally:
        con.close()


def _identity(con: sqlite3.Connection) -> Identity | None:
    row = con.execute(
        "select role, township_code, county_code, station_name from station_settings where id = 1"
    ).fetchone()
    if row is None:
        return None
    return Identity(*(str(value or "") for value in row))


def identity_of(db_file: Path) -> Identity | None:
    """Who the database at ``db_file`` belongs to (None: not set up, or not readable)."""
    if not db_file.is_file():
        return None
    try:
        with _read_only(db_file, immutable=False) as con:
            return _identity(con)
    except sqlite3.Error:
        return None


def check_backup_contents(backup_file: Path, revision: str) -> Identity | None:
    """Schema, foreign keys and the station a backup belongs to; any problem is a KnownError."""
    from station_app.services.backups import BadBackupError, known_revisions

    if revision not in known_revisions():
        raise DatabaseTooNewError(f"未知（{revision}）", f"{SCHEMA_MAJOR}.{SCHEMA_MINOR}")
    try:
        with _read_only(backup_file, immutable=True) as con:
            foreign = foreign_objects(con, revision)
            if foreign:
                more = f"等 {len(foreign)} 处" if len(foreign) > _MAX_LISTED else ""
                listed = "；".join(foreign[:_MAX_LISTED])
                detail = f"其中有本程序不会建立的内容（{listed}{more}），可能被改动过"
                raise BadBackupError(backup_file, detail)
            broken = con.execute("PRAGMA foreign_key_check").fetchmany(1)
            if broken:
                raise BadBackupError(backup_file, f"数据之间的关联已损坏（表“{broken[0][0]}”中有无主记录）")
            return _identity(con)
    except sqlite3.DatabaseError as exc:
        raise BadBackupError(backup_file, "文件已损坏或不是数据库文件") from exc


def check_restorable(db_file: Path, backup_file: Path, *, move: bool = False) -> str:
    """Refuse a backup that may not replace ``db_file``; returns its schema revision."""
    from station_app.services.backups import BadBackupError, verify_backup

    revision = verify_backup(backup_file)
    theirs = check_backup_contents(backup_file, revision)
    if theirs is None:
        raise BadBackupError(backup_file, "备份中没有站点设置，不是完整的数据")
    mine = identity_of(db_file)
    if mine is not None and not mine.same_station(theirs) and not move:
        raise ForeignBackupError(backup_file, mine, theirs)
    return revision
