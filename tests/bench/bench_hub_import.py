"""Benchmark: importing station packages at a hub vs a bare executemany of the same rows.

    python tests/bench/bench_hub_import.py [--stations 132] [--total 100000] [--quick] [--out FILE]

Makes ``--stations`` real station databases (demo data, ``--total`` consultations in all), exports
one package each encrypted to the hub, imports them all, then inserts the very same rows into an
empty copy of the schema with one executemany per table (SQLAlchemy Core, foreign keys off so any
table order will do; the same WAL and synchronous settings as the hub). Prints and writes the ratio
of wall and CPU times (target ≤ 4×); on a shared machine, CPU time is the steadier of the two.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert, select

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from station_app.domain import townships
from station_app.domain.progress import run_to_end
from station_app.hub.importer import import_packages
from station_app.storage.migrate import open_database
from station_app.storage.models import Base
from tests.hub.hub_world import RECORD_TABLES, fill, make_hub, make_station, using


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stations", type=int, default=132)
    parser.add_argument("--total", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="132 stations, 13,200 consultations")
    parser.add_argument("--out", default="bench_hub_import.txt")
    args = parser.parse_args()
    if args.quick:
        args.stations, args.total = 132, 13_200
    root = Path(tempfile.mkdtemp(prefix="bench-hub-"))
    template = root / "template.sqlite3"
    open_database(f"sqlite:///{template}").dispose()
    hub = make_hub(template, root / "city")
    packages = root / "packages"
    packages.mkdir()
    codes = [t.code for t in townships.load_townships()][: args.stations]
    started = time.perf_counter()
    for index, code in enumerate(codes):
        station = make_station(template, root, code, [hub.key_file])
        fill(station, max(1, args.total // len(codes)), index + 1)
        station.export(packages)
        station.db.dispose()
    prepare = time.perf_counter() - started
    with using(hub.folder):
        started, cpu = time.perf_counter(), time.process_time()
        outcomes = run_to_end(import_packages(hub.db, [packages], trust_new=True))
        imported = time.perf_counter() - started
        imported_cpu = time.process_time() - cpu
    assert all(o.status == "accepted" for o in outcomes), [o.line() for o in outcomes if not o.ok]
    tables = [t for t in Base.metadata.sorted_tables if t.name in RECORD_TABLES]
    with hub.db.engine.connect() as connection:
        rows = {t.name: [dict(r) for r in connection.execute(select(t)).mappings()] for t in tables}
    bare_db = open_database(f"sqlite:///{root / 'bare.sqlite3'}")
    started, cpu = time.perf_counter(), time.process_time()
    with bare_db.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")  # bare: no checks, any table order
        connection.commit()
        for table in tables:
            if rows[table.name]:
                connection.execute(insert(table), rows[table.name])
        connection.commit()
    bare = time.perf_counter() - started
    bare_cpu = time.process_time() - cpu
    total_rows = sum(len(r) for r in rows.values())
    consultations = len(rows["consultations"])
    lines = [
        f"stations: {len(codes)}, consultations: {consultations}, rows in all tables: {total_rows}",
        f"{'step':<32}{'seconds':>10}{'cpu':>10}",
        f"{'make + export packages':<32}{prepare:>10.2f}",
        f"{'hub import (all checks)':<32}{imported:>10.2f}{imported_cpu:>10.2f}",
        f"{'bare executemany, same rows':<32}{bare:>10.2f}{bare_cpu:>10.2f}",
        f"{'ratio import / bare':<32}{imported / bare:>9.2f}x{imported_cpu / bare_cpu:>9.2f}x (target <= 4x)",
    ]
    text = "\n".join(lines)
    print(text)
    Path(args.out).write_text(text + "\n", encoding="utf-8")
    hub.db.dispose()
    bare_db.dispose()


if __name__ == "__main__":
    main()
