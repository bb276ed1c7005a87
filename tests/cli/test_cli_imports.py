"""Commands import what they use: ``list`` and ``--version`` never load Alembic, reportlab, Qt or the hub.

Each check runs the real entry point in a new process and reads ``sys.modules`` at its end, so
what other tests imported cannot hide a regression.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from station_app.services.station import SetupRequest, setup_station
from station_app.storage.migrate import open_database

HEAVY = ("alembic", "reportlab", "PySide6", "station_app.hub", "openpyxl", "pypinyin", "sqlalchemy.orm")

RUN = """
import json, sys
from station_app.__main__ import main
sys.argv = ["station-app", *ARGS]
try:
    code = main()
except SystemExit as stop:
    code = stop.code
heavy = sorted(m for m in sys.modules if any(m == h or m.startswith(h + ".") for h in HEAVY))
print(json.dumps({"code": code, "heavy": heavy}), file=sys.stderr)
"""


def _run(args: list[str], data_dir: Path) -> tuple[dict[str, object], str]:
    env = {**os.environ, "STATION_APP_DATA_DIR": str(data_dir), "HOME": str(data_dir / "home")}
    script = f"ARGS = {args!r}\nHEAVY = {HEAVY!r}\n{RUN}"
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    return report, done.stdout


@pytest.fixture
def station_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    db = open_database(f"sqlite:///{folder / 'station.sqlite3'}")
    try:
        setup_station(db, SetupRequest(township_code="511102004", head_name="李明", clerk_name="王芳"))
    finally:
        db.dispose()
    return folder


def test_list_loads_only_what_it_prints(station_dir: Path) -> None:
    report, out = _run(["list"], station_dir)
    assert report["code"] == 0
    assert "共 0 个议题" in out
    assert report["heavy"] == []


def test_list_json_and_version_stay_light(station_dir: Path) -> None:
    for args in (["list", "--json", "--status", "已立题"], ["--version"], ["--help"]):
        report, _out = _run(args, station_dir)
        assert report["code"] == 0, args
        assert report["heavy"] == [], args


def test_a_command_still_loads_what_it_needs(station_dir: Path) -> None:
    """The guard can fail: writing the Excel template does load openpyxl."""
    report, _out = _run(["export-template", str(station_dir / "模板.xlsx")], station_dir)
    assert report["code"] == 0
    assert "openpyxl" in report["heavy"]
