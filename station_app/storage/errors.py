"""Sorting database failures into the known ones the clerk can act on, and bugs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DatabaseError, OperationalError

from station_app.errors import (
    DatabaseCorruptError,
    DatabaseLockedError,
    DatabaseUnreachableError,
    DiskFullError,
    KnownError,
    ReadOnlyError,
)

_KNOWN: tuple[tuple[str, Callable[[], KnownError]], ...] = (
    ("database is locked", DatabaseLockedError),
    ("database table is locked", DatabaseLockedError),
    ("database or disk is full", DiskFullError),
    ("attempt to write a readonly database", ReadOnlyError),
    ("file is not a database", DatabaseCorruptError),
    ("database disk image is malformed", DatabaseCorruptError),
    ("unable to open database file", DatabaseUnreachableError),
)


def classify(error: BaseException) -> KnownError | None:
    """The known error behind a driver exception, or None when it is a bug."""
    text = str(getattr(error, "orig", error)).lower()
    for needle, kind in _KNOWN:
        if needle in text:
            return kind()
    return None


@contextmanager
def translate_db_errors() -> Iterator[None]:
    try:
        yield
    except (OperationalError, DatabaseError) as error:
        known = classify(error)
        if known is None:
            raise
        raise known from error
