"""Making the demo fill's batches: rows, prepared inserts and search documents, in worker processes.

Everything a batch needs travels in a picklable ``Spec``; batch ``k`` draws from a generator seeded
with the seed and ``k``, so a worker process makes exactly the rows this process would.
"""

from __future__ import annotations

import multiprocessing
import os
import random
from collections import deque
from collections.abc import Generator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import sqlite

from station_app.domain import numbering, townships
from station_app.services.demo_plan import AWAITING, SUBMITTED, MemberRef, make_plans, rising_ids
from station_app.services.demo_rows import ORDER, Builder, Rows, World
from station_app.services.demo_text import make_locale
from station_app.services.search_bulk import rows_documents
from station_app.storage.base import Synced
from station_app.storage.bulk import Prepared, prepare_insert
from station_app.storage.records import Consultation, Meeting, Report

BATCH = 2000
MEETING_FILES = 8
RESEARCH_FILES = 6
FileNote = tuple[str, str, str, str]  # owner kind, owner id, file name, text


def table_of(model: type[Synced]) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


# --- making the batches (in a worker process for large fills) ---------------------------------

NoteChoice = tuple[bool, FileNote, FileNote]  # at a submitted topic's meeting?, meeting note, research note
AHEAD = 3  # batches made ahead of the one being written
WORKERS = 2
BY_TABLE = {table_of(m).name: m for m in ORDER}


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
                    made.statements.append(
                        prepare_insert(self.dialect, table_of(model), table_rows, spec.base)
                    )
                else:
                    made.tables.append((table_of(model).name, table_rows))
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
    if hasattr(os, "nice"):  # the writing process is the slower side: on two cores it goes first
        os.nice(10)
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
