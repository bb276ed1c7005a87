"""The head revision recorded in the package is the head of the migration scripts.

Start-up trusts ``schema_head.HEAD_REVISION`` to decide whether Alembic has to run at all; a
migration added without updating it would leave databases unmigrated, so this test stops it.
"""

from __future__ import annotations

from pathlib import Path

from alembic.script import ScriptDirectory

from station_app.storage import migrate
from station_app.storage.engine import Database
from station_app.storage.schema_head import HEAD_REVISION


def test_the_recorded_head_is_the_scripts_head() -> None:
    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    assert scripts.get_heads() == [HEAD_REVISION], (
        "a migration was added: set storage/schema_head.py HEAD_REVISION to its revision"
    )
    assert migrate.head_revision() == HEAD_REVISION


def test_a_database_at_the_head_opens_without_alembic(tmp_path: Path) -> None:
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'station.sqlite3'}"
    migrate.open_database(url).dispose()  # created and migrated (Alembic runs here)
    probe = (
        "import sys; from station_app.storage.migrate import open_database;"
        f"open_database({url!r}).dispose();"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako')))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"


def test_an_older_database_is_still_migrated(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    db = Database(url)
    try:
        from alembic import command

        config = migrate.alembic_config()
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0004")
    finally:
        db.dispose()
    before = migrate.open_database(url)
    try:
        with before.engine.connect() as connection:
            state = migrate.inspect_schema(connection)
        assert state.revision == HEAD_REVISION and state.at_head and state.known
    finally:
        before.dispose()
