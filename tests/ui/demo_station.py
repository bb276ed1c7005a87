"""A station database filled with thousands of demonstration records, built once per test run."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from station_app.domain.progress import run_to_end
from station_app.services.demo import fill_demo
from station_app.services.search import rebuild_index
from station_app.services.station import SetupRequest, setup_station
from station_app.storage.engine import Database
from station_app.storage.migrate import open_database

from .helpers import DAFO

DEMO_TODAY = date(2026, 11, 26)
DEMO_COUNT = 5000
_built: dict[int, Path] = {}


def demo_template(factory: pytest.TempPathFactory, migrated: Path, count: int = DEMO_COUNT) -> Path:
    """The path of a migrated station database with ``count`` demo consultations, indexed for search."""
    if count not in _built:
        path = factory.mktemp(f"demo{count}") / "demo.sqlite3"
        shutil.copyfile(migrated, path)
        db = open_database(f"sqlite:///{path}")
        try:
            setup_station(db, SetupRequest(township_code=DAFO, head_name="李明", clerk_name="王芳"))
            run_to_end(fill_demo(db, count=count, seed=7, today=DEMO_TODAY))
            run_to_end(rebuild_index(db))
        finally:
            db.dispose()
        _built[count] = path
    return _built[count]


def open_copy(template: Path, folder: Path) -> Database:
    target = folder / "demo-copy.sqlite3"
    shutil.copyfile(template, target)
    return open_database(f"sqlite:///{target}")
