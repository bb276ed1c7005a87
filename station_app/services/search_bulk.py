"""Indexing records straight from rows a bulk writer just made (the demo fill): nothing is read back."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from station_app.services.search import FIELDS, KINDS, ROOTS
from station_app.storage import search_index as si
from station_app.storage.base import Synced
from station_app.storage.records import Meeting


def _concat(values: Iterable[str | None], separator: str) -> str | None:
    """What SQLite's group_concat makes of ``values``: NULLs skipped, NULL when none is left."""
    present = [value for value in values if value is not None]
    return separator.join(present) if present else None


def rows_documents(
    kind: str, tables: Mapping[type[Synced], Sequence[Mapping[str, Any]]]
) -> list[tuple[str, str, str]]:
    """``(record_id, head, body)`` of the live ``kind`` records among freshly made ``tables`` rows
    (child rows in the order they were made), by id: what ``_documents`` would read back.

    For bulk writers that have the rows at hand: nothing is read back from the database.
    """
    root = ROOTS[kind]
    meetings = {
        row["id"]: row["consultation_id"] for row in tables.get(Meeting, ()) if not row.get("deleted")
    }
    documents: dict[str, si.Document] = {}
    for fields in FIELDS[kind]:
        live = [row for row in tables.get(fields.model, ()) if not row.get("deleted")]
        if fields.model is root:
            for row in live:
                fields.feed(documents.setdefault(row["id"], si.Document()), [row[c] for c in fields.columns])
            continue
        groups: dict[str, list[Mapping[str, Any]]] = {}
        for row in live:
            owner = meetings.get(row["meeting_id"]) if fields.via_meeting else row["consultation_id"]
            if owner in documents:
                groups.setdefault(owner, []).append(row)
        for owner, rows in groups.items():
            values = [
                _concat((row[c] for row in rows), "\n" if c in fields.names else " ") for c in fields.columns
            ]
            fields.feed(documents[owner], values)
    return [(record_id, *documents[record_id].rendered()) for record_id in sorted(documents)]


def begin_bulk_index(session: Session) -> dict[str, int]:
    """Start adding documents with ``add_documents``: the next free rowid of each kind.

    Finish with ``index_new`` (which optimizes the index) in the same transaction.
    """
    connection = session.connection()
    si.begin_bulk(connection)
    return {kind: si.next_rowid(connection, kind) for kind in KINDS}


def add_documents(
    session: Session, rowids: dict[str, int], documents: dict[str, list[tuple[str, str, str]]]
) -> int:
    """Index new records from ``rows_documents``, each kind's in id order after the ones before;
    ``rowids`` (from ``begin_bulk_index``) is moved on. Returns how many documents went in."""
    connection = session.connection()
    texts: list[tuple[int, str, str]] = []
    for kind, rows in documents.items():
        low = rowids[kind]
        si.insert_doc_ids(
            connection, kind, [(low + n, record_id) for n, (record_id, _h, _b) in enumerate(rows)]
        )
        texts += [(low + n, head, body) for n, (_r, head, body) in enumerate(rows)]
        rowids[kind] = low + len(rows)
    # All search_docs rows first: the FTS5 inserts then come one after another.
    si.insert_texts(connection, texts)
    return len(texts)
