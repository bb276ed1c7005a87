"""One search box over consultations, 社情民意 reports and members.

On SQLite the words go through the FTS5 index of ``storage.search_index``; elsewhere (the
PostgreSQL hub) through the same tokens in ``storage.search_texts``. The database keeps either
in step with the records at every commit (``storage.search_upkeep``), whatever wrote them;
``storage.search_documents.FIELDS`` says what is searched. A number typed the way clerks write
it (「2026-3」, 「〔2026〕3号」, 「3号」) finds the consultation of that number.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, exists, false, or_, select, true
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from station_app.domain import numbering
from station_app.domain.progress import CancelToken, Job, Progress
from station_app.storage import search_documents, search_texts
from station_app.storage import search_index as si
from station_app.storage.base import Synced
from station_app.storage.engine import Database
from station_app.storage.records import Consultation, Meeting, Member, Report
from station_app.storage.search_documents import FIELDS, ROOTS, FieldSet, between

__all__ = ["FIELDS", "ROOTS", "FieldSet"]

KINDS = si.KINDS  # also the order of the results
CHUNK = 2000  # records per set-based read while rebuilding
_MESSAGE = "正在建立检索索引……"


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "consultation" | "report" | "member"
    record_id: str
    title: str
    detail: str


def _on_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


# --- what is searched: storage.search_documents ------------------------------------------------


def _any_column(model: type[Synced], names: Iterable[str], pattern: str) -> ColumnElement[bool]:
    return or_(false(), *(getattr(model, name).ilike(pattern, escape="\\") for name in names))


def _term_condition(kind: str, term: str) -> ColumnElement[bool]:
    pattern = si.like_pattern(term)
    root = ROOTS[kind]
    found: list[ColumnElement[bool]] = []
    for fields in FIELDS[kind]:
        if fields.model is root:
            found.append(_any_column(root, fields.columns, pattern))
        elif fields.via_meeting:
            found.append(
                exists()
                .where(getattr(fields.model, "meeting_id") == Meeting.id)  # noqa: B009
                .where(Meeting.consultation_id == root.id, Meeting.deleted.is_(False))
                .where(fields.model.deleted.is_(False), _any_column(fields.model, fields.columns, pattern))
            )
        else:
            found.append(
                exists()
                .where(getattr(fields.model, "consultation_id") == root.id)  # noqa: B009
                .where(fields.model.deleted.is_(False), _any_column(fields.model, fields.columns, pattern))
            )
    if kind == "member" and term.isascii():
        # Names by pinyin work here only through the roster's stored initials.
        found.append(Member.initials.ilike(si.like_pattern(term, prefix=True), escape="\\"))
    return or_(*found)


def like_condition(kind: str, text: str) -> ColumnElement[bool]:
    """Every term of ``text`` in some searchable field of ``kind``'s record (case-insensitive):
    the index's meaning spelled out in SQL, which the tests hold the index against."""
    terms = si.search_terms(text)
    if not terms:
        return false()
    return and_(true(), *(_term_condition(kind, term) for term in terms))


# --- writing documents ----------------------------------------------------------------------
# The database marks changed records and every commit rewrites their documents
# (storage.search_upkeep); these rewrite documents on request, e.g. in tests.


def reindex(session: Session, kind: str, record_ids: Iterable[str]) -> None:
    search_documents.reindex(session, kind, record_ids)


def reindex_consultation(session: Session, consultation_id: str) -> None:
    reindex(session, "consultation", [consultation_id])


def reindex_consultations(session: Session, consultation_ids: Iterable[str]) -> None:
    reindex(session, "consultation", consultation_ids)


def reindex_report(session: Session, report_id: str) -> None:
    reindex(session, "report", [report_id])


def reindex_member(session: Session, member_id: str) -> None:
    reindex(session, "member", [member_id])


def rebuild_index(db: Database, cancel: CancelToken | None = None) -> Job[int]:
    """Index every record afresh in one transaction; returns how many documents were written.

    Cancelling leaves the old index as it was. Rowids follow creation order, so the newest
    records come first in results.
    """
    if not db.is_sqlite:
        return (yield from _rebuild_texts(db, cancel))
    with db.session() as session:
        order: dict[str, list[str]] = {}
        for kind in KINDS:
            root = ROOTS[kind]
            live = select(root.id).where(root.deleted.is_(False)).order_by(root.created_at, root.id)
            order[kind] = list(session.scalars(live))
        yield Progress(0, sum(len(ids) for ids in order.values()), _MESSAGE)
        si.recreate_tables(session.connection())
        return (yield from index_new(session, order, cancel))


def index_new(session: Session, order: dict[str, list[str]], cancel: CancelToken | None = None) -> Job[int]:
    """Index live records not in the index yet, in the caller's transaction, after the newest of
    their kind in the order given (oldest first); for bulk writers and the rebuild.

    The search_docs rows go in first, so the FTS5 inserts that follow come one after another
    (SQLite makes FTS5 write out its pending terms whenever a statement on another table begins).
    """
    connection = session.connection()
    si.begin_bulk(connection)
    rowids: dict[str, dict[str, int]] = {}
    for kind in KINDS:
        low = si.next_rowid(connection, kind)
        rowids[kind] = {record_id: low + number for number, record_id in enumerate(order.get(kind, ()))}
        si.insert_doc_ids(connection, kind, [(rowid, rid) for rid, rowid in rowids[kind].items()])
    total = sum(len(ids) for ids in rowids.values())
    done = written = 0
    for kind in KINDS:
        ordered = sorted(rowids[kind])
        for start in range(0, len(ordered), CHUNK):
            chunk = ordered[start : start + CHUNK]
            # An id range reads each table through its index, with no limit on parameters.
            documents = search_documents.documents(session, kind, between(chunk[0], chunk[-1]))
            rows = [(rowids[kind][rid], *documents[rid].rendered()) for rid in chunk if rid in documents]
            si.insert_texts(connection, rows)
            written += len(rows)
            done += len(chunk)
            if cancel is not None:
                cancel.raise_if_cancelled()
            yield Progress(done, total, _MESSAGE)
    yield Progress(total, total, "正在整理检索索引……")
    si.optimize(connection)
    return written


def _rebuild_texts(db: Database, cancel: CancelToken | None) -> Job[int]:
    """``rebuild_index`` where the documents live in ``search_texts``."""
    with db.session() as session:
        connection = session.connection()
        order = {
            kind: list(session.scalars(select(root.id).where(root.deleted.is_(False)).order_by(root.id)))
            for kind, root in ROOTS.items()
        }
        total = sum(len(ids) for ids in order.values())
        yield Progress(0, total, _MESSAGE)
        connection.execute(delete(search_texts.texts))
        done = 0
        for kind, ids in order.items():
            for start in range(0, len(ids), CHUNK):
                chunk = ids[start : start + CHUNK]
                found = search_documents.documents(session, kind, between(chunk[0], chunk[-1]))
                rendered = {rid: doc.rendered() for rid, doc in found.items()}
                search_texts.replace(connection, kind, chunk, rendered)
                done += len(chunk)
                if cancel is not None:
                    cancel.raise_if_cancelled()
                yield Progress(done, total, _MESSAGE)
        return total


# --- searching --------------------------------------------------------------------------------


def _newest_in_texts(session: Session, kind: str, text: str, limit: int, *, in_heads: bool) -> list[str]:
    root = ROOTS[kind]
    query = (
        select(root.id)
        .where(root.deleted.is_(False), root.id.in_(search_texts.matching_ids(kind, text, in_heads=in_heads)))
        .order_by(root.created_at.desc(), root.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def _matching_ids(session: Session, kind: str, text: str, limit: int) -> list[str]:
    if kind == "consultation" and (number := numbering.number_query(text)) is not None:
        return list(
            session.scalars(_by_number(number).order_by(Consultation.year, Consultation.seq).limit(limit))
        )
    if not _on_sqlite(session):
        found = dict.fromkeys(_newest_in_texts(session, kind, text, limit, in_heads=True))
        if len(found) < limit:
            found.update(dict.fromkeys(_newest_in_texts(session, kind, text, limit, in_heads=False)))
        return list(found)[:limit]
    expression = si.match_expression(text)
    if expression is None:
        return []
    connection = session.connection()
    # Matches in the title (or a member's name) come first, then matches elsewhere.
    found = dict.fromkeys(si.newest_matches(connection, expression, kind, limit, in_heads=True))
    if len(found) < limit:
        found.update(dict.fromkeys(si.newest_matches(connection, expression, kind, limit)))
    return list(found)[:limit]


def hits_query(kind: str, ids: Sequence[str]) -> Select[Any]:
    """The shown fields of the records ``ids`` of ``kind``, with their ``deleted`` flag.

    The deleted ones are left out in Python, not in SQL: with ``deleted`` in the WHERE clause
    SQLite may walk the list's index on (deleted, year, seq) over every topic rather than look the
    200 ids up (30 ms instead of 1 at 100,000 topics; ``tests/services/test_search_plan.py``).
    """
    if kind == "consultation":
        c = Consultation
        return select(c.id, c.deleted, c.title, c.number, c.status, c.village).where(c.id.in_(ids))
    if kind == "report":
        r = Report
        return select(r.id, r.deleted, r.title, r.reporter, r.reporter_unit, r.status).where(r.id.in_(ids))
    m = Member
    return select(m.id, m.deleted, m.name, m.sector, m.unit, m.position).where(m.id.in_(ids))


def _hits(session: Session, kind: str, ids: Sequence[str]) -> list[SearchHit]:
    if not ids:
        return []
    by_id: dict[str, SearchHit] = {}
    rows = [row for row in session.execute(hits_query(kind, ids)) if not row[1]]
    if kind == "consultation":
        for cid, _deleted, title, number, status, village in rows:
            detail = " · ".join(part for part in (number, status, village) if part)
            by_id[cid] = SearchHit(kind, cid, title, detail)
    elif kind == "report":
        for rid, _deleted, title, reporter, unit, status in rows:
            who = f"{reporter}（{unit}）" if unit else reporter
            by_id[rid] = SearchHit(kind, rid, title, f"社情民意 · 反映人：{who} · {status}")
    else:
        for mid, _deleted, name, sector, unit, position in rows:
            detail = " · ".join(part for part in ("委员", sector, unit, position) if part)
            by_id[mid] = SearchHit(kind, mid, name, detail)
    return [by_id[i] for i in ids if i in by_id]


def search(
    db: Database, text: str, *, kinds: Collection[str] | None = None, limit: int = 200
) -> list[SearchHit]:
    """At most ``limit`` records containing every term of ``text``: consultations, then reports,
    then members; within a kind, title matches first, then newest first. Blank text finds nothing.
    """
    if not text.strip() or limit <= 0:
        return []
    hits: list[SearchHit] = []
    with db.session() as session:
        for kind in KINDS:
            if kinds is not None and kind not in kinds:
                continue
            remaining = limit - len(hits)
            if remaining <= 0:
                break
            hits += _hits(session, kind, _matching_ids(session, kind, text, remaining))
    return hits


def matching_consultation_ids(session: Session, text: str) -> Select[tuple[str]]:
    """``Consultation.id`` of every live consultation matching ``text``, to use as a subquery
    (``Consultation.id.in_(...)``) beside the list page's other filters. Blank text matches none.
    """
    number = numbering.number_query(text)
    if number is not None:
        return _by_number(number)
    query = select(Consultation.id).where(Consultation.deleted.is_(False))
    if not _on_sqlite(session):
        return query.where(Consultation.id.in_(search_texts.matching_ids("consultation", text)))
    expression = si.match_expression(text)
    if expression is None:
        return query.where(false())
    return query.where(Consultation.id.in_(si.matching_record_ids(expression, "consultation")))


def _by_number(number: numbering.NumberQuery) -> Select[tuple[str]]:
    """Live consultations whose number is the one the clerk typed (「2026-3」, 「3号」…)."""
    query = select(Consultation.id).where(Consultation.deleted.is_(False), Consultation.seq == number.seq)
    if number.year is not None:
        query = query.where(Consultation.year == number.year)
    if number.prefix:
        query = query.where(Consultation.number.startswith(number.prefix, autoescape=True))
    return query
