"""The demo fill leaves each topic a 历史 like a clerk's: 新建, then every status step to where it is."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from station_app.domain.progress import run_to_end
from station_app.services import audit
from station_app.services.demo import fill_demo
from station_app.storage.engine import Database
from station_app.storage.records import Consultation

TODAY = date(2026, 11, 20)


def test_every_demo_topic_has_the_history_of_its_status(station_db: Database) -> None:
    run_to_end(fill_demo(station_db, 80, 5, today=TODAY))
    with station_db.session() as session:
        topics = session.scalars(select(Consultation)).all()
        assert len(topics) == 80
        statuses = set()
        for topic in topics:
            lines = audit.history(session, topic.id)
            assert lines[0].action == "create" and topic.number in lines[0].summary
            assert lines[0].actor == "王芳"  # the station's clerk
            assert [line.at for line in lines] == sorted(line.at for line in lines)
            assert all(line.at.date() <= TODAY for line in lines)
            assert topic.proposed_on is None or lines[0].at.date() == topic.proposed_on
            if topic.status == "征集中":
                assert len(lines) == 1
                continue
            assert lines[-1].action == "status" and f"“{topic.status}”" in lines[-1].summary
            if topic.status in ("不予立题", "已撤销"):
                assert topic.status_reason and topic.status_reason in lines[-1].summary
            statuses.add(topic.status)
        assert len(statuses) >= 5  # the fill spreads topics over the chain
