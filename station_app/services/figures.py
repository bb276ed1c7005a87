"""The one query module behind every figure (``domain.figures``): a few grouped SQL queries per call.

Figures are counted per station (``origin``) and summed for a county or the city, so the overview
row of a township, the KPI board of a scope and the report of a period are the same numbers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from station_app.domain.figures import NOT_ACTIVE, Figures, Period
from station_app.domain.overdue import CLOSED_TOPIC_STATUSES, RESOLVED_RESULT_CODES
from station_app.storage.records import ActionItem, Consultation, Evaluation, Meeting, Participant


def _topic_filter(codes: Sequence[str] | None, period: Period | None) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [Consultation.deleted.is_(False)]
    if codes is not None:
        where.append(Consultation.origin.in_(list(codes)))
    if period is not None:
        where += [Consultation.proposed_on >= period.start, Consultation.proposed_on <= period.end]
    return where


def _meetings(where: list[ColumnElement[bool]], period: Period | None) -> Select[Any]:
    """Meetings of the period's active topics, held in the period (all of them without a period)."""
    query = (
        select(Meeting.id, Consultation.origin)
        .join(Consultation, Consultation.id == Meeting.consultation_id)
        .where(*where, Consultation.status.not_in(NOT_ACTIVE), Meeting.deleted.is_(False))
    )
    if period is not None:
        start = datetime.combine(period.start, time.min)
        end = datetime.combine(period.end + timedelta(days=1), time.min)
        query = query.where(Meeting.held_at >= start, Meeting.held_at < end)
    return query


def figures_by_station(
    session: Session, codes: Sequence[str] | None, period: Period | None, today: date
) -> dict[str, Figures]:
    """Figures per township code (only codes with topics appear); ``codes=None`` means every station."""
    where = _topic_filter(codes, period)
    found: dict[str, Figures] = defaultdict(Figures)
    topics = (
        select(
            Consultation.origin,
            Consultation.status,
            Consultation.field,
            Consultation.result_code,
            func.count(),
        )
        .where(*where)
        .group_by(Consultation.origin, Consultation.status, Consultation.field, Consultation.result_code)
    )
    for origin, status, field_name, result, count in session.execute(topics):
        found[origin].add_topics(status, field_name, result or "", int(count))
    ratings = (
        select(Consultation.origin, Evaluation.rating, func.count())
        .join(Consultation, Consultation.id == Evaluation.consultation_id)
        .where(*where, Consultation.status.not_in(NOT_ACTIVE), Evaluation.deleted.is_(False))
        .group_by(Consultation.origin, Evaluation.rating)
    )
    for origin, rating, count in session.execute(ratings):
        found[origin].ratings[rating] += int(count)
    meetings = _meetings(where, period).subquery()
    for origin, count in session.execute(select(meetings.c.origin, func.count()).group_by(meetings.c.origin)):
        found[origin].meetings = int(count)
    members = (
        select(meetings.c.origin, func.count(func.distinct(Participant.member_id)))
        .join(meetings, meetings.c.id == Participant.meeting_id)
        .where(
            Participant.deleted.is_(False),
            Participant.member_id.is_not(None),
            Participant.attendance != "请假",
        )
        .group_by(meetings.c.origin)
    )
    for origin, count in session.execute(members):
        found[origin].members = int(count)
    overdue = (
        select(Consultation.origin, func.count())
        .select_from(ActionItem)
        .join(Meeting, Meeting.id == ActionItem.meeting_id)
        .join(Consultation, Consultation.id == Meeting.consultation_id)
        .where(
            *where,
            Consultation.status.not_in(CLOSED_TOPIC_STATUSES),
            func.coalesce(Consultation.result_code, "").not_in(RESOLVED_RESULT_CODES),
            ActionItem.deleted.is_(False),
            Meeting.deleted.is_(False),
            ActionItem.done_on.is_(None),
            ActionItem.due_on < today,
        )
        .group_by(Consultation.origin)
    )
    for origin, count in session.execute(overdue):
        found[origin].overdue_actions = int(count)
    return dict(found)


def figures_for(session: Session, codes: Sequence[str] | None, period: Period | None, today: date) -> Figures:
    """The figures of several stations together (a county, the city, or one station)."""
    total = Figures()
    for figures in figures_by_station(session, codes, period, today).values():
        total = total + figures
    return total
