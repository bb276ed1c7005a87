"""Keeping demonstration data away from a station's real records.

Every demo fill stamps all its rows with one ``created_at`` and notes that moment in ``app_meta``
(``demo_fill:<change>``). A record made at any other moment is real: typed by the clerk, imported
from a ledger or received. ``demo --add`` refuses while there are real records, because demo
meetings would take real members and demo topics would travel in the next package.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.storage.engine import Database
from station_app.storage.local import AppMeta
from station_app.storage.records import Consultation, Member, Report

MARK_PREFIX = "demo_fill:"


def mark_fill(session: Session, change: int, created_at: datetime) -> None:
    session.merge(AppMeta(key=f"{MARK_PREFIX}{change}", value=created_at.isoformat()))


def real_record_count(db: Database) -> int:
    """Topics, 社情民意 and members not made by a demo fill (deleted ones aside)."""
    with db.session() as session:
        stamps = [
            datetime.fromisoformat(value)
            for value in session.scalars(select(AppMeta.value).where(AppMeta.key.startswith(MARK_PREFIX)))
        ]
        total = 0
        for model in (Consultation, Report, Member):
            query = select(func.count()).select_from(model).where(model.deleted.is_(False))
            if stamps:
                query = query.where(model.created_at.not_in(stamps))
            total += int(session.scalar(query) or 0)
        return total
