"""Reading consultations for the list page and the command line: filters, sorting, paging."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from station_app.domain.lifecycle import Stage, Status, stage_of, statuses_of
from station_app.domain.overdue import CLOSED_TOPIC_STATUSES
from station_app.storage.engine import Database
from station_app.storage.records import ActionItem, Consultation, Meeting


@dataclass(frozen=True)
class ConsultationFilter:
    status: str = ""
    stage: str = ""
    field: str = ""
    source: str = ""
    village: str = ""
    year: int | None = None
    search: str = ""


@dataclass(frozen=True)
class ConsultationRow:
    id: str
    number: str
    title: str
    status: str
    stage: str
    field: str
    source: str
    village: str
    proposed_on: date | None
    year: int
    seq: int
    proposer: str = ""


SORT_COLUMNS = {
    "number": (Consultation.year, Consultation.seq),
    "title": (Consultation.title,),
    "status": (Consultation.status,),
    "field": (Consultation.field,),
    "source": (Consultation.source,),
    "village": (Consultation.village,),
    "proposer": (Consultation.proposer,),
    "proposed_on": (Consultation.proposed_on,),
}


def _filtered(session: Session, flt: ConsultationFilter, query: Select) -> Select:  # type: ignore[type-arg]
    query = query.where(Consultation.deleted.is_(False))
    if flt.status:
        query = query.where(Consultation.status == flt.status)
    if flt.stage:
        query = query.where(Consultation.status.in_([s.value for s in statuses_of(Stage(flt.stage))]))
    if flt.field:
        query = query.where(Consultation.field == flt.field)
    if flt.source:
        query = query.where(Consultation.source == flt.source)
    if flt.village:
        query = query.where(Consultation.village == flt.village)
    if flt.year is not None:
        query = query.where(Consultation.year == flt.year)
    if flt.search.strip():
        from station_app.services.search import matching_consultation_ids

        query = query.where(Consultation.id.in_(matching_consultation_ids(session, flt.search)))
    return query


def count_consultations(db: Database, flt: ConsultationFilter) -> int:
    with db.session() as session:
        return int(session.scalar(_filtered(session, flt, select(func.count(Consultation.id)))) or 0)


def list_consultations(
    db: Database,
    flt: ConsultationFilter,
    *,
    sort: str = "number",
    descending: bool = True,
    offset: int = 0,
    limit: int = 200,
) -> list[ConsultationRow]:
    columns = SORT_COLUMNS.get(sort, SORT_COLUMNS["number"])
    order: list[Any] = [c.desc() if descending else c.asc() for c in columns]
    # A unique tie-breaker keeps pages stable while paging.
    order.append(Consultation.id.desc() if descending else Consultation.id.asc())
    with db.session() as session:
        query = select(
            Consultation.id,
            Consultation.number,
            Consultation.title,
            Consultation.status,
            Consultation.field,
            Consultation.source,
            Consultation.village,
            Consultation.proposer,
            Consultation.proposed_on,
            Consultation.year,
            Consultation.seq,
        )
        rows = session.execute(_filtered(session, flt, query).order_by(*order).offset(offset).limit(limit))
        return [
            ConsultationRow(
                id=r.id,
                number=r.number,
                title=r.title,
                status=r.status,
                stage=_stage_text(r.status),
                field=r.field,
                source=r.source,
                village=r.village,
                proposer=r.proposer,
                proposed_on=r.proposed_on,
                year=r.year,
                seq=r.seq,
            )
            for r in rows
        ]


def _stage_text(status: str) -> str:
    try:
        stage = stage_of(Status(status))
    except ValueError:
        return ""
    return stage.value if stage else ""


def filter_choices(db: Database) -> tuple[list[str], list[int]]:
    """The villages and years that occur, for the list page's filter boxes."""
    with db.session() as session:
        alive = Consultation.deleted.is_(False)
        villages = session.scalars(
            select(Consultation.village)
            .where(alive, Consultation.village != "")
            .distinct()
            .order_by(Consultation.village)
        ).all()
        years = session.scalars(
            select(Consultation.year).where(alive).distinct().order_by(Consultation.year.desc())
        )
        return list(villages), list(years)


@dataclass(frozen=True)
class DueItem:
    consultation_id: str
    number: str
    matter: str
    unit: str
    due_on: date
    action_item_id: str = ""


def open_action_items(db: Database, *, before: date) -> list[DueItem]:
    """Action items not done whose deadline falls before ``before`` (due soon or overdue), of topics
    still in progress (domain.overdue: the same rule as every overdue figure)."""
    with db.session() as session:
        rows = session.execute(
            select(
                Consultation.id,
                Consultation.number,
                ActionItem.matter,
                ActionItem.unit,
                ActionItem.due_on,
                ActionItem.id,
            )
            .join(Meeting, Meeting.id == ActionItem.meeting_id)
            .join(Consultation, Consultation.id == Meeting.consultation_id)
            .where(
                ActionItem.deleted.is_(False),
                Meeting.deleted.is_(False),
                Consultation.deleted.is_(False),
                ActionItem.done_on.is_(None),
                ActionItem.due_on.is_not(None),
                ActionItem.due_on < before,
                Consultation.status.not_in(CLOSED_TOPIC_STATUSES),
            )
            .order_by(ActionItem.due_on)
        )
        return [DueItem(*r) for r in rows]
