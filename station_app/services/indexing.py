"""Keeping the search index in step with the records, inside the same transaction."""

from __future__ import annotations

from sqlalchemy.orm import Session


def reindex_consultation(session: Session, consultation_id: str) -> None:
    from station_app.services import search

    search.reindex_consultation(session, consultation_id)


def reindex_report(session: Session, report_id: str) -> None:
    from station_app.services import search

    search.reindex_report(session, report_id)


def reindex_member(session: Session, member_id: str) -> None:
    from station_app.services import search

    search.reindex_member(session, member_id)
