"""After a supported restore the station still syncs: export, restore an older backup, make a topic,
export, import at the county office → accepted and complete; and a hub never crashes on a topic
number clash (a station restored by hand, outside the program), it reports a conflict."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from station_app.hub.conflicts import REASONS, list_conflicts
from station_app.services.consultations import TopicInput, create_topic
from station_app.storage.migrate import open_database
from station_app.storage.records import Consultation
from tests.people import COUNTY_SETUP

from .probe import run_cli

TODAY = date(2026, 11, 26)


def _topic(folder: Path, title: str) -> str:
    db = open_database(f"sqlite:///{folder / 'station.sqlite3'}")
    try:
        cid = create_topic(db, TopicInput(title, "群众点题", "交通出行", date(2026, 5, 1)), today=TODAY)
        with db.session() as session:
            return str(session.get(Consultation, cid).number)  # type: ignore[union-attr]
    finally:
        db.dispose()


def _hub_topics(hub: Path) -> dict[str, str]:
    db = open_database(f"sqlite:///{hub / 'station.sqlite3'}")
    try:
        with db.session() as session:
            rows = session.execute(select(Consultation.title, Consultation.number)).all()
            return {str(title): str(number) for title, number in rows}
    finally:
        db.dispose()


@pytest.fixture
def world(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path, Path]:
    hub, station, usb = tmp_path / "县政协", tmp_path / "联络站", tmp_path / "U盘"
    usb.mkdir()
    steps = [
        (hub, [*COUNTY_SETUP]),
        (hub, ["hub", "keys", "export", "--out", str(tmp_path / "县政协公钥.json")]),
        (station, ["demo", "--township-code", "511102004", "--count", "3"]),
        (station, ["keys", "add-recipient", str(tmp_path / "县政协公钥.json")]),
    ]
    for folder, args in steps:
        outcome = run_cli(capsys, "--data-dir", str(folder), *args)
        assert outcome.code == 0, outcome.err
    return hub, station, usb


def _export_and_import(
    capsys: pytest.CaptureFixture[str], station: Path, hub: Path, usb: Path, *extra: str
) -> tuple[int, str]:
    outcome = run_cli(capsys, "--data-dir", str(station), "export", "--out", str(usb), *extra)
    assert outcome.code == 0, outcome.err
    newest = max(usb.glob("*.jzsync"), key=lambda p: p.stat().st_mtime_ns)
    done = run_cli(capsys, "--data-dir", str(hub), "hub", "import", str(newest), "--trust-new")
    assert "Traceback" not in done.err
    return done.code, done.out + done.err


def test_a_restored_station_keeps_syncing(
    world: tuple[Path, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hub, station, usb = world
    assert _export_and_import(capsys, station, hub, usb)[0] == 0
    outcome = run_cli(capsys, "--data-dir", str(station), "backup", "--out", str(tmp_path))
    older = Path(outcome.out.strip().split("：", 1)[1])
    lost_number = _topic(station, "备份之后的议题")
    assert _export_and_import(capsys, station, hub, usb)[0] == 0
    outcome = run_cli(capsys, "--data-dir", str(station), "restore", str(older), "--yes")
    assert outcome.code == 0, outcome.err
    new_number = _topic(station, "恢复之后的议题")
    assert new_number != lost_number  # numbers the office already has are not given again
    code, text = _export_and_import(capsys, station, hub, usb)
    assert code == 0, text
    topics = _hub_topics(hub)
    assert topics["恢复之后的议题"] == new_number and topics["备份之后的议题"] == lost_number
    code, text = _export_and_import(capsys, station, hub, usb, "--full")
    assert code == 0, text
    hub_db = open_database(f"sqlite:///{hub / 'station.sqlite3'}")
    try:
        assert [c for c in list_conflicts(hub_db) if c.reason == REASONS["number"]] == []
    finally:
        hub_db.dispose()


def test_a_number_clash_at_the_hub_is_a_conflict_not_a_crash(
    world: tuple[Path, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hub, station, usb = world
    assert _export_and_import(capsys, station, hub, usb)[0] == 0
    shutil.copyfile(station / "station.sqlite3", tmp_path / "旧.sqlite3")
    first = _topic(station, "第一个")
    assert _export_and_import(capsys, station, hub, usb)[0] == 0
    # restored by hand, outside the program: nothing carried over
    for extra in ("", "-wal", "-shm"):
        Path(f"{station / 'station.sqlite3'}{extra}").unlink(missing_ok=True)
    shutil.copyfile(tmp_path / "旧.sqlite3", station / "station.sqlite3")
    assert _topic(station, "同号的另一个") == first
    _export_and_import(capsys, station, hub, usb)  # same package number again: refused, no crash
    code, text = _export_and_import(capsys, station, hub, usb, "--full")
    assert "Traceback" not in text and "意外错误" not in text
    hub_db = open_database(f"sqlite:///{hub / 'station.sqlite3'}")
    try:
        clashes = [c for c in list_conflicts(hub_db) if c.reason == REASONS["number"]]
        with hub_db.session() as session:
            same = session.scalar(select(func.count()).where(Consultation.number == first))
    finally:
        hub_db.dispose()
    assert code == 0, text
    assert len(clashes) == 1 and same == 1, text
