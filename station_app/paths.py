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

ENV_VAR = "STATION_APP_DATA_DIR"
DATABASE_NAME = "station.sqlite3"
_override: Path | None = None


def configure(data_dir: str | os.PathLike[str] | None) -> None:
    """Fix the data folder for this process (the ``--data-dir`` option)."""
    global _override
    _override = Path(data_dir).expanduser().resolve() if data_dir else None


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
