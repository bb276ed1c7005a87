"""Importing real station packages at a hub: accept, replay, order, gaps, conflicts, refusals."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from sqlalchemy import func, select

from station_app.domain.progress import run_to_end
from station_app.domain.townships import townships_of
from station_app.hub import conflicts, status
from station_app.hub.importer import ACCEPTED, ALREADY, REFUSED, import_packages
from station_app.hub.keys import ensure_hub_keys
from station_app.hub.kpi import city_scope
from station_app.storage.hub_tables import HubStation, ReceivedPackage
from station_app.storage.records import Consultation
from station_app.sync.crypto import SigningKey
from station_app.sync.package import (
    PackageContent,
    PackageHeader,
    build_package,
    open_package,
    package_sha256,
)
from tests.hub.conftest import World, fresh_hub
from tests.hub.hub_world import (
    DAFO,
    RECORD_TABLES,
    TONGJIANG,
    YUJIN,
    Hub,
    hub_rows,
    station_rows,
    table_dump,
    using,
)

VOLATILE = frozenset(
    {"imported_at", "detected_at", "first_seen", "confirmed_at", "at", "created_at", "updated_at"}
)


def run(hub: Hub, paths: list[Path], *, trust_new: bool = True) -> list[str]:
    outcomes = run_to_end(import_packages(hub.db, paths, trust_new=trust_new))
    return [o.status for o in outcomes]


def test_all_packages_are_accepted_and_the_hub_holds_the_stations_records(hub: Hub, world: World) -> None:
    assert run(hub, [*world.a, *world.b, *world.c]) == [ACCEPTED] * 5
    for code, station in world.stations.items():
        for table in ("consultations", "meetings", "participants", "evaluations", "attachments"):
            assert hub_rows(hub, table, code) == station_rows(station, table), (code, table)
    rows = {r.township_code: r for r in status.station_table(hub.db, city_scope())}
    assert len(rows) == 132
    assert rows[DAFO].last_sequence == 3 and rows[DAFO].gaps == ()
    assert sum(rows[YUJIN].figures.by_stage.values()) == rows[YUJIN].total == 4
    assert sum(r.never_heard for r in rows.values()) == 129


def test_reimporting_changes_nothing_and_says_so(hub: Hub, world: World) -> None:
    run(hub, [*world.a, *world.b])
    before = table_dump(hub.db)
    outcomes = run_to_end(import_packages(hub.db, [*world.a, *world.b], trust_new=True))
    assert [o.status for o in outcomes] == [ALREADY] * 4
    assert outcomes[0].line().startswith("已导入过：大佛街道 第 1 号数据包")
    assert table_dump(hub.db) == before


def test_out_of_order_gives_the_same_state_as_in_order(hub: Hub, world: World, tmp_path: Path) -> None:
    run(hub, world.a)
    other = fresh_hub(world, tmp_path / "other")
    try:
        with using(other.folder):
            for path in reversed(world.a):
                assert run(other, [path]) == [ACCEPTED]
        assert table_dump(other.db, RECORD_TABLES) == table_dump(hub.db, RECORD_TABLES)
        assert table_dump(hub.db, ["hub_pending_records"])["hub_pending_records"] == []
    finally:
        other.db.dispose()


def test_a_gap_is_shown_until_the_missing_package_arrives(hub: Hub, world: World) -> None:
    run(hub, [world.a[0], world.a[2]])
    row = next(r for r in status.station_table(hub.db, city_scope()) if r.township_code == DAFO)
    assert row.gaps == (2,) and row.gaps_text() == "缺第 2 号"
    run(hub, [world.a[1]])
    row = next(r for r in status.station_table(hub.db, city_scope()) if r.township_code == DAFO)
    assert row.gaps == () and row.waiting_records == 0
    assert hub_rows(hub, "consultations", DAFO) == station_rows(world.stations[DAFO], "consultations")


def _resigned(
    world: World, hub: Hub, tmp_path: Path, change: dict[str, object], *, revision_delta: int
) -> Path:
    """A fourth 大佛街道 package, signed with the station's real key, carrying one changed record."""
    last = world.a[-1]
    opened = open_package(last, identities=[ensure_hub_keys().identity])
    record = next(r for r in opened.records if r.kind == "consultation")
    changed = replace(record, revision=record.revision + revision_delta, data={**record.data, **change})
    header = PackageHeader(
        package_kind="station-data",
        station=opened.manifest.station,
        sequence=4,
        previous_sha256=package_sha256(last),
        app_version="0.1.0",
        schema_revision=opened.manifest.schema_revision,
        full=False,
    )
    key = SigningKey.load(world.stations[DAFO].folder / "keys" / "station_signing.pem")
    data = build_package(PackageContent(header, [changed]), key, [ensure_hub_keys().identity.recipient])
    path = tmp_path / header.file_name
    path.write_bytes(data)
    return path


def test_a_diverging_revision_goes_to_the_conflict_queue(hub: Hub, world: World, tmp_path: Path) -> None:
    run(hub, world.a)
    before = hub_rows(hub, "consultations", DAFO)
    crafted = _resigned(world, hub, tmp_path, {"title": "被改动的标题"}, revision_delta=0)
    outcomes = run_to_end(import_packages(hub.db, [crafted]))
    assert outcomes[0].status == ACCEPTED and outcomes[0].counts == {"conflicts": 1}
    assert hub_rows(hub, "consultations", DAFO) == before  # nothing overwritten
    queue = conflicts.list_conflicts(hub.db)
    assert len(queue) == 1 and queue[0].incoming["title"] == "被改动的标题"
    assert queue[0].current["title"] != "被改动的标题"
    conflicts.resolve(hub.db, queue[0].id, take_new=True)
    with hub.db.session() as session:
        assert session.get(Consultation, queue[0].record_id).title == "被改动的标题"  # type: ignore[union-attr]
    assert conflicts.list_conflicts(hub.db) == []


def test_a_lower_revision_that_is_newer_goes_to_the_queue(hub: Hub, world: World, tmp_path: Path) -> None:
    run(hub, world.a)
    edited = next(
        r
        for r in open_package(world.a[-1], identities=[ensure_hub_keys().identity]).records
        if r.kind == "consultation"
    )
    assert edited.revision >= 2
    crafted = _resigned(world, hub, tmp_path, {"title": "恢复备份后另改"}, revision_delta=-1)
    # the older revision carries a newer time than the hub's row: the station went back
    opened = open_package(crafted, identities=[ensure_hub_keys().identity])
    assert opened.records[0].updated_at >= edited.updated_at
    outcomes = run_to_end(import_packages(hub.db, [crafted]))
    assert outcomes[0].counts in ({"conflicts": 1}, {"older": 1})
    if outcomes[0].counts == {"conflicts": 1}:
        assert conflicts.list_conflicts(hub.db)[0].reason.startswith("联络站发来的修订号比本单位已有的低")
        conflicts.resolve(hub.db, conflicts.list_conflicts(hub.db)[0].id, take_new=False)
    with hub.db.session() as session:
        assert session.get(Consultation, edited.uuid).title == edited.data["title"]  # type: ignore[union-attr]


def test_a_tampered_package_is_refused_and_changes_nothing(hub: Hub, world: World, tmp_path: Path) -> None:
    run(hub, world.b)
    before = table_dump(hub.db)
    data = bytearray(world.a[0].read_bytes())
    data[len(data) // 2] ^= 0x01
    bad = tmp_path / world.a[0].name
    bad.write_bytes(bytes(data))
    outcomes = run_to_end(import_packages(hub.db, [bad], trust_new=True))
    assert outcomes[0].status == REFUSED and outcomes[0].reason_zh
    assert outcomes[0].line().startswith("已拒绝：")
    assert table_dump(hub.db) == before


def test_a_new_station_needs_trust_and_a_changed_key_is_refused(
    hub: Hub, world: World, tmp_path: Path
) -> None:
    before = table_dump(hub.db)
    outcome = run_to_end(import_packages(hub.db, [world.b[0]], trust_new=False))[0]
    assert outcome.status == REFUSED and outcome.needs_trust and len(outcome.fingerprint) == 32
    assert "第一次报送" in outcome.reason_zh
    assert table_dump(hub.db) == before
    assert run(hub, [world.b[0]], trust_new=True) == [ACCEPTED]
    with hub.db.session() as session:
        assert session.get(HubStation, TONGJIANG).trusted  # type: ignore[union-attr]
    # the same township signing with another key
    opened = open_package(world.b[0], identities=[ensure_hub_keys().identity])
    header = PackageHeader("station-data", opened.manifest.station, 2, opened.sha256, "0.1.0", "0004", False)
    forged = tmp_path / header.file_name
    forged.write_bytes(build_package(PackageContent(header, []), SigningKey.generate(), []))
    refused = run_to_end(import_packages(hub.db, [forged], trust_new=True))[0]
    assert refused.status == REFUSED and "签名密钥与本单位登记的不一致" in refused.reason_zh


def test_a_county_hub_refuses_another_countys_station(world: World, tmp_path: Path) -> None:
    county = fresh_hub(world, tmp_path, role="county")
    try:
        with using(county.folder):
            outcomes = run_to_end(import_packages(county.db, [world.a[0], world.c[0]], trust_new=True))
            assert [o.status for o in outcomes] == [ACCEPTED, REFUSED]
            assert "不属于市中区" in outcomes[1].reason_zh
            rows = status.station_table(county.db, status.scope_of(county.info))
            assert len(rows) == len(townships_of("511102")) and all(r.county_code == "511102" for r in rows)
            with county.db.session() as session:
                assert session.scalar(select(func.count()).select_from(ReceivedPackage)) == 1
    finally:
        county.db.dispose()


def test_received_packages_record_counts(hub: Hub, world: World) -> None:
    run(hub, world.c)
    with hub.db.session() as session:
        row = session.scalars(select(ReceivedPackage)).one()
        assert row.township_code == YUJIN and row.sequence == 1 and row.previous_sha256 is None
        assert json.loads(row.counts)["inserted"] > 4
