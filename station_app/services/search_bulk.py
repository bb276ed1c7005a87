"""Search documents built from rows a bulk writer has just made, without reading them back.

The same fields as ``search.FIELDS`` and the same shape as the documents ``search`` reads from
the database: a child table's values are joined per record and column as SQLite's group_concat
joins them (names one a line, other text with spaces, NULLs left out). Every child row of a
record must be among the rows given, as it is when the writer made the record and its children
together (demo data). Reading 100,000 fresh topics back for the index took longer than making them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from station_app.services.search import FIELDS, ROOTS
from station_app.storage import search_index as si
from station_app.storage.base import Synced
from station_app.storage.records import Meeting

Rows = Mapping[type[Synced], Sequence[Mapping[str, Any]]]


def _live(rows: Iterable[Mapping[str, Any]]) -> Iterable[Mapping[str, Any]]:
    return (row for row in rows if not row.get("deleted"))


def documents_from_rows(kind: str, tables: Rows) -> dict[str, si.Document]:
    """Documents of the live ``kind`` records among ``tables``, in the order their rows came."""
    root = ROOTS[kind]
    meetings = {row["id"]: row["consultation_id"] for row in _live(tables.get(Meeting, ()))}
    documents: dict[str, si.Document] = {}
    for fields in FIELDS[kind]:
        rows = tables.get(fields.model, ())
        if fields.model is root:
            for row in _live(rows):
                fields.feed(documents.setdefault(row["id"], si.Document()), [row[c] for c in fields.columns])
            continue
        joined: dict[str, list[list[str]]] = {}
        for row in _live(rows):
            owner = meetings.get(row["meeting_id"]) if fields.via_meeting else row["consultation_id"]
            if owner not in documents:
                continue
            values = joined.get(owner)
            if values is None:
                values = joined[owner] = [[] for _ in fields.columns]
            for found, column in zip(values, fields.columns, strict=True):
                value = row[column]
                if value is not None:
                    found.append(value)
        separators = ["\n" if column in fields.names else " " for column in fields.columns]
        for owner, values in joined.items():
            fields.feed(
                documents[owner],
                [sep.join(found) if found else None for sep, found in zip(separators, values, strict=True)],
            )
    return documents
