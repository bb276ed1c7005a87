"""What the hub may already have, kept across a restore: package numbers, the chain, topic numbers.

A backup is older than the packages written since; restoring it alone would reuse package sequence
numbers and topic numbers the county office already holds, and the office would refuse the station's
next package. Before the file is replaced, :func:`carry_marks` copies from the database being
replaced into the restored one: the export-log entries past the backup's (so the next package
continues the sequence and the ``previous_sha256`` chain), the change counter (so nothing made after
the restore is taken for already exported), and per year the highest topic number used, kept as a
floor (``number_floor:<origin>:<year>`` counters) under which no new topic is numbered.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.storage.local import Counter

log = logging.getLogger(__name__)
FLOOR_PREFIX = "number_floor:"


def _floor_name(origin: str, year: int) -> str:
    return f"{FLOOR_PREFIX}{origin}:{year}"


def number_floors(session: Session, origin: str) -> dict[int, int]:
    """Per year, the highest topic number ever used by this station before a restore (if any)."""
    rows = session.execute(select(Counter.name, Counter.value).where(Counter.name.like(f"{FLOOR_PREFIX}%")))
    floors: dict[int, int] = {}
    for name, value in rows:
        _prefix, found_origin, year = str(name).split(":", 2)
        if found_origin == origin and year.isdigit():
            floors[int(year)] = int(value)
    return floors


def number_floor(session: Session, origin: str, year: int) -> int:
    return int(session.scalar(select(Counter.value).where(Counter.name == _floor_name(origin, year))) or 0)


def _columns(con: sqlite3.Connection, schema: str, table: str) -> list[str]:
    return [str(row[1]) for row in con.execute(f"PRAGMA {schema}.table_info({table})")]


def carry_marks(old_db: Path, restored: Path) -> bool:
    """Copy the marks of ``old_db`` into ``restored`` (closed files); False when ``old_db`` is unreadable."""
    con = sqlite3.connect(restored)
    try:
        con.execute("ATTACH DATABASE ? AS old", (f"{old_db.resolve().as_uri()}?mode=ro",))
    except sqlite3.Error:
        con.close()
        return False
    try:
        with con:
            common = [c for c in _columns(con, "main", "export_log") if c != "id"]
            common = [c for c in common if c in _columns(con, "old", "export_log")]
            listed = ", ".join(common)
            con.execute(
                f"INSERT INTO main.export_log ({listed}) SELECT {listed} FROM old.export_log"
                " WHERE sequence > (SELECT coalesce(max(sequence), 0) FROM main.export_log)"
                " AND package_id NOT IN (SELECT package_id FROM main.export_log) ORDER BY sequence"
            )
            change = con.execute(
                "SELECT max(coalesce((SELECT value FROM main.counters WHERE name = 'change'), 0),"
                " coalesce((SELECT value FROM old.counters WHERE name = 'change'), 0),"
                " coalesce((SELECT max(change_upto) FROM main.export_log), 0))"
            ).fetchone()[0]
            con.execute("INSERT OR REPLACE INTO main.counters (name, value) VALUES ('change', ?)", (change,))
            floors: dict[str, int] = {}
            for origin, year, top in con.execute(
                "SELECT origin, year, max(seq) FROM old.consultations GROUP BY origin, year"
            ):
                floors[_floor_name(str(origin), int(year))] = int(top)
            for name, value in con.execute(
                "SELECT name, value FROM old.counters WHERE name LIKE ?", (f"{FLOOR_PREFIX}%",)
            ):
                floors[str(name)] = max(int(value), floors.get(str(name), 0))
            for name, value in floors.items():
                current = con.execute("SELECT value FROM main.counters WHERE name = ?", (name,)).fetchone()
                top = max(value, int(current[0]) if current else 0)
                con.execute("INSERT OR REPLACE INTO main.counters (name, value) VALUES (?, ?)", (name, top))
        return True
    except sqlite3.Error as exc:
        log.warning("could not carry the sync marks of %s: %s", old_db, exc)
        return False
    finally:
        con.close()
