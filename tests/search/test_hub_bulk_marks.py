"""The hub import's bulk search upkeep (``hub/merge_marks``), on SQLite and on PostgreSQL.

On SQLite the import lifts the database's marking triggers for its merge and the merger notes
itself which documents its writes touch. Generated station work (new topics, renamed ones, meetings
saved again with other statements, meetings and topics deleted) is exported and imported; for each
package the merger's notes must be exactly the marks the triggers make for the same writes, and
after the import every live topic is found by every 2- and 3-character piece of its title, a
deleted one by none, and the whole index matches the records.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session

from station_app.domain.progress import run_to_end
from station_app.hub.importer import ACCEPTED, import_packages
from station_app.hub.keys import ensure_hub_keys
from station_app.hub.merge import merge_records
from station_app.hub.merge_marks import MergeMarks
from station_app.hub.schema import check_record
from station_app.services.consultations import TopicInput, create_topic, delete_consultation, update_topic
from station_app.services.meetings import (
    MeetingInput,
    ParticipantInput,
    StatementInput,
    delete_meeting,
    save_meeting,
)
from station_app.services.search import search
from station_app.storage.records import MODEL_BY_KIND, Meeting
from station_app.storage.search_upkeep import MEETING, STALE_TABLE
from station_app.sync.package import open_package
from tests.hub.hub_world import DAFO, TODAY, Hub, Station, make_hub, make_station, using
from tests.search.findable import assert_found, assert_index_exact, pieces, titles

EXAMPLES = settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@dataclass
class Pair:
    hub: Hub
    station: Station
    out: Path


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


class _Rollback(Exception):
    pass


def _resolved(session: Session, marks: dict[str, set[str]]) -> set[tuple[str, str]]:
    """(kind, record id) pairs, a meeting's mark standing for its consultation's."""
    found = {(kind, rid) for kind, ids in marks.items() if kind != MEETING for rid in ids}
    meetings = sorted(marks.get(MEETING, ()))
    if meetings:
        owners = session.scalars(select(Meeting.consultation_id).where(Meeting.id.in_(meetings)))
        found |= {("consultation", cid) for cid in owners}
    return found


def _notes_match_the_triggers(pair: Pair, package: Path) -> None:
    """Merge ``package`` with the triggers in place and the notes kept, compare, roll back."""
    hub = pair.hub
    with using(hub.folder):
        opened = open_package(package, identities=[ensure_hub_keys().identity], kinds=MODEL_BY_KIND.keys())
    origin = opened.manifest.station.township_code
    records = [check_record(r, origin, opened.manifest.package_id) for r in opened.records]
    try:
        with hub.db.replicating_session() as session:
            notes = MergeMarks(True)
            merge_records(session, origin, opened.manifest.package_id, records, notes)
            session.flush()
            marked: dict[str, set[str]] = {}
            for kind, rid in session.execute(text(f"SELECT kind, record_id FROM {STALE_TABLE}")):
                marked.setdefault(kind, set()).add(rid)
            assert marked, "the package wrote nothing the triggers mark"
            # Mark for mark (a meeting's children mark the meeting), not only the same documents.
            assert notes.marked == marked
            assert _resolved(session, notes.marked) == _resolved(session, marked)
            raise _Rollback
    except _Rollback:
        pass


def _import(pair: Pair) -> None:
    package = pair.station.export(pair.out)
    _notes_match_the_triggers(pair, package)
    with using(pair.hub.folder):
        [outcome] = run_to_end(import_packages(pair.hub.db, [package], trust_new=True))
    assert outcome.status == ACCEPTED, outcome.line()


def _topic(title: str) -> TopicInput:
    return TopicInput(title, "群众点题", "养老服务", date(2026, 3, 5))


def _meeting(said: list[str], *, present: bool = True) -> MeetingInput:
    who = (ParticipantInput("赵小红", "群众代表", unit="青龙社区居委会"),) if present else ()
    return MeetingInput(
        "院坝协商", datetime(2026, 4, 2, 9, 30), "议事室", "李明", "王芳",
        participants=who, statements=tuple(StatementInput("张大妈", words) for words in said),
    )  # fmt: skip


@EXAMPLES
@given(
    batch=st.lists(titles, min_size=3, max_size=4, unique=True),
    renamed=titles,
    said=st.lists(titles, min_size=1, max_size=3),
    said_again=st.lists(titles, min_size=0, max_size=3),
    drop_meeting=st.booleans(),
    present=st.booleans(),
)
# A meeting saved again with nobody and nothing said: only tombstones mark it.
@example(batch=["院坝议事", "河道清淤", "养老食堂"], renamed="老旧小区", said=["修路"], said_again=[],
         drop_meeting=False, present=False)  # fmt: skip
def test_bulk_upkeep_of_an_import(
    pair: Pair,
    batch: list[str],
    renamed: str,
    said: list[str],
    said_again: list[str],
    drop_meeting: bool,
    present: bool,
) -> None:
    station, hub = pair.station, pair.hub
    with using(station.folder):
        ids = [create_topic(station.db, _topic(title), today=TODAY) for title in batch]
        meeting = save_meeting(station.db, ids[-1], _meeting(said), today=TODAY)
    _import(pair)
    for cid, title in zip(ids, batch, strict=True):
        assert_found(hub.db, "consultation", cid, title)
    for words in said:
        assert_found(hub.db, "consultation", ids[-1], words)
    # Updates, tombstoned children and a tombstoned topic, all in the second package.
    with using(station.folder):
        update_topic(station.db, ids[0], _topic(renamed), today=TODAY)
        if drop_meeting:
            delete_meeting(station.db, meeting, reason="录入有误")
        else:
            again = _meeting(said_again, present=present)
            save_meeting(station.db, ids[-1], again, meeting_id=meeting, today=TODAY)
        delete_consultation(station.db, ids[1], reason="重复录入")
    _import(pair)
    assert_found(hub.db, "consultation", ids[0], renamed)
    gone = {
        hit.record_id for piece in pieces(batch[1]) for hit in search(hub.db, piece, kinds={"consultation"})
    }
    assert ids[1] not in gone
    if not drop_meeting:
        for words in said_again:
            assert_found(hub.db, "consultation", ids[-1], words)
    assert_index_exact(hub.db)


def test_a_package_failing_after_the_triggers_were_lifted_leaves_them(
    pair: Pair, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refusal raised at the end of the merge (the triggers dropped, documents rewritten) rolls
    everything back: the triggers are all there, and the index still matches the records."""
    from station_app.errors import KnownError
    from station_app.hub import importer

    station, hub = pair.station, pair.hub
    with hub.db.engine.connect() as connection:
        triggers_before = _triggers(connection)
    with using(station.folder):
        create_topic(station.db, _topic("院坝议事会失败"), today=TODAY)
    package = station.export(pair.out)
    real = importer.merge_records

    def failing(*args: object, **kwargs: object) -> object:
        real(*args, **kwargs)  # type: ignore[arg-type]
        raise KnownError("模拟合并时出错")

    monkeypatch.setattr(importer, "merge_records", failing)
    with using(hub.folder):
        [outcome] = run_to_end(import_packages(hub.db, [package], trust_new=True))
    assert outcome.status == "refused"
    with hub.db.engine.connect() as connection:
        assert _triggers(connection) == triggers_before
        assert connection.execute(text(f"SELECT count(*) FROM {STALE_TABLE}")).scalar() == 0
    assert not search(hub.db, "院坝议事会失败")
    assert_index_exact(hub.db)
    monkeypatch.undo()
    with using(hub.folder):
        [outcome] = run_to_end(import_packages(hub.db, [package], trust_new=True))
    assert outcome.status == ACCEPTED, outcome.line()
    assert search(hub.db, "院坝议事会失败")


def _triggers(connection: Connection) -> list[str]:
    if connection.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    else:
        query = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname"
    return [name for (name,) in connection.exec_driver_sql(query)]
