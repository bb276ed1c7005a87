"""search index: words written with a bracketed alternative are found without it

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 03:00:00

「村（居）务公开」 is indexed a second time as 「村务公开」 (``search_index.index_text``), so that a
search for 村务公开 finds it. No table changes: the documents of existing records are made afresh
once, with progress, when the program next opens the database (``app_meta.search_audit``).
"""

from __future__ import annotations

from alembic import op

from station_app.storage import search_upkeep

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(f"DELETE FROM app_meta WHERE key = '{search_upkeep.META_AUDIT}'")
    op.execute(f"INSERT INTO app_meta (key, value) VALUES ('{search_upkeep.META_AUDIT}', 'due')")


def downgrade() -> None:
    op.execute(f"DELETE FROM app_meta WHERE key = '{search_upkeep.META_AUDIT}'")
