"""Where the program may write a file the clerk named: never over its own files, never onto a device.

Every output path chosen by the clerk (a PDF, a report, a key file, a template, a backup folder)
goes through :func:`check_output_file` or :func:`check_output_folder`, from the command line and the
window alike, before anything is written. The program's own files are the live database (and its
``-wal``/``-shm``/``-journal``), and everything in the data folder's keys, logs, backups,
attachments and cache folders.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from station_app import paths
from station_app.errors import InputError

_DB_COMPANIONS = ("", "-wal", "-shm", "-journal")
_OWN_FOLDERS = ("keys", "logs", "backups", "attachments", "cache")
_databases: set[Path] = set()


class UnsafeOutputError(InputError):
    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"不能写到“{path}”：{reason}。请换一个文件名或位置，没有写入任何文件。")


def protect_database(path: str | os.PathLike[str]) -> None:
    """Remember a database file the program has open, so no output ever replaces it."""
    _databases.add(Path(path).expanduser().resolve())


def _own_files() -> set[Path]:
    files = set(_databases)
    files.add((paths.chosen_data_dir() / paths.DATABASE_NAME).resolve())
    return {Path(f"{db}{extra}") for db in files for extra in _DB_COMPANIONS}


def _own_folders() -> list[Path]:
    base = paths.chosen_data_dir().resolve()
    return [base / name for name in _OWN_FOLDERS]


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _same_file(path: Path, others: set[Path]) -> bool:
    """A hard link or another name for one of ``others`` (compared by device and inode)."""
    try:
        mine = path.stat()
    except OSError:
        return False
    for other in others:
        try:
            theirs = other.stat()
        except OSError:
            continue
        if (mine.st_dev, mine.st_ino) == (theirs.st_dev, theirs.st_ino):
            return True
    return False


def check_output_file(path: Path) -> Path:
    """Refuse ``path`` when writing it could harm the program's data or is not a plain file.

    Returns the path to write. The writer must still write a temporary file and rename it.
    """
    path = Path(path).expanduser()
    if not str(path) or path.name in ("", ".", ".."):
        raise UnsafeOutputError(path, "没有给出文件名")
    try:
        info = path.stat()  # follows links: what the name points at is what would be written
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise UnsafeOutputError(path, f"无法访问这个位置（{exc.strerror}）") from exc
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise UnsafeOutputError(path, "这是一个文件夹，请给出文件名，如 纪要.pdf")
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeOutputError(path, "这不是普通文件（是设备、管道或其他特殊文件）")
    resolved = path.resolve()
    own = _own_files()
    if resolved in own or _same_file(path, own):
        raise UnsafeOutputError(path, "这是本程序正在使用的数据库文件，写入会毁掉全部数据")
    for folder in _own_folders():
        if _inside(resolved, folder):
            raise UnsafeOutputError(path, "这是本程序自己的文件夹（密钥、日志、备份、附件），不能保存到这里")
    return path


def check_output_folder(folder: Path) -> Path:
    """Refuse a folder that is not a folder, or one of the program's own folders."""
    folder = Path(folder).expanduser()
    try:
        info = folder.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise UnsafeOutputError(folder, f"无法访问这个位置（{exc.strerror}）") from exc
    if info is not None and not stat.S_ISDIR(info.st_mode):
        raise UnsafeOutputError(folder, "这不是文件夹")
    resolved = folder.resolve()
    for own in _own_folders():
        if _inside(resolved, own) and own.name != "backups":
            raise UnsafeOutputError(folder, "这是本程序自己的文件夹（密钥、日志、附件），不能保存到这里")
    return folder
