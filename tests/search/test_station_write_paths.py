"""Every way records reach a station's database leaves them findable by every piece of their title.

One station database per module (a copy of the migrated template) takes every example: each
example checks the records it made, and the index as a whole against the records.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from alembic import command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import update

from station_app.domain.progress import run_to_end
from station_app.services import keys
from station_app.services.backups import backup_now, restore
from station_app.services.consultations import TopicInput, create_topic, update_topic
from station_app.services.demo import fill_demo
from station_app.services.feedback_import import import_feedback
from station_app.services.ledger import import_ledger, read_ledger, write_template
from station_app.services.ledger_xlsx import LEDGER_SHEET
from station_app.services.meetings import MeetingInput, StatementInput, save_meeting
from station_app.services.members import MemberInput, add_member
from station_app.services.reports import ReportInput, add_report, convert_to_topic, update_report
from station_app.services.station import SetupRequest, setup_station
from station_app.storage.base import new_uuid
from station_app.storage.engine import Database
from station_app.storage.migrate import alembic_config, open_database
from station_app.storage.records import Consultation, Report
from tests.hub.hub_world import new_db, using
from tests.search.findable import assert_found, assert_index_exact, consultation_ids, titles
from tests.services.test_feedback_import import Office, feedback_package
from tests.services.test_feedback_import import reply as reply_record

TODAY = date(2026, 11, 26)
DAFO = "511102004"
FAST = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SLOW = settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("station")


@pytest.fixture(scope="module")
def station(folder: Path, migrated_template: Path) -> Iterator[Database]:
    with using(folder):
        db = new_db(migrated_template, folder / "station.sqlite3")
        setup_station(db, SetupRequest(township_code=DAFO, head_name="李明", clerk_name="王芳"))
    yield db
    db.dispose()


def _topic(title: str, description: str = "") -> TopicInput:
    return TopicInput(title, "群众点题", "养老服务", date(2026, 3, 5), description=description)


@FAST
@given(first=titles, second=titles, words=titles)
def test_the_editors(station: Database, first: str, second: str, words: str) -> None:
    """选题 created and renamed, a meeting's statement, a 社情民意 report edited, a member added."""
    cid = create_topic(station, _topic(first), today=TODAY)
    assert_found(station, "consultation", cid, first)
    update_topic(station, cid, _topic(second), today=TODAY)
    assert_found(station, "consultation", cid, second)
    meeting = MeetingInput(
        "院坝协商", datetime(2026, 4, 2, 9, 30), "议事室", "李明", "王芳",
        statements=(StatementInput("张大妈", words),),
    )  # fmt: skip
    save_meeting(station, cid, meeting, today=TODAY)
    assert_found(station, "consultation", cid, words)
    rid = add_report(station, ReportInput(first, "张三", "情况说明"), today=TODAY)
    update_report(station, rid, ReportInput(second, "张三", "情况说明"), today=TODAY)
    assert_found(station, "report", rid, second)
    mid = add_member(station, MemberInput(first[:6], "农业界", unit=words))
    assert_found(station, "member", mid, first[:6])
    assert_found(station, "member", mid, words)
    assert_index_exact(station)


@FAST
@given(title=titles)
def test_a_report_turned_into_a_topic(station: Database, title: str) -> None:
    rid = add_report(station, ReportInput(title, "李四", "群众反映"), today=TODAY)
    cid = convert_to_topic(station, rid, field="社会治理", today=TODAY)
    assert_found(station, "consultation", cid, title)
    assert_found(station, "report", rid, title)
    assert_index_exact(station)


@FAST
@given(batch=st.lists(titles, min_size=1, max_size=4))
def test_a_json_ledger(station: Database, folder: Path, batch: list[str]) -> None:
    path = folder / "台账.json"
    rows = [
        {"title": t, "source": "群众点题", "field": "社会治理", "proposed_on": "2025-05-06"} for t in batch
    ]
    path.write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
    result = run_to_end(import_ledger(station, read_ledger(path, today=TODAY), today=TODAY))
    for cid, title in zip(consultation_ids(station, result.numbers), batch, strict=True):
        assert_found(station, "consultation", cid, title)
    assert_index_exact(station)


@SLOW
@given(batch=st.lists(titles, min_size=1, max_size=4))
def test_an_excel_ledger(station: Database, folder: Path, batch: list[str]) -> None:
    path = write_template(folder / "台账.xlsx")
    book = load_workbook(path)
    sheet = book[LEDGER_SHEET]
    columns = {str(c.value).rstrip("*"): c.column for c in sheet[1] if c.value}
    for offset, title in enumerate(batch):
        row = {"议题名称": title, "议题来源": "群众点题", "所属领域": "交通出行", "提出日期": "2025-03-05"}
        for label, value in row.items():
            sheet.cell(row=4 + offset, column=columns[label], value=value)
    book.save(path)
    ledger = read_ledger(path, today=TODAY)
    assert ledger.ok, ledger.errors
    result = run_to_end(import_ledger(station, ledger, today=TODAY))
    for cid, title in zip(consultation_ids(station, result.numbers), batch, strict=True):
        assert_found(station, "consultation", cid, title)
    assert_index_exact(station)


@pytest.fixture(scope="module")
def office(station: Database, folder: Path) -> Office:
    with using(folder):
        made = Office(folder)
        keys.add_recipient(made.file)
    return made


@FAST
@given(reply=titles, note=titles)
def test_feedback_from_the_county(
    station: Database, folder: Path, office: Office, reply: str, note: str
) -> None:
    with using(folder):
        cid = create_topic(station, _topic("院坝食堂"), today=TODAY)
        with station.session() as session:  # feedback answers only a topic whose result was sent
            session.execute(update(Consultation).where(Consultation.id == cid).values(status="已报送"))
        record = reply_record(cid, reply_text=reply, progress_note=note)
        path = feedback_package(folder, office.signing, [record], name=f"{new_uuid()}.jzsync")
        result = run_to_end(import_feedback(station, path))
    assert result.feedback_applied == 1
    assert_found(station, "consultation", cid, reply)
    assert_found(station, "consultation", cid, note)
    assert_index_exact(station)


@SLOW
@given(batch=st.lists(titles, min_size=1, max_size=3))
def test_restoring_a_backup(station: Database, folder: Path, tmp_path: Path, batch: list[str]) -> None:
    ids = [create_topic(station, _topic(title), today=TODAY) for title in batch]
    source = Path(str(station.engine.url.database))
    with using(folder):
        copy = backup_now(source)
    target = tmp_path / f"{new_uuid()}.sqlite3"
    shutil.copyfile(source, target)  # a database the backup replaces
    restore(target, copy)
    restored = open_database(f"sqlite:///{target}")
    try:
        for cid, title in zip(ids, batch, strict=True):
            assert_found(restored, "consultation", cid, title)
        assert_index_exact(restored)
    finally:
        restored.dispose()


@pytest.fixture(scope="module")
def before_upkeep(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A station database at schema 0008, the last before the database kept the index (0009)."""
    path = tmp_path_factory.mktemp("old") / "station.sqlite3"
    db = Database(f"sqlite:///{path}")
    config = alembic_config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0008")
    with using(path.parent):
        setup_station(db, SetupRequest(township_code=DAFO, head_name="李明", clerk_name="王芳"))
    db.dispose()
    return path


@SLOW
@given(batch=st.lists(titles, min_size=1, max_size=4))
def test_records_written_before_an_upgrade(before_upkeep: Path, tmp_path: Path, batch: list[str]) -> None:
    """Rows an older version wrote past the index are found once the migration has run."""
    work = tmp_path / f"{new_uuid()}.sqlite3"
    shutil.copyfile(before_upkeep, work)
    ids = [new_uuid() for _ in batch]
    with sqlite3.connect(work) as con:
        for seq, (cid, title) in enumerate(zip(ids, batch, strict=True), start=1):
            con.execute(
                "INSERT INTO consultations (id, origin, revision, created_at, updated_at, deleted,"
                " change_seq, number, year, seq, title, description, source, field, village, proposer,"
                " status, status_reason, research_method, research_findings, output_type, sent_to, lead_unit,"
                " result_code, reply_text) VALUES (?, ?, 1, '2025-01-01 00:00:00', '2025-01-01 00:00:00',"
                " 0, 1, ?, 2025, ?, ?, '', '群众点题', '社会治理', '', '', '征集中', '', '', '', '', '', '',"
                " '', '')",
                (cid, DAFO, f"大佛街道〔2025〕{seq}号", seq, title),
            )
    db = open_database(f"sqlite:///{work}")
    try:
        for cid, title in zip(ids, batch, strict=True):
            assert_found(db, "consultation", cid, title)
        assert_index_exact(db)
    finally:
        db.dispose()


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(min_value=1, max_value=10_000))
def test_the_demo_fill(migrated_template: Path, tmp_path: Path, seed: int) -> None:
    folder = tmp_path / new_uuid()
    with using(folder):
        db = new_db(migrated_template, folder / "station.sqlite3")
        try:
            setup_station(db, SetupRequest(township_code=DAFO, head_name="李明", clerk_name="王芳"))
            run_to_end(fill_demo(db, 6, seed, today=TODAY))
            with db.session() as session:
                topics = [
                    (c.id, c.title)
                    for c in session.query(Consultation).filter(Consultation.deleted.is_(False))
                ]
                reports = [(r.id, r.title) for r in session.query(Report).filter(Report.deleted.is_(False))]
            assert topics and reports
            for cid, title in topics:
                assert_found(db, "consultation", cid, title)
            for rid, title in reports:
                assert_found(db, "report", rid, title)
            assert_index_exact(db)
        finally:
            db.dispose()
