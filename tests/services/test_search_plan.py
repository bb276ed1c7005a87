"""The search box looks its hits up by id: SQLite's plan for the lookup uses the id's index, never
a walk over every topic by the list's (deleted, year, seq) index."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.dialects import sqlite

from station_app.domain.progress import run_to_end
from station_app.services.demo import fill_demo
from station_app.services.search import hits_query, search
from station_app.storage.engine import Database
from station_app.storage.records import Consultation, Member, Report


@pytest.mark.parametrize(
    ("kind", "model"), [("consultation", Consultation), ("report", Report), ("member", Member)]
)
def test_hits_are_looked_up_by_their_id(station_db: Database, kind: str, model: type) -> None:
    run_to_end(fill_demo(station_db, count=14, seed=3, today=date(2026, 11, 26)))
    with station_db.session() as session:
        ids = list(session.scalars(select(model.id).limit(200)))  # type: ignore[attr-defined]
        assert len(ids) >= 2
        sql = str(
            hits_query(kind, ids).compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True})
        )
        plan = " ".join(
            str(row[3]) for row in session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")
        )
    assert "(id=?)" in plan and "deleted=?" not in plan, plan


def test_a_deleted_record_is_not_a_hit(station_db: Database) -> None:
    run_to_end(fill_demo(station_db, count=14, seed=3, today=date(2026, 11, 26)))
    with station_db.session() as session:
        topic = session.scalars(select(Consultation).where(Consultation.deleted.is_(False)).limit(1)).one()
        title = topic.title
        found = [hit.record_id for hit in search(station_db, title) if hit.kind == "consultation"]
        assert topic.id in found
        topic.deleted = True
        session.commit()
        cid = topic.id
    assert cid not in [hit.record_id for hit in search(station_db, title)]


@pytest.mark.parametrize("by", ["among", "between"])
def test_documents_look_their_records_up_by_id(station_db: Database, by: str) -> None:
    """The index upkeep at every commit (``among``) and check's audit (``between``) read records by
    id: neither walks every topic by the list's index."""
    from sqlalchemy import event

    from station_app.storage.search_documents import among, between, documents

    run_to_end(fill_demo(station_db, count=14, seed=3, today=date(2026, 11, 26)))
    with station_db.session() as session:
        ids = sorted(session.scalars(select(Consultation.id)))
        condition = among(ids) if by == "among" else between(ids[0], ids[-1])
        seen: list[tuple[str, object]] = []

        def record(_conn: object, _cursor: object, statement: str, params: object, *_rest: object) -> None:
            seen.append((statement, params))

        event.listen(station_db.engine, "before_cursor_execute", record)
        try:
            found = documents(session, "consultation", condition)
        finally:
            event.remove(station_db.engine, "before_cursor_execute", record)
        assert set(found) == set(ids) - set(
            session.scalars(select(Consultation.id).where(Consultation.deleted.is_(True)))
        )
        raw = session.connection().connection.dbapi_connection
        assert raw is not None
        plans = [
            " ".join(str(row[3]) for row in raw.execute(f"EXPLAIN QUERY PLAN {sql}", params))  # type: ignore[arg-type]
            for sql, params in seen
            if "FROM consultations" in sql
        ]
    assert plans and not any("ix_consultations_listing" in plan for plan in plans), plans
