"""One search box over consultations, 社情民意 reports and members.

On SQLite the words go through the FTS5 index of ``storage.search_index``; services that change a
record call ``reindex_*`` in the same transaction, and bulk writers (demo data, hub import) call
``reindex`` with many ids or ``rebuild_index`` afterwards. Elsewhere (the PostgreSQL hub) the same
fields are searched with ILIKE (correct, not fast) and there is nothing to keep in step.
``FIELDS`` says what is searched, for both.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, false, func, or_, select, true
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from station_app.domain.progress import CancelToken, Job, Progress
from station_app.storage import search_index as si
from station_app.storage.base import Synced
from station_app.storage.engine import Database
from station_app.storage.records import (
    ActionItem,
    Consultation,
    Evaluation,
    Meeting,
    Member,
    Participant,
    ProgressNote,
    Report,
    Statement,
)

KINDS = si.KINDS  # also the order of the results
CHUNK = 2000  # records per set-based read while rebuilding
_MESSAGE = "正在建立检索索引……"

Condition = Callable[[Any], ColumnElement[bool]]


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "consultation" | "report" | "member"
    record_id: str
    title: str
    detail: str


def _on_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


# --- what is searched --------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldSet:
    """Searchable columns of one table; ``names`` also get pinyin, ``head`` fields rank first."""

    model: type[Synced]
    head: tuple[str, ...] = ()
    head_names: tuple[str, ...] = ()
    text: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    via_meeting: bool = False  # a meeting's child: reaches its consultation through meetings

    @property
    def columns(self) -> tuple[str, ...]:
        return self.head + self.head_names + self.text + self.names

    def feed(self, document: si.Document, values: Sequence[str | None]) -> None:
        """Add one row's ``values`` (in the order of ``columns``) to ``document``."""
        cut = len(self.head)
        if self.head:
            document.add(values[:cut], head=True)
        if self.head_names:
            document.add(values[cut : cut + len(self.head_names)], head=True, names=True)
        cut += len(self.head_names)
        if self.text:
            document.add(values[cut : cut + len(self.text)])
        if self.names:
            document.add(values[cut + len(self.text) :], names=True)


def _columns(names: str) -> tuple[str, ...]:
    return tuple(names.split())


FIELDS: dict[str, tuple[FieldSet, ...]] = {
    "consultation": (
        FieldSet(
            Consultation,
            head=("title",),
            text=_columns(
                "number description village research_findings output_type sent_to lead_unit reply_text"
            ),
            names=("proposer",),
        ),
        FieldSet(ProgressNote, text=("text",)),
        FieldSet(Evaluation, text=("comments",), names=("rater_name",)),
        FieldSet(
            Meeting, text=_columns("place background consensus disagreements"), names=("chair", "recorder")
        ),
        FieldSet(Statement, text=("text",), names=("speaker",), via_meeting=True),
        FieldSet(Participant, text=("unit",), names=("name",), via_meeting=True),
        FieldSet(ActionItem, text=("matter", "unit"), names=("person",), via_meeting=True),
    ),
    "report": (
        FieldSet(
            Report,
            head=("title",),
            text=_columns("reporter_unit situation cause suggestion"),
            names=("reporter",),
        ),
    ),
    "member": (FieldSet(Member, head_names=("name",), text=_columns("sector unit position")),),
}
ROOTS: dict[str, type[Synced]] = {kind: fields[0].model for kind, fields in FIELDS.items()}


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
    """Every term of ``text`` in some searchable field of ``kind``'s record (case-insensitive)."""
    terms = si.search_terms(text)
    if not terms:
        return false()
    return and_(true(), *(_term_condition(kind, term) for term in terms))


# --- building documents -----------------------------------------------------------------------


def _among(ids: Sequence[str]) -> Condition:
    def condition(column: Any) -> ColumnElement[bool]:
        return column.in_(ids)  # type: ignore[no-any-return]

    return condition


def _between(low: str, high: str) -> Condition:
    def condition(column: Any) -> ColumnElement[bool]:
        return column.between(low, high)  # type: ignore[no-any-return]

    return condition


def _documents(session: Session, kind: str, condition: Condition) -> dict[str, si.Document]:
    """Documents of the live ``kind`` records whose id meets ``condition``: one query a table.

    A record's child rows come back as one row, concatenated by SQLite (names one a line), so
    Python handles a few rows per record rather than every statement and participant.
    """
    root = ROOTS[kind]
    documents: dict[str, si.Document] = {}
    for fields in FIELDS[kind]:
        model = fields.model
        columns: list[Any] = [getattr(model, name) for name in fields.columns]
        if model is root:
            query = select(root.id, *columns).where(root.deleted.is_(False), condition(root.id))
        else:
            joined = [func.group_concat(c, "\n" if c.key in fields.names else " ") for c in columns]
            if fields.via_meeting:
                owner = Meeting.consultation_id
                query = select(owner, *joined).join(
                    Meeting,
                    Meeting.id == getattr(model, "meeting_id"),  # noqa: B009
                )
                query = query.where(Meeting.deleted.is_(False))
            else:
                owner = getattr(model, "consultation_id")  # noqa: B009
                query = select(owner, *joined)
            query = query.where(model.deleted.is_(False), condition(owner)).group_by(owner)
        for owner_id, *values in session.connection().execute(query):
            # The first query lists the records themselves; the others only add to them.
            document = (
                documents.setdefault(owner_id, si.Document()) if model is root else documents.get(owner_id)
            )
            if document is not None:
                fields.feed(document, values)
    return documents


def reindex(session: Session, kind: str, record_ids: Iterable[str]) -> None:
    """Bring the index up to date for these records (tombstoned or missing ones leave it).

    For writers that change many records at once (hub import): a few queries per 500 ids.
    """
    if not _on_sqlite(session):
        return
    session.flush()  # the documents are read back with SQL, so pending changes must be in
    connection = session.connection()
    ids = list(dict.fromkeys(record_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        documents = _documents(session, kind, _among(chunk))
        si.replace_documents(connection, kind, chunk, documents)


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
        return 0
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
            documents = _documents(session, kind, _between(chunk[0], chunk[-1]))
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


# --- searching --------------------------------------------------------------------------------


def _matching_ids(session: Session, kind: str, text: str, limit: int) -> list[str]:
    if not _on_sqlite(session):
        root = ROOTS[kind]
        query = (
            select(root.id)
            .where(root.deleted.is_(False), like_condition(kind, text))
            .order_by(root.created_at.desc(), root.id)
            .limit(limit)
        )
        return list(session.scalars(query))
    expression = si.match_expression(text)
    if expression is None:
        return []
    connection = session.connection()
    # Matches in the title (or a member's name) come first, then matches elsewhere.
    found = dict.fromkeys(si.newest_matches(connection, expression, kind, limit, in_heads=True))
    if len(found) < limit:
        found.update(dict.fromkeys(si.newest_matches(connection, expression, kind, limit)))
    return list(found)[:limit]


def _hits(session: Session, kind: str, ids: Sequence[str]) -> list[SearchHit]:
    if not ids:
        return []
    by_id: dict[str, SearchHit] = {}
    if kind == "consultation":
        c = Consultation
        rows = session.execute(
            select(c.id, c.title, c.number, c.status, c.village).where(c.id.in_(ids), c.deleted.is_(False))
        )
        for cid, title, number, status, village in rows:
            detail = " · ".join(part for part in (number, status, village) if part)
            by_id[cid] = SearchHit(kind, cid, title, detail)
    elif kind == "report":
        r = Report
        rows = session.execute(
            select(r.id, r.title, r.reporter, r.reporter_unit, r.status).where(
                r.id.in_(ids), r.deleted.is_(False)
            )
        )
        for rid, title, reporter, unit, status in rows:
            who = f"{reporter}（{unit}）" if unit else reporter
            by_id[rid] = SearchHit(kind, rid, title, f"社情民意 · 反映人：{who} · {status}")
    else:
        m = Member
        rows = session.execute(
            select(m.id, m.name, m.sector, m.unit, m.position).where(m.id.in_(ids), m.deleted.is_(False))
        )
        for mid, name, sector, unit, position in rows:
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
    query = select(Consultation.id).where(Consultation.deleted.is_(False))
    if not _on_sqlite(session):
        return query.where(like_condition("consultation", text))
    expression = si.match_expression(text)
    if expression is None:
        return query.where(false())
    return query.where(Consultation.id.in_(si.matching_record_ids(expression, "consultation")))
