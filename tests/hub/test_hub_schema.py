"""The quick and the careful check of incoming records agree: value for value, refusal for refusal."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from station_app.domain.progress import run_to_end
from station_app.hub import schema
from station_app.services.demo import fill_demo
from station_app.services.export_records import model_keys, to_sync_record
from station_app.services.station import SetupRequest, setup_station
from station_app.storage.engine import Database
from station_app.storage.records import SYNCED_MODELS
from station_app.sync.errors import BadPackageError
from station_app.sync.records import SyncRecord

ORIGIN = "511102004"


@pytest.fixture
def records(db: Database) -> list[SyncRecord]:
    setup_station(db, SetupRequest(township_code=ORIGIN, clerk_name="王芳"))
    run_to_end(fill_demo(db, 40, 2, today=date(2026, 3, 15)))
    found: list[SyncRecord] = []
    keys = model_keys()
    with db.session() as session:
        for model in SYNCED_MODELS:
            found += [to_sync_record(row, keys[model]) for row in session.scalars(select(model))]
    return found


def _careful(record: SyncRecord) -> dict[str, Any] | str:
    try:
        return schema._checked_values(record)
    except BadPackageError as error:
        return error.message


def _checked(record: SyncRecord) -> dict[str, Any] | str:
    try:
        values = schema.check_record(record, ORIGIN, "p").values
    except BadPackageError as error:
        return error.message
    assert values is not None
    return values


def test_real_records_convert_the_same_both_ways(records: list[SyncRecord]) -> None:
    assert {r.kind for r in records} >= {"consultation", "meeting", "participant", "member", "report"}
    for record in records:
        assert schema._fast_values(record.kind, record.data) == _careful(record)


@pytest.mark.parametrize(
    "change",
    [
        {"title": None},
        {"title": 5},
        {"title": "长" * 1000},
        {"year": "2026"},
        {"year": True},
        {"year": 2**40},
        {"status": ["已受理"]},
        {"proposed_on": "2026-3-1"},
        {"proposed_on": "2026-02-30"},
        {"created_at": "2026-03-01T10:00:00"},
        {"created_at": 7},
    ],
)
def test_each_defect_is_refused_with_the_careful_message(
    records: list[SyncRecord], change: dict[str, Any]
) -> None:
    record = next(r for r in records if r.kind == "consultation")
    data = {**record.data, **{k: v for k, v in change.items() if k in record.data}}
    broken = replace(record, data=data)
    assert data != record.data
    expected = _careful(broken)
    assert isinstance(expected, str)
    assert schema._fast_values(broken.kind, broken.data) is None
    assert _checked(broken) == expected


def test_a_missing_field_is_named(records: list[SyncRecord]) -> None:
    record = next(r for r in records if r.kind == "participant")
    data = dict(record.data)
    del data["name"]
    assert str(_checked(replace(record, data=data))).endswith(f"记录 participant {record.uuid} 缺少字段 name")
