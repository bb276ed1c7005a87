"""The year export over many topics: number order, one bad record never stops the rest, revoked
topics left out and said so — through the service and through ``export-minutes``."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from station_app.cli.main import main
from station_app.domain.lifecycle import Status
from station_app.domain.progress import CancelToken, run_to_end
from station_app.services import printing
from station_app.services.consultations import TopicInput, change_status, create_topic
from station_app.services.meetings import MeetingInput, ParticipantInput, save_meeting
from station_app.services.station import SetupRequest, setup_station
from station_app.services.year_export import YearExportIncomplete
from station_app.storage.engine import Database
from station_app.storage.migrate import open_database
from station_app.storage.records import Meeting

TODAY = date(2026, 11, 26)
RARE = "\U00030000"  # CJK Ext-G: no face of a test machine, nor any shipped one, has it


def add_topic(db: Database, title: str) -> str:
    return create_topic(db, TopicInput(title, "群众点题", "养老服务", date(2026, 3, 5)), today=TODAY)


def meeting_input(held_at: datetime) -> MeetingInput:
    return MeetingInput(
        form="院坝协商",
        held_at=held_at,
        place="青龙社区院坝",
        chair="李明",
        recorder="王芳",
        consensus="由社区牵头开办老年食堂",
        participants=(ParticipantInput("张三丰", "政协委员", "出席"),),
    )


def put_in_old_record(db: Database, meeting_id: str, place: str) -> None:
    """Data from before characters were checked as they are typed."""
    with db.session() as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.place = place


TOPICS = 22  # 〔2026〕1号 … 22号: 1号, 2号 … 10号 … 19号 … 22号 in order, never 1, 10, 11 …
REVOKED = 5
BROKEN = 12


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A station's data folder holding 22 topics of 2026, each met once; 5号 revoked, 12号 unprintable."""
    folder = tmp_path / "data"
    folder.mkdir()
    db = open_database(f"sqlite:///{folder / 'station.sqlite3'}")
    try:
        setup_station(db, SetupRequest(township_code="511102004", head_name="李明", clerk_name="王芳"))
        for n in range(1, TOPICS + 1):
            cid = add_topic(db, f"第{n}个议题")
            held = datetime(2026, 4, 1 + n % 28, 9, 30)
            meeting = save_meeting(db, cid, meeting_input(held_at=held), today=TODAY)
            if n == REVOKED:  # withdrawn after 立题, as the README defines 已撤销
                change_status(db, cid, Status.ACCEPTED)
                change_status(db, cid, Status.REVOKED, reason="群众诉求已由村委会解决")
            if n == BROKEN:
                put_in_old_record(db, meeting, f"{RARE}家院坝")
    finally:
        db.dispose()
    return folder


def _numbers(names: list[str]) -> list[int]:
    return [int(name.split("〕")[1].split("号")[0]) for name in names]


EXPECTED = [n for n in range(1, TOPICS + 1) if n not in (REVOKED, BROKEN)]


def test_the_export_writes_every_other_topic_in_number_order(folder: Path, tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{folder / 'station.sqlite3'}")
    out = tmp_path / "纪要"
    try:
        with pytest.raises(YearExportIncomplete) as caught:
            run_to_end(printing.export_year_minutes(db, 2026, out, CancelToken()))
    finally:
        db.dispose()
    error = caught.value
    assert _numbers([p.name for p in error.written]) == EXPECTED
    assert sorted(_numbers([p.name for p in out.iterdir()])) == EXPECTED  # all of them on disk
    assert error.failed == [("大佛街道〔2026〕12号", f"以下字符在本机所有字体中都没有，无法打印：{RARE}")]
    assert f"已导出 {len(EXPECTED)} 份会议纪要；以下 1 份未能导出" in error.message
    assert "已撤销议题的 1 份纪要不导出。" in error.message


def test_export_minutes_lists_the_files_in_order_and_says_what_it_left_out(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = open_database(f"sqlite:///{folder / 'station.sqlite3'}")
    try:  # mend the broken record: now only the revoked topic is left out
        broken = printing.latest_meeting(db, printing.resolve_consultation(db, "2026-12"))
        put_in_old_record(db, broken, "院坝")
    finally:
        db.dispose()
    out = tmp_path / "纪要"
    code = main(["--data-dir", str(folder), "export-minutes", "--year", "2026", "--out", str(out)])
    printed, err = capsys.readouterr()
    assert code == 0, err
    listed = [Path(line).name for line in printed.splitlines() if line.endswith(".pdf")]
    assert _numbers(listed) == [n for n in range(1, TOPICS + 1) if n != REVOKED]
    summary = printed.splitlines()[-3:]
    assert summary[:2] == [
        f"已导出 {TOPICS - 1} 份会议纪要到：{out}",
        "已撤销议题的 1 份纪要不导出。",
    ]
    assert summary[2].startswith(f"其中 {TOPICS - 1} 份尚未定稿")  # drafts are counted
