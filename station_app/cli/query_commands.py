"""Looking at the records from the command line: list.

Only SQLAlchemy's core is loaded here (no ORM models, no Alembic unless a migration is due), so
a list prints about as fast as a bare script reading the same rows.
"""

from __future__ import annotations

import argparse
import json

from station_app import paths
from station_app.errors import NotSetUpError
from station_app.services.queries import ConsultationFilter, list_consultations
from station_app.storage.migrate import open_database
from station_app.storage.quick_read import sqlite_file


def cmd_list(args: argparse.Namespace) -> int:
    flt = ConsultationFilter(status=args.status or "", search=args.search or "", year=args.year)
    database = sqlite_file(args.database_url, paths.database_file())
    if database is not None and not database.exists():
        # A mistyped --data-dir must not look like a station whose records are gone.
        raise NotSetUpError()
    db = open_database(args.database_url)
    try:
        rows = list_consultations(db, flt, sort="number", descending=False, limit=None)
    finally:
        db.dispose()
    lines: list[str] = []
    for row in rows:
        if args.json:
            record = {
                "uuid": row.id,
                "number": row.number,
                "title": row.title,
                "status": row.status,
                "stage": row.stage,
                "field": row.field,
                "source": row.source,
                "village": row.village,
                "proposed_on": row.proposed_on.isoformat() if row.proposed_on else None,
            }
            lines.append(json.dumps(record, ensure_ascii=False))
        else:
            lines.append(f"{row.number}\t{row.status}\t{row.title}")
    if not args.json:
        lines.append(f"共 {len(rows)} 个议题")
    if lines:
        print("\n".join(lines))
    return 0
