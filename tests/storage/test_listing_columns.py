"""The plain columns the list reads (``storage.listing``) match the mapped consultations table."""

from __future__ import annotations

from station_app.storage.listing import CONSULTATIONS
from station_app.storage.records import Consultation


def test_every_listed_column_is_a_consultation_column_of_the_same_type() -> None:
    mapped = Consultation.__table__.c
    assert CONSULTATIONS.name == Consultation.__tablename__
    for column in CONSULTATIONS.c:
        assert column.name in mapped, f"consultations has no column {column.name}"
        assert isinstance(mapped[column.name].type, type(column.type)), column.name
