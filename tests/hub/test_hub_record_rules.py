"""The hub holds incoming records to the station's own rules, not only to the column types."""

from __future__ import annotations

from datetime import date

import pytest

from station_app.hub.schema import check_record, rule_problem
from station_app.services.consultations import TopicInput, create_topic
from station_app.services.export_records import to_sync_record
from station_app.storage.engine import Database
from station_app.storage.records import Consultation
from station_app.sync.errors import BadPackageError
from station_app.sync.records import SyncRecord

ORIGIN = "511102004"


@pytest.fixture
def encoded(station_db: Database) -> SyncRecord:
    """A consultation encoded exactly as the station's export encodes it."""
    topic = TopicInput("院坝老年食堂", "群众点题", "养老服务", date(2026, 3, 5))
    cid = create_topic(station_db, topic, today=date(2026, 11, 26))
    with station_db.session() as session:
        row = session.get(Consultation, cid)
        assert row is not None
        return to_sync_record(row)


def _edited(record: SyncRecord, **changes: object) -> SyncRecord:
    data = {**record.data, **changes}
    return SyncRecord(record.kind, record.uuid, record.revision, record.updated_at, record.deleted, data)


def test_a_record_that_keeps_the_rules_passes(encoded: SyncRecord) -> None:
    incoming = check_record(encoded, ORIGIN, "p")
    assert incoming.values is not None and incoming.values["title"] == "院坝老年食堂"


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"proposed_on": None}, "提出日期不能为空"),
        ({"title": " "}, "议题名称不能为空"),
        ({"field": "天文"}, "所属领域“天文”不在规定范围内"),
        ({"status": "进行中"}, "状态“进行中”"),
        ({"result_code": "E"}, "办理结果“E”"),
    ],
)
def test_a_record_the_station_would_refuse_is_refused(
    encoded: SyncRecord, changes: dict[str, object], words: str
) -> None:
    with pytest.raises(BadPackageError) as caught:
        check_record(_edited(encoded, **changes), ORIGIN, "p")
    assert words in caught.value.message and "不符合填报规则" in caught.value.message


def test_tombstones_carry_no_rules(encoded: SyncRecord) -> None:
    record = _edited(encoded, proposed_on=None)
    tombstone = SyncRecord(record.kind, record.uuid, 2, record.updated_at, True, record.data)
    check_record(tombstone, ORIGIN, "p")


def test_rules_of_other_kinds() -> None:
    assert rule_problem("participant", {"name": "张三", "category": "路人", "attendance": "出席"})
    assert rule_problem("evaluation", {"rating": "很好"})
    assert rule_problem("member", {"name": "李四", "sector": "农业界"}) == ""
