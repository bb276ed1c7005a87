"""Run every benchmark (and, with --harness, the full-count fault harness) and write RESULTS.md.

    python tests/bench/run_all.py [--quick] [--harness] [--out tests/bench/RESULTS.md]

Each ``bench_*.py`` beside this file runs in its own process with ``--out <file>``; its table is
collected into one Markdown file with the machine description (CPU, cores, RAM, OS, Python,
SQLite) and the date. ``--quick`` passes each script its own quick settings. ``--harness`` runs
``STATION_APP_HARNESS=full pytest tests/harness`` and adds the counts (tried, refused, lost).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
# What --quick means for scripts that take other options than --quick.
QUICK_ARGS: dict[str, list[str]] = {
    "bench_search.py": ["--count", "10000", "--queries", "30"],
    "bench_hub_import.py": ["--stations", "20", "--total", "10000"],
}


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gb() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    return "?"


def machine() -> list[str]:
    return [
        f"- CPU: {_cpu_model()}, {os.cpu_count()} logical cores",
        f"- RAM: {_ram_gb()}",
        f"- OS: {platform.platform()}",
        f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}",
        f"- Date: {datetime.now().strftime('%Y-%m-%d %H:%M')}",
    ]


def _help(script: Path) -> str:
    done = subprocess.run([sys.executable, str(script), "--help"], capture_output=True, text=True, cwd=REPO)
    return done.stdout


def run_bench(script: Path, quick: bool, folder: Path) -> str:
    out = folder / f"{script.stem}.txt"
    usage = _help(script)
    command = [sys.executable, str(script)]
    if quick:
        command += QUICK_ARGS.get(script.name, ["--quick"] if "--quick" in usage else [])
    takes_out = "--out" in usage
    if takes_out:
        command += ["--out", str(out)]
    print(f"$ {' '.join(command[1:])}", flush=True)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
    seconds = time.perf_counter() - started
    title = f"## {script.name} ({seconds:.0f} s{', quick' if quick else ''})"
    if done.returncode != 0:
        return f"{title}\n\nFAILED (exit {done.returncode}):\n\n```\n{done.stderr[-2000:]}\n```\n"
    body = out.read_text("utf-8") if takes_out and out.exists() else done.stdout
    if not body.lstrip().startswith(("#", "|")):
        body = f"```\n{body.strip()}\n```"
    return f"{title}\n\n{body.strip()}\n"


def run_harness(folder: Path) -> str:
    report = folder / "harness.jsonl"
    env = {**os.environ, "STATION_APP_HARNESS": "full", "STATION_APP_HARNESS_REPORT": str(report)}
    command = [sys.executable, "-m", "pytest", "tests/harness", "-q", "-p", "no:cacheprovider"]
    print("$ STATION_APP_HARNESS=full " + " ".join(command[1:]), flush=True)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, env=env)
    seconds = time.perf_counter() - started
    lines = [json.loads(line) for line in report.read_text("utf-8").splitlines()] if report.exists() else []
    return harness_table(lines, done.stdout.strip().splitlines()[-1:] or [""], seconds)


def harness_table(lines: list[dict[str, object]], summary: list[str], seconds: float) -> str:
    rows = [
        "## Fault and hostile-input harness (full count)",
        "",
        f"`STATION_APP_HARNESS=full pytest tests/harness` — {summary[0]} in {seconds:.0f} s",
        "",
        "| harness | tried | refused / recovered | lost | details |",
        "|---|---:|---:|---:|---|",
    ]
    for line in lines:
        name = line.pop("test")
        line.pop("full", None)
        tried = line.pop("tried", line.get("kills", ""))
        refused = line.pop("refused", line.get("kills", ""))
        lost = line.pop("lost", "")
        details = ", ".join(f"{k} {v}" for k, v in line.items())
        rows.append(f"| {name} | {tried} | {refused} | {lost} | {details} |")
    return "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="each script's quick settings")
    parser.add_argument("--harness", action="store_true", help="also run the harness at full count")
    parser.add_argument(
        "--only", nargs="*", default=None, help="run only these scripts (e.g. bench_export.py)"
    )
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args(argv)
    scripts = sorted(HERE.glob("bench_*.py"))
    if args.only is not None:
        scripts = [s for s in scripts if s.name in args.only]
    sections: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-all-") as tmp:
        for script in scripts:
            sections.append(run_bench(script, args.quick, Path(tmp)))
            print(sections[-1], flush=True)
        if args.harness:
            sections.append(run_harness(Path(tmp)))
            print(sections[-1], flush=True)
    command = (
        "python tests/bench/run_all.py"
        + (" --quick" if args.quick else "")
        + (" --harness" if args.harness else "")
    )
    text = "\n".join(
        [
            "# Benchmark and harness results",
            "",
            f"Reproduce with `{command}`. Machine:",
            "",
            *machine(),
            "",
            *sections,
        ]
    )
    args.out.write_text(text, "utf-8")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
