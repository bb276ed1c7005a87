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
    before = paths._override
    paths.configure(folder)
    try:
        yield
    finally:
        paths._override = before


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


def make_hub(
    template: Path, root: Path, *, role: str = "city", county: str = "", url: str | None = None
) -> Hub:
    folder = root / "hub"
    db = open_database(url) if url else new_db(template, folder / "station.sqlite3")
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


# --- helpers for the tests -------------------------------------------------------------------


def table_dump(
    db: Database, tables: list[str] | None = None, skip: frozenset[str] = frozenset()
) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the named tables (all mapped tables by default), sorted, without ``skip`` columns."""
    from sqlalchemy import select

    from station_app.storage.models import Base

    dump: dict[str, list[tuple[object, ...]]] = {}
    with db.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if tables is not None and table.name not in tables:
                continue
            columns = [c for c in table.columns if c.name not in skip]
            rows = connection.execute(select(*columns)).all()
            dump[table.name] = sorted((tuple(r) for r in rows), key=repr)
    return dump


RECORD_TABLES = [
    "members",
    "reports",
    "consultations",
    "research_members",
    "meetings",
    "participants",
    "statements",
    "action_items",
    "minutes_versions",
    "progress_notes",
    "evaluations",
    "attachments",
    "hub_pending_records",
]


def station_rows(station: Station, table: str) -> list[tuple[object, ...]]:
    return table_dump(station.db, [table], frozenset({"change_seq"}))[table]


def hub_rows(hub: Hub, table: str, origin: str) -> list[tuple[object, ...]]:
    from sqlalchemy import select

    from station_app.storage.models import Base

    t = Base.metadata.tables[table]
    columns = [c for c in t.columns if c.name != "change_seq"]
    with hub.db.engine.connect() as connection:
        rows = connection.execute(select(*columns).where(t.c.origin == origin)).all()
    return sorted((tuple(r) for r in rows), key=repr)
