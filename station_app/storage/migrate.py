"""Bringing a database to the current schema, safely.

New databases are created by running every migration. Before an existing file is
migrated it is copied to the backups folder. A database written by a newer major
version is refused and left untouched; a newer minor version is opened as it is.
"""

from __future__ import annotations

import functools
import logging
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from sqlalchemy import Connection, create_engine, inspect, text
from sqlalchemy.exc import DBAPIError

from station_app import paths
from station_app.errors import DatabaseTooNewError, InputError
from station_app.output_guard import protect_database
from station_app.storage.backup import backup_sqlite_file, timestamp
from station_app.storage.engine import Database
from station_app.storage.errors import translate_db_errors
from station_app.storage.schema_head import HEAD_REVISION

if TYPE_CHECKING:  # Alembic itself loads only when a database has to be migrated
    from alembic.config import Config

log = logging.getLogger(__name__)

SCHEMA_MAJOR = 1
SCHEMA_MINOR = 0
SCRIPTS = Path(__file__).resolve().parent / "alembic"
APP_META = "app_meta"  # storage.local.AppMeta, read here without loading the ORM models


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


@functools.cache
def _known_revisions() -> frozenset[str]:
    """Every revision of the migration scripts (Alembic reads them; only when not at head)."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config())
    return frozenset(script.revision for script in scripts.walk_revisions())


def head_revision() -> str:
    return HEAD_REVISION


def current_revision(connection: Connection) -> str | None:
    """The database's revision; read directly, as Alembic would, for the usual single row."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    rows = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(rows) <= 1:
        return rows[0] if rows else None
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()  # raises for several heads


def inspect_schema(connection: Connection) -> SchemaState:
    revision = current_revision(connection)
    major: int | None = None
    if inspect(connection).has_table(APP_META):
        raw = connection.execute(text(f"SELECT value FROM {APP_META} WHERE key = 'schema_major'")).scalar()
        major = int(raw) if raw and raw.isdigit() else None
    at_head = revision == HEAD_REVISION
    known = revision is None or at_head or revision in _known_revisions()
    return SchemaState(revision, major, known, at_head)


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


def _check_database_file(path: Path, database: Database) -> None:
    """A folder, device or pipe given as the database file: say so instead of failing deep inside."""
    try:
        info = path.stat()
    except OSError:
        return  # a new file, or an unreachable one: SQLite's own error is translated later
    if not stat.S_ISREG(info.st_mode):
        database.dispose()
        kind = "一个文件夹" if stat.S_ISDIR(info.st_mode) else "设备、管道等特殊文件"
        raise InputError(f"数据库地址指向的“{path}”是{kind}，不是数据库文件，请给出一个 .sqlite3 文件。")


def search_repair_flagged(database: Database) -> bool:
    """A cheap first look (no ORM, no search code): is the index's check due, or are changes
    still marked? ``search_audit.repair_due`` says for certain."""
    query = (
        f"SELECT (SELECT count(*) FROM {APP_META} WHERE key = 'search_audit')"
        " + (SELECT count(*) FROM (SELECT 1 FROM search_stale LIMIT 1) AS marked)"
    )
    try:
        with database.engine.connect() as connection:
            return bool(connection.exec_driver_sql(query).scalar())
    except DBAPIError:
        return False  # a schema without the upkeep tables: nothing to repair


def open_database(url: str | None = None, *, repair_search: bool = True) -> Database:
    """Open (creating or migrating as needed) the database at ``url`` or the default file.

    A search index due for its check after an upgrade is checked and repaired here, unless the
    caller does it itself (the window, with progress; ``check``, which reports it).
    """
    database = Database(url or paths.database_url())
    sqlite_file = database.engine.url.database if database.is_sqlite else None
    if sqlite_file and sqlite_file != ":memory:":
        _check_database_file(Path(sqlite_file), database)
        protect_database(sqlite_file)
    try:
        upgrade(database)
        if repair_search and search_repair_flagged(database):
            from station_app.domain.progress import run_to_end
            from station_app.storage.search_audit import audit_index, repair_due

            if repair_due(database):
                run_to_end(audit_index(database, repair=True))
    except BaseException:
        database.dispose()
        raise
    return database
