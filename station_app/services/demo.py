"""Demonstration data: a station filled with realistic consultations in every status.

The whole fill is one transaction, so a cancel or an error leaves the database exactly as it was
and no half-filled station is ever seen. Rows go in with Core executemany in batches for speed;
the ORM hook that stamps revisions does not run for those, so the bookkeeping columns are set here.
Everything but the ids is drawn from ``random.Random`` seeded by ``seed`` (and, for the rows of a
batch, the batch's index): the same seed gives the same data on the same day (``today`` fixes the
two years and keeps past events in the past). A large fill makes its batches, search documents
included, in worker processes while this one writes, so only the inserts run here; the transaction
runs with a rollback journal (``Database.bulk_session``) and the indexes of tables that were empty
are built once at the end (``indexes_built_after``).
"""

from __future__ import annotations

import hashlib
import random
import struct
import zlib
from collections.abc import Generator, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from time import time_ns
from typing import Any

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.orm import Session

from station_app.domain import numbering, townships
from station_app.domain.progress import CancelToken, Job, Progress
from station_app.errors import InputError
from station_app.services import audit
from station_app.services.attachments import blob_path, store_bytes
from station_app.services.demo_batches import (
    BATCH,
    BY_TABLE,
    MEETING_FILES,
    RESEARCH_FILES,
    Batch,
    FileNote,
    NoteChoice,
    Spec,
    batches,
    table_of,
)
from station_app.services.demo_guard import mark_fill
from station_app.services.demo_history import write_history
from station_app.services.demo_plan import (
    MemberRef,
    make_members,
)
from station_app.services.demo_rows import ORDER
from station_app.services.demo_text import Locale, make_locale, person_name, phone
from station_app.services.search import index_new
from station_app.services.search_bulk import add_documents, begin_bulk_index
from station_app.services.station import StationInfo, require_station
from station_app.storage.base import Synced, new_uuid, utcnow
from station_app.storage.bulk import indexes_built_after, insert_rows, run_prepared
from station_app.storage.engine import Database
from station_app.storage.local import Counter
from station_app.storage.records import Attachment, Consultation, Member, Report
from station_app.storage.search_upkeep import marks_lifted
from station_app.storage.sync_marks import number_floors

MAX_COUNT = 1_000_000
CACHE_KIB = 64 * 1024  # a roomy page cache while filling: the indexes of a large fill outgrow 2 MB


@dataclass(frozen=True)
class DemoSummary:
    """How many records of each kind one fill added."""

    consultations: int = 0
    reports: int = 0
    members: int = 0
    research_members: int = 0
    meetings: int = 0
    participants: int = 0
    statements: int = 0
    action_items: int = 0
    minutes_versions: int = 0
    progress_notes: int = 0
    evaluations: int = 0
    attachments: int = 0

    @property
    def total(self) -> int:
        return sum(getattr(self, f.name) for f in fields(self))


_MODELS: tuple[type[Synced], ...] = (*ORDER, Attachment)
_KIND_FIELD = {m.kind: f"{m.kind}s" for m in _MODELS}
_TABLES = tuple(table_of(m).name for m in _MODELS)


def fill_demo(
    db: Database,
    count: int = 60,
    seed: int = 1,
    cancel: CancelToken | None = None,
    *,
    today: date | None = None,
) -> Job[DemoSummary]:
    """Add ``count`` demonstration consultations (with reports, members, meetings…) to this station.

    Preconditions are checked here, before the job starts; the returned job yields progress per batch.
    """
    info = require_station(db)
    if info.is_hub:
        raise InputError("演示数据只能在乡镇联络站中生成。")
    if not 1 <= count <= MAX_COUNT:
        raise InputError(f"演示议题数量应在1至{MAX_COUNT}之间。")
    return _fill(db, info, count, seed, cancel, today or date.today())


def _fill(
    db: Database, info: StationInfo, count: int, seed: int, cancel: CancelToken | None, today: date
) -> Job[DemoSummary]:
    yield Progress(0, count, "正在准备演示数据…")
    counts: dict[str, int] = {}
    new_files: list[Path] = []
    try:
        with db.bulk_session() as session, _roomy_cache(session, db.is_sqlite):
            now = utcnow()
            base = {
                "origin": info.township_code,
                "revision": 1,
                "created_at": now,
                "updated_at": now,
                "deleted": False,
                "change_seq": _take_change(session),
            }
            # The fill indexes its new records itself (``add_documents``), so the database's
            # marks are lifted meanwhile; whatever it left out is marked and indexed at commit.
            with marks_lifted(session.connection()):
                with indexes_built_after(session.connection(), _TABLES):
                    files, new_members = yield from _fill_tables(
                        session, db.is_sqlite, info, base, _Run(count, seed, today, cancel), counts
                    )
                    _attachments(session, base, files, random.Random(f"{seed}/files"), new_files, counts)
                summary = DemoSummary(**{_KIND_FIELD[k]: n for k, n in counts.items()})
                change = base["change_seq"]
                assert isinstance(change, int)
                write_history(session, info.township_code, change, info.clerk_name, today)
                mark_fill(session, change, now)  # so a later ``demo --add`` can tell demo from real
                audit.record(
                    session,
                    "station",
                    "1",
                    "demo",
                    f"生成演示数据：协商议题{summary.consultations}条、社情民意信息{summary.reports}条、"
                    f"委员{summary.members}名",
                    actor=info.clerk_name,
                )
                if db.is_sqlite:
                    # Topics and reports were indexed batch by batch from the rows made; the few new
                    # members are read back, and the index is merged for searching.
                    yield from index_new(session, {Member.kind: new_members}, cancel)
    except BaseException:
        for path in new_files:
            path.unlink(missing_ok=True)
        raise
    return summary


@dataclass(frozen=True)
class _Run:
    count: int
    seed: int
    today: date
    cancel: CancelToken | None

    def check(self) -> None:
        if self.cancel is not None:
            self.cancel.raise_if_cancelled()


def _fill_tables(
    session: Session,
    is_sqlite: bool,
    info: StationInfo,
    base: dict[str, Any],
    run: _Run,
    counts: dict[str, int],
) -> Generator[Progress, None, tuple[list[FileNote], list[str]]]:
    """Members, then the topics batch by batch; returns the files to attach and the new members."""
    count, seed = run.count, run.seed
    locale = make_locale(townships.township_by_code(info.township_code))
    rng = random.Random(f"{seed}/details")
    members = _members(session, locale, base, random.Random(f"{seed}/members"), counts)
    new_members = [m.id for m in members[len(members) - counts.get(Member.kind, 0) :]]
    chair = info.head_name or person_name(rng, locale)
    spec = Spec(
        info.township_code,
        count,
        seed,
        run.today,
        base,
        tuple(members),
        (chair, phone(rng), info.clerk_name or person_name(rng, locale)),
        _next_sequences(session, info.township_code),
        time_ns() // 1_000_000,
        is_sqlite,
    )
    rowids = begin_bulk_index(session) if is_sqlite else {}
    files: list[FileNote] = []
    with closing(batches(spec)) as made:
        for start in range(0, count, BATCH):
            run.check()
            batch = next(made)
            _write(session, batch, counts)
            if is_sqlite:
                add_documents(session, rowids, batch.documents)
            _take_notes(files, batch.notes)
            done = min(count, start + BATCH)
            yield Progress(done, count, f"已生成{done}条演示议题（共{count}条）")
    run.check()
    return files, sorted(new_members)


def _write(session: Session, batch: Batch, counts: dict[str, int]) -> None:
    connection = session.connection()
    for statement in batch.statements:
        run_prepared(connection, statement)
    for name, rows in batch.tables:  # a database other than SQLite: plain Core
        _insert_rows(session, table_of(BY_TABLE[name]), batch.base, rows)
    if batch.links:
        # Reports and topics point at each other: the report's side is filled in afterwards.
        session.execute(update(Report), batch.links)
    for kind, n in batch.counts.items():
        counts[kind] = counts.get(kind, 0) + n


def _take_notes(files: list[FileNote], notes: list[NoteChoice]) -> None:
    """Hang attachments on a few records early in the fill: meetings first, then research."""
    for at_meeting, meeting_note, research_note in notes:
        meetings = sum(1 for f in files if f[0] == "meeting")
        if meetings < MEETING_FILES and at_meeting:
            files.append(meeting_note)
        elif len(files) - meetings < RESEARCH_FILES:
            files.append(research_note)


@contextmanager
def _roomy_cache(session: Session, is_sqlite: bool) -> Iterator[None]:
    """SQLite's default 2 MB page cache makes a large fill several times slower."""
    if not is_sqlite:
        yield
        return
    connection = session.connection()
    old = int(connection.exec_driver_sql("PRAGMA cache_size").scalar_one())
    connection.exec_driver_sql(f"PRAGMA cache_size=-{CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={old}")


def _take_change(session: Session) -> int:
    """One change number for the whole fill: the next incremental export takes all of it."""
    bump = update(Counter).where(Counter.name == "change").values(value=Counter.value + 1)
    value = session.execute(bump.returning(Counter.value)).scalar_one_or_none()
    if value is None:
        session.execute(insert(Counter).values(name="change", value=1))
        return 1
    return int(value)


def _next_sequences(session: Session, origin: str) -> dict[int, int]:
    """Per year, the next free number: demo topics continue after what the station has."""
    rows = session.execute(
        select(Consultation.year, func.max(Consultation.seq))
        .where(Consultation.origin == origin)
        .group_by(Consultation.year)
    )
    floors = number_floors(session, origin)
    tops = {int(year): int(top or 0) for year, top in rows}
    for year, floor in floors.items():
        tops[year] = max(tops.get(year, 0), floor)
    return {year: numbering.next_sequence(top) for year, top in tops.items()}


def _members(
    session: Session, locale: Locale, base: dict[str, Any], rng: random.Random, counts: dict[str, int]
) -> list[MemberRef]:
    """Reuse the registry and top it up to 12–20 members, so a second run adds no duplicates."""
    existing = session.execute(
        select(Member.id, Member.name, Member.unit, Member.phone).where(
            Member.deleted.is_(False), Member.active.is_(True), Member.origin == base["origin"]
        )
    ).all()
    refs = [MemberRef(*row) for row in existing]
    wanted = max(0, rng.randint(12, 20) - len(refs))
    rows = make_members(rng, locale, wanted, {r.name for r in refs})
    if rows:
        _insert_rows(session, table_of(Member), base, rows)
        counts[Member.kind] = len(rows)
    return refs + [MemberRef(r["id"], r["name"], r["unit"], r["phone"]) for r in rows]


def _insert_rows(session: Session, table: Table, base: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    insert_rows(session.connection(), table, rows, base)


def _png(rng: random.Random) -> bytes:
    """A small picture of a ruled sheet, enough to stand in for a scanned sign-in sheet."""
    width, height = 48, 32
    tint = bytes(rng.randint(200, 255) for _ in range(3))
    ink = bytes(rng.randint(40, 120) for _ in range(3))
    lines = []
    for y in range(height):
        row = b"".join(ink if y % 6 == 0 or x in (0, 16, width - 1) else tint for x in range(width))
        lines.append(b"\x00" + row)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(lines)))
        + chunk(b"IEND", b"")
    )


def _attachments(
    session: Session,
    base: dict[str, Any],
    files: list[FileNote],
    rng: random.Random,
    new_files: list[Path],
    counts: dict[str, int],
) -> None:
    """Store the few demonstration files by content hash; ``new_files`` lists what to undo on failure."""
    rows = []
    for owner_kind, owner_id, filename, content in files:
        if filename.endswith(".png"):
            data, media_type, note = _png(rng), "image/png", "签到表扫描件"
        else:
            data, media_type, note = f"{content}\n".encode(), "text/plain", "调研报告"
        sha = hashlib.sha256(data).hexdigest()
        if not blob_path(sha).exists():
            new_files.append(blob_path(sha))
            store_bytes(data)
        rows.append(
            {
                "id": new_uuid(),
                "owner_kind": owner_kind,
                "owner_id": owner_id,
                "filename": filename,
                "sha256": sha,
                "size": len(data),
                "media_type": media_type,
                "note": note,
            }
        )
    if rows:
        _insert_rows(session, table_of(Attachment), base, rows)
        counts[Attachment.kind] = len(rows)
