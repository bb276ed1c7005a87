"""The newest schema revision this program's migrations reach.

Start-up compares the database's revision with this constant, so Alembic (and the migration
scripts) load only when a migration is due. ``tests/storage/test_schema_head.py`` fails when it
differs from the head of ``storage/alembic/versions``: a new migration updates it in the same commit.
"""

HEAD_REVISION = "0010"
