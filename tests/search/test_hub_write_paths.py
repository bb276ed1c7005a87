"""At a hub, on SQLite and on PostgreSQL: records that arrive in station packages (inserted or
updated by the merge) and records a person takes from the conflict queue are found by every
2- and 3-character piece of their title, in the search and in the topic list.

One hub and one station per module and backend take every example.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from station_app.domain.progress import run_to_end
from station_app.hub import conflicts
from station_app.hub.importer import ACCEPTED, import_packages
from station_app.hub.keys import ensure_hub_keys
from station_app.services.consultations import TopicInput, create_topic, update_topic
from station_app.services.meetings import MeetingInput, StatementInput, save_meeting
from station_app.services.queries import ConsultationFilter, list_consultations
from station_app.services.search import search
from station_app.sync.crypto import SigningKey
from station_app.sync.package import (
    PackageContent,
    PackageHeader,
    build_package,
    open_package,
    package_sha256,
)
from tests.hub.hub_world import DAFO, TODAY, Hub, Station, make_hub, make_station, using
from tests.search.findable import assert_found, assert_index_exact, titles

EXAMPLES = settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@dataclass
class Pair:
    hub: Hub
    station: Station
    out: Path
    crafted: int = 0  # crafted packages so far, numbered far after the station's own


@pytest.fixture(scope="module")
def pair(
    backend: str | None, tmp_path_factory: pytest.TempPathFactory, migrated_template: Path
) -> Iterator[Pair]:
    root = tmp_path_factory.mktemp("hub")
    hub = make_hub(migrated_template, root, url=backend)
    station = make_station(migrated_template, root, DAFO, [hub.key_file])
    out = root / "stick"
    out.mkdir()
    yield Pair(hub, station, out)
    hub.db.dispose()
    station.db.dispose()


def _topic(title: str) -> TopicInput:
    return TopicInput(title, "群众点题", "养老服务", date(2026, 3, 5))


def _import(pair: Pair, path: Path) -> None:
    with using(pair.hub.folder):
        [outcome] = run_to_end(import_packages(pair.hub.db, [path], trust_new=True))
    assert outcome.status == ACCEPTED, outcome.line()


def _assert_listed(pair: Pair, cid: str, title: str) -> None:
    """The hub's topic list, filtered by the whole title, holds the topic."""
    rows = list_consultations(pair.hub.db, ConsultationFilter(search=title), limit=1000)
    assert cid in {row.id for row in rows}


@EXAMPLES
@given(batch=st.lists(titles, min_size=1, max_size=3), renamed=titles, said=titles)
def test_imported_and_merged_records(pair: Pair, batch: list[str], renamed: str, said: str) -> None:
    station = pair.station
    with using(station.folder):
        ids = [create_topic(station.db, _topic(title), today=TODAY) for title in batch]
        update_topic(station.db, ids[0], _topic(renamed), today=TODAY)
        meeting = MeetingInput(
            "院坝协商", datetime(2026, 4, 2, 9, 30), "议事室", "李明", "王芳",
            statements=(StatementInput("张大妈", said),),
        )  # fmt: skip
        save_meeting(station.db, ids[-1], meeting, today=TODAY)
    _import(pair, station.export(pair.out))
    # The first topic arrived once under its first title in an earlier example or not at all;
    # a second package renames it again, so the merge's update path runs every time.
    with using(station.folder):
        update_topic(station.db, ids[0], _topic(renamed + "改"), today=TODAY)
    _import(pair, station.export(pair.out))
    assert_found(pair.hub.db, "consultation", ids[0], renamed + "改")
    for cid, title in zip(ids[1:], batch[1:], strict=True):
        assert_found(pair.hub.db, "consultation", cid, title)
        _assert_listed(pair, cid, title)
    assert_found(pair.hub.db, "consultation", ids[-1], said)
    assert_index_exact(pair.hub.db)


@EXAMPLES
@given(title=titles)
def test_a_conflict_taken_from_the_queue(pair: Pair, title: str) -> None:
    assume(title != "院坝议事")  # the same title would be no conflict
    station = pair.station
    with using(station.folder):
        cid = create_topic(station.db, _topic("院坝议事"), today=TODAY)
    last = station.export(pair.out)
    _import(pair, last)
    with using(pair.hub.folder):
        opened = open_package(last, identities=[ensure_hub_keys().identity])
    record = next(r for r in opened.records if r.kind == "consultation" and r.uuid == cid)
    pair.crafted += 1
    header = PackageHeader(
        package_kind="station-data",
        station=opened.manifest.station,
        sequence=10_000 + pair.crafted,
        previous_sha256=package_sha256(last),  # any 64 hex digits: the gap before it is reported
        app_version="0.1.0",
        schema_revision=opened.manifest.schema_revision,
        full=False,
    )
    diverging = replace(record, data={**record.data, "title": title})  # same revision, other title
    key = SigningKey.load(station.folder / "keys" / "station_signing.pem")
    with using(pair.hub.folder):
        recipient = ensure_hub_keys().identity.recipient
    path = pair.out / header.file_name
    path.write_bytes(build_package(PackageContent(header, [diverging]), key, [recipient]))
    _import(pair, path)
    [queued] = [c for c in conflicts.list_conflicts(pair.hub.db) if c.record_id == cid]
    conflicts.resolve(pair.hub.db, queued.id, take_new=True)
    assert_found(pair.hub.db, "consultation", cid, title)
    _assert_listed(pair, cid, title)
    assert_index_exact(pair.hub.db)


def test_names_units_and_content_at_the_hub(pair: Pair) -> None:
    """The hub's topic list finds imported topics by a proposer's pinyin initials, a participant's
    unit, what was said, and a 2-character term, as the station does."""
    from station_app.services.meetings import ParticipantInput

    station = pair.station
    with using(station.folder):
        topic = TopicInput("集市占道经营整治", "群众点题", "社会治理", date(2026, 3, 5), proposer="欧阳丰年")
        cid = create_topic(station.db, topic, today=TODAY)
        meeting = MeetingInput(
            "院坝协商", datetime(2026, 4, 2, 9, 30), "议事室", "李明", "王芳",
            participants=(ParticipantInput("赵小红", "群众代表", unit="青龙社区居委会"),),
            statements=(StatementInput("赵小红", "摊贩应当错时经营"),),
        )  # fmt: skip
        save_meeting(station.db, cid, meeting, today=TODAY)
    _import(pair, station.export(pair.out))
    for typed in ("oyfn", "居委", "错时", "集市", "zxh", "占道 错时"):
        rows = list_consultations(pair.hub.db, ConsultationFilter(search=typed), limit=1000)
        assert cid in {row.id for row in rows}, typed
    rows = list_consultations(pair.hub.db, ConsultationFilter(search="集市 居委会议"), limit=1000)
    assert cid not in {row.id for row in rows}  # every term must be there


def test_a_word_with_a_bracketed_alternative_is_found_both_ways(pair: Pair) -> None:
    """The key terms of 共性问题 and what an office types: 村务公开 finds 「村（居）务公开」, on SQLite
    (FTS5) and on PostgreSQL (the LIKE fallback) alike."""
    station = pair.station
    title = "关于规范村（居）务公开的建议"
    with using(station.folder):
        cid = create_topic(station.db, _topic(title), today=TODAY)
    _import(pair, station.export(pair.out))
    for typed in ("村务公开", "居务公开", "村（居）务公开", "务公开"):
        assert cid in {hit.record_id for hit in search(pair.hub.db, typed, kinds={"consultation"})}, typed
        _assert_listed(pair, cid, typed)
    assert_index_exact(pair.hub.db)
