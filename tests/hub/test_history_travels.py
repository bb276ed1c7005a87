"""A record's 历史 travels with it: the hub shows the station's audit lines, each line once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from station_app.domain.progress import run_to_end
from station_app.hub.importer import import_packages
from station_app.services import audit
from station_app.services.consultations import TopicInput, change_status, create_topic
from station_app.sync.errors import BadPackageError
from station_app.sync.history import HISTORY_MEMBER, HistoryLine, decode_history, encode_history
from station_app.sync.package import open_package, payload_members, seal_package
from tests.hub.hub_world import DAFO, Hub, Station, make_hub, make_station, using
from tests.sync.sync_factory import make_content, signing_key

TODAY = date(2026, 11, 20)


@pytest.fixture
def pair(tmp_path: Path, migrated_template: Path) -> Iterator[tuple[Station, Hub]]:
    hub = make_hub(migrated_template, tmp_path / "city")
    station = make_station(migrated_template, tmp_path, DAFO, [hub.key_file])
    yield station, hub
    station.db.dispose()
    hub.db.dispose()


def _lines(station_or_hub: Station | Hub, record_id: str) -> list[tuple[object, ...]]:
    with station_or_hub.db.session() as session:
        return [(x.at, x.actor, x.action, x.summary) for x in audit.history(session, record_id)]


def _import(hub: Hub, package: Path) -> None:
    with using(hub.folder):
        outcomes = run_to_end(import_packages(hub.db, [package], trust_new=True))
    assert all(o.ok for o in outcomes), [o.line() for o in outcomes]


def test_the_hub_shows_what_the_station_did(pair: tuple[Station, Hub], tmp_path: Path) -> None:
    station, hub = pair
    out = tmp_path / "usb"
    out.mkdir()
    with using(station.folder):
        topic = TopicInput("菜市场周边停车难", "群众点题", "交通出行", date(2026, 3, 1), "", "王大爷")
        cid = create_topic(station.db, topic, today=TODAY, actor="王芳")
        change_status(station.db, cid, "已立题", actor="王芳")
    first = station.export(out)
    _import(hub, first)
    assert len(_lines(station, cid)) == 2
    assert _lines(hub, cid) == _lines(station, cid)
    with using(station.folder):
        change_status(station.db, cid, "征集中", reason="材料不全，退回补充", actor="李明")
    _import(hub, station.export(out))
    assert len(_lines(hub, cid)) == 3 and _lines(hub, cid) == _lines(station, cid)  # the two old lines once
    assert "材料不全" in str(_lines(hub, cid)[-1])
    _import(hub, station.export(out, full=True))  # a full export repeats every line
    assert _lines(hub, cid) == _lines(station, cid)


def test_history_lines_round_trip_and_bad_lines_are_refused() -> None:
    content = make_content()
    record = content.records[0]
    line = HistoryLine(record.kind, record.uuid, record.updated_at, "王芳", "create", "新建议题《甲》")
    assert decode_history(encode_history([line]), 10_000) == [line]
    key = signing_key()
    members = payload_members(content)
    members[HISTORY_MEMBER] = encode_history([line])
    counts = {"consultation": 3, "opinion_report": 1}
    opened = open_package(seal_package(content.header, members, counts, key))
    assert opened.history == (line,)
    members[HISTORY_MEMBER] = b'{"record_kind":"consultation","record_id":"x","at":"2026-01-01T00:00:00Z"}\n'
    with pytest.raises(BadPackageError) as caught:
        open_package(seal_package(content.header, members, counts, key))
    assert "history.jsonl 第 1 行的记录编号无效" in caught.value.message
