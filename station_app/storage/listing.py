"""The consultations table as plain columns: enough to list and filter it without the ORM.

Listing is what every start does (the window's first page, ``station-app list``); loading the
mapped models costs more than the query itself. ``tests/storage/test_listing_columns.py`` checks
that each column here is a column of ``records.Consultation`` with the same type.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Date, Integer, String, column, table

CONSULTATIONS = table(
    "consultations",
    column("id", String),
    column("number", String),
    column("title", String),
    column("status", String),
    column("field", String),
    column("source", String),
    column("village", String),
    column("proposer", String),
    column("proposed_on", Date),
    column("year", Integer),
    column("seq", Integer),
    column("origin", String),
    column("deleted", Boolean),
)
