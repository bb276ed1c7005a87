"""The hub's search tests run on a SQLite hub and on a real PostgreSQL one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.pg_database import new_pg_database


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """None for a SQLite hub; the URL of a new PostgreSQL database otherwise."""
    if request.param == "sqlite":
        yield None
        return
    with new_pg_database() as url:
        yield url
