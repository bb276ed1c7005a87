"""Creating topics and moving them through the chain; every change is logged."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from station_app.domain.fieldcheck import ValidationError
from station_app.domain.lifecycle import Status, TransitionError
from station_app.errors import InputError
from station_app.services import audit
from station_app.services.consultations import (
    TopicInput,
    available_transitions,
    change_status,
    create_topic,
)
from station_app.services.station import SetupRequest, setup_station
from station_app.storage.engine import Database
from station_app.storage.migrate import open_database
from station_app.storage.records import Consultation

TODAY = date(2026, 11, 26)


@pytest.fixture
def db(station_db: Database) -> Database:
    return station_db


def _topic(title: str = "院坝老年食堂怎么办", on: date = date(2026, 3, 5)) -> TopicInput:
    return TopicInput(title=title, source="群众点题", field="养老服务", proposed_on=on, village="青龙社区")


def test_topics_are_numbered_per_year(db: Database) -> None:
    ids = [create_topic(db, _topic(f"议题{i}"), today=TODAY) for i in range(3)]
    other = create_topic(db, _topic("明年的议题", date(2025, 12, 1)), today=TODAY)
    with db.session() as session:
        numbers = [session.get(Consultation, i).number for i in ids]  # type: ignore[union-attr]
        assert numbers == ["大佛街道〔2026〕1号", "大佛街道〔2026〕2号", "大佛街道〔2026〕3号"]
        assert session.get(Consultation, other).number == "大佛街道〔2025〕1号"  # type: ignore[union-attr]
        row = session.get(Consultation, ids[0])
        assert row is not None and row.status == "征集中" and row.origin == "511102004"


def test_invalid_topic_names_the_fields(db: Database) -> None:
    with pytest.raises(ValidationError) as caught:
        create_topic(
            db,
            TopicInput(title="", source="听说", field="养老服务", proposed_on=date(2026, 12, 30)),
            today=TODAY,
        )
    message = caught.value.message
    assert "议题名称" in message and "议题来源" in message and "提出日期" in message
    with db.session() as session:
        assert session.scalars(select(Consultation)).all() == []


def test_forward_back_and_revoke_are_logged_in_chinese(db: Database) -> None:
    cid = create_topic(db, _topic(), today=TODAY)
    assert change_status(db, cid, Status.ACCEPTED, actor="王芳") is Status.ACCEPTED
    assert change_status(db, cid, Status.RESEARCHING) is Status.RESEARCHING
    with pytest.raises(TransitionError, match="理由"):
        change_status(db, cid, Status.ACCEPTED)
    change_status(db, cid, Status.ACCEPTED, reason="调研对象弄错了")
    change_status(db, cid, Status.REVOKED, reason="群众诉求已由村委会解决")
    with db.session() as session:
        lines = [line.summary for line in audit.history(session, cid)]
        row = session.get(Consultation, cid)
        assert row is not None and row.status == "已撤销" and row.status_reason == "群众诉求已由村委会解决"
        assert row.revision == 5
    assert lines[0].startswith("新建议题")
    assert "退回“已立题”" in lines[3] and "调研对象弄错了" in lines[3]
    assert "已撤销" in lines[4]
    assert available_transitions(db, cid) == []


def test_requirements_block_forward_moves(db: Database) -> None:
    cid = create_topic(db, _topic(), today=TODAY)
    change_status(db, cid, Status.ACCEPTED)
    change_status(db, cid, Status.RESEARCHING)
    with pytest.raises(TransitionError) as caught:
        change_status(db, cid, Status.AWAITING)
    assert "调研结论" in caught.value.message
    targets = {t.target for t in available_transitions(db, cid)}
    assert Status.AWAITING not in targets and Status.REVOKED in targets
    with db.session() as session:
        row = session.get(Consultation, cid)
        assert row is not None and row.status == "调研中"
        row.research_findings = "走访32户，老人就餐需求集中在午餐。"
    change_status(db, cid, Status.AWAITING)
    with pytest.raises(TransitionError, match="不能从"):
        change_status(db, cid, Status.ARCHIVED)


def test_hub_cannot_create_topics(tmp_path: Path) -> None:
    hub = open_database(f"sqlite:///{tmp_path / 'hub.sqlite3'}")
    try:
        setup_station(hub, SetupRequest(role="county", county_code="511102"))
        with pytest.raises(InputError, match="汇总单位"):
            create_topic(hub, _topic(), today=TODAY)
    finally:
        hub.dispose()
