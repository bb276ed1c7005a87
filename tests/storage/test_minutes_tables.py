"""The plain columns the minutes read (``storage.minutes_tables``) match the mapped tables."""

from __future__ import annotations

from sqlalchemy import TableClause, TypeDecorator

import station_app.storage.models  # noqa: F401  (every table joins the metadata)
from station_app.storage import minutes_tables
from station_app.storage.base import Base


def test_every_column_read_is_a_mapped_column_of_the_same_type() -> None:
    lean = [t for t in vars(minutes_tables).values() if isinstance(t, TableClause)]
    assert {t.name for t in lean} == {
        "consultations", "meetings", "participants", "statements", "action_items", "minutes_versions",
        "station_settings",
    }  # fmt: skip
    for table in lean:
        mapped = Base.metadata.tables[table.name].c
        for column in table.c:
            assert column.name in mapped, f"{table.name} has no column {column.name}"
            kind = mapped[column.name].type
            kind = kind.impl if isinstance(kind, TypeDecorator) else kind
            assert isinstance(kind, type(column.type)), f"{table.name}.{column.name}"
