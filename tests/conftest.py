"""Every test runs offscreen on its own data folder; nothing touches real user folders."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

import pytest

from station_app import paths

if TYPE_CHECKING:
    from station_app.storage.engine import Database


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "数据 目录"
    monkeypatch.setenv(paths.ENV_VAR, str(folder))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "share"))
    paths.configure(None)
    yield folder
    paths.configure(None)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database migrated to head; tests get copies, which is much faster than migrating each."""
    from station_app.storage.migrate import open_database

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    open_database(f"sqlite:///{path}").dispose()
    return path


@pytest.fixture
def db(tmp_path: Path, migrated_template: Path) -> Iterator[Database]:
    """A fresh, empty, migrated SQLite database file in tmp_path."""
    from station_app.storage.migrate import open_database

    target = tmp_path / "station.sqlite3"
    shutil.copyfile(migrated_template, target)
    database = open_database(f"sqlite:///{target}")
    yield database
    database.dispose()


@pytest.fixture
def station_db(db: Database) -> Database:
    """A database set up as the 大佛街道 station (市中区)."""
    from station_app.services.station import SetupRequest, setup_station

    setup_station(db, SetupRequest(township_code="511102004", head_name="李明", clerk_name="王芳"))
    return db


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A new, empty PostgreSQL database on the server named by STATION_APP_TEST_PG_URL (CI starts one)."""
    from tests.pg_database import new_pg_database

    with new_pg_database() as url:
        yield url
