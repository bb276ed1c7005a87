"""Every folder the program writes to, in one place.

Order of precedence: ``--data-dir`` (set through :func:`configure`), then the
``STATION_APP_DATA_DIR`` environment variable, then portable mode (a file named
``portable`` next to the executable), then the platform's user data folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from station_app.errors import InputError

ENV_VAR = "STATION_APP_DATA_DIR"
DATABASE_NAME = "station.sqlite3"
_override: Path | None = None


def configure(data_dir: str | os.PathLike[str] | None) -> None:
    """Fix the data folder for this process (the ``--data-dir`` option)."""
    global _override
    _override = Path(data_dir).expanduser().resolve() if data_dir else None


# Folders of the operating system itself: never a data folder, wherever a link points.
_SYSTEM_ROOTS = ("/proc", "/sys", "/dev", "/run")


def check_data_dir(text: str) -> Path:
    """The folder ``--data-dir`` names, or InputError with the reason it cannot hold the data."""
    if not text.strip():
        raise InputError("--data-dir 后面的数据目录是空的，请写出一个文件夹，如 --data-dir D:\\联络站数据。")
    path = Path(text).expanduser()
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError) as exc:
        raise InputError(f"数据目录“{text}”无法使用：路径无法解析（{exc}）。") from exc
    if resolved.parent == resolved:
        raise InputError(f"数据目录不能是整个磁盘的根目录（{resolved}），请在其中建一个文件夹来存放数据。")
    if resolved.exists() and not resolved.is_dir():
        raise InputError(f"数据目录“{text}”是一个文件（或设备），不是文件夹，请换一个文件夹。")
    if os.name == "posix" and any(
        resolved == Path(root) or Path(root) in resolved.parents for root in _SYSTEM_ROOTS
    ):
        raise InputError(f"数据目录“{text}”是操作系统自己的特殊文件夹，不能存放数据，请换一个文件夹。")
    for parent in resolved.parents:
        if parent.exists():
            if not parent.is_dir():
                raise InputError(f"数据目录“{text}”无法建立：“{parent}”是一个文件，不是文件夹。")
            break
    return resolved


def _portable_dir() -> Path | None:
    exe_dir = Path(sys.executable).resolve().parent
    if getattr(sys, "frozen", False) and (exe_dir / "portable").exists():
        return exe_dir / "data"
    return None


def data_dir() -> Path:
    base = chosen_data_dir()
    base.mkdir(parents=True, exist_ok=True)
    return base


def chosen_data_dir() -> Path:
    """The data folder, without creating it."""
    if _override is not None:
        base = _override
    elif os.environ.get(ENV_VAR):
        base = Path(os.environ[ENV_VAR]).expanduser().resolve()
    else:
        base = _portable_dir() or Path(platformdirs.user_data_dir("station-app", appauthor=False))
    return base


def _sub(name: str) -> Path:
    path = data_dir() / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_file() -> Path:
    return data_dir() / DATABASE_NAME


def database_url() -> str:
    return f"sqlite:///{database_file()}"


def logs_dir() -> Path:
    return _sub("logs")


def backups_dir() -> Path:
    return _sub("backups")


def exports_dir() -> Path:
    return _sub("exports")


def attachments_dir() -> Path:
    return _sub("attachments")


def keys_dir() -> Path:
    return _sub("keys")


def cache_dir() -> Path:
    """Things the program can always rebuild (e.g. which characters each font draws)."""
    return _sub("cache")


def resources_dir() -> Path:
    """The shipped ``resources/`` folder (inside the bundle when frozen)."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"
