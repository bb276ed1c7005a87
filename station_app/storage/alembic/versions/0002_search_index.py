"""search index

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 10:12:40.118273
"""

from __future__ import annotations

from alembic import op

from station_app.storage import search_index as si

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# What each kind's document is made of, read with the columns of schema 0001 (frozen here so
# later schema changes cannot break this step). Each query returns the owner's id, then the
# columns for: head, text, names, head names; the numbers say how many of each.
_SOURCES: dict[str, tuple[tuple[str, int, int, int, int], ...]] = {
    "consultation": (
        (
            "SELECT id, title, number, description, village, research_findings, output_type, sent_to,"
            " lead_unit, reply_text, proposer FROM consultations WHERE deleted = 0 ORDER BY created_at, id",
            1,
            8,
            1,
            0,
        ),
        ("SELECT consultation_id, text FROM progress_notes WHERE deleted = 0", 0, 1, 0, 0),
        ("SELECT consultation_id, comments, rater_name FROM evaluations WHERE deleted = 0", 0, 1, 1, 0),
        (
            "SELECT consultation_id, place, background, consensus, disagreements, chair, recorder"
            " FROM meetings WHERE deleted = 0",
            0,
            4,
            2,
            0,
        ),
        (
            "SELECT m.consultation_id, s.text, s.speaker FROM statements s JOIN meetings m"
            " ON m.id = s.meeting_id WHERE s.deleted = 0 AND m.deleted = 0",
            0,
            1,
            1,
            0,
        ),
        (
            "SELECT m.consultation_id, p.unit, p.name FROM participants p JOIN meetings m"
            " ON m.id = p.meeting_id WHERE p.deleted = 0 AND m.deleted = 0",
            0,
            1,
            1,
            0,
        ),
        (
            "SELECT m.consultation_id, a.matter, a.unit, a.person FROM action_items a JOIN meetings m"
            " ON m.id = a.meeting_id WHERE a.deleted = 0 AND m.deleted = 0",
            0,
            2,
            1,
            0,
        ),
    ),
    "report": (
        (
            "SELECT id, title, reporter_unit, situation, cause, suggestion, reporter FROM reports"
            " WHERE deleted = 0 ORDER BY created_at, id",
            1,
            4,
            1,
            0,
        ),
    ),
    "member": (
        (
            "SELECT id, sector, unit, position, name FROM members WHERE deleted = 0 ORDER BY created_at, id",
            0,
            3,
            0,
            1,
        ),
    ),
}


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _fill(kind: str) -> None:
    connection = op.get_bind()
    documents: dict[str, si.Document] = {}
    for number, (sql, heads, texts, names, _head_names) in enumerate(_SOURCES[kind]):
        for owner, *values in connection.exec_driver_sql(sql):
            # The first query lists the records themselves; the others only add to them.
            document = documents.setdefault(owner, si.Document()) if number == 0 else documents.get(owner)
            if document is None:
                continue
            cut = (heads, heads + texts, heads + texts + names)
            document.add(values[: cut[0]], head=True)
            document.add(values[cut[0] : cut[1]])
            document.add(values[cut[1] : cut[2]], names=True)
            document.add(values[cut[2] :], head=True, names=True)
    low, _high = si.kind_range(kind)
    rows = [(low + i, owner, *doc.rendered()) for i, (owner, doc) in enumerate(documents.items())]
    for start in range(0, len(rows), 2000):
        si.insert_documents(connection, kind, rows[start : start + 2000])


def upgrade() -> None:
    # Only SQLite has FTS5; the PostgreSQL hub searches its tables directly.
    if not _sqlite():
        return
    # Dropping first lets a fill that failed half-way be run again (SQLite commits DDL at once).
    si.recreate_tables(op.get_bind())
    for kind in si.KINDS:
        _fill(kind)
    si.optimize(op.get_bind())


def downgrade() -> None:
    if not _sqlite():
        return
    for statement in si.DROP_STATEMENTS:
        op.execute(statement)
