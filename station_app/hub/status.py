"""The station table of a hub: every township in scope, heard from or not.

Per station: the last package (sequence and date), gaps in the sequence numbers, the figures of
``domain.figures`` (all time, or the topics proposed in a period), records waiting for their parents.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select

from station_app.domain import townships
from station_app.domain.classifications import ROLE_COUNTY
from station_app.domain.figures import Figures, Period
from station_app.hub.kpi import Scope, city_scope, county_scope
from station_app.services.figures import figures_by_station
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.storage.hub_tables import HubConflict, PendingRecord, ReceivedPackage
from station_app.sync.records import format_utc

NEVER_SENT = "从未报送"  # a township no package came from: the one word on every page and report


@dataclass(frozen=True)
class StationRow:
    township_code: str
    township_name: str
    county_code: str
    county_name: str
    last_sequence: int | None
    last_created_at: datetime | None  # when the station wrote its last package
    last_imported_at: datetime | None
    packages: int
    gaps: tuple[int, ...]
    figures: Figures = field(default_factory=Figures)
    waiting_records: int = 0
    open_conflicts: int = 0
    chain_breaks: tuple[int, ...] = ()  # packages whose previous_sha256 is not the package before

    @property
    def total(self) -> int:
        return self.figures.total

    @property
    def active(self) -> int:
        return self.figures.active

    @property
    def overdue_actions(self) -> int:
        return self.figures.overdue_actions

    @property
    def never_heard(self) -> bool:
        return self.last_sequence is None

    def gaps_text(self) -> str:
        parts = []
        if self.gaps:
            shown = "、".join(str(n) for n in self.gaps[:8])
            parts.append(f"缺第 {shown} 号" + ("等" if len(self.gaps) > 8 else ""))
        if self.chain_breaks:
            shown = "、".join(str(n) for n in self.chain_breaks[:8])
            parts.append(f"第 {shown} 号与上一号数据包接不上（可能被替换或改动，请与该站核实）")
        return "；".join(parts)

    def to_json(self, period: Period | None = None) -> dict[str, Any]:
        return {
            "period": {"from": period.start.isoformat(), "to": period.end.isoformat()} if period else None,
            "township_code": self.township_code,
            "township_name": self.township_name,
            "county_code": self.county_code,
            "county_name": self.county_name,
            "last_sequence": self.last_sequence,
            "last_package_created_at": format_utc(self.last_created_at) if self.last_created_at else None,
            "last_imported_at": format_utc(self.last_imported_at) if self.last_imported_at else None,
            "packages": self.packages,
            "gaps": list(self.gaps),
            "chain_breaks": list(self.chain_breaks),
            **self.figures.to_json(),
            "waiting_records": self.waiting_records,
            "open_conflicts": self.open_conflicts,
            "never_heard": self.never_heard,
        }


def scope_of(info: StationInfo) -> Scope:
    """The hub's own scope: its county, or the whole city."""
    return county_scope(info.county_code) if info.role == ROLE_COUNTY else city_scope()


def missing_numbers(sequences: list[int]) -> tuple[int, ...]:
    """Gaps in 1..max(sequences)."""
    have = set(sequences)
    return tuple(n for n in range(1, max(have, default=0) + 1) if n not in have)


def chain_breaks(packages: list[tuple[int, str, str | None]]) -> tuple[int, ...]:
    """Sequences whose ``previous_sha256`` differs from the hash of the package before it (when here)."""
    by_sequence = {sequence: sha for sequence, sha, _previous in packages}
    return tuple(
        sorted(
            sequence
            for sequence, _sha, previous in packages
            if sequence - 1 in by_sequence and previous != by_sequence[sequence - 1]
        )
    )


def station_table(
    db: Database, scope: Scope, today: date | None = None, period: Period | None = None
) -> list[StationRow]:
    """One row per township of ``scope``; figures of the topics proposed in ``period`` (all time if None)."""
    today = today or date.today()
    codes = scope.township_codes()
    sequences: dict[str, list[int]] = defaultdict(list)
    chains: dict[str, list[tuple[int, str, str | None]]] = defaultdict(list)
    last: dict[str, tuple[int, datetime, datetime]] = {}
    waiting: dict[str, int] = {}
    conflicts: dict[str, int] = {}
    with db.session() as session:
        received = select(
            ReceivedPackage.township_code,
            ReceivedPackage.sequence,
            ReceivedPackage.created_at,
            ReceivedPackage.imported_at,
            ReceivedPackage.sha256,
            ReceivedPackage.previous_sha256,
        ).where(ReceivedPackage.township_code.in_(codes))
        for code, sequence, created, imported, sha, previous in session.execute(received):
            sequences[code].append(sequence)
            chains[code].append((sequence, sha, previous))
            if code not in last or sequence > last[code][0]:
                last[code] = (sequence, created, imported)
        figures = figures_by_station(session, codes, period, today)
        waiting_query = select(PendingRecord.origin, func.count()).group_by(PendingRecord.origin)
        waiting = {code: int(n) for code, n in session.execute(waiting_query)}
        conflict_query = (
            select(HubConflict.origin, func.count())
            .where(HubConflict.status == "open")
            .group_by(HubConflict.origin)
        )
        conflicts = {code: int(n) for code, n in session.execute(conflict_query)}
    rows: list[StationRow] = []
    for town in townships.load_townships():
        if town.code not in codes:
            continue
        code = town.code
        seen = last.get(code)
        rows.append(
            StationRow(
                township_code=code,
                township_name=town.name,
                county_code=town.county_code,
                county_name=town.county_name,
                last_sequence=seen[0] if seen else None,
                last_created_at=seen[1] if seen else None,
                last_imported_at=seen[2] if seen else None,
                packages=len(sequences.get(code, [])),
                gaps=missing_numbers(sequences.get(code, [])),
                chain_breaks=chain_breaks(chains.get(code, [])),
                figures=figures.get(code, Figures()),
                waiting_records=waiting.get(code, 0),
                open_conflicts=conflicts.get(code, 0),
            )
        )
    return rows
