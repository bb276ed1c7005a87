"""Demonstration data: every status, consistent with its status, repeatable, and all or nothing."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.domain import lifecycle
from station_app.domain.classifications import (
    ATTENDANCE,
    MEETING_FORMS,
    PARTICIPANT_CATEGORIES,
    REPORT_CONVERTED,
    SATISFACTION,
    SECTORS,
    SOURCE_FROM_REPORT,
)
from station_app.domain.lifecycle import PATH, Status
from station_app.domain.progress import CancelToken, Progress, run_to_end
from station_app.domain.validation import (
    validate_action_item,
    validate_conversion,
    validate_meeting,
    validate_member,
    validate_participant,
    validate_research,
    validate_topic,
)
from station_app.errors import Cancelled, InputError, NotSetUpError
from station_app.services.attachments import blob_path
from station_app.services.consultations import facts_of
from station_app.services.demo import DemoSummary, fill_demo
from station_app.services.meetings import minutes_version
from station_app.services.members import initials_of
from station_app.services.station import SetupRequest, setup_station
from station_app.storage.engine import Database
from station_app.storage.local import Counter as ChangeCounter
from station_app.storage.migrate import open_database
from station_app.storage.records import (
    SYNCED_MODELS,
    ActionItem,
    Attachment,
    Consultation,
    Evaluation,
    Meeting,
    Member,
    MinutesVersion,
    Participant,
    Report,
    Statement,
)

TODAY = date(2026, 3, 15)
NUMBER_RE = re.compile(r"^大佛街道〔(\d{4})〕(\d+)号$")


@pytest.fixture
def station(db: Database) -> Database:
    setup_station(db, SetupRequest(township_code="511102004", clerk_name="王芳"))
    return db


def _fill(db: Database, count: int = 60, seed: int = 1) -> DemoSummary:
    return run_to_end(fill_demo(db, count, seed, today=TODAY))


def _counts(db: Database) -> dict[str, int]:
    with db.session() as session:
        counts = {m.kind: session.scalar(select(func.count()).select_from(m)) or 0 for m in SYNCED_MODELS}
        change = select(ChangeCounter.value).where(ChangeCounter.name == "change")
        counts["change"] = session.scalar(change) or 0
        return counts


def _station(tmp_path: Path, code: str = "511102004") -> Database:
    tmp_path.mkdir(parents=True, exist_ok=True)
    db = open_database(f"sqlite:///{tmp_path / 's.sqlite3'}")
    setup_station(db, SetupRequest(township_code=code, clerk_name="王芳"))
    return db


def _titles(db: Database) -> list[str]:
    with db.session() as session:
        return list(session.scalars(select(Consultation.title).order_by(Consultation.year, Consultation.seq)))


def test_the_default_fill_covers_every_status_and_the_summary_matches(station: Database) -> None:
    summary = _fill(station)
    counts = _counts(station)
    assert summary.consultations == counts["consultation"] == 60
    assert summary.reports == counts["report"] == 15
    assert 12 <= summary.members == counts["member"] <= 20
    for kind, value in counts.items():
        if kind != "change":
            assert getattr(summary, f"{kind}s") == value, kind
    assert 0 < summary.attachments <= 20
    assert summary.total == sum(v for k, v in counts.items() if k != "change")
    with station.session() as session:
        statuses = Counter(session.scalars(select(Consultation.status)))
    assert set(statuses) == {s.value for s in Status}


def _reached(status: Status) -> int:
    """How far along PATH the record's data must go (revoked ones may stop anywhere)."""
    if status is Status.REJECTED or status is Status.REVOKED:
        return 0
    return PATH.index(status)


def _check_meetings(session: Session, row: Consultation, finalised: bool) -> None:
    meetings = list(session.scalars(select(Meeting).where(Meeting.consultation_id == row.id)))
    assert meetings, row.number
    for meeting in meetings:
        assert meeting.form in MEETING_FORMS and meeting.place and meeting.chair
        assert meeting.recorder == "王芳"  # the clerk
        assert not validate_meeting(
            {
                "form": meeting.form,
                "held_at": meeting.held_at,
                "place": meeting.place,
                "chair": meeting.chair,
                "recorder": meeting.recorder,
                "consensus": meeting.consensus,
            }
        )
        assert meeting.held_at.date() <= TODAY and meeting.consensus.strip()
        people = list(session.scalars(select(Participant).where(Participant.meeting_id == meeting.id)))
        assert 5 <= len(people) <= 12
        for p in people:
            assert p.category in PARTICIPANT_CATEGORIES and p.attendance in ATTENDANCE
            values = {k: getattr(p, k) for k in ("name", "category", "attendance", "unit", "phone")}
            assert not validate_participant(values)
        said = session.scalar(select(func.count()).where(Statement.meeting_id == meeting.id))
        assert said is not None and 2 <= said <= 5
        items = list(session.scalars(select(ActionItem).where(ActionItem.meeting_id == meeting.id)))
        assert 1 <= len(items) <= 4
        for item in items:
            assert not validate_action_item(
                {
                    "matter": item.matter,
                    "unit": item.unit,
                    "person": item.person,
                    "due_on": item.due_on,
                    "done_on": item.done_on,
                },
                today=TODAY,
            )
        if finalised:
            assert meeting.finalised and meeting.minutes_version == 1
            assert session.scalar(select(func.count()).where(MinutesVersion.meeting_id == meeting.id)) == 1


def test_each_record_has_the_data_its_status_needs(station: Database) -> None:
    _fill(station)
    with station.session() as session:
        for row in session.scalars(select(Consultation)):
            status = Status(row.status)
            reached = _reached(status)
            facts = facts_of(session, row)
            for step in PATH[1 : reached + 1]:
                assert lifecycle.missing_requirements(step, facts) == [], (row.number, step)
            assert not validate_topic(
                {
                    "title": row.title,
                    "source": row.source,
                    "field": row.field,
                    "village": row.village,
                    "proposer": row.proposer,
                    "proposed_on": row.proposed_on,
                    "description": row.description,
                },
                today=TODAY,
            )
            assert row.proposed_on is not None and row.proposed_on.year in (TODAY.year - 1, TODAY.year)
            if status in (Status.REJECTED, Status.REVOKED):
                assert row.status_reason.strip()
            if reached >= PATH.index(Status.RESEARCHING):
                assert not validate_research(
                    {
                        k: getattr(row, k)
                        for k in ("research_method", "research_start", "research_end", "research_findings")
                    },
                    today=TODAY,
                )
            if reached >= PATH.index(Status.CONSULTED):
                _check_meetings(session, row, finalised=reached >= PATH.index(Status.SUBMITTED))
            if reached >= PATH.index(Status.SUBMITTED):
                assert row.output_type and row.sent_on and row.lead_unit and row.deadline
                assert not validate_conversion(
                    {
                        k: getattr(row, k)
                        for k in (
                            "output_type",
                            "sent_to",
                            "sent_on",
                            "lead_unit",
                            "deadline",
                            "result_code",
                            "reply_text",
                            "reply_on",
                        )
                    },
                    today=TODAY,
                )
                assert row.sent_to in ("中共大佛街道工作委员会、大佛街道办事处", "市中区政协办公室")
            if reached >= PATH.index(Status.FED_BACK):
                assert row.result_code in "ABCD" and row.result_code and row.reply_text
            if reached >= PATH.index(Status.EVALUATED):
                rated = select(Evaluation.rating).where(Evaluation.consultation_id == row.id)
                ratings = list(session.scalars(rated))
                assert ratings and set(ratings) <= set(SATISFACTION)


def test_finalised_minutes_read_back_as_they_were_finalised(station: Database) -> None:
    _fill(station)
    with station.session() as session:
        meeting = session.scalars(select(Meeting).where(Meeting.finalised.is_(True))).first()
        assert meeting is not None
        people = session.scalar(select(func.count()).where(Participant.meeting_id == meeting.id))
    version = minutes_version(station, meeting.id, 1)
    assert version.place == meeting.place and version.consensus == meeting.consensus
    assert isinstance(version.held_at, datetime) and len(version.participants) == people


def test_numbers_are_unique_official_and_follow_the_dates(station: Database) -> None:
    _fill(station)
    with station.session() as session:
        rows = session.execute(
            select(
                Consultation.number, Consultation.year, Consultation.seq, Consultation.proposed_on
            ).order_by(Consultation.year, Consultation.seq)
        ).all()
    by_year: dict[int, list[int]] = {}
    for number, year, seq, proposed_on in rows:
        match = NUMBER_RE.match(number)
        assert match and (int(match[1]), int(match[2])) == (year, seq) and proposed_on.year == year
        by_year.setdefault(year, []).append(seq)
    for seqs in by_year.values():
        assert seqs == list(range(1, len(seqs) + 1))
    dates = [r[3] for r in rows]
    assert dates == sorted(dates)


def test_the_same_seed_gives_the_same_data(tmp_path: Path) -> None:
    first, second, other = (_station(tmp_path / name) for name in ("a", "b", "c"))
    try:
        _fill(first, seed=7)
        _fill(second, seed=7)
        _fill(other, seed=8)
        assert _titles(first) == _titles(second) != _titles(other)
    finally:
        for db in (first, second, other):
            db.dispose()


def test_running_twice_adds_without_collisions(station: Database) -> None:
    _fill(station)
    before = _counts(station)
    again = _fill(station)
    assert again.consultations == 60 and again.members == 0  # the registry is reused
    with station.session() as session:
        numbers = list(session.scalars(select(Consultation.number)))
        seqs = session.execute(select(Consultation.year, Consultation.seq)).all()
    assert len(numbers) == len(set(numbers)) == 120 and len(set(seqs)) == 120
    assert _counts(station)["change"] == before["change"] + 1


def test_bookkeeping_is_set_on_every_synced_row(station: Database) -> None:
    _fill(station)
    change = _counts(station)["change"]
    with station.session() as session:
        for model in SYNCED_MODELS:
            columns = (model.origin, model.revision, model.change_seq, model.deleted)
            rows = session.execute(select(*columns)).all()
            assert rows and set(rows) == {("511102004", 1, change, False)}, model.kind
        row = session.scalars(select(Consultation)).first()
        assert row is not None and row.updated_at.tzinfo is not None and row.created_at == row.updated_at


def test_members_have_sectors_phones_and_pinyin_initials(station: Database) -> None:
    _fill(station)
    with station.session() as session:
        members = list(session.scalars(select(Member)))
    assert len({m.name for m in members}) == len(members)
    for m in members:
        assert m.sector in SECTORS and m.initials == initials_of(m.name) and m.initials.isalpha()
        values = {k: getattr(m, k) for k in ("name", "sector", "unit", "position", "phone")}
        assert not validate_member(values)


def test_converted_reports_link_both_ways(station: Database) -> None:
    _fill(station)
    with station.session() as session:
        reports = list(session.scalars(select(Report)))
        converted = [r for r in reports if r.status == REPORT_CONVERTED]
        assert converted and len(converted) < len(reports)
        for report in converted:
            topic = session.get(Consultation, report.consultation_id)
            assert topic is not None and topic.report_id == report.id and topic.source == SOURCE_FROM_REPORT
            assert topic.title == report.title and topic.proposer == report.reporter
            assert topic.proposed_on and report.reported_on and report.reported_on <= topic.proposed_on
        from_reports = session.scalar(select(func.count()).where(Consultation.source == SOURCE_FROM_REPORT))
        assert from_reports == len(converted)
        assert all(r.consultation_id is None for r in reports if r.status != REPORT_CONVERTED)


def test_attachment_files_exist_and_match_their_hash(station: Database) -> None:
    _fill(station)
    with station.session() as session:
        attachments = list(session.scalars(select(Attachment)))
        owners = {a.owner_kind for a in attachments}
        for a in attachments:
            owner = session.get(Meeting if a.owner_kind == "meeting" else Consultation, a.owner_id)
            assert owner is not None
    assert 0 < len(attachments) <= 20 and owners == {"meeting", "consultation"}
    for a in attachments:
        data = blob_path(a.sha256).read_bytes()
        assert hashlib.sha256(data).hexdigest() == a.sha256 and len(data) == a.size
        if a.media_type == "image/png":
            assert data.startswith(b"\x89PNG\r\n\x1a\n")


def test_places_belong_to_the_township(station: Database, tmp_path: Path) -> None:
    _fill(station)
    with station.session() as session:
        villages = set(session.scalars(select(Consultation.village).where(Consultation.village != "")))
    assert villages and all(v.endswith("社区") for v in villages)  # a 街道 has communities
    assert "大佛社区" in villages
    town = _station(tmp_path / "苏稽", "511102106")
    try:
        run_to_end(fill_demo(town, 200, today=TODAY))
        with town.session() as session:
            villages = set(session.scalars(select(Consultation.village).where(Consultation.village != "")))
            addressees = set(session.scalars(select(Consultation.sent_to).where(Consultation.sent_to != "")))
        assert {"苏稽村", "苏稽社区"} <= villages and all(v.endswith(("村", "社区")) for v in villages)
        assert "中共苏稽镇委员会、苏稽镇人民政府" in addressees
    finally:
        town.dispose()


def _schema(db: Database) -> list[tuple[str, str]]:
    with db.engine.connect() as connection:
        return sorted(connection.exec_driver_sql("SELECT name, sql FROM sqlite_master").tuples())


def test_cancel_leaves_the_database_as_it_was(station: Database, data_dir: Path) -> None:
    before = _counts(station)
    schema = _schema(station)
    token = CancelToken()
    job = fill_demo(station, 5000, cancel=token, today=TODAY)
    seen: list[Progress] = []
    with pytest.raises(Cancelled):
        for progress in job:
            seen.append(progress)
            if progress.done > 0:
                token.cancel()
    assert seen[-1].done == 2000 and seen[-1].total == 5000
    assert _counts(station) == before
    assert _schema(station) == schema  # the indexes dropped for the fill are back
    assert not any((data_dir / "attachments").rglob("*"))  # no files left behind either
    with station.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_a_fill_keeps_the_schema_and_the_wal(station: Database) -> None:
    schema = _schema(station)
    run_to_end(fill_demo(station, 2100, today=TODAY))
    assert _schema(station) == schema
    with station.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def test_a_hub_cannot_make_demo_data(db: Database) -> None:
    setup_station(db, SetupRequest(role="county", county_code="511102"))
    with pytest.raises(InputError, match="演示数据只能在乡镇联络站中生成"):
        fill_demo(db)


def test_checks_happen_before_the_job_starts(db: Database) -> None:
    with pytest.raises(NotSetUpError):
        fill_demo(db)
    setup_station(db, SetupRequest(township_code="511102004"))
    with pytest.raises(InputError, match="演示议题数量"):
        fill_demo(db, 0)


def test_a_few_thousand_topics_fill_in_batches(station: Database) -> None:
    job = fill_demo(station, 2500, seed=3, today=TODAY)
    done = []
    while True:
        try:
            done.append(next(job).done)
        except StopIteration as stop:
            summary = stop.value
            break
    assert done[:3] == [0, 2000, 2500]  # then the search index is rebuilt in bulk
    assert summary.consultations == 2500 and summary.reports == 625
    with station.session() as session:
        assert session.scalar(select(func.count(func.distinct(Consultation.number)))) == 2500
