"""Demo-fill benchmark: ``station-app demo --count N`` end to end, against writing the same data bare.

    python tests/bench/bench_demo.py [--quick] [--runs 3] [--count 100000] [--out bench-results-demo.md]

* ours: wall time of the real command in a new process on a station set up just before
  (``station-app --data-dir D demo --count N``), with its CPU time (user + sys, its worker processes
  included) and peak memory (the largest of its processes). Target: under 60 s for 100,000.
* baseline, in the same run right after each fill: the bare cost of storing what the fill stored.
  Every row of the filled database (record tables, search documents) is read into memory table by
  table, then only the inserts are timed: ``executemany`` into an empty database with the same
  schema, indexes and FTS5 tables, in one transaction with the same journal and cache settings,
  the FTS5 index merged at the end as the fill does. Making the rows and the search text, which is
  the fill's real work, is not in the baseline; the ratio says what that work adds.

Runs alternate ours/baseline so machine noise hits both; the table gives medians and the spread.
Not collected by pytest (no ``test_`` prefix).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 60.0
TOWNSHIP = "511102004"
CACHE_KIB = 64 * 1024  # the fill's own page cache while it writes
FTS_TABLES = ("search_fts", "search_heads")


def _station_app(data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "station_app", "--data-dir", str(data_dir), *args]


def run_fill(data_dir: Path, count: int) -> dict[str, float]:
    """Set up a station (not timed), then time the demo command; CPU and memory from wait4."""
    subprocess.run(
        _station_app(data_dir, "setup", "--head", "李明", "--clerk", "王芳", "--township-code", TOWNSHIP),
        check=True,
        capture_output=True,
    )
    started = time.perf_counter()
    child = subprocess.Popen(
        _station_app(data_dir, "demo", "--count", str(count)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    errors = child.stderr.read().decode() if child.stderr else ""
    if child.returncode != 0:
        raise RuntimeError(f"demo failed ({child.returncode}): {errors[-2000:]}")
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,
        "size_mb": (data_dir / "station.sqlite3").stat().st_size / 1e6,
    }


def _is_fts_shadow(name: str) -> bool:
    return any(name.startswith(f"{fts}_") for fts in FTS_TABLES)


def bare_writes(source: Path, target: Path) -> dict[str, float]:
    """Seconds to insert every row of ``source`` into an empty copy of its schema (inserts only)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target, isolation_level=None)
    dst.execute("PRAGMA journal_mode=DELETE")
    dst.execute("PRAGMA synchronous=FULL")
    dst.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    schema = src.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
    ).fetchall()
    dst.execute("BEGIN")
    tables: list[str] = []
    for kind, name, sql in schema:
        if name.startswith("sqlite_") or _is_fts_shadow(name):
            continue
        dst.execute(sql)
        if kind == "table" and name not in FTS_TABLES:
            tables.append(name)
    rows = 0
    seconds = 0.0
    for name in tables:
        data = src.execute(f'SELECT * FROM "{name}"').fetchall()
        if not data:
            continue
        marks = ", ".join("?" * len(data[0]))
        started = time.perf_counter()
        dst.executemany(f'INSERT INTO "{name}" VALUES ({marks})', data)
        seconds += time.perf_counter() - started
        rows += len(data)
    for name in FTS_TABLES:
        columns = [row[1] for row in src.execute(f"PRAGMA table_info({name})")]
        listed = ", ".join(columns)
        data = src.execute(f"SELECT rowid, {listed} FROM {name}").fetchall()
        marks = ", ".join("?" * (len(columns) + 1))
        started = time.perf_counter()
        dst.execute(f"INSERT INTO {name} ({name}, rank) VALUES ('automerge', 0)")
        dst.executemany(f"INSERT INTO {name} (rowid, {listed}) VALUES ({marks})", data)
        seconds += time.perf_counter() - started
        rows += len(data)
    started = time.perf_counter()
    for name in FTS_TABLES:
        dst.execute(f"INSERT INTO {name} ({name}) VALUES ('optimize')")
    dst.execute("COMMIT")
    seconds += time.perf_counter() - started
    src.close()
    dst.close()
    return {"bare": seconds, "rows": rows}


def _bare_in_child(source: Path, target: Path) -> dict[str, float]:
    """``bare_writes`` in its own process: its gigabyte of rows must not swell this one, whose
    later children would start as copies of it (and report that as their peak memory)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--bare", str(source), str(target)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _spread(values: list[float]) -> str:
    return f"{min(values):.1f}–{max(values):.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="10,000 topics, one run")
    parser.add_argument("--runs", type=int, default=0, help="fills (default 3, quick 1)")
    parser.add_argument("--count", type=int, default=0, help="topics per fill (default 100,000)")
    parser.add_argument("--out", type=Path, default=Path("bench-results-demo.md"))
    parser.add_argument("--bare", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.bare:
        print(json.dumps(bare_writes(*args.bare)))
        return 0
    runs = args.runs or (1 if args.quick else 3)
    count = args.count or (10_000 if args.quick else 100_000)

    results: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="bench-demo-") as tmp_name:
        tmp = Path(tmp_name)
        for run in range(runs):
            data_dir = tmp / f"station-{run}"
            result = run_fill(data_dir, count)
            result.update(_bare_in_child(data_dir / "station.sqlite3", tmp / f"bare-{run}.sqlite3"))
            print(
                f"run {run + 1}: demo {result['wall']:.1f} s (CPU {result['cpu']:.1f} s), "
                f"bare inserts {result['bare']:.1f} s",
                flush=True,
            )
            results.append(result)
            for leftover in tmp.glob(f"*-{run}*"):  # a 100,000 fill is 1.7 GB; keep the disk free
                if leftover.is_dir():
                    subprocess.run(["rm", "-rf", str(leftover)], check=True)
                else:
                    leftover.unlink()

    walls = [r["wall"] for r in results]
    bares = [r["bare"] for r in results]
    ours, base = statistics.median(walls), statistics.median(bares)
    cpu = statistics.median(r["cpu"] for r in results)
    peak = max(r["peak_mb"] for r in results)
    lines = [
        "### 演示数据生成",
        "",
        f"{platform.platform()}, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"{os.cpu_count()} CPU; median of {runs} fill(s) of {count:,} topics, each beside its baseline.",
        "",
        "| figure | ours | baseline | ratio | target |",
        "|---|---:|---:|---:|---|",
        f"| `demo --count {count}` wall time (incl. search index) | {ours:.1f} s | {base:.1f} s "
        f"(bare inserts of the same {int(results[0]['rows']):,} rows) | {ours / base:.2f}x | "
        f"< {TARGET_SECONDS:.0f} s (100,000) |",
        f"| CPU time, worker processes included | {cpu:.1f} s | – | – | – |",
        f"| peak memory (largest process) | {peak:.0f} MB | – | – | – |",
        f"| database size | {results[0]['size_mb']:.0f} MB | – | – | – |",
        "",
        f"Spread: ours {_spread(walls)} s, baseline {_spread(bares)} s.",
    ]
    text = "\n".join(lines) + "\n"
    args.out.write_text(text, "utf-8")
    print(text)
    print(f"written to {args.out.resolve()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
