"""Command line benchmark: commands from cold against bare scripts doing the same work, same run.

    python tests/bench/bench_cli.py [--quick] [--runs 9] [--count 2000] [--out bench-results-cli.md]

Every figure is a new Python process (from spawn to exit, compiled bytecode as an installed
program has it), on a demo station with ``--count`` consultations, the sides interleaved so that
the machine's load hits both alike; medians are reported:

* ``station-app list`` against a bare SQLAlchemy script that opens the same file and prints the
  same rows (checked: the two outputs are identical); target ≤ 1.5x;
* ``station-app --version`` against ``python -c pass`` (the interpreter alone);
* ``station-app minutes`` of the busiest meeting against ``python -c "import reportlab"`` followed
  by a bare SQLAlchemy read of what the minutes print (the topic, meeting, participants,
  statements, action items), in one process; target ≤ 2x.

Not collected by pytest (no ``test_`` prefix).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_startup import bytecode_env, cached_station

LIST_TARGET = 1.5
MINUTES_TARGET = 2.0

BARE_LIST = """
import sys
from sqlalchemy import create_engine, text
engine = create_engine(f"sqlite:///{sys.argv[1]}")
lines = []
with engine.connect() as connection:
    rows = connection.execute(text(
        "SELECT number, status, title FROM consultations WHERE deleted = 0 ORDER BY year, seq, id"
    ))
    lines = [f"{number}\\t{status}\\t{title}" for number, status, title in rows]
lines.append(f"共 {len(lines)} 个议题")
print("\\n".join(lines))
"""

BARE_MINUTES_READ = """
import sys
import reportlab
from sqlalchemy import create_engine, text
engine = create_engine(f"sqlite:///{sys.argv[1]}")
with engine.connect() as connection:
    by_number = text("SELECT * FROM consultations WHERE number = :n")
    topic = connection.execute(by_number, {"n": sys.argv[2]}).one()
    meeting = connection.execute(
        text("SELECT * FROM meetings WHERE consultation_id = :c AND deleted = 0 ORDER BY held_at DESC"),
        {"c": topic.id},
    ).first()
    rows = [topic, meeting]
    for table in ("participants", "statements", "action_items"):
        rows += connection.execute(
            text(f"SELECT * FROM {table} WHERE meeting_id = :m AND deleted = 0 ORDER BY position"),
            {"m": meeting.id},
        ).all()
print(len(rows))
"""


def _busiest_topic(database: Path) -> str:
    import sqlite3

    with sqlite3.connect(database) as connection:
        row = connection.execute(
            "SELECT c.number FROM consultations c JOIN meetings m ON m.consultation_id = c.id "
            "JOIN statements s ON s.meeting_id = m.id WHERE c.deleted = 0 AND m.deleted = 0 "
            "GROUP BY c.id ORDER BY count(*) DESC, c.number LIMIT 1"
        ).fetchone()
    return str(row[0])


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return float(usage.ru_utime + usage.ru_stime)


CPU: dict[str, list[float]] = {}  # CPU milliseconds of each side's processes


def _timed(command: list[str], env: dict[str, str], side: str = "") -> tuple[float, str]:
    cpu = _children_cpu()
    started = time.monotonic()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    seconds = time.monotonic() - started
    if side:
        CPU.setdefault(side, []).append((_children_cpu() - cpu) * 1000)
    if done.returncode != 0:
        raise RuntimeError(f"{command[1:]} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return seconds * 1000, done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    parser.add_argument("--runs", type=int, default=0, help="processes per side (default 9, quick 3)")
    parser.add_argument("--count", type=int, default=2000, help="consultations in the station")
    parser.add_argument("--out", type=Path, default=Path("bench-results-cli.md"))
    args = parser.parse_args(argv)
    runs = args.runs or (3 if args.quick else 9)
    out_path = args.out.resolve()

    station = cached_station(args.count)
    database = station / "station.sqlite3"
    topic = _busiest_topic(database)
    py = sys.executable
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp_name:
        tmp = Path(tmp_name)
        env = bytecode_env(dict(os.environ))
        env.update(STATION_APP_DATA_DIR=str(station), HOME=str(tmp / "home"))
        pdf = str(tmp / "纪要.pdf")
        sides: dict[str, list[str]] = {
            "list": [py, "-m", "station_app", "list"],
            "bare list": [py, "-c", BARE_LIST, str(database)],
            "version": [py, "-m", "station_app", "--version"],
            "python": [py, "-c", "pass"],
            "minutes": [py, "-m", "station_app", "minutes", topic, "--out", pdf],
            "bare minutes": [py, "-c", BARE_MINUTES_READ, str(database), topic],
        }
        times: dict[str, list[float]] = {name: [] for name in sides}
        outputs: dict[str, str] = {}
        for name, command in sides.items():  # once each first: compiles bytecode, fills the page cache
            outputs[name] = _timed(command, env)[1]
        if outputs["list"] != outputs["bare list"]:
            raise RuntimeError("station-app list and the bare script printed different rows")
        for _ in range(runs):
            for name, command in sides.items():
                times[name].append(_timed(command, env, name)[0])

    med = {name: statistics.median(values) for name, values in times.items()}
    spread = {name: f"{min(v):.0f}–{max(v):.0f}" for name, v in times.items()}
    list_ratio = med["list"] / med["bare list"]
    minutes_ratio = med["minutes"] / med["bare minutes"]
    cpu_ratio = statistics.median(CPU["minutes"]) / statistics.median(CPU["bare minutes"])
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        "### 命令行冷启动",
        "",
        f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPU; "
        f"{args.count:,} topics; median of {runs} interleaved processes per side; "
        f"load average {load:.1f} at the end.",
        "",
        "| figure | ours | baseline (same run) | ratio | target | met |",
        "|---|---:|---:|---:|---|---|",
        f"| `station-app list`, cold | {med['list']:.0f} ms | bare SQLAlchemy script, same rows "
        f"{med['bare list']:.0f} ms | {list_ratio:.2f}x | ≤ {LIST_TARGET}x | "
        f"{'yes' if list_ratio <= LIST_TARGET else 'no'} |",
        f"| `station-app --version`, cold | {med['version']:.0f} ms | `python -c pass` "
        f"{med['python']:.0f} ms | {med['version'] / med['python']:.2f}x | – | – |",
        f"| `station-app minutes`, cold | {med['minutes']:.0f} ms | `import reportlab` + bare read "
        f"{med['bare minutes']:.0f} ms | {minutes_ratio:.2f}x | ≤ {MINUTES_TARGET}x | "
        f"{'yes' if minutes_ratio <= MINUTES_TARGET else 'no'} |",
        "",
        "Spread (ms): " + ", ".join(f"{name} {spread[name]}" for name in sides) + ".",
        "",
        "CPU (median ms, the process and its children): "
        + ", ".join(f"{name} {statistics.median(CPU[name]):.0f}" for name in sides)
        + f"; `minutes` / bare read by CPU {cpu_ratio:.2f}x.",
    ]
    text = "\n".join(lines) + "\n"
    out_path.write_text(text, "utf-8")
    print(text)
    print(f"written to {out_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
