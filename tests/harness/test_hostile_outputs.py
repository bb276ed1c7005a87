"""Output paths: no document command writes over the program's own files or onto a special file.

Family "outputs": each document command (and the hub's report and key file) aimed at the live
database and its journals, the keys/logs/backups folders, links to them, a FIFO, a folder and device
nodes. Each must be refused in Chinese with exit 1, no traceback, and leave the data folder
byte-identical (and the special files still what they were).
"""

from __future__ import annotations

import itertools
import os
import stat
from datetime import date, datetime
from pathlib import Path

import pytest

from station_app.services.consultations import TopicInput, create_topic
from station_app.services.meetings import MeetingInput, ParticipantInput, save_meeting
from station_app.services.members import MemberInput, add_member
from station_app.storage.migrate import open_database
from tests.people import COUNTY_SETUP, STATION_SETUP

from . import report, scaled
from .probe import run_cli, snapshot

TODAY = date(2026, 11, 26)
DOCUMENTS = {
    "minutes": ["minutes", "2026-1"],
    "signin-sheet": ["signin-sheet", "2026-1"],
    "result-report": ["result-report", "2026-1"],
    "member-record": ["member-record", "赵晓东", "--from", "2026-01-01", "--to", "2026-12-31"],
    "keys registration": ["keys", "registration"],
}


@pytest.fixture
def station(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "联络站"
    assert (
        run_cli(
            capsys,
            "--data-dir",
            str(folder),
            *STATION_SETUP,
        ).code
        == 0
    )
    db = open_database(f"sqlite:///{folder / 'station.sqlite3'}")
    try:
        member = add_member(db, MemberInput("赵晓东", "经济界", "乐山市商会"))
        cid = create_topic(
            db, TopicInput("白塔街停车难", "委员荐题", "交通出行", date(2026, 3, 1)), today=TODAY
        )
        meeting = MeetingInput(
            form="社区协商",
            held_at=datetime(2026, 4, 2, 15, 0),
            place="议事室",
            chair="李明",
            recorder="王芳",
            consensus="错时共享车位",
            participants=(ParticipantInput("赵晓东", "政协委员", "出席", "乐山市商会", "", member),),
        )
        save_meeting(db, cid, meeting, today=TODAY)
    finally:
        db.dispose()
    assert run_cli(capsys, "--data-dir", str(folder), "keys", "fingerprint").code == 0  # keys made
    return folder


def hostile_targets(folder: Path, spare: Path) -> dict[str, Path]:
    """Names that must never be written: the program's own files, links to them, special files."""
    db = folder / "station.sqlite3"
    spare.mkdir(exist_ok=True)
    fifo = spare / "管道.pdf"
    if not fifo.exists():
        os.mkfifo(fifo)
    (spare / "文件夹.pdf").mkdir(exist_ok=True)
    links = {
        "link to database": (spare / "链接.pdf", db),
        "link to key": (spare / "钥匙.pdf", next((folder / "keys").iterdir())),
        "link to /dev/null": (spare / "空设备.pdf", Path("/dev/null")),
        "dangling link into keys": (spare / "悬空.pdf", folder / "keys" / "新.pdf"),
    }
    for link, target in links.values():
        if not link.is_symlink():
            link.symlink_to(target)
    hard = spare / "硬链接.pdf"
    if not hard.exists():
        os.link(db, hard)
    return {
        "database": db,
        "database -wal": Path(f"{db}-wal"),
        "database -shm": Path(f"{db}-shm"),
        "database -journal": Path(f"{db}-journal"),
        "keys folder": folder / "keys" / "x.pdf",
        "log file": folder / "logs" / "station-app.log",
        "backups folder": folder / "backups" / "x.pdf",
        "FIFO": fifo,
        "folder": spare / "文件夹.pdf",
        "hard link to database": hard,
        **{name: link for name, (link, _target) in links.items()},
        "/dev/null": Path("/dev/null"),
        "/dev/full": Path("/dev/full"),
    }


def _special_state() -> dict[str, int]:
    return {p: os.lstat(p).st_mode for p in ("/dev/null", "/dev/full") if os.path.exists(p)}


def test_document_commands_never_write_over_own_or_special_files(
    station: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    targets = hostile_targets(station, tmp_path / "别处")
    pairs = list(itertools.product(DOCUMENTS.items(), targets.items()))
    # keys registration appends .pdf to other names, which makes them new, harmless files
    pairs = [p for p in pairs if p[0][0] != "keys registration" or p[1][1].name.endswith(".pdf")]
    count = scaled(24, len(pairs))
    chosen = pairs[:: max(1, len(pairs) // count)][:count] if count < len(pairs) else pairs
    before, devices, outside = snapshot(station), _special_state(), snapshot(tmp_path / "别处")
    problems: list[str] = []
    for (command, words), (what, target) in chosen:
        outcome = run_cli(capsys, "--data-dir", str(station), *words, "--out", str(target))
        problems += [f"{command} → {what}: {p}" for p in outcome.refused("不能写到")]
        after = snapshot(station)
        if after != before or _special_state() != devices:
            changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
            problems.append(f"{command} → {what}: the data folder or a device changed: {changed}")
            break
    assert snapshot(tmp_path / "别处") == outside
    assert stat.S_ISFIFO((tmp_path / "别处" / "管道.pdf").lstat().st_mode)
    report("hostile outputs", tried=len(chosen), refused=len(chosen) - len(problems), lost=len(problems))
    assert problems == [], "\n".join(problems)
    # control: an ordinary file name next to them is written
    good = tmp_path / "别处" / "纪要.pdf"
    assert run_cli(capsys, "--data-dir", str(station), "minutes", "2026-1", "--out", str(good)).code == 0
    assert good.read_bytes().startswith(b"%PDF")


def test_export_minutes_refuses_the_programs_own_folders(
    station: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(station)
    for folder in ("keys", "logs", "attachments"):
        outcome = run_cli(
            capsys,
            "--data-dir",
            str(station),
            "export-minutes",
            "--year",
            "2026",
            "--out",
            str(station / folder),
        )
        assert outcome.refused("不能写到") == []
    assert snapshot(station) == before


def test_hub_report_and_key_file_refuse_own_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hub = tmp_path / "县政协"
    setup = run_cli(
        capsys,
        "--data-dir",
        str(hub),
        *COUNTY_SETUP,
    )
    assert setup.code == 0, setup.err
    assert (
        run_cli(
            capsys, "--data-dir", str(hub), "hub", "keys", "export", "--out", str(tmp_path / "k.json")
        ).code
        == 0
    )
    spare = tmp_path / "别处"
    spare.mkdir()
    (spare / "报表.xlsx").symlink_to(hub / "station.sqlite3")
    (spare / "公钥.json").symlink_to(hub / "station.sqlite3")
    os.mkfifo(spare / "管道.pdf")
    before = snapshot(hub)
    period = ["--from", "2026-01-01", "--to", "2026-12-31"]
    for out in (spare / "报表.xlsx", spare / "管道.pdf", hub / "keys" / "r.pdf", Path("/dev/null")):
        outcome = run_cli(capsys, "--data-dir", str(hub), "hub", "report", *period, "--out", str(out))
        assert outcome.refused("不能写到") == [], out
    for out in (spare / "公钥.json", hub / "keys" / "k.json"):
        outcome = run_cli(capsys, "--data-dir", str(hub), "hub", "keys", "export", "--out", str(out))
        assert outcome.refused("不能写到") == [], out
    assert snapshot(hub) == before
