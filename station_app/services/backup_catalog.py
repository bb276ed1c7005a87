"""Which backups this computer knows of, and what one holds, so a restore is chosen knowingly.

A manual backup goes to a folder or stick of the clerk's choice; its path is remembered in a small
list in the data folder (``外部备份.txt``), so 「最近一次备份」 and the restore list name it too, as
long as the file is still there. What a backup holds (topics, 社情民意, last change) is read
read-only from the file and set beside the same figures of the current database.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from station_app import paths
from station_app.services.backups import MANUAL, BackupInfo, list_backups, parse_stamp

REMEMBERED_NAME = "外部备份.txt"
_REMEMBER_AT_MOST = 50


def _remembered_file() -> Path:
    return paths.backups_dir() / REMEMBERED_NAME


def remember(path: Path) -> None:
    """Note a manual backup written outside the data folder (newest last; a short list)."""
    listed = [p for p in _remembered() if p != path.resolve()]
    listed.append(path.resolve())
    text = "\n".join(str(p) for p in listed[-_REMEMBER_AT_MOST:]) + "\n"
    with contextlib.suppress(OSError):  # a list that cannot be written only loses the reminder
        _remembered_file().write_text(text, encoding="utf-8")


def _remembered() -> list[Path]:
    try:
        lines = _remembered_file().read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    return [Path(line.strip()) for line in lines if line.strip()]


def known_backups() -> list[BackupInfo]:
    """The backups in the data folder and the manual ones elsewhere still reachable, newest first."""
    found = list_backups()
    for path in _remembered():
        try:
            stat = path.stat()
        except OSError:
            continue  # the stick is not plugged in, or the file was moved
        created = parse_stamp(path.name) or datetime.fromtimestamp(stat.st_mtime)
        found.append(BackupInfo(path, MANUAL, created, stat.st_size))
    return sorted(found, key=lambda b: b.created_at, reverse=True)


def latest_backup() -> BackupInfo | None:
    return next(iter(known_backups()), None)


@dataclass(frozen=True)
class Contents:
    """What a station database holds, in the figures a clerk recognises."""

    topics: int
    reports: int
    meetings: int
    last_change: datetime | None  # local time

    def describe(self) -> str:
        when = self.last_change.strftime("%Y-%m-%d %H:%M") if self.last_change else "无"
        counts = f"议题 {self.topics} 个，社情民意 {self.reports} 条，协商会议 {self.meetings} 次"
        return f"{counts}，最后修改 {when}"


_COUNTED = {"topics": "consultations", "reports": "reports", "meetings": "meetings"}


def contents_of(db_file: Path) -> Contents | None:
    """Read-only; None when the file is no readable station database."""
    try:
        con = sqlite3.connect(f"{db_file.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        counts = {
            key: int(con.execute(f"select count(*) from {table} where deleted = 0").fetchone()[0])
            for key, table in _COUNTED.items()
        }
        stamps = [
            con.execute(f"select max(updated_at) from {table}").fetchone()[0]
            for table in (*_COUNTED.values(), "members")
        ]
    except sqlite3.Error:
        return None
    finally:
        con.close()
    moments = [_local(str(s)) for s in stamps if s]
    return Contents(**counts, last_change=max(moments) if moments else None)


def _local(stored: str) -> datetime:
    return datetime.fromisoformat(stored).replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def comparison(current: Path, backup: Path) -> str:
    """Two lines for the restore question: the backup against what is here now."""
    theirs, mine = contents_of(backup), contents_of(current)
    lines = [f"备份中：{theirs.describe() if theirs else '无法读取内容'}"]
    lines.append(f"本机现在：{mine.describe() if mine else '无法读取内容'}")
    if theirs and mine and (theirs.topics < mine.topics or theirs.reports < mine.reports):
        lines.append("注意：备份中的记录比本机现在少，恢复后这些多出的记录将不再显示。")
    return "\n".join(lines)
