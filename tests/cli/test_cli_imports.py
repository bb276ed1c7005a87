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
import atexit, json, sys

def report():  # an exit handler: a finished command ends the process right after running them
    heavy = sorted(m for m in sys.modules if any(m == h or m.startswith(h + ".") for h in HEAVY))
    print(json.dumps({"heavy": heavy}), file=sys.stderr)

atexit.register(report)
from station_app.__main__ import main
sys.argv = ["station-app", *ARGS]
sys.exit(main())
"""


def _run(args: list[str], data_dir: Path) -> tuple[dict[str, object], str]:
    env = {**os.environ, "STATION_APP_DATA_DIR": str(data_dir), "HOME": str(data_dir / "home")}
    script = f"ARGS = {args!r}\nHEAVY = {HEAVY!r}\n{RUN}"
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    report["code"] = done.returncode
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


# Modules of the other documents and of the rest of the program that printing the minutes must not load.
NOT_FOR_MINUTES = (
    "station_app.documents.signin",
    "station_app.documents.result_report",
    "station_app.documents.member_record",
    "station_app.documents.key_registration",
    "station_app.documents.handbook",
    "station_app.documents.batch",
    "station_app.services.year_export",
    "station_app.services.members",
    "station_app.hub",
    "PySide6",
    "alembic",
    "openpyxl",
    "pypinyin",
    # read through SQLAlchemy's core (services.minutes_read): no ORM, no mapped models
    "sqlalchemy.orm",
    "station_app.storage.records",
    "station_app.storage.models",
    "station_app.storage.local",
)


def test_minutes_loads_only_the_minutes(station_dir: Path) -> None:
    from datetime import date, datetime

    from station_app.services.consultations import TopicInput, create_topic
    from station_app.services.meetings import MeetingInput, StatementInput, save_meeting

    db = open_database(f"sqlite:///{station_dir / 'station.sqlite3'}")
    try:
        today = date(2026, 11, 26)
        asked = TopicInput("白塔街社区停车难", "委员荐题", "交通出行", date(2026, 3, 1))
        topic = create_topic(db, asked, today=today)
        meeting = MeetingInput(
            form="社区协商",
            held_at=datetime(2026, 4, 2, 15, 0),
            place="白塔街社区议事室",
            chair="李明",
            recorder="王芳",
            consensus="错时共享机关停车位",
            statements=(StatementInput("赵晓东", "晚上车多位少，建议共享车位。", "政协委员"),),
        )
        save_meeting(db, topic, meeting, today=today)
    finally:
        db.dispose()
    out = station_dir / "纪要.pdf"
    env = {**os.environ, "STATION_APP_DATA_DIR": str(station_dir), "HOME": str(station_dir / "home")}
    watched = ("reportlab", "station_app.documents.minutes", *NOT_FOR_MINUTES)
    script = f"ARGS = {['minutes', '2026-1', '--out', str(out)]!r}\nHEAVY = {watched!r}\n{RUN}"
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stderr.strip().splitlines()[-1])["heavy"]
    assert out.read_bytes().startswith(b"%PDF")
    assert "reportlab" in loaded and "station_app.documents.minutes" in loaded  # the guard can fail
    assert [m for m in loaded if m.startswith(NOT_FOR_MINUTES)] == []
