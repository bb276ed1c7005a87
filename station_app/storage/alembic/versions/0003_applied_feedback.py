"""applied feedback: hub feedback records already applied at the station

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "applied_feedback",
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("package_id", sa.String(length=36), nullable=False),
        sa.Column("consultation_id", sa.String(length=36), nullable=False),
        sa.Column("applied_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_applied_feedback")),
    )
    with op.batch_alter_table("applied_feedback", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_applied_feedback_consultation_id"), ["consultation_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("applied_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_applied_feedback_consultation_id"))
    op.drop_table("applied_feedback")
