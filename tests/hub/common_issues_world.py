"""A hub holding the labelled topics as consultations of their townships (for the 共性问题 tests)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from station_app import paths
from station_app.services.station import SetupRequest, StationInfo, setup_station
from station_app.storage.engine import Database
from station_app.storage.migrate import open_database
from station_app.storage.records import Consultation
from tests.bench.common_issues_eval import Labelled


def make_city_hub(template: Path) -> tuple[Database, StationInfo]:
    """A city hub in the test's data folder (``--data-dir`` of the command line)."""
    target = paths.database_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, target)
    db = open_database(f"sqlite:///{target}")
    info = setup_station(db, SetupRequest(role="city", clerk_name="张敏"))
    return db, info


def add_topics(db: Database, items: list[Labelled], *, on: date = date(2026, 3, 1)) -> dict[str, str]:
    """Each labelled topic as a consultation of its township; returns label id → uuid."""
    made: dict[str, str] = {}
    with db.session() as session:
        for seq, item in enumerate(items, 1):
            row = Consultation(
                origin=item.topic.township,
                number=f"{on.year}-{seq:03d}",
                year=on.year,
                seq=seq,
                title=item.topic.title,
                description=item.topic.body,
                source="群众点题",
                field=item.field,
                status="已立题",
                proposed_on=on,
            )
            session.add(row)
            session.flush()
            made[item.topic.key] = row.id
    return made
