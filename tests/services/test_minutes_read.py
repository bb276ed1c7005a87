"""``station-app minutes`` reads without the ORM: the minutes it reads are those the ORM path reads."""

from __future__ import annotations

import contextlib
import shutil
import uuid
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from station_app.documents.fonts import MissingGlyphsError
from station_app.domain.progress import run_to_end
from station_app.errors import InputError, NotSetUpError
from station_app.services.demo import fill_demo
from station_app.services.meetings import finalise_minutes, revise_minutes
from station_app.services.minutes_read import read_minutes, read_station
from station_app.services.printing import minutes_data
from station_app.services.printing_lookup import meeting_ids, nth_meeting, resolve_consultation
from station_app.services.station import SetupRequest, require_station, setup_station
from station_app.storage.engine import Database
from station_app.storage.migrate import open_database

DAFO = "511102004"
OTHER_TOWN = "511102001"


def _both_agree(db: Database, meeting_id: str, version: int | None = None) -> None:
    try:
        expected: object = minutes_data(db, meeting_id, version=version)
    except (InputError, MissingGlyphsError) as error:
        with pytest.raises(type(error)) as raised:
            read_minutes(db, meeting_id, version=version)
        assert str(raised.value) == str(error)
        return
    assert read_minutes(db, meeting_id, version=version) == expected


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    count=st.integers(min_value=8, max_value=25),
    seed=st.integers(min_value=1, max_value=10_000),
    finalise=st.sets(st.integers(min_value=0, max_value=40), max_size=6),
    revise=st.sets(st.integers(min_value=0, max_value=40), max_size=8),
    tombstones=st.sets(st.integers(min_value=0, max_value=200), max_size=12),
    blank_background=st.booleans(),
    hub=st.booleans(),
    other_origin=st.booleans(),
)
def test_the_lean_reader_reads_the_minutes_the_orm_reads(
    tmp_path: Path,
    migrated_template: Path,
    count: int,
    seed: int,
    finalise: set[int],
    revise: set[int],
    tombstones: set[int],
    blank_background: bool,
    hub: bool,
    other_origin: bool,
) -> None:
    path = tmp_path / f"{uuid.uuid4().hex}.sqlite3"
    shutil.copyfile(migrated_template, path)
    db = open_database(f"sqlite:///{path}")
    try:
        setup_station(db, SetupRequest(township_code=DAFO, head_name="李明", clerk_name="王芳"))
        run_to_end(fill_demo(db, count=count, seed=seed, today=date(2026, 11, 26)))
        with db.session() as session:
            meetings = session.execute(text("SELECT id FROM meetings ORDER BY id")).scalars().all()
        assert meetings
        for index in sorted(i for i in revise if i < len(meetings)):
            with contextlib.suppress(InputError):  # a draft has nothing to revise
                revise_minutes(db, meetings[index], reason="补充发言")
        for index in sorted(i for i in finalise if i < len(meetings)):
            with contextlib.suppress(InputError):  # finalised already, or nobody attended
                finalise_minutes(db, meetings[index])
        with db.session() as session:
            # Tombstoned rows of every child table, a blank background, a hub printing a station's record.
            for table in ("participants", "statements", "action_items"):
                ids = session.execute(text(f"SELECT id FROM {table} ORDER BY id")).scalars().all()
                for index in sorted(i for i in tombstones if i < len(ids)):
                    session.execute(
                        text(f"UPDATE {table} SET deleted = 1 WHERE id = :id"), {"id": ids[index]}
                    )
            if blank_background:
                session.execute(text("UPDATE meetings SET background = ''"))
            if other_origin:
                session.execute(text("UPDATE consultations SET origin = :o"), {"o": OTHER_TOWN})
            if hub:
                session.execute(text("UPDATE station_settings SET role = 'county'"))
        assert read_station(db) == require_station(db)
        for meeting_id in meetings:
            _both_agree(db, meeting_id)
            with db.session() as session:
                versions = (
                    session.execute(
                        text("SELECT version FROM minutes_versions WHERE meeting_id = :m"), {"m": meeting_id}
                    )
                    .scalars()
                    .all()
                )
            for version in [*versions, max(versions, default=0) + 1]:
                _both_agree(db, meeting_id, version)
    finally:
        db.dispose()


def test_a_deleted_meeting_or_topic_is_refused_alike(station_db: Database) -> None:
    run_to_end(fill_demo(station_db, count=10, seed=7, today=date(2026, 11, 26)))
    with station_db.session() as session:
        first, second = session.execute(
            text("SELECT id, consultation_id FROM meetings ORDER BY id LIMIT 2")
        ).all()[:2]
        session.execute(text("UPDATE meetings SET deleted = 1 WHERE id = :id"), {"id": first.id})
        session.execute(
            text("UPDATE consultations SET deleted = 1 WHERE id = :id"), {"id": second.consultation_id}
        )
    for meeting_id in (first.id, second.id, "no-such-meeting"):
        _both_agree(station_db, meeting_id)


def test_no_station_is_refused_before_anything_is_read(db: Database) -> None:
    with pytest.raises(NotSetUpError):
        read_station(db)


def test_meetings_are_found_without_the_orm(station_db: Database) -> None:
    run_to_end(fill_demo(station_db, count=6, seed=3, today=date(2026, 11, 26)))
    with station_db.session() as session:
        number, topic = session.execute(
            text(
                "SELECT c.number, c.id FROM consultations c JOIN meetings m ON m.consultation_id = c.id "
                "ORDER BY c.id LIMIT 1"
            )
        ).one()
    assert resolve_consultation(station_db, number) == topic
    assert resolve_consultation(station_db, topic) == topic
    ids = meeting_ids(station_db, topic)
    assert ids and nth_meeting(station_db, topic, None) == ids[-1]
    assert nth_meeting(station_db, topic, 1) == ids[0]
