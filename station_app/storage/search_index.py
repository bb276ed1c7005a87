"""The search index: any two or more Chinese characters, words, numbers and names by pinyin.

SQLite's trigram tokenizer cannot find terms under three characters, yet two-character terms
(养老, 河道) are what clerks type most. So the text is tokenised here, in Python: a run of Han
characters becomes its overlapping bigrams framed by single characters (，老年食堂 → 老 老年 年食
食堂 堂), any other run of letters and digits one lowercase word, and a person's name adds its pinyin
initials and full pinyin (张三丰 → zsf zhangsanfeng). The tokens are stored space-separated in an
FTS5 table whose ascii tokenizer keeps each as one term: the tokens are already folded here (case,
width, accents), so it only splits at the spaces, which costs a third less than unicode61. A
query of n ≥ 2 Han characters is the phrase of its n−1 bigrams, so the characters must be
consecutive within one run of one field (the single characters keep the last bigram of a run from
touching the first of the next); one character matches as a prefix, and so does a word; several
terms must all match.

Each kind owns a range of rowids so a query can ask for one kind, newest rowid first, and stop
early; ``search_docs`` maps rowids to record ids. Re-indexing a record gives it the next rowid, so
recently changed records come first.

Other databases (the PostgreSQL hub) have no index: ``services.search`` searches the same fields
with ILIKE, using ``search_terms`` and ``like_pattern`` from here. Changing the tokens or these
tables needs a new migration that rebuilds the index.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import add
from typing import Any

from sqlalchemy import Connection, Integer, String, select
from sqlalchemy import column as sql_column
from sqlalchemy import table as sql_table
from sqlalchemy.sql import Select

from station_app.domain.alternatives import ALTERNATIVES

FTS_TABLE = "search_fts"
HEADS_TABLE = "search_heads"  # titles and names alone: finding title matches first stays cheap
DOCS_TABLE = "search_docs"
TABLE_PREFIX = "search_"  # the index tables and FTS5's shadow tables all start with it
KINDS = ("consultation", "report", "member")
_SPAN = 1 << 40
_BASE = {kind: (number + 1) * _SPAN for number, kind in enumerate(KINDS)}
MAX_TERMS = 12  # more terms than this only slow the query down

CREATE_STATEMENTS = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(head, body, tokenize = 'ascii')",
    f"CREATE VIRTUAL TABLE {HEADS_TABLE} USING fts5(head, tokenize = 'ascii')",
    f"CREATE TABLE {DOCS_TABLE} (doc INTEGER PRIMARY KEY, kind VARCHAR(20) NOT NULL, "
    "record_id VARCHAR(36) NOT NULL)",
    f"CREATE UNIQUE INDEX ix_{DOCS_TABLE}_record ON {DOCS_TABLE} (record_id, kind)",
)
DROP_STATEMENTS = tuple(f"DROP TABLE IF EXISTS {name}" for name in (DOCS_TABLE, FTS_TABLE, HEADS_TABLE))
_FTS_TABLES = (FTS_TABLE, HEADS_TABLE)

fts = sql_table(FTS_TABLE, sql_column("rowid", Integer))
heads = sql_table(HEADS_TABLE, sql_column("rowid", Integer))
docs = sql_table(
    DOCS_TABLE, sql_column("doc", Integer), sql_column("kind", String), sql_column("record_id", String)
)

_HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_PIECE = re.compile(f"([{_HAN}]+)|([^\\W_{_HAN}]+)")
# pypinyin reads these surnames with their common reading; the surname reading is added too.
_SURNAMES = dict(
    zip(
        "曾单解仇区查朴乐覃翟缪盖召",
        ("zeng", "shan", "xie", "qiu", "ou", "zha", "piao", "yue", "qin", "zhai", "miao", "ge", "shao"),
        strict=True,
    )
)


@dataclass(frozen=True)
class Piece:
    """A run of Han characters, or a lowercase word of other letters and digits."""

    text: str
    han: bool


# Text is normalised cheaply, and identically for documents and queries, so a query always finds
# the text it was typed from: NFKC over a whole document cost more than the rest of indexing, so
# it is applied to the words (full-width Ｇ２１３ → g213) and to the rare characters that NFKC
# turns into Han ones (radicals, compatibility ideographs), not to all the Chinese text.
_NOT_HAN = re.compile(f"[^{_HAN}]+")
_WORD = re.compile(f"[^\\W_{_HAN}]+")
_BECOMES_HAN = re.compile("[\u2e80-\u2fdf\u3190-\u319f\u3280-\u33ff\uf900-\ufaff\U0002f800-\U0002fa1f]")
_SPACE32 = " ".encode("utf-32-le")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text) if _BECOMES_HAN.search(text) else text


def _words(text: str) -> str:
    """The letter-and-digit words of ``text``, normalised, lowercase and space-separated."""
    words = " ".join(_WORD.findall(text))
    if not words.isascii():
        words = " ".join(_WORD.findall(unicodedata.normalize("NFKC", words)))
    return words.lower()


def plain(words: str) -> str:
    """Index terms are accent-free (café → cafe), as unicode61's remove_diacritics made them."""
    if words.isascii():
        return words
    stripped = "".join(c for c in unicodedata.normalize("NFD", words) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped)


def pieces(text: str) -> list[Piece]:
    """Han runs and words, in order."""
    found: list[Piece] = []
    for match in _PIECE.finditer(_fold(text)):
        if match.group(1) is not None:
            found.append(Piece(match.group(0), True))
        else:
            found += [Piece(word, False) for word in _words(match.group(0)).split()]
    return found


def _bigrams(run: str) -> list[str]:
    return list(map(add, run, run[1:]))


def _pairs(han: str) -> str:
    """``"ab bc cd "`` for ``"abcd"``, the characters copied as 4-byte units with strides.

    Over a document's Han text with spaces between runs this gives every bigram, plus a single
    character where a run meets a space: those keep runs (and fields) apart for phrase queries.
    A few C-level passes per document: tokenising in Python made a 100,000-topic rebuild take minutes.
    """
    n = len(han) - 1
    if n < 1:
        return ""
    source = han.encode("utf-32-le")
    out = bytearray(_SPACE32 * (3 * n))
    for byte in range(4):
        out[byte::12] = source[byte : 4 * n : 4]
        out[4 + byte :: 12] = source[4 + byte :: 4]
    return out.decode("utf-32-le")


# 村（居）务公开, 村（社区）干部: the bracketed alternative splits the word, so a search for 村务公开,
# 居务公开 or 社区干部 would not find it. The word is indexed again both ways: without the
# alternative, and with it in place of the character before it.
_ALTERNATIVE = re.compile(f"([{_HAN}]{{1,8}})[（(]({'|'.join(ALTERNATIVES)})[)）]([{_HAN}]{{1,8}})")


def _joined(text: str) -> str:
    """The words of ``text`` written with a bracketed alternative, read both ways (" 村务公开 居务公开")."""
    if "（" not in text and "(" not in text:
        return ""
    found = _ALTERNATIVE.findall(text)
    return "".join(f" {left}{right} {left[:-1]}{other}{right}" for left, other, right in found)


def index_text(texts: Iterable[str]) -> str:
    """The space-separated tokens of some fields; no Han run continues from one field to the next."""
    text = " ".join(texts)
    if text.isascii():
        return _words(text)
    text = _fold(text)
    return f"{_pairs(_NOT_HAN.sub(' ', text + _joined(text)) + ' ')}{plain(_words(text))}".strip()


def index_tokens(text: str) -> list[str]:
    return index_text([text]).split()


@lru_cache(maxsize=65536)
def name_pinyin(name: str) -> tuple[str, ...]:
    """Initials and full pinyin of a Chinese name (张三丰 → zsf, zhangsanfeng); () for others."""
    han = "".join(p.text for p in pieces(name) if p.han)
    if not han or len(han) > 8:
        return ()
    from pypinyin import lazy_pinyin  # a large dictionary: loaded only when indexing names

    full = lazy_pinyin(han)
    # Style.FIRST_LETTER is the first letter of each plain reading: one conversion, not two.
    readings = [[syllable[:1] for syllable in full], full]
    surname = _SURNAMES.get(han[0])
    if surname is not None:
        readings.append([surname[0], *readings[0][1:]])
        readings.append([surname, *readings[1][1:]])
    words = ("".join(r) for r in readings)
    return tuple(dict.fromkeys(w for w in words if w.isascii() and w.isalnum()))


@lru_cache(maxsize=65536)
def _pinyin_text(name: str) -> str:
    return " ".join(name_pinyin(name))


class Document:
    """The searchable text of one record: ``head`` (its title or name) is ranked first."""

    __slots__ = ("body", "body_names", "head", "head_names")

    def __init__(self) -> None:
        self.head: list[str] = []
        self.body: list[str] = []
        self.head_names: list[str] = []
        self.body_names: list[str] = []

    def add(self, texts: Iterable[str | None], *, head: bool = False, names: bool = False) -> None:
        values = [value for value in texts if value]
        (self.head if head else self.body).extend(values)
        if names:  # several names may come one a line
            (self.head_names if head else self.body_names).extend(
                name for value in values for name in value.split("\n")
            )

    @staticmethod
    def _render(texts: list[str], names: list[str]) -> str:
        pinyin = " ".join(map(_pinyin_text, dict.fromkeys(names)))
        return f"{index_text(texts)} {pinyin}" if names else index_text(texts)

    def rendered(self) -> tuple[str, str]:
        return self._render(self.head, self.head_names), self._render(self.body, self.body_names)


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def match_expression(text: str) -> str | None:
    """The FTS5 query for what the clerk typed, or None when nothing searchable is left.

    Everything but letters, digits and Han characters is a separator, so FTS5 syntax typed by the
    clerk (quotes, *, parentheses, -) never reaches the parser, and AND/OR/NOT are quoted words.
    """
    parts: list[str] = []
    for piece in dict.fromkeys(pieces(text)):
        if piece.han and len(piece.text) > 1:
            parts.append(_quote(" ".join(_bigrams(piece.text))))
        else:
            parts.append(_quote(plain(piece.text)) + "*")
        if len(parts) == MAX_TERMS:
            break
    if not parts:
        return None
    return " AND ".join(parts)


def search_terms(text: str) -> list[str]:
    """The terms for the LIKE fallback: the same pieces, each matched as a substring."""
    return list(dict.fromkeys(p.text for p in pieces(text)))[:MAX_TERMS]


# --- SQLite FTS5 ------------------------------------------------------------------------------


def kind_range(kind: str) -> tuple[int, int]:
    base = _BASE[kind]
    return base, base + _SPAN - 1


def create_tables(connection: Connection) -> None:
    for statement in CREATE_STATEMENTS:
        connection.exec_driver_sql(statement)


def recreate_tables(connection: Connection) -> None:
    """Empty the index the fast way: deleting FTS5 rows one by one re-reads every document.

    The sqlite3 module opens a transaction only before DML, and DDL run outside one is committed
    at once; the DELETE opens it, so a cancelled rebuild rolls back to the old index.
    """
    exists_query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
    if connection.exec_driver_sql(exists_query, (DOCS_TABLE,)).first() is not None:
        connection.exec_driver_sql(f"DELETE FROM {DOCS_TABLE}")
    for statement in DROP_STATEMENTS:
        connection.exec_driver_sql(statement)
    create_tables(connection)
    begin_bulk(connection)


def begin_bulk(connection: Connection) -> None:
    """A bulk load follows, until ``optimize``: merging segments as they pile up would rewrite them
    again and again. (A larger FTS5 pending-terms buffer was tried: no faster, 120 MB more memory.)"""
    _set_automerge(connection, 0)


def _set_automerge(connection: Connection, level: int) -> None:
    for name in _FTS_TABLES:
        connection.exec_driver_sql(f"INSERT INTO {name} ({name}, rank) VALUES ('automerge', ?)", (level,))


def insert_documents(connection: Connection, kind: str, rows: Sequence[tuple[int, str, str, str]]) -> None:
    """Insert ``(rowid, record_id, head, body)`` rows; the rowids must be new and in ``kind``'s range."""
    insert_doc_ids(connection, kind, [(rowid, record_id) for rowid, record_id, _h, _b in rows])
    insert_texts(connection, [(rowid, head, body) for rowid, _r, head, body in rows])


def insert_doc_ids(connection: Connection, kind: str, rows: Sequence[tuple[int, str]]) -> None:
    """The ``(rowid, record_id)`` half of ``insert_documents``."""
    if rows:
        connection.exec_driver_sql(
            f"INSERT INTO {DOCS_TABLE} (doc, kind, record_id) VALUES (?, ?, ?)",
            [(rowid, kind, record_id) for rowid, record_id in rows],
        )


def insert_texts(connection: Connection, rows: Sequence[tuple[int, str, str]]) -> None:
    """The ``(rowid, head, body)`` half of ``insert_documents``."""
    if rows:
        connection.exec_driver_sql(f"INSERT INTO {FTS_TABLE} (rowid, head, body) VALUES (?, ?, ?)", rows)
        connection.exec_driver_sql(
            f"INSERT INTO {HEADS_TABLE} (rowid, head) VALUES (?, ?)",
            [(rowid, head) for rowid, head, _b in rows],
        )


def remove_documents(connection: Connection, kind: str, record_ids: Sequence[str]) -> None:
    for start in range(0, len(record_ids), 500):
        chunk = record_ids[start : start + 500]
        rowids = connection.execute(
            select(docs.c.doc).where(docs.c.kind == kind, docs.c.record_id.in_(chunk))
        ).scalars()
        found = [(rowid,) for rowid in rowids]
        if found:
            for name in _FTS_TABLES:
                connection.exec_driver_sql(f"DELETE FROM {name} WHERE rowid = ?", found)
            connection.exec_driver_sql(f"DELETE FROM {DOCS_TABLE} WHERE doc = ?", found)


def next_rowid(connection: Connection, kind: str) -> int:
    low, high = kind_range(kind)
    top = connection.exec_driver_sql(
        f"SELECT max(doc) FROM {DOCS_TABLE} WHERE doc BETWEEN ? AND ?", (low, high)
    ).scalar()
    return int(top) + 1 if top is not None else low


def replace_documents(
    connection: Connection, kind: str, record_ids: Sequence[str], documents: dict[str, Document]
) -> None:
    """Re-index ``record_ids``: ids without a document (deleted, tombstoned) leave the index."""
    remove_documents(connection, kind, record_ids)
    rowid = next_rowid(connection, kind)
    rows: list[tuple[int, str, str, str]] = []
    for record_id in record_ids:
        document = documents.get(record_id)
        if document is not None:
            rows.append((rowid, record_id, *document.rendered()))
            rowid += 1
    insert_documents(connection, kind, rows)


def optimize(connection: Connection) -> None:
    """Merge the index into one segment after a bulk load, then merge as usual again."""
    for name in _FTS_TABLES:
        connection.exec_driver_sql(f"INSERT INTO {name} ({name}) VALUES ('optimize')")
    _set_automerge(connection, 4)


def matching_rowids(expression: str, kind: str, *, in_heads: bool = False) -> Select[Any]:
    """Rowids of ``kind`` matching ``expression`` (from ``match_expression``) anywhere, or in heads."""
    low, high = kind_range(kind)
    table = heads if in_heads else fts
    return select(table.c.rowid).where(
        sql_column(table.name).op("MATCH")(expression), table.c.rowid.between(low, high)
    )


def newest_matches(
    connection: Connection, expression: str, kind: str, limit: int, *, in_heads: bool = False
) -> list[str]:
    """Record ids of the ``limit`` newest matches; FTS5 walks its rowids backwards and stops early."""
    rowids = matching_rowids(expression, kind, in_heads=in_heads)
    newest = rowids.order_by(rowids.selected_columns[0].desc()).limit(limit)
    rows = connection.execute(select(docs.c.doc, docs.c.record_id).where(docs.c.doc.in_(newest)))
    return [record_id for _doc, record_id in sorted(rows, reverse=True)]


def matching_record_ids(expression: str, kind: str) -> Select[Any]:
    return select(docs.c.record_id).where(docs.c.doc.in_(matching_rowids(expression, kind)))


# --- the LIKE fallback -----------------------------------------------------------------------


def like_pattern(term: str, *, prefix: bool = False) -> str:
    """``%term%`` (or ``term%``) for ``ilike(..., escape="\\")``, the term's own % and _ escaped."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"{escaped}%" if prefix else f"%{escaped}%"
