"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-26 15:06:53.602808
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _report_to_consultation() -> list[sa.ForeignKeyConstraint]:
    # reports and consultations refer to each other. SQLite accepts an inline reference to a
    # table made later but cannot add one afterwards; other databases get it after both exist.
    if not _sqlite():
        return []
    return [
        sa.ForeignKeyConstraint(
            ["consultation_id"], ["consultations.id"], name=op.f("fk_reports_consultation_id_consultations")
        )
    ]


def upgrade() -> None:
    op.create_table(
        "app_meta",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_app_meta")),
    )
    op.create_table(
        "attachments",
        sa.Column("owner_kind", sa.String(length=30), nullable=False),
        sa.Column("owner_id", sa.String(length=36), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin", sa.String(length=12), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachments_change_seq"), ["change_seq"], unique=False)
        batch_op.create_index(batch_op.f("ix_attachments_origin"), ["origin"], unique=False)
        batch_op.create_index("ix_attachments_owner", ["owner_kind", "owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attachments_sha256"), ["sha256"], unique=False)

    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=50), nullable=False),
        sa.Column("record_kind", sa.String(length=30), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_events_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_events_record_id"), ["record_id"], unique=False)

    op.create_table(
        "counters",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_counters")),
    )
    op.create_table(
        "export_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("package_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("change_upto", sa.Integer(), nullable=False),
        sa.Column("full", sa.Boolean(), nullable=False),
        sa.Column("counts", sa.Text(), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_log")),
        sa.UniqueConstraint("package_id", name=op.f("uq_export_log_package_id")),
        sa.UniqueConstraint("sequence", name=op.f("uq_export_log_sequence")),
    )
    op.create_table(
        "members",
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("sector", sa.String(length=40), nullable=False),
        sa.Column("unit", sa.String(length=100), nullable=False),
        sa.Column("position", sa.String(length=60), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.Column("initials", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin", sa.String(length=12), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_members")),
    )
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_members_change_seq"), ["change_seq"], unique=False)
        batch_op.create_index(batch_op.f("ix_members_initials"), ["initials"], unique=False)
        batch_op.create_index(batch_op.f("ix_members_origin"), ["origin"], unique=False)

    op.create_table(
        "station_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("township_code", sa.String(length=12), nullable=False),
        sa.Column("township_name", sa.String(length=40), nullable=False),
        sa.Column("county_code", sa.String(length=12), nullable=False),
        sa.Column("county_name", sa.String(length=40), nullable=False),
        sa.Column("station_name", sa.String(length=100), nullable=False),
        sa.Column("head_name", sa.String(length=50), nullable=False),
        sa.Column("clerk_name", sa.String(length=50), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_station_settings")),
    )
    op.create_table(
        "reports",
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("reporter", sa.String(length=50), nullable=False),
        sa.Column("reporter_unit", sa.String(length=100), nullable=False),
        sa.Column("member_id", sa.String(length=36), nullable=True),
        sa.Column("situation", sa.Text(), nullable=False),
        sa.Column("cause", sa.Text(), nullable=False),
        sa.Column("suggestion", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=True),
        sa.Column("consultation_id", sa.String(length=36), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin", sa.String(length=12), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        *_report_to_consultation(),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_reports_member_id_members")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
    )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reports_change_seq"), ["change_seq"], unique=False)
        batch_op.create_index(batch_op.f("ix_reports_origin"), ["origin"], unique=False)
        batch_op.create_index(batch_op.f("ix_reports_status"), ["status"], unique=False)

    op.create_table(
        "consultations",
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("village", sa.String(length=60), nullable=False),
        sa.Column("proposer", sa.String(length=50), nullable=False),
        sa.Column("proposed_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=False),
        sa.Column("report_id", sa.String(length=36), nullable=True),
        sa.Column("research_start", sa.Date(), nullable=True),
        sa.Column("research_end", sa.Date(), nullable=True),
        sa.Column("research_method", sa.String(length=40), nullable=False),
        sa.Column("research_findings", sa.Text(), nullable=False),
        sa.Column("output_type", sa.String(length=20), nullable=False),
        sa.Column("sent_to", sa.String(length=100), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("lead_unit", sa.String(length=100), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("result_code", sa.String(length=1), nullable=False),
        sa.Column("reply_text", sa.Text(), nullable=False),
        sa.Column("reply_on", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin", sa.String(length=12), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_consultations_report_id_reports")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultations")),
        sa.UniqueConstraint("origin", "year", "seq", name="uq_consultations_number"),
    )
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consultations_change_seq"), ["change_seq"], unique=False)
        batch_op.create_index(batch_op.f("ix_consultations_field"), ["field"], unique=False)
        batch_op.create_index(batch_op.f("ix_consultations_origin"), ["origin"], unique=False)
        batch_op.create_index(batch_op.f("ix_consultations_status"), ["status"], unique=False)
        batch_op.create_index("ix_consultations_year_status", ["year", "status"], unique=False)

    op.create_table(
        "evaluations",
        sa.Column("consultation_id", sa.String(length=36), nullable=False),
        sa.Column("rater_type", sa.String(length=20), nullable=False),
        sa.Column("rater_name", sa.String(length=50), nullable=False),
        sa.Column("rating", sa.String(length=10), nullable=False),
        sa.Column("comments", sa.Text(), nullable=False),
        sa.Column("rated_on", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin", sa.String(length=12), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_evaluations_consultation_id_consultations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluations")),
    )
    with op.batch_alter_table("evaluations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evaluations_change_seq"), ["change_seq"], unique=False)
        batch_op.create_index(batch_op.f("ix_evaluations_consultation_id"), ["consultation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_evaluations_origin"), ["origin"], unique=False)

    op.create_table(
        "meetings",
        sa.Column("consultation_id", sa.String(length=36), nullable=False),
        sa.Column("form", sa.String(length=20), nullable=False),
        sa.Column("held_at", sa.DateTime(), nullable=False),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("chair", sa.String(length=50), nullable=False),
        sa.Column("recorder", sa.String(length=50), nullable=False),
        sa.Column("background", sa.Text(), nullable=False),
        sa.Column("consensus", sa.Text(), nullable=False),
        sa.Column("disagreements", sa.Text(), nullable=False),
        sa.Column("finalised", sa.Boolean(), nullable=False),
        sa.Column("minutes_version", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin", sa.String(length=12), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"], ["consultations.id"], name=op.f("fk_meetings_consultation_id_consultations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meetings_change_seq"), ["change_seq"], unique=False)
        batch_op.create_index(batch_op.f("ix_meetings_consultation_id"), ["consultation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meetings_origin"), ["origin"], unique=False)

    op.create_table(
        "progress_notes",
        sa.Column("consultation_id", sa.String(length=36), nullable=False),
        sa.Column("noted_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin", sa.String(length=12), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_progress_notes_consultation_id_consultations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_notes")),
    )
    with op.batch_alter_table("progress_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_progress_notes_change_seq"), ["change_seq"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_progress_notes_consultation_id"), ["consultation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_progress_notes_origin"), ["origin"], unique=False)

    op.create_table(
        "research_members",
        sa.Column("consultation_id", sa.String(length=36), nullable=False),
        sa.Column("member_id", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin", sa.String(length=12), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_research_members_consultation_id_consultations"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_research_members_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_research_members")),
    )
    with op.batch_alter_table("research_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_research_members_change_seq"), ["change_seq"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_research_members_consultation_id"), ["consultation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_research_members_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_research_members_origin"), ["origin"], unique=False)

    op.create_table(
        "action_items",
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("matter", sa.Text(), nullable=False),
        sa.Column("unit", sa.String(length=100), nullable=False),
        sa.Column("person", sa.String(length=50), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin", sa.String(length=12), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_action_items_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_items")),
    )
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_items_change_seq"), ["change_seq"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_items_due_on"), ["due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_items_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_items_origin"), ["origin"], unique=False)

    op.create_table(
        "minutes_versions",
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin", sa.String(length=12), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_minutes_versions_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_versions")),
        sa.UniqueConstraint("meeting_id", "version", name="uq_minutes_versions_version"),
    )
    with op.batch_alter_table("minutes_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_minutes_versions_change_seq"), ["change_seq"], unique=False)
        batch_op.create_index(batch_op.f("ix_minutes_versions_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_minutes_versions_origin"), ["origin"], unique=False)

    op.create_table(
        "participants",
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("member_id", sa.String(length=36), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("unit", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.Column("attendance", sa.String(length=10), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin", sa.String(length=12), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_participants_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_participants_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participants")),
    )
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_participants_change_seq"), ["change_seq"], unique=False)
        batch_op.create_index(batch_op.f("ix_participants_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_participants_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_participants_origin"), ["origin"], unique=False)

    op.create_table(
        "statements",
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("speaker", sa.String(length=50), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin", sa.String(length=12), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_statements_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statements")),
    )
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_statements_change_seq"), ["change_seq"], unique=False)
        batch_op.create_index(batch_op.f("ix_statements_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_statements_origin"), ["origin"], unique=False)

    if not _sqlite():
        op.create_foreign_key(
            op.f("fk_reports_consultation_id_consultations"),
            "reports",
            "consultations",
            ["consultation_id"],
            ["id"],
        )
    op.bulk_insert(
        sa.table("app_meta", sa.column("key", sa.String), sa.column("value", sa.String)),
        [{"key": "schema_major", "value": "1"}, {"key": "schema_minor", "value": "0"}],
    )
    op.bulk_insert(
        sa.table("counters", sa.column("name", sa.String), sa.column("value", sa.Integer)),
        [{"name": "change", "value": 0}],
    )


def downgrade() -> None:
    if not _sqlite():
        op.drop_constraint(op.f("fk_reports_consultation_id_consultations"), "reports", type_="foreignkey")
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statements_origin"))
        batch_op.drop_index(batch_op.f("ix_statements_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_statements_change_seq"))

    op.drop_table("statements")
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participants_origin"))
        batch_op.drop_index(batch_op.f("ix_participants_member_id"))
        batch_op.drop_index(batch_op.f("ix_participants_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_participants_change_seq"))

    op.drop_table("participants")
    with op.batch_alter_table("minutes_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_minutes_versions_origin"))
        batch_op.drop_index(batch_op.f("ix_minutes_versions_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_minutes_versions_change_seq"))

    op.drop_table("minutes_versions")
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_items_origin"))
        batch_op.drop_index(batch_op.f("ix_action_items_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_action_items_due_on"))
        batch_op.drop_index(batch_op.f("ix_action_items_change_seq"))

    op.drop_table("action_items")
    with op.batch_alter_table("research_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_research_members_origin"))
        batch_op.drop_index(batch_op.f("ix_research_members_member_id"))
        batch_op.drop_index(batch_op.f("ix_research_members_consultation_id"))
        batch_op.drop_index(batch_op.f("ix_research_members_change_seq"))

    op.drop_table("research_members")
    with op.batch_alter_table("progress_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_progress_notes_origin"))
        batch_op.drop_index(batch_op.f("ix_progress_notes_consultation_id"))
        batch_op.drop_index(batch_op.f("ix_progress_notes_change_seq"))

    op.drop_table("progress_notes")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meetings_origin"))
        batch_op.drop_index(batch_op.f("ix_meetings_consultation_id"))
        batch_op.drop_index(batch_op.f("ix_meetings_change_seq"))

    op.drop_table("meetings")
    with op.batch_alter_table("evaluations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evaluations_origin"))
        batch_op.drop_index(batch_op.f("ix_evaluations_consultation_id"))
        batch_op.drop_index(batch_op.f("ix_evaluations_change_seq"))

    op.drop_table("evaluations")
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.drop_index("ix_consultations_year_status")
        batch_op.drop_index(batch_op.f("ix_consultations_status"))
        batch_op.drop_index(batch_op.f("ix_consultations_origin"))
        batch_op.drop_index(batch_op.f("ix_consultations_field"))
        batch_op.drop_index(batch_op.f("ix_consultations_change_seq"))

    op.drop_table("consultations")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reports_status"))
        batch_op.drop_index(batch_op.f("ix_reports_origin"))
        batch_op.drop_index(batch_op.f("ix_reports_change_seq"))

    op.drop_table("reports")
    op.drop_table("station_settings")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_members_origin"))
        batch_op.drop_index(batch_op.f("ix_members_initials"))
        batch_op.drop_index(batch_op.f("ix_members_change_seq"))

    op.drop_table("members")
    op.drop_table("export_log")
    op.drop_table("counters")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_record_id"))
        batch_op.drop_index(batch_op.f("ix_audit_events_at"))

    op.drop_table("audit_events")
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachments_sha256"))
        batch_op.drop_index("ix_attachments_owner")
        batch_op.drop_index(batch_op.f("ix_attachments_origin"))
        batch_op.drop_index(batch_op.f("ix_attachments_change_seq"))

    op.drop_table("attachments")
    op.drop_table("app_meta")
