"""search index kept by the database: marks of changed records, documents on PostgreSQL

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 16:30:00

Triggers on every table that feeds a search document mark the record in ``search_stale``; each
commit rewrites the marked documents (``storage.search_upkeep``). Without FTS5 (PostgreSQL) the
documents go to ``search_texts``. Earlier versions left some records out of the index (a ledger
import never indexed its topics), so the whole index is checked and repaired once, with progress,
when the program next opens the database (``app_meta.search_audit``).
"""

from __future__ import annotations

from alembic import op

from station_app.storage import search_upkeep

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# Frozen copy of the tables that feed documents, so later changes cannot change this step.
_MARKS = (
    ("consultations", "consultation", "self"),
    ("progress_notes", "consultation", "consultation"),
    ("evaluations", "consultation", "consultation"),
    ("meetings", "consultation", "consultation"),
    ("statements", "consultation", "meeting"),
    ("participants", "consultation", "meeting"),
    ("action_items", "consultation", "meeting"),
    ("reports", "report", "self"),
    ("members", "member", "self"),
)


def _in_transaction() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "sqlite":
        return
    raw = connection.connection.driver_connection
    assert raw is not None
    if not raw.in_transaction:
        # DDL outside a transaction is committed at once; in one, a failure leaves nothing behind.
        connection.exec_driver_sql("BEGIN")


def upgrade() -> None:
    _in_transaction()
    connection = op.get_bind()
    search_upkeep.create_upkeep(connection, _MARKS)
    op.execute(f"DELETE FROM app_meta WHERE key = '{search_upkeep.META_AUDIT}'")
    op.execute(f"INSERT INTO app_meta (key, value) VALUES ('{search_upkeep.META_AUDIT}', 'due')")


def downgrade() -> None:
    _in_transaction()
    search_upkeep.drop_upkeep(op.get_bind(), _MARKS)
    op.execute(f"DELETE FROM app_meta WHERE key = '{search_upkeep.META_AUDIT}'")
