"""The search documents where SQLite's FTS5 is not at hand (the PostgreSQL hub).

The same tokens as the FTS5 index (``search_index.Document.rendered``), kept in a plain table,
one space before and after each, so that LIKE finds what FTS5 would: a phrase of bigrams as
consecutive tokens, a single character or a word (pinyin too) as the start of a token.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, String, Text, and_, delete, insert, or_, select
from sqlalchemy import column as sql_column
from sqlalchemy import table as sql_table

from station_app.storage import search_index as si

TABLE = "search_texts"
CREATE_STATEMENT = (
    f"CREATE TABLE {TABLE} (kind VARCHAR(20) NOT NULL, record_id VARCHAR(36) NOT NULL, "
    "head TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (kind, record_id))"
)
texts = sql_table(
    TABLE,
    sql_column("kind", String),
    sql_column("record_id", String),
    sql_column("head", Text),
    sql_column("body", Text),
)


def padded(tokens: str) -> str:
    """`` a b c `` for ``"a  b c"``: single spaces, and one at each end for whole-token patterns."""
    return f" {' '.join(tokens.split())} "


def replace(
    connection: Connection, kind: str, record_ids: Sequence[str], rendered: Mapping[str, tuple[str, str]]
) -> None:
    """Re-index ``record_ids``: ids without a document (deleted, tombstoned) leave the table."""
    if not record_ids:
        return
    connection.execute(delete(texts).where(texts.c.kind == kind, texts.c.record_id.in_(record_ids)))
    rows = [
        {"kind": kind, "record_id": rid, "head": padded(head), "body": padded(body)}
        for rid in record_ids
        if (pair := rendered.get(rid)) is not None
        for head, body in [pair]
    ]
    if rows:
        connection.execute(insert(texts), rows)


def _escaped(token: str) -> str:
    return token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def like_patterns(text: str) -> list[str]:
    """The LIKE patterns that together say what ``search_index.match_expression`` says."""
    patterns: list[str] = []
    for piece in dict.fromkeys(si.pieces(text)):
        if piece.han and len(piece.text) > 1:
            patterns.append(f"% {_escaped(' '.join(si._bigrams(piece.text)))} %")
        else:
            patterns.append(f"% {_escaped(si.plain(piece.text))}%")
        if len(patterns) == si.MAX_TERMS:
            break
    return patterns


def matching_ids(kind: str, text: str, *, in_heads: bool = False) -> Any:
    """A select of the record ids of ``kind`` whose document holds every term of ``text``."""
    patterns = like_patterns(text)
    found: list[ColumnElement[bool]] = []
    for pattern in patterns:
        in_head = texts.c.head.like(pattern, escape="\\")
        found.append(in_head if in_heads else or_(in_head, texts.c.body.like(pattern, escape="\\")))
    query = select(texts.c.record_id).where(texts.c.kind == kind)
    return query.where(and_(*found)) if found else query.where(texts.c.kind != texts.c.kind)


def stored(connection: Connection, kind: str, low: str, high: str) -> dict[str, tuple[str, str]]:
    """``record_id → (head, body)`` as stored, tokens single-spaced, for ids between low and high."""
    rows = connection.execute(
        select(texts.c.record_id, texts.c.head, texts.c.body).where(
            texts.c.kind == kind, texts.c.record_id.between(low, high)
        )
    )
    return {rid: (head.strip(), body.strip()) for rid, head, body in rows}
