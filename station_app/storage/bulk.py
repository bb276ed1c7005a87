"""Inserting many rows at once, for bulk writers (demo data, hub import).

With SQLite the statement goes straight to the driver, each value converted by its column's own
bind processor and the shared values converted once: Core's per-row parameter handling costs about
as much as SQLite's own work for such inserts. Other databases take the plain Core path.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Dialect, Table, insert

Prepared = tuple[str, list[tuple[Any, ...]]]  # a qmark statement and its parameter rows


def insert_rows(
    connection: Connection,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    shared: Mapping[str, Any] | None = None,
) -> None:
    """Executemany of ``rows`` (all with the same keys) plus the values in ``shared`` for every row."""
    if not rows:
        return
    dialect = connection.dialect
    if dialect.paramstyle != "qmark":
        connection.execute(insert(table), [{**(shared or {}), **row} for row in rows])
        return
    run_prepared(connection, prepare_insert(dialect, table, rows, shared))


def prepare_insert(
    dialect: Dialect, table: Table, rows: Sequence[Mapping[str, Any]], shared: Mapping[str, Any] | None = None
) -> Prepared:
    """The SQLite statement and converted parameters of ``insert_rows``, made without a connection
    (so a worker process can make them while another inserts)."""
    shared = shared or {}
    keys = list(rows[0])

    def processor(key: str) -> Any:
        return table.c[key].type.dialect_impl(dialect).bind_processor(dialect)

    processors = [(i, p) for i, k in enumerate(keys) if (p := processor(k))]
    fixed = tuple((p(v) if (p := processor(k)) else v) for k, v in shared.items())
    get = operator.itemgetter(*keys) if len(keys) > 1 else lambda row: (row[keys[0]],)
    params = []
    for row in rows:
        values = list(get(row))
        for i, process in processors:
            values[i] = process(values[i])
        params.append((*values, *fixed))
    quote = dialect.identifier_preparer.quote
    columns = ", ".join(quote(k) for k in (*keys, *shared))
    marks = ", ".join("?" * (len(keys) + len(shared)))
    return f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({marks})", params


def run_prepared(connection: Connection, prepared: Prepared) -> None:
    statement, params = prepared
    if params:
        connection.exec_driver_sql(statement, params)
