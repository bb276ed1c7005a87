"""Logging to a rotating file in the data folder, and the crash report text for bugs."""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from station_app import __version__, paths

LOG_NAME = "station-app.log"
_handler: RotatingFileHandler | None = None


def log_file() -> Path:
    return paths.logs_dir() / LOG_NAME


def setup_logging(level: int = logging.INFO) -> Path:
    """Send the program's log to ``logs/station-app.log`` (1 MB × 5 files)."""
    global _handler
    target = log_file()
    root = logging.getLogger()
    if _handler is not None and Path(_handler.baseFilename) == target:
        return target
    if _handler is not None:
        root.removeHandler(_handler)
        _handler.close()
    _handler = RotatingFileHandler(target, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(_handler)
    root.setLevel(level)
    return target


def crash_report(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> str:
    """A plain-text report the clerk can copy and send to the county office."""
    lines = [
        f"程序版本：{__version__}",
        f"操作系统：{platform.platform()}",
        f"Python：{sys.version.split()[0]}",
        f"日志文件：{log_file()}",
        "",
        "".join(traceback.format_exception(kind, value, tb)),
    ]
    return "\n".join(lines)
