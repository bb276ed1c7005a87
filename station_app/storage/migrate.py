"""Bringing a database to the current schema, safely.

New databases are created by running every migration. Before an existing file is
migrated it is copied to the backups folder. A database written by a newer major
version is refused and left untouched; a newer minor version is opened as it is.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from sqlalchemy import Connection, create_engine, inspect, select, text

from station_app import paths
from station_app.errors import DatabaseTooNewError
from station_app.storage.backup import backup_sqlite_file, timestamp
from station_app.storage.engine import Database
from station_app.storage.errors import translate_db_errors
from station_app.storage.local import AppMeta

if TYPE_CHECKING:  # Alembic itself loads only when a database has to be migrated
    from alembic.config import Config

log = logging.getLogger(__name__)

SCHEMA_MAJOR = 1
SCHEMA_MINOR = 0
SCRIPTS = Path(__file__).resolve().parent / "alembic"


@dataclass(frozen=True)
class SchemaState:
    revision: str | None  # None: an empty database
    major: int | None
    known: bool
    at_head: bool


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    return config


_REVISION = re.compile(r"""^revision\s*(?::[^=]*)?=\s*["']([^"']+)["']""", re.MULTILINE)
_DOWN_REVISION = re.compile(r"""^down_revision\s*(?::[^=]*)?=\s*(None|["']([^"']+)["'])\s*$""", re.MULTILINE)


def _read_revisions(folder: Path) -> tuple[frozenset[str], str] | None:
    """The revisions in the migration scripts and the single head, read from the files' text.

    Building Alembic's script directory imports every script and takes a noticeable part of a
    start-up; a plain linear chain is read here instead. Anything else (a merge, a branch, a
    script written differently) gives None, and Alembic is asked.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in sorted(folder.glob("*.py")):
        source = script.read_text("utf-8")
        revision, down = _REVISION.search(source), _DOWN_REVISION.search(source)
        if revision is None or down is None:
            return None
        revisions.add(revision.group(1))
        if down.group(2):
            parents.add(down.group(2))
    heads = revisions - parents
    if len(heads) != 1 or not parents <= revisions:
        return None
    return frozenset(revisions), heads.pop()


@functools.cache
def _script_revisions() -> tuple[frozenset[str], str]:
    found = _read_revisions(SCRIPTS / "versions")
    if found is not None:
        return found
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config())
    head = scripts.get_current_head()
    assert head is not None
    return frozenset(script.revision for script in scripts.walk_revisions()), head


def head_revision() -> str:
    return _script_revisions()[1]


def _known_revisions() -> frozenset[str]:
    return _script_revisions()[0]


def _current_revision(connection: Connection) -> str | None:
    """The database's revision; read directly, as Alembic would, for the usual single row."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    rows = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(rows) <= 1:
        return rows[0] if rows else None
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()  # raises for several heads


def inspect_schema(connection: Connection) -> SchemaState:
    revision = _current_revision(connection)
    major: int | None = None
    if inspect(connection).has_table(AppMeta.__tablename__):
        raw = connection.execute(select(AppMeta.value).where(AppMeta.key == "schema_major")).scalar()
        major = int(raw) if raw and raw.isdigit() else None
    known = revision is None or revision in _known_revisions()
    return SchemaState(revision, major, known, revision == head_revision())


def _refuse_if_too_new(state: SchemaState) -> None:
    if state.known:
        return
    if state.major is None or state.major > SCHEMA_MAJOR:
        found = f"{state.major}.x" if state.major is not None else f"未知（{state.revision}）"
        raise DatabaseTooNewError(found, f"{SCHEMA_MAJOR}.{SCHEMA_MINOR}")
    log.warning(
        "database revision %s is from a newer minor version; opened without migrating", state.revision
    )


def _sqlite_file(database: Database) -> Path | None:
    name = database.engine.url.database
    if database.is_sqlite and name and name != ":memory:":
        return Path(name)
    return None


def _peek(database: Database) -> SchemaState:
    """Read the schema state without changing anything, not even the journal mode."""
    source = _sqlite_file(database)
    if source is None:
        with translate_db_errors(), database.engine.connect() as connection:
            return inspect_schema(connection)
    if not source.exists() or source.stat().st_size == 0:
        return SchemaState(None, None, known=True, at_head=False)
    if Path(f"{source}-journal").exists():
        _roll_back_cut_short(source)
    peek_engine = create_engine(f"sqlite:///file:{quote(source.as_posix())}?mode=ro&uri=true")
    try:
        with translate_db_errors(), peek_engine.connect() as connection:
            return inspect_schema(connection)
    finally:
        peek_engine.dispose()


def _roll_back_cut_short(source: Path) -> None:
    """A write cut short in rollback-journal mode (a bulk fill killed half-way) leaves a hot
    journal. A read-only connection cannot roll it back, so a plain read-write one reads first:
    SQLite restores the last committed state, as any program opening the file would."""
    engine = create_engine(f"sqlite:///file:{quote(source.as_posix())}?uri=true")
    try:
        with translate_db_errors(), engine.connect() as connection:
            connection.execute(text("SELECT count(*) FROM sqlite_master")).scalar()
    finally:
        engine.dispose()


def upgrade(database: Database) -> SchemaState:
    """Migrate to head (copying the file first); return the state found before."""
    state = _peek(database)
    _refuse_if_too_new(state)
    if state.at_head or not state.known:
        return state
    source = _sqlite_file(database)
    if state.revision is not None and source is not None and source.exists():
        target = paths.backups_dir() / f"迁移前-{state.revision}-{timestamp()}.sqlite3"
        backup_sqlite_file(source, target)
        log.info("copied %s to %s before migrating", source, target)
    from alembic import command

    config = alembic_config()
    with translate_db_errors(), database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return state


def open_database(url: str | None = None, *, repair_search: bool = True) -> Database:
    """Open (creating or migrating as needed) the database at ``url`` or the default file.

    A search index due for its check after an upgrade is checked and repaired here, unless the
    caller does it itself (the window, with progress; ``check``, which reports it).
    """
    database = Database(url or paths.database_url())
    try:
        upgrade(database)
        if repair_search:
            from station_app.domain.progress import run_to_end
            from station_app.storage.search_audit import audit_index, repair_due

            if repair_due(database):
                run_to_end(audit_index(database, repair=True))
    except BaseException:
        database.dispose()
        raise
    return database
