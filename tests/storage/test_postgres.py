"""The same models and migrations on a real PostgreSQL server (the city hub's option)."""

from __future__ import annotations

from datetime import date

import pytest

from station_app.services.check import check_database
from station_app.services.consultations import TopicInput, create_topic
from station_app.services.station import SetupRequest, setup_station
from station_app.storage.migrate import open_database
from station_app.storage.records import Consultation

pytestmark = pytest.mark.postgres


def test_migrations_and_a_unit_of_work_on_postgresql(pg_url: str) -> None:
    db = open_database(pg_url)
    try:
        assert not db.is_sqlite
        report = check_database(db)
        assert report.ok, report.problems
        setup_station(db, SetupRequest(township_code="511102004"))
        cid = create_topic(
            db, TopicInput("通组路硬化", "群众点题", "交通出行", date(2026, 3, 5)), today=date(2026, 11, 26)
        )
        with db.session() as session:
            row = session.get(Consultation, cid)
            assert row is not None and row.number == "大佛街道〔2026〕1号" and row.revision == 1
        # Opening again is a no-op at head.
        open_database(pg_url).dispose()
    finally:
        db.dispose()
