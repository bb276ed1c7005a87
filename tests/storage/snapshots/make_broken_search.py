"""Write the snapshot of a station whose search index misses records, for the repair test.

Until the index was kept by the database itself, a ledger import wrote topics that the index
never saw (issue 12), and a change written past the services left a record's words behind.
Run:  python tests/storage/snapshots/make_broken_search.py
It builds the database at revision 0005 (the last schema without the upkeep), imports a JSON
ledger through the ledger service, creates one topic through the editor's service and then
changes its title in SQL (so its words in the index are wrong), and adds a word for a record
that does not exist. The JSON beside it says what it holds.
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
from station_app.domain.progress import run_to_end
from station_app.services.consultations import TopicInput, create_topic
from station_app.services.ledger import import_ledger, read_ledger
from station_app.services.station import SetupRequest, setup_station
from station_app.storage.engine import Database
from station_app.storage.migrate import alembic_config

HERE = Path(__file__).resolve().parent
REVISION = "0005"
LEDGER = [
    {"title": "集市占道经营整治", "source": "群众点题", "field": "社会治理", "proposed_on": "2025-05-06"},
    {
        "number": "大佛街道〔2025〕12号",
        "title": "养老食堂开办",
        "source": "党委政府交题",
        "field": "养老服务",
        "proposed_on": "2025-06-01",
        "status": "已立题",
    },
]
EDITED_FROM, EDITED_TO = "河道垃圾清理", "河道淤泥疏浚"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths.configure(Path(tmp) / "data")  # keys and backups go to the temp folder, never the user's
        work = Path(tmp) / "snap.sqlite3"
        db = Database(f"sqlite:///{work}")
        config = alembic_config()
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, REVISION)
        setup_station(db, SetupRequest(township_code="511102004", head_name="李明", clerk_name="王芳"))
        ledger_file = Path(tmp) / "台账.json"
        ledger_file.write_text(json.dumps(LEDGER, ensure_ascii=False), "utf-8")
        ledger = read_ledger(ledger_file, today=date(2026, 11, 1))
        assert ledger.ok, ledger.errors
        run_to_end(import_ledger(db, ledger, today=date(2026, 11, 1)))
        cid = create_topic(
            db, TopicInput(EDITED_FROM, "群众点题", "生态环境", date(2026, 3, 5)), today=date(2026, 11, 1)
        )
        db.dispose()
        con = sqlite3.connect(work)
        with con:
            con.execute("UPDATE consultations SET title = ? WHERE id = ?", (EDITED_TO, cid))
            top = con.execute("SELECT max(doc) FROM search_docs").fetchone()[0]
            con.execute(
                "INSERT INTO search_docs (doc, kind, record_id) VALUES (?, 'consultation', ?)",
                (top + 1, "00000000-0000-4000-8000-000000000000"),
            )
            ghost = "幽灵 灵议 议题"
            con.execute("INSERT INTO search_fts (rowid, head, body) VALUES (?, ?, '')", (top + 1, ghost))
            con.execute("INSERT INTO search_heads (rowid, head) VALUES (?, ?)", (top + 1, ghost))
            count = "SELECT count(*) FROM search_docs WHERE kind = 'consultation'"
            indexed = con.execute(count).fetchone()[0]
        # A single self-contained file: fold the WAL in and switch the journal back.
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("PRAGMA journal_mode=DELETE")
        con.execute("VACUUM")
        con.close()
        target = HERE / f"broken_search_{REVISION}.sqlite3"
        target.write_bytes(work.read_bytes())
    expected = {
        "revision": REVISION,
        "station_code": "511102004",
        "missing": [row["title"] for row in LEDGER],
        "edited": {"from": EDITED_FROM, "to": EDITED_TO},
        "orphans": 1,
        "indexed_consultations": indexed,
    }
    (HERE / f"broken_search_{REVISION}.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=2), "utf-8"
    )
    print(target, file=sys.stderr)


if __name__ == "__main__":
    main()
