"""The hub's search tests run on a SQLite hub and on a real PostgreSQL one."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, make_url, text


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """None for a SQLite hub; the URL of a new PostgreSQL database otherwise."""
    if request.param == "sqlite":
        yield None
        return
    base = os.environ.get("STATION_APP_TEST_PG_URL")
    if not base:
        if os.environ.get("CI"):
            pytest.fail("STATION_APP_TEST_PG_URL is not set: CI must start PostgreSQL for the hub tests")
        pytest.skip("STATION_APP_TEST_PG_URL not set (no PostgreSQL server on this machine)")
    name = f"station_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
