"""search index: ascii tokenizer

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 18:30:00

The index holds tokens folded in Python (case, width, and now accents too), so FTS5 only has to
split them at spaces: the ascii tokenizer does that a third faster than unicode61. The documents
are copied from the old tables' own stored text, their words made accent-free as unicode61 did.
"""

from __future__ import annotations

import re
import unicodedata

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Frozen copies, so later changes to the index code cannot change this step.
_TABLES = {"search_fts": ("head", "body"), "search_heads": ("head",)}
_HAN = re.compile("[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")


def _plain(word: str) -> str:
    stripped = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped)


def _plain_tokens(text: str | None) -> str | None:
    if text is None or text.isascii():
        return text
    return " ".join(t if t.isascii() or _HAN.search(t) else _plain(t) for t in text.split(" "))


def _create(name: str, columns: tuple[str, ...], tokenizer: str) -> None:
    op.execute(f"CREATE VIRTUAL TABLE {name} USING fts5({', '.join(columns)}, tokenize = '{tokenizer}')")


def _convert(tokenizer: str, *, fold: bool) -> None:
    connection = op.get_bind()
    names = {row[0] for row in connection.exec_driver_sql("SELECT name FROM sqlite_master")}
    raw = connection.connection.driver_connection
    assert raw is not None
    raw.create_function("station_plain_tokens", 1, _plain_tokens, deterministic=True)
    if not raw.in_transaction:
        # DDL outside a transaction is committed at once; in one, a failure leaves the old index.
        connection.exec_driver_sql("BEGIN")
    for name, columns in _TABLES.items():
        if name not in names:
            continue
        old = f"{name}_old"
        op.execute(f"ALTER TABLE {name} RENAME TO {old}")
        _create(name, columns, tokenizer)
        op.execute(f"INSERT INTO {name} ({name}, rank) VALUES ('automerge', 0)")
        values = ", ".join(f"station_plain_tokens({c})" if fold else c for c in columns)
        op.execute(f"INSERT INTO {name} (rowid, {', '.join(columns)}) SELECT rowid, {values} FROM {old}")
        op.execute(f"DROP TABLE {old}")
        op.execute(f"INSERT INTO {name} ({name}) VALUES ('optimize')")
        op.execute(f"INSERT INTO {name} ({name}, rank) VALUES ('automerge', 4)")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":  # only SQLite has the index
        _convert("ascii", fold=True)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _convert("unicode61 remove_diacritics 2", fold=False)
