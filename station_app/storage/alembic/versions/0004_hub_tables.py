"""hub tables: trusted stations, received packages, conflicts, pending records, feedback

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 10:00:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _synced_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin", sa.String(length=12), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "hub_stations",
        sa.Column("township_code", sa.String(length=12), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("fingerprint", sa.String(length=32), nullable=False),
        sa.Column("trusted", sa.Boolean(), nullable=False),
        sa.Column("first_seen", sa.DateTime(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("township_code", name=op.f("pk_hub_stations")),
    )
    op.create_table(
        "hub_received_packages",
        sa.Column("package_id", sa.String(length=36), nullable=False),
        sa.Column("township_code", sa.String(length=12), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("previous_sha256", sa.String(length=64), nullable=True),
        sa.Column("full", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("counts", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("package_id", name=op.f("pk_hub_received_packages")),
        sa.UniqueConstraint("sha256", name=op.f("uq_hub_received_packages_sha256")),
        sa.UniqueConstraint("township_code", "sequence", name="uq_hub_received_packages_sequence"),
    )
    op.create_index(
        op.f("ix_hub_received_packages_township_code"), "hub_received_packages", ["township_code"]
    )
    op.create_table(
        "hub_conflicts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("origin", sa.String(length=12), nullable=False),
        sa.Column("package_id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("incoming_revision", sa.Integer(), nullable=False),
        sa.Column("incoming_updated_at", sa.DateTime(), nullable=False),
        sa.Column("incoming_deleted", sa.Boolean(), nullable=False),
        sa.Column("incoming_data", sa.Text(), nullable=False),
        sa.Column("current_revision", sa.Integer(), nullable=False),
        sa.Column("current_data", sa.Text(), nullable=False),
        sa.Column("detected_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hub_conflicts")),
    )
    op.create_index(op.f("ix_hub_conflicts_origin"), "hub_conflicts", ["origin"])
    op.create_index(op.f("ix_hub_conflicts_record_id"), "hub_conflicts", ["record_id"])
    op.create_index(op.f("ix_hub_conflicts_status"), "hub_conflicts", ["status"])
    op.create_table(
        "hub_pending_records",
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(length=12), nullable=False),
        sa.Column("package_id", sa.String(length=36), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "record_id", "revision", name=op.f("pk_hub_pending_records")),
    )
    op.create_index(op.f("ix_hub_pending_records_origin"), "hub_pending_records", ["origin"])
    op.create_table(
        "hub_feedback",
        sa.Column("station_code", sa.String(length=12), nullable=False),
        sa.Column("consultation_id", sa.String(length=36), nullable=False),
        sa.Column("result_code", sa.String(length=1), nullable=False),
        sa.Column("reply_text", sa.Text(), nullable=False),
        sa.Column("reply_on", sa.Date(), nullable=True),
        sa.Column("author", sa.String(length=50), nullable=False),
        sa.Column("progress_note", sa.Text(), nullable=False),
        *_synced_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hub_feedback")),
    )
    op.create_index(op.f("ix_hub_feedback_change_seq"), "hub_feedback", ["change_seq"])
    op.create_index(op.f("ix_hub_feedback_consultation_id"), "hub_feedback", ["consultation_id"])
    op.create_index(op.f("ix_hub_feedback_origin"), "hub_feedback", ["origin"])
    op.create_index(op.f("ix_hub_feedback_station_code"), "hub_feedback", ["station_code"])
    op.create_table(
        "hub_feedback_packages",
        sa.Column("package_id", sa.String(length=36), nullable=False),
        sa.Column("station_code", sa.String(length=12), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("receipts", sa.Integer(), nullable=False),
        sa.Column("feedback", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("package_id", name=op.f("pk_hub_feedback_packages")),
        sa.UniqueConstraint("station_code", "sequence", name="uq_hub_feedback_packages_sequence"),
    )
    op.create_index(op.f("ix_hub_feedback_packages_station_code"), "hub_feedback_packages", ["station_code"])


def downgrade() -> None:
    op.drop_table("hub_feedback_packages")
    op.drop_table("hub_feedback")
    op.drop_table("hub_pending_records")
    op.drop_table("hub_conflicts")
    op.drop_table("hub_received_packages")
    op.drop_table("hub_stations")
