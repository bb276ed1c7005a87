"""The demo fill indexes its records in bulk: the index must be exactly what a rebuild makes."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from station_app.domain.progress import run_to_end
from station_app.services.demo import fill_demo
from station_app.services.search import rebuild_index, search
from station_app.services.station import SetupRequest, setup_station
from station_app.storage.engine import Database

QUERIES = ("养老", "河道", "道路硬化", "协商", "zh", "王", "社区", "2026", "群众反映", "调研组长", "村委")


def _index_rows(db: Database) -> dict[tuple[str, str], tuple[int, str, str]]:
    query = text(
        "SELECT d.kind, d.record_id, d.doc, f.head, f.body, h.head FROM search_docs d "
        "JOIN search_fts f ON f.rowid = d.doc JOIN search_heads h ON h.rowid = d.doc"
    )
    with db.engine.connect() as connection:
        rows = connection.execute(query).all()
    assert all(head == heads_head for _k, _r, _d, head, _b, heads_head in rows)
    return {(kind, record_id): (doc, head, body) for kind, record_id, doc, head, body, _h in rows}


@pytest.fixture
def filled(db: Database) -> Database:
    setup_station(db, SetupRequest(township_code="511102004", clerk_name="王芳"))
    run_to_end(fill_demo(db, 300, 3, today=date(2026, 3, 15)))
    run_to_end(fill_demo(db, 40, 4, today=date(2026, 3, 15)))  # a second fill appends
    return db


def test_the_fill_indexes_exactly_what_a_rebuild_reads_back(filled: Database) -> None:
    from_rows = _index_rows(filled)
    found = {query: search(filled, query, limit=500) for query in QUERIES}
    run_to_end(rebuild_index(filled))
    rebuilt = _index_rows(filled)
    assert from_rows.keys() == rebuilt.keys()
    assert {k: v[1:] for k, v in from_rows.items()} == {k: v[1:] for k, v in rebuilt.items()}
    assert all(found[query] for query in ("养老", "协商", "王"))
    assert found == {query: search(filled, query, limit=500) for query in QUERIES}


def test_newer_fills_get_higher_rowids(filled: Database) -> None:
    rows = _index_rows(filled)
    with filled.engine.connect() as connection:
        order = (
            connection.execute(text("SELECT id FROM consultations ORDER BY created_at, id")).scalars().all()
        )
    docs = [rows[("consultation", cid)][0] for cid in order]
    assert docs == sorted(docs)


def test_the_bulk_settings_are_undone_after_the_fill(filled: Database) -> None:
    with filled.engine.connect() as connection:
        config = dict(connection.execute(text("SELECT k, v FROM search_fts_config")).all())
    assert config["automerge"] == 4
