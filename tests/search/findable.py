"""Generated Chinese titles, and the check that a record is found by every piece of one."""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st
from sqlalchemy import select

from station_app.domain.progress import run_to_end
from station_app.services import demo_text
from station_app.services.search import matching_consultation_ids, search
from station_app.storage.engine import Database
from station_app.storage.records import Consultation
from station_app.storage.search_audit import audit_index

# Common characters, taken from the demo texts: titles a clerk could type, all printable.
HAN = "".join(sorted({c for c in Path(demo_text.__file__).read_text("utf-8") if "\u4e00" <= c <= "\u9fff"}))
titles = st.text(alphabet=HAN, min_size=3, max_size=12)


def pieces(title: str) -> list[str]:
    """Every 2- and 3-character piece of ``title``."""
    return sorted({title[i : i + n] for n in (2, 3) for i in range(len(title) - n + 1)})


def assert_found(db: Database, kind: str, record_id: str, title: str) -> None:
    """``record_id`` is among the hits for every piece of ``title`` (and, for a consultation, in
    the topic list filtered by that piece), and the index as a whole matches the records."""
    for piece in pieces(title):
        hits = {hit.record_id for hit in search(db, piece, kinds={kind}, limit=100_000)}
        assert record_id in hits, (kind, title, piece)
        if kind == "consultation":
            with db.session() as session:
                listed = set(session.scalars(matching_consultation_ids(session, piece)))
            assert record_id in listed, (title, piece)


def assert_index_exact(db: Database) -> None:
    audit = run_to_end(audit_index(db))
    assert audit.ok, audit.summary()


def consultation_ids(db: Database, numbers: list[str]) -> list[str]:
    with db.session() as session:
        found = dict(session.execute(select(Consultation.number, Consultation.id)).tuples().all())
    return [found[number] for number in numbers]
