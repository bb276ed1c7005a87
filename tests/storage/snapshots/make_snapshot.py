"""Write a snapshot of the current schema, with a little data, for the migration tests.

Run once per released schema revision:  python tests/storage/snapshots/make_snapshot.py [REVISION]
The file is named after the revision (default: head); the JSON beside it says what it holds.
The data goes in through the services, so this works for revisions whose tables they use.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
from datetime import date
from pathlib import Path

from alembic import command

from station_app import paths
from station_app.services.consultations import TopicInput, create_topic
from station_app.services.station import SetupRequest, setup_station
from station_app.storage.engine import Database
from station_app.storage.migrate import alembic_config, head_revision, open_database

HERE = Path(__file__).resolve().parent


def _database_at(work: Path, revision: str) -> Database:
    if revision == head_revision():
        return open_database(f"sqlite:///{work}")
    db = Database(f"sqlite:///{work}")
    config = alembic_config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    return db


def main() -> None:
    revision = sys.argv[1] if len(sys.argv) > 1 else head_revision()
    with tempfile.TemporaryDirectory() as tmp:
        paths.configure(Path(tmp) / "data")  # keys and backups go to the temp folder, never the user's
        work = Path(tmp) / "snap.sqlite3"
        db = _database_at(work, revision)
        setup_station(db, SetupRequest(township_code="511102004", head_name="李明", clerk_name="王芳"))
        titles = ["院坝老年食堂怎么办", "通组路硬化协商", "河道垃圾清理"]
        for title in titles:
            create_topic(
                db, TopicInput(title, "群众点题", "养老服务", date(2026, 3, 5)), today=date(2026, 11, 1)
            )
        db.dispose()
        target = HERE / f"schema_{revision}.sqlite3"
        # A single self-contained file: fold the WAL in and switch the journal back.
        con = sqlite3.connect(work)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("PRAGMA journal_mode=DELETE")
        con.execute("VACUUM")
        con.close()
        target.write_bytes(work.read_bytes())
    expected = {
        "revision": revision,
        "station_code": "511102004",
        "consultations": len(titles),
        "titles": titles,
    }
    (HERE / f"schema_{revision}.json").write_text(json.dumps(expected, ensure_ascii=False, indent=2), "utf-8")
    print(target)


if __name__ == "__main__":
    main()
