"""Inserting many rows at once, for bulk writers (demo data, hub import).

With SQLite the statement goes straight to the driver, each value converted by its column's own
bind processor and the shared values converted once: Core's per-row parameter handling costs about
as much as SQLite's own work for such inserts. Other databases take the plain Core path.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
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


@contextmanager
def indexes_built_after(connection: Connection, tables: Iterable[str]) -> Iterator[None]:
    """Inside: the named indexes of those ``tables`` that are empty now are gone; afterwards each
    is built again from the same SQL in one sort, instead of growing row by row (SQLite only;
    about a quarter off the inserts of a large fill). Must run inside the writing transaction, so
    that a failure rolls the indexes back with the rows; nothing is rebuilt after a failure."""
    if connection.dialect.name != "sqlite":
        yield
        return
    if not connection.in_transaction():
        raise RuntimeError("indexes_built_after needs an open transaction")
    raw = connection.connection.driver_connection
    if raw is not None and not raw.in_transaction:
        # The driver opens its transaction only before DML and commits DDL at once otherwise:
        # a failure would then lose the indexes. The outer transaction's commit ends this one.
        connection.exec_driver_sql("BEGIN")
    quote = connection.dialect.identifier_preparer.quote
    saved: list[tuple[str, str]] = []
    for table in tables:
        if connection.exec_driver_sql(f"SELECT 1 FROM {quote(table)} LIMIT 1").first() is None:
            saved += connection.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master"
                " WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
                (table,),
            ).tuples()
    for name, _sql in saved:
        connection.exec_driver_sql(f"DROP INDEX {quote(name)}")
    yield
    for _name, sql in saved:
        connection.exec_driver_sql(sql)
