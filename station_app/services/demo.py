"""Demonstration data: a station filled with realistic consultations in every status.

The whole fill is one transaction, so a cancel or an error leaves the database exactly as it was
and no half-filled station is ever seen. Rows go in with Core executemany in batches for speed;
the ORM hook that stamps revisions does not run for those, so the bookkeeping columns are set here.
Everything but the ids is drawn from ``random.Random`` seeded by ``seed`` (and, for the rows of a
batch, the batch's index): the same seed gives the same data on the same day (``today`` fixes the
two years and keeps past events in the past). A large fill makes its batches, search documents
included, in worker processes while this one writes, so only the inserts run here.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import random
import struct
import zlib
from collections import deque
from collections.abc import Generator, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from time import time_ns
from typing import Any

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from station_app.domain import numbering, townships
from station_app.domain.progress import CancelToken, Job, Progress
from station_app.errors import InputError
from station_app.services import audit
from station_app.services.attachments import blob_path, store_bytes
from station_app.services.demo_plan import (
    AWAITING,
    SUBMITTED,
    MemberRef,
    make_members,
    make_plans,
    rising_ids,
)
from station_app.services.demo_rows import ORDER, Builder, Rows, World
from station_app.services.demo_text import Locale, make_locale, person_name, phone
from station_app.services.search import add_documents, begin_bulk_index, index_new, rows_documents
from station_app.services.station import StationInfo, require_station
from station_app.storage.base import Synced, new_uuid, utcnow
from station_app.storage.bulk import Prepared, insert_rows, prepare_insert, run_prepared
from station_app.storage.engine import Database
from station_app.storage.local import Counter
from station_app.storage.records import Attachment, Consultation, Meeting, Member, Report

BATCH = 2000
MAX_COUNT = 1_000_000
CACHE_KIB = 64 * 1024  # a roomy page cache while filling: the indexes of a large fill outgrow 2 MB
MEETING_FILES = 8
RESEARCH_FILES = 6


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
FileNote = tuple[str, str, str, str]  # owner kind, owner id, file name, text


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
    locale = make_locale(townships.township_by_code(info.township_code))
    counts: dict[str, int] = {}
    new_files: list[Path] = []
    try:
        with db.session() as session, _roomy_cache(session, db.is_sqlite):
            now = utcnow()
            base = {
                "origin": info.township_code,
                "revision": 1,
                "created_at": now,
                "updated_at": now,
                "deleted": False,
                "change_seq": _take_change(session),
            }
            rng = random.Random(f"{seed}/details")
            members = _members(session, locale, base, random.Random(f"{seed}/members"), counts)
            new_members = [m.id for m in members[len(members) - counts.get(Member.kind, 0) :]]
            chair = info.head_name or person_name(rng, locale)
            spec = Spec(
                info.township_code,
                count,
                seed,
                today,
                base,
                tuple(members),
                (chair, phone(rng), info.clerk_name or person_name(rng, locale)),
                _next_sequences(session, info.township_code),
                time_ns() // 1_000_000,
                db.is_sqlite,
            )
            rowids = begin_bulk_index(session) if db.is_sqlite else {}
            files: list[FileNote] = []
            with closing(batches(spec)) as made:
                for start in range(0, count, BATCH):
                    if cancel is not None:
                        cancel.raise_if_cancelled()
                    batch = next(made)
                    _write(session, batch, counts)
                    if db.is_sqlite:
                        add_documents(session, rowids, batch.documents)
                    _take_notes(files, batch.notes)
                    done = min(count, start + BATCH)
                    yield Progress(done, count, f"已生成{done}条演示议题（共{count}条）")
            if cancel is not None:
                cancel.raise_if_cancelled()
            _attachments(session, base, files, random.Random(f"{seed}/files"), new_files, counts)
            summary = DemoSummary(**{_KIND_FIELD[k]: n for k, n in counts.items()})
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
                yield from index_new(session, {Member.kind: sorted(new_members)}, cancel)
    except BaseException:
        for path in new_files:
            path.unlink(missing_ok=True)
        raise
    return summary


def _write(session: Session, batch: Batch, counts: dict[str, int]) -> None:
    connection = session.connection()
    for statement in batch.statements:
        run_prepared(connection, statement)
    for name, rows in batch.tables:  # a database other than SQLite: plain Core
        _insert_rows(session, _table(_BY_TABLE[name]), batch.base, rows)
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
    return {int(year): numbering.next_sequence(top) for year, top in rows}


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
        _insert_rows(session, _table(Member), base, rows)
        counts[Member.kind] = len(rows)
    return refs + [MemberRef(r["id"], r["name"], r["unit"], r["phone"]) for r in rows]


def _insert_rows(session: Session, table: Table, base: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    insert_rows(session.connection(), table, rows, base)


def _table(model: type[Synced]) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


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
        _insert_rows(session, _table(Attachment), base, rows)
        counts[Attachment.kind] = len(rows)


# --- making the batches (in a worker process for large fills) ---------------------------------

NoteChoice = tuple[bool, FileNote, FileNote]  # at a submitted topic's meeting?, meeting note, research note
AHEAD = 3  # batches made ahead of the one being written
WORKERS = 2
_BY_TABLE = {_table(m).name: m for m in ORDER}


@dataclass(frozen=True)
class Spec:
    """All a batch is made from: picklable, so a worker process makes exactly the same rows."""

    township_code: str
    count: int
    seed: int
    today: date
    base: dict[str, Any]
    members: tuple[MemberRef, ...]
    people: tuple[str, str, str]  # chair, chair's phone, recorder
    next_seq: dict[int, int]
    stamp_ms: int
    prepared: bool  # SQLite: statements made here, ready for the driver


@dataclass
class Batch:
    base: dict[str, Any]
    statements: list[Prepared] = field(default_factory=list)
    tables: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    documents: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    notes: list[NoteChoice] = field(default_factory=list)


class Maker:
    """Makes batch ``k`` of a fill: its rows come from a generator seeded with the seed and ``k``."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.locale = make_locale(townships.township_by_code(spec.township_code))
        n_reports = max(1, spec.count // 4)
        n_from_report = min(spec.count, round(n_reports * 0.4))
        self.others = n_reports - n_from_report
        self.plans = make_plans(self.locale, spec.count, n_from_report, spec.seed, spec.today)
        prefix = townships.short_name(townships.township_by_code(spec.township_code))
        next_seq = dict(spec.next_seq)
        self.numbers: list[tuple[str, int, int]] = []
        for plan in self.plans:
            year = plan.proposed_on.year
            seq = next_seq.get(year, 1)
            next_seq[year] = seq + 1
            self.numbers.append((numbering.format_number(prefix, year, seq), year, seq))
        self.dialect = sqlite.dialect()

    def batch(self, k: int) -> Batch:
        spec, start = self.spec, k * BATCH
        chair, chair_phone, recorder = spec.people
        rng = random.Random(f"{spec.seed}/details/{k}")
        world = World(self.locale, list(spec.members), chair, chair_phone, recorder, spec.today, rng)
        rows = Rows()
        builder = Builder(world, rows, rising_ids(spec.stamp_ms, k))
        notes: list[NoteChoice] = []
        for plan, (number, year, seq) in zip(
            self.plans[start : start + BATCH], self.numbers[start : start + BATCH], strict=True
        ):
            cid = builder.consultation(plan, number, year, seq)
            if len(notes) < MEETING_FILES + RESEARCH_FILES and plan.reached >= AWAITING:
                meeting = rows.tables[Meeting][-1]["id"] if plan.reached >= SUBMITTED else ""
                findings = rows.tables[Consultation][-1]["research_findings"]
                notes.append(
                    (
                        plan.reached >= SUBMITTED,
                        ("meeting", meeting, f"签到表（{number}）.png", plan.title),
                        ("consultation", cid, f"调研报告（{number}）.txt", findings),
                    )
                )
        # Reports not turned into topics are spread over the batches in proportion.
        done = min(spec.count, start + BATCH)
        for _ in range(self.others * done // spec.count - self.others * start // spec.count):
            builder.other_report()
        made = Batch(spec.base, links=rows.report_links, notes=notes)
        for model, table_rows in rows.tables.items():
            if table_rows:
                made.counts[model.kind] = len(table_rows)
                if spec.prepared:
                    made.statements.append(prepare_insert(self.dialect, _table(model), table_rows, spec.base))
                else:
                    made.tables.append((_table(model).name, table_rows))
        if spec.prepared:
            made.documents = {
                kind: rows_documents(kind, rows.tables) for kind in (Consultation.kind, Report.kind)
            }
            made.statements.append(
                (
                    "UPDATE reports SET consultation_id = ? WHERE id = ?",
                    [(link["consultation_id"], link["id"]) for link in rows.report_links],
                )
            )
            made.links = []
        return made


_maker: Maker | None = None


def _start_worker(spec: Spec) -> None:
    global _maker
    _maker = Maker(spec)


def _worker_batch(k: int) -> Batch:
    assert _maker is not None
    return _maker.batch(k)


def batches(spec: Spec) -> Generator[Batch, None, None]:
    """The fill's batches in order; from a second process when there are several, so the next
    batches are made while this process writes one. Close the iterator to stop the worker."""
    n = -(-spec.count // BATCH)
    if n == 1:
        yield Maker(spec).batch(0)
        return
    with multiprocessing.get_context().Pool(WORKERS, _start_worker, (spec,)) as pool:
        pending = deque(pool.apply_async(_worker_batch, (k,)) for k in range(min(AHEAD, n)))
        for k in range(n):
            made = pending.popleft().get()
            if k + AHEAD < n:
                pending.append(pool.apply_async(_worker_batch, (k + AHEAD,)))
            yield made
