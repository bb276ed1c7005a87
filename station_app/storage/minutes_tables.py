"""The tables the minutes read, as plain columns: enough to print them without the ORM.

``station-app minutes`` from cold would spend more on loading the mapped models than on reading
the rows. ``tests/storage/test_minutes_tables.py`` checks that each column here is a column of the
mapped table of the same name with the same type.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Date, DateTime, Integer, String, Text, column, table

from station_app.storage.listing import CONSULTATIONS as LISTED

CONSULTATIONS = table(
    "consultations",
    *(column(c.name, c.type) for c in LISTED.c),
    column("description", Text),
    column("research_findings", Text),
)
MEETINGS = table(
    "meetings",
    column("id", String),
    column("consultation_id", String),
    column("form", String),
    column("held_at", DateTime),
    column("place", String),
    column("chair", String),
    column("recorder", String),
    column("background", Text),
    column("consensus", Text),
    column("disagreements", Text),
    column("finalised", Boolean),
    column("minutes_version", Integer),
    column("deleted", Boolean),
    column("created_at", DateTime),
)
PARTICIPANTS = table(
    "participants",
    column("id", String),
    column("meeting_id", String),
    column("position", Integer),
    column("name", String),
    column("category", String),
    column("attendance", String),
    column("unit", String),
    column("phone", String),
    column("member_id", String),
    column("deleted", Boolean),
)
STATEMENTS = table(
    "statements",
    column("id", String),
    column("meeting_id", String),
    column("position", Integer),
    column("speaker", String),
    column("text", Text),
    column("category", String),
    column("deleted", Boolean),
)
ACTION_ITEMS = table(
    "action_items",
    column("id", String),
    column("meeting_id", String),
    column("position", Integer),
    column("matter", Text),
    column("unit", String),
    column("due_on", Date),
    column("person", String),
    column("done_on", Date),
    column("deleted", Boolean),
)
MINUTES_VERSIONS = table(
    "minutes_versions",
    column("meeting_id", String),
    column("version", Integer),
    column("snapshot", Text),
)
STATION_SETTINGS = table(
    "station_settings",
    column("id", Integer),
    column("role", String),
    column("township_code", String),
    column("township_name", String),
    column("county_code", String),
    column("county_name", String),
    column("station_name", String),
    column("head_name", String),
    column("clerk_name", String),
    column("phone", String),
    column("address", String),
)
