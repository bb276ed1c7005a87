"""Real station databases exporting real packages to a hub, for the hub tests.

Each station and the hub has its own data folder (keys, attachments); ``using(folder)`` switches
``paths`` between them. Stations are set up with the services and filled with demo data, then
export packages with services.export, encrypted to the hub's key.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from station_app import paths
from station_app.domain.progress import run_to_end
from station_app.hub.keys import export_office_key
from station_app.services import keys
from station_app.services.demo import fill_demo
from station_app.services.export import export_package
from station_app.services.station import SetupRequest, StationInfo, setup_station
from station_app.storage.engine import Database
from station_app.storage.migrate import open_database

TODAY = date(2026, 11, 20)
DAFO = "511102004"  # 大佛街道, 市中区
TONGJIANG = "511102006"  # 通江街道, 市中区
YUJIN = "511123100"  # 玉津镇, 犍为县


@contextmanager
def using(folder: Path) -> Iterator[None]:
    """Run with ``folder`` as the data folder (keys, attachments), then go back."""
    before = paths._override  # noqa: SLF001 - tests switch between several installations
    paths.configure(folder)
    try:
        yield
    finally:
        paths._override = before  # noqa: SLF001


def new_db(template: Path, target: Path) -> Database:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, target)
    return open_database(f"sqlite:///{target}")


@dataclass
class Station:
    code: str
    folder: Path
    db: Database
    info: StationInfo
    packages: list[Path] = field(default_factory=list)

    def export(self, out: Path, *, full: bool = False) -> Path:
        with using(self.folder):
            result = run_to_end(export_package(self.db, out, full=full))
        self.packages.append(result.path)
        return result.path


@dataclass
class Hub:
    folder: Path
    db: Database
    info: StationInfo
    key_file: Path


def make_hub(template: Path, root: Path, *, role: str = "city", county: str = "", url: str | None = None) -> Hub:
    folder = root / "hub"
    db = open_database(url) if url else new_db(template, folder / "hub.sqlite3")
    with using(folder):
        info = setup_station(db, SetupRequest(role=role, county_code=county, clerk_name="张敏"))
        key_file = export_office_key(info, root / f"{role}-office-key.json")
    return Hub(folder, db, info, key_file)


def make_station(template: Path, root: Path, code: str, key_files: list[Path]) -> Station:
    folder = root / code
    db = new_db(template, folder / "station.sqlite3")
    with using(folder):
        info = setup_station(db, SetupRequest(township_code=code, head_name="李明", clerk_name="王芳"))
        for key_file in key_files:
            keys.add_recipient(key_file, info)
    return Station(code, folder, db, info)


def fill(station: Station, count: int, seed: int) -> None:
    with using(station.folder):
        run_to_end(fill_demo(station.db, count, seed, today=TODAY))
