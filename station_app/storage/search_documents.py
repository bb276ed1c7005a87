"""What each record's search document is made of, and writing documents to the index.

``FIELDS`` names the searchable columns of every kind; ``documents`` reads them set-based and
``reindex`` writes the result: to the FTS5 tables on SQLite (``search_index``), to the plain
``search_texts`` table elsewhere (the PostgreSQL hub), the same tokens in both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, func, select
from sqlalchemy.orm import Session

from station_app.storage import search_index as si
from station_app.storage import search_texts
from station_app.storage.base import Synced
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

KINDS = si.KINDS
Condition = Callable[[Any], ColumnElement[bool]]


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


def among(ids: Sequence[str]) -> Condition:
    def condition(column: Any) -> ColumnElement[bool]:
        return column.in_(ids)  # type: ignore[no-any-return]

    return condition


def between(low: str, high: str) -> Condition:
    def condition(column: Any) -> ColumnElement[bool]:
        return column.between(low, high)  # type: ignore[no-any-return]

    return condition


def _joined(connection: Connection, column: Any, separator: str) -> Any:
    if connection.dialect.name == "sqlite":
        return func.group_concat(column, separator)
    return func.string_agg(column, separator)


def documents(session: Session, kind: str, condition: Condition) -> dict[str, si.Document]:
    """Documents of the live ``kind`` records whose id meets ``condition``: one query a table.

    A record's child rows come back as one row, concatenated by the database (names one a line),
    so Python handles a few rows per record rather than every statement and participant.
    """
    connection = session.connection()
    root = ROOTS[kind]
    found: dict[str, si.Document] = {}
    for fields in FIELDS[kind]:
        model = fields.model
        columns: list[Any] = [getattr(model, name) for name in fields.columns]
        if model is root:
            # Deleted records are skipped below, not in SQL: with ``deleted`` in the WHERE clause
            # SQLite may walk the list's (deleted, year, seq) index over every topic instead of
            # looking the ids up (tests/services/test_search_plan.py).
            query = select(root.id, *columns, root.deleted).where(condition(root.id))
        else:
            joined = [_joined(connection, c, "\n" if c.key in fields.names else " ") for c in columns]
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
        for owner_id, *values in connection.execute(query):
            # The first query lists the records themselves; the others only add to them.
            if model is root:
                if values.pop():  # deleted
                    continue
                document: si.Document | None = found.setdefault(owner_id, si.Document())
            else:
                document = found.get(owner_id)
            if document is not None:
                fields.feed(document, values)
    return found


def reindex(session: Session, kind: str, record_ids: Iterable[str]) -> None:
    """Bring the index up to date for these records (tombstoned or missing ones leave it).

    Called by the upkeep at every commit (``search_upkeep``) with the records the database
    marked as changed; a few queries per 500 ids.
    """
    session.flush()  # the documents are read back with SQL, so pending changes must be in
    connection = session.connection()
    ids = list(dict.fromkeys(record_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found = documents(session, kind, among(chunk))
        if connection.dialect.name == "sqlite":
            si.replace_documents(connection, kind, chunk, found)
        else:
            search_texts.replace(connection, kind, chunk, {rid: doc.rendered() for rid, doc in found.items()})
