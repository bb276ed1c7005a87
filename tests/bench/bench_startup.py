"""Start-up benchmark: the main window's first paint against a bare QMainWindow, and peak memory.

    python tests/bench/bench_startup.py [--quick] [--runs 7] [--count 100000] [--out bench-results-startup.md]

Each figure is a new Python process under ``QT_QPA_PLATFORM=offscreen`` (the default; pass
``--platform xcb`` under xvfb-run to use a real X server):

* cold start to the list's rows painted — the start-up figure, the moment a clerk can start work:
  from just before the process is spawned to the first paint event at which the 协商议题 table
  holds rows (the same monotonic clock on both sides), for the program started as ``run_gui``
  starts it (``ui.app.Startup``: the Qt application with its Chinese font and translator, logging,
  the station and the list's first page read ahead with sqlite3, the window), on a demo station of
  60 topics and one of ``--count`` topics, against a bare ``QMainWindow``'s first paint in the same
  interpreter and platform. Median of ``--runs`` interleaved start-ups; target ratio ≤ 2x.
  The first paint is reported beside it; it now carries the rows, so the two coincide when the list
  is read ahead (a station needing a migration paints its frame first and its rows later).
* peak memory: ``ru_maxrss`` of a child process that opens MainWindow on a station with ``--count``
  consultations, the 协商议题 list page showing, after the first paint and a second of events
  (target ≤ 300 MB). The filled station is made once with ``fill_demo`` and cached under the
  system temp folder (``station-app-bench/demo-<count>-<schema head>``), because a 100,000-record
  fill takes a minute.

Not collected by pytest (no ``test_`` prefix).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

TARGET_ROWS_RATIO = 2.0  # cold start to the list's rows painted, against a bare window's first paint
TARGET_MB = 300.0
SETTLE_MS = 1000  # events processed after the first paint before memory is read


# --- the child process -----------------------------------------------------------------------------


def _peak_rss_mb() -> float:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _child(mode: str, settle_ms: int) -> int:
    """Show a window, print one JSON line at its first paint (and again after settling), quit."""
    from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: TID251 - the benchmark drives Qt itself
    from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: TID251

    window: QMainWindow
    startup = None
    if mode == "bare":
        app = QApplication(sys.argv)
        window = QMainWindow()
        window.resize(1280, 800)
    else:  # what run_gui does: the window first, the database right after its first paint
        from station_app import logsetup
        from station_app.ui import crash_dialog
        from station_app.ui.app import Startup, make_application

        app = make_application()
        logsetup.setup_logging()
        crash_dialog.install_excepthook()
        startup = Startup(None)
        window = startup.window
    filled: dict[str, float] = {}

    class FirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if not self.seen and event.type() == QEvent.Type.Paint:
                self.seen = True
                painted = time.monotonic()
                rows = _table_rows(window)
                cpu = time.process_time()  # the process's CPU time up to the first paint
                report = {"painted": painted, "cpu": cpu, "rss_mb": _peak_rss_mb(), "rows": rows}
                print(json.dumps(report), flush=True)
                if rows > 0:  # the list's rows are painted with the window itself
                    filled.update(filled=painted, filled_cpu=cpu, filled_rows=rows)
                    QTimer.singleShot(settle_ms, finish)
                else:
                    QTimer.singleShot(0, wait_for_rows)
            return False

    def wait_for_rows() -> None:
        """The list's rows on screen: the moment a clerk can start work (the bare window has none)."""
        rows = _table_rows(window)
        if rows > 0 or mode == "bare":
            window.repaint()
            filled.update(filled=time.monotonic(), filled_cpu=time.process_time(), filled_rows=rows)
            QTimer.singleShot(settle_ms, finish)
        else:
            QTimer.singleShot(1, wait_for_rows)

    def finish() -> None:
        report = {"settled_rss_mb": _peak_rss_mb(), "rows": _table_rows(window), **filled}
        print(json.dumps(report), flush=True)
        app.quit()

    watcher = FirstPaint()
    window.installEventFilter(watcher)
    window.show()
    code = app.exec()
    window.close()
    if startup is not None:
        startup.dispose()
    return code


def _table_rows(window: object) -> int:
    """Rows loaded into the 协商议题 table (paged), -1 when there is no such table."""
    from PySide6.QtWidgets import QTableView  # noqa: TID251

    finder = getattr(window, "findChildren", None)
    if finder is None:
        return -1
    views = [v for v in finder(QTableView) if v.model() is not None]
    return max((v.model().rowCount() for v in views), default=-1)


# --- the parent ------------------------------------------------------------------------------------


def bytecode_env(env: dict[str, str]) -> dict[str, str]:
    """Children run as an installed program does, from compiled bytecode: kept in a cache folder
    under the system temp folder, never written beside the sources."""
    env = dict(env)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "station-app-bench" / "pycache")
    return env


def _env(data_dir: Path, platform_name: str, home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["STATION_APP_DATA_DIR"] = str(data_dir)  # never the real user folders
    env["HOME"] = str(home)
    env["XDG_CONFIG_HOME"] = str(home / "config")
    env["XDG_DATA_HOME"] = str(home / "share")
    env["QT_QPA_PLATFORM"] = platform_name
    env.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
    return bytecode_env(env)


def _run_child(mode: str, env: dict[str, str], settle_ms: int = 0) -> tuple[float, dict[str, float]]:
    """Seconds from spawn to first paint, and the child's reports (``filled``: seconds from spawn
    to the list's rows painted)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", mode, "--settle", str(settle_ms)]
    spawned = time.monotonic()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"child {mode} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    reports = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    first = reports[0]
    last = reports[-1]
    return first["painted"] - spawned, {**first, **last, "filled": last["filled"] - spawned}


def _make_station(data_dir: Path, count: int) -> None:
    """A demo station with ``count`` consultations in ``data_dir`` (its default database file)."""
    os.environ["STATION_APP_DATA_DIR"] = str(data_dir)
    from station_app import paths
    from station_app.domain.progress import run_to_end
    from station_app.services.demo import fill_demo
    from station_app.services.station import SetupRequest, setup_station
    from station_app.storage.migrate import open_database

    paths.configure(None)
    data_dir.mkdir(parents=True, exist_ok=True)
    db = open_database(None)
    try:
        setup_station(db, SetupRequest(township_code="511102004", head_name="李明", clerk_name="王芳"))
        run_to_end(fill_demo(db, count=count, seed=1, today=date(2026, 11, 26)))
    finally:
        db.dispose()


def cached_station(count: int) -> Path:
    """The data folder of a filled demo station, made once per count and kept for later runs."""
    from station_app.storage.schema_head import HEAD_REVISION

    # Per schema revision: a station made by a program with other migrations is not this one's.
    root = Path(tempfile.gettempdir()) / "station-app-bench" / f"demo-{count}-{HEAD_REVISION}"
    if (root / "READY").exists():
        return root
    shutil.rmtree(root, ignore_errors=True)
    started = time.perf_counter()
    _make_station(root, count)
    (root / "READY").write_text(f"{count}\n", "utf-8")
    print(f"filled a demo station with {count} consultations in {time.perf_counter() - started:.0f} s")
    return root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer runs (the memory figure is kept)")
    parser.add_argument("--runs", type=int, default=0, help="start-ups per side (default 9, quick 3)")
    parser.add_argument("--count", type=int, default=100_000, help="consultations for the memory figure")
    parser.add_argument("--platform", default="offscreen", help="QT_QPA_PLATFORM (offscreen, xcb, …)")
    parser.add_argument("--out", type=Path, default=Path("bench-results-startup.md"))
    parser.add_argument("--child", choices=("main", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--settle", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(args.child, args.settle)
    runs = args.runs or (3 if args.quick else 9)
    out_path = args.out.resolve()

    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp_name:
        tmp = Path(tmp_name)
        small = tmp / "demo-station"
        _make_station(small, 60)
        env = _env(small, args.platform, tmp / "home")
        for mode in ("bare", "main"):  # the first start fills the page cache; not counted
            _run_child(mode, env)
        big = cached_station(args.count)
        big_env = _env(big, args.platform, tmp / "home-big")
        _run_child("main", big_env)  # page cache
        bare: list[float] = []
        main_times: list[float] = []
        bare_cpu: list[float] = []
        main_cpu: list[float] = []
        filled: list[float] = []
        filled_cpu: list[float] = []
        big_first: list[float] = []
        big_filled: list[float] = []
        for _ in range(runs):  # interleaved, so that machine noise hits every side alike
            for mode, wall, cpu in (("bare", bare, bare_cpu), ("main", main_times, main_cpu)):
                seconds, child_report = _run_child(mode, env)
                wall.append(seconds * 1000)
                cpu.append(child_report["cpu"] * 1000)
                if mode == "main":
                    filled.append(child_report["filled"] * 1000)
                    filled_cpu.append(child_report["filled_cpu"] * 1000)
            seconds, child_report = _run_child("main", big_env)
            big_first.append(seconds * 1000)
            big_filled.append(child_report["filled"] * 1000)
        bare_rss = _run_child("bare", env, SETTLE_MS)[1]["settled_rss_mb"]
        _big_start, report = _run_child("main", big_env, SETTLE_MS)
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")

    ours, base = statistics.median(main_times), statistics.median(bare)
    ours_cpu, base_cpu = statistics.median(main_cpu), statistics.median(bare_cpu)
    ours_filled, ours_filled_cpu = statistics.median(filled), statistics.median(filled_cpu)
    big_first_ms, big_filled_ms = statistics.median(big_first), statistics.median(big_filled)
    peak = report["settled_rss_mb"]

    def met(ratio: float, target: float) -> str:
        return "yes" if ratio <= target else "no"

    small_ratio, big_ratio = ours_filled / base, big_filled_ms / base
    lines = [
        "### 启动与内存",
        "",
        f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPU, "
        f"QT_QPA_PLATFORM={args.platform}; median of {runs} interleaved start-ups per side; "
        f"load average {load:.1f} at the end.",
        "",
        "| figure | ours | baseline | ratio | target | met |",
        "|---|---:|---:|---:|---|---|",
        f"| **cold start to the list's rows painted (60 topics)** | {ours_filled:.0f} ms "
        f"({ours_filled_cpu:.0f} ms CPU) | {base:.0f} ms (bare QMainWindow's first paint) | "
        f"{small_ratio:.2f}x | ≤ {TARGET_ROWS_RATIO}x | {met(small_ratio, TARGET_ROWS_RATIO)} |",
        f"| **cold start to the list's rows painted ({args.count:,} topics)** | {big_filled_ms:.0f} ms | "
        f"{base:.0f} ms | {big_ratio:.2f}x | ≤ {TARGET_ROWS_RATIO}x | {met(big_ratio, TARGET_ROWS_RATIO)} |",
        f"| cold start to first paint (60 topics; it carries the rows) | {ours:.0f} ms | {base:.0f} ms "
        f"(bare QMainWindow) | {ours / base:.2f}x | – | – |",
        f"| CPU time to first paint (same start-ups) | {ours_cpu:.0f} ms | {base_cpu:.0f} ms | "
        f"{ours_cpu / base_cpu:.2f}x | – | – |",
        f"| cold start to first paint ({args.count:,} topics) | {big_first_ms:.0f} ms | {base:.0f} ms | "
        f"{big_first_ms / base:.2f}x | – | – |",
        f"| peak memory, {args.count:,} topics, list page open | {peak:.0f} MB | {bare_rss:.0f} MB "
        f"(bare QMainWindow) | – | ≤ {TARGET_MB:.0f} MB | {'yes' if peak <= TARGET_MB else 'no'} |",
        "",
        f"Spread: rows painted (60) {min(filled):.0f}–{max(filled):.0f} ms, "
        f"({args.count:,}) {min(big_filled):.0f}–{max(big_filled):.0f} ms, "
        f"bare {min(bare):.0f}–{max(bare):.0f} ms. Rows loaded in the list at the memory reading: "
        f"{int(report.get('rows', -1))} (paged).",
    ]
    text = "\n".join(lines) + "\n"
    out_path.write_text(text, "utf-8")
    print(text)
    print(f"written to {out_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
