"""Logging to a rotating file in the data folder, and the crash report text for bugs."""

from __future__ import annotations

import errno
import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from station_app import __version__, paths
from station_app.errors import KnownError

LOG_NAME = "station-app.log"
MAX_BYTES = 1_000_000
KEEP = 5
_handler: logging.FileHandler | None = None


def log_file() -> Path:
    return paths.logs_dir() / LOG_NAME


def rotate(target: Path, max_bytes: int = MAX_BYTES, keep: int = KEEP) -> None:
    """Start a new file when the log has grown past ``max_bytes``, keeping ``keep`` old ones.

    Done once when the program starts rather than by logging.handlers, whose import (it pulls
    in the socket module) costs more than the rest of the start-up before the window shows.
    """
    try:
        if not target.exists() or target.stat().st_size < max_bytes:
            return
        for number in range(keep - 1, 0, -1):
            older = target.with_name(f"{target.name}.{number}")
            if older.exists():
                older.replace(target.with_name(f"{target.name}.{number + 1}"))
        target.replace(target.with_name(f"{target.name}.1"))
    except OSError:
        pass  # a log that cannot rotate must never stop the program


def setup_logging(level: int = logging.INFO) -> Path:
    """Send the program's log to ``logs/station-app.log`` (rotated at 1 MB, 5 old files kept)."""
    global _handler
    target = log_file()
    root = logging.getLogger()
    if _handler is not None and Path(_handler.baseFilename) == target:
        return target
    if _handler is not None:
        root.removeHandler(_handler)
        _handler.close()
    rotate(target)
    _handler = logging.FileHandler(target, encoding="utf-8")
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(_handler)
    root.setLevel(level)
    return target


def start_up(data_dir: str | None) -> Path:
    """The data folder (``--data-dir`` checked first) and the log; a KnownError says why not."""
    if data_dir is not None:
        paths.check_data_dir(data_dir)
    paths.configure(data_dir)
    logging.raiseExceptions = False  # a full or vanished log disk must never print a traceback
    try:
        return setup_logging()
    except OSError as exc:
        raise data_dir_error(exc, paths.chosen_data_dir()) from exc


def data_dir_error(exc: OSError, folder: Path) -> KnownError:
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return KnownError(f"数据目录“{folder}”不能写入（只读或没有权限），请换一个文件夹或检查权限。")
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return KnownError(f"数据目录“{folder}”所在的磁盘已满，请清理空间后重试。数据没有改动。")
    return KnownError(f"数据目录“{folder}”无法使用：{exc.strerror or exc}。请换一个文件夹。")


def crash_report(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> str:
    """A plain-text report the clerk can copy and send to the county office."""
    import platform  # only a crash needs it, not every start

    lines = [
        f"程序版本：{__version__}",
        f"操作系统：{platform.platform()}",
        f"Python：{sys.version.split()[0]}",
        f"日志文件：{log_file()}",
        "",
        "".join(traceback.format_exception(kind, value, tb)),
    ]
    return "\n".join(lines)
