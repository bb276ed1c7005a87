"""Reading consultations for the list page and the command line: filters, sorting, paging."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Select, func, select

from station_app.domain.lifecycle import Stage, statuses_of
from station_app.domain.overdue import CLOSED_TOPIC_STATUSES, RESOLVED_RESULT_CODES
from station_app.services.list_rows import ConsultationFilter, ConsultationRow, stage_text
from station_app.storage.engine import Database
from station_app.storage.listing import CONSULTATIONS

__all__ = ["ConsultationFilter", "ConsultationRow", "count_consultations", "list_consultations"]

_C = CONSULTATIONS.c
SORT_COLUMNS = {
    "number": (_C.year, _C.seq),
    "title": (_C.title,),
    "status": (_C.status,),
    "field": (_C.field,),
    "source": (_C.source,),
    "village": (_C.village,),
    "proposer": (_C.proposer,),
    "proposed_on": (_C.proposed_on,),
    "origin": (_C.origin,),
}


def _filtered(connection: Connection, flt: ConsultationFilter, query: Select) -> Select:  # type: ignore[type-arg]
    query = query.where(_C.deleted.is_(False))
    if flt.status:
        query = query.where(_C.status == flt.status)
    if flt.stage:
        query = query.where(_C.status.in_([s.value for s in statuses_of(Stage(flt.stage))]))
    if flt.field:
        query = query.where(_C.field == flt.field)
    if flt.source:
        query = query.where(_C.source == flt.source)
    if flt.township:
        query = query.where(_C.origin == flt.township)
    if flt.village:
        query = query.where(_C.village == flt.village)
    if flt.year is not None:
        query = query.where(_C.year == flt.year)
    if flt.search.strip():
        from sqlalchemy.orm import Session  # the search index and its models load only for a search

        from station_app.services.search import matching_consultation_ids

        with Session(connection) as session:
            query = query.where(_C.id.in_(matching_consultation_ids(session, flt.search)))
    return query


def count_consultations(db: Database, flt: ConsultationFilter) -> int:
    with db.connect() as connection:
        query = _filtered(connection, flt, select(func.count(_C.id)).select_from(CONSULTATIONS))
        return int(connection.scalar(query) or 0)


def _listing(flt_query: Select, sort: str, descending: bool) -> Select:  # type: ignore[type-arg]
    columns = SORT_COLUMNS.get(sort, SORT_COLUMNS["number"])
    order: list[Any] = [c.desc() if descending else c.asc() for c in columns]
    # A unique tie-breaker keeps pages stable while paging.
    order.append(_C.id.desc() if descending else _C.id.asc())
    return flt_query.order_by(*order)


def list_consultations(
    db: Database,
    flt: ConsultationFilter,
    *,
    sort: str = "number",
    descending: bool = True,
    offset: int = 0,
    limit: int | None = 200,
) -> list[ConsultationRow]:
    """One page of the list (``limit=None``: every row)."""
    with db.connect() as connection:
        query = select(
            _C.id, _C.number, _C.title, _C.status, _C.field, _C.source, _C.village, _C.proposer,
            _C.proposed_on, _C.year, _C.seq, _C.origin,
        )  # fmt: skip
        query = _listing(_filtered(connection, flt, query), sort, descending).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        return [
            ConsultationRow(
                id=r.id,
                number=r.number,
                title=r.title,
                status=r.status,
                stage=stage_text(r.status),
                field=r.field,
                source=r.source,
                village=r.village,
                proposer=r.proposer,
                proposed_on=r.proposed_on,
                year=r.year,
                seq=r.seq,
                origin=r.origin,
            )
            for r in connection.execute(query)
        ]


def filter_choices(db: Database, township: str = "") -> tuple[list[str], list[int]]:
    """The villages (of ``township`` if given) and years that occur, for the list page's filter boxes."""
    with db.connect() as connection:
        alive = _C.deleted.is_(False)
        of_township = _C.origin == township if township else alive
        villages = connection.scalars(
            select(_C.village).where(alive, of_township, _C.village != "").distinct().order_by(_C.village)
        ).all()
        years = connection.scalars(select(_C.year).where(alive).distinct().order_by(_C.year.desc()))
        return list(villages), list(years)


@dataclass(frozen=True)
class DueItem:
    consultation_id: str
    number: str
    matter: str
    unit: str
    due_on: date
    action_item_id: str = ""
    title: str = ""  # the topic's title, for the list of all reminders


def open_action_items(db: Database, *, before: date, township: str = "") -> list[DueItem]:
    """Action items not done whose deadline falls before ``before`` (due soon or overdue), of topics
    still in progress (domain.overdue: the same rule as every overdue figure)."""
    from station_app.storage.records import ActionItem, Consultation, Meeting

    with db.session() as session:
        rows = session.execute(
            select(
                Consultation.id,
                Consultation.number,
                ActionItem.matter,
                ActionItem.unit,
                ActionItem.due_on,
                ActionItem.id,
                Consultation.title,
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
                func.coalesce(Consultation.result_code, "").not_in(RESOLVED_RESULT_CODES),
                Consultation.origin == township if township else Consultation.deleted.is_(False),
            )
            .order_by(ActionItem.due_on, Consultation.number)
        )
        return [DueItem(*r) for r in rows]


def townships_with_topics(db: Database) -> list[str]:
    """The township codes that have live topics (a hub's 乡镇 filter)."""
    with db.connect() as connection:
        codes = connection.scalars(
            select(_C.origin).where(_C.deleted.is_(False)).distinct().order_by(_C.origin)
        )
        return list(codes)
