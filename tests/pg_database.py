"""A new, empty PostgreSQL database on the server named by STATION_APP_TEST_PG_URL (CI starts one)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

PG_ENV = "STATION_APP_TEST_PG_URL"


@contextmanager
def new_pg_database() -> Iterator[str]:
    """Its URL, dropped afterwards; skipped on a machine without a server, failed on CI."""
    from sqlalchemy import create_engine, make_url, text

    base = os.environ.get(PG_ENV)
    if not base:
        if os.environ.get("CI"):
            pytest.fail(f"{PG_ENV} is not set: CI must start PostgreSQL for the hub tests")
        pytest.skip(f"{PG_ENV} not set (no PostgreSQL server on this machine)")
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
