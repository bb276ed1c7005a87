"""list order: an index in the 协商议题 list's own order

The list (and the window's first page) reads live topics newest number first, 200 at a time;
without this index SQLite sorts the whole year's topics for every page, which at 100,000 topics
took longer than the rest of the start-up. With ``deleted`` first it also counts the live topics
from the index alone.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 16:30:00
"""

from __future__ import annotations

from alembic import op


revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain CREATE INDEX: the table is not copied, even on SQLite.
    op.create_index("ix_consultations_listing", "consultations", ["deleted", "year", "seq", "id"])


def downgrade() -> None:
    op.drop_index("ix_consultations_listing", table_name="consultations")
