"""「数据检查」: SQLite's integrity check plus a comparison of the schema with the program's."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from station_app.storage import search_index
from station_app.storage.engine import Database
from station_app.storage.errors import translate_db_errors
from station_app.storage.migrate import head_revision, inspect_schema
from station_app.storage.models import Base


@dataclass
class CheckReport:
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _program_tables(name: str | None, type_: str, _parents: Mapping[str, str | None]) -> bool:
    """The search index (an FTS5 table and its shadow tables) is derived data outside the models."""
    return not (type_ == "table" and name is not None and name.startswith(search_index.TABLE_PREFIX))


def check_database(db: Database) -> CheckReport:
    report = CheckReport()
    with translate_db_errors(), db.engine.connect() as connection:
        if db.is_sqlite:
            rows = [str(r[0]) for r in connection.execute(text("PRAGMA integrity_check"))]
            if rows == ["ok"]:
                report.lines.append("数据库完整性检查：通过")
            else:
                report.problems.append("数据库完整性检查发现问题：" + "；".join(rows[:10]))
            violations = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
            if violations:
                report.problems.append(f"发现 {len(violations)} 处记录引用了不存在的记录")
            else:
                report.lines.append("记录之间的引用：完整")
        state = inspect_schema(connection)
        if state.at_head:
            report.lines.append(f"数据结构版本：{state.revision}（最新）")
        else:
            report.problems.append(f"数据结构版本为 {state.revision}，程序需要 {head_revision()}")
        context = MigrationContext.configure(connection, opts={"include_name": _program_tables})
        diffs = compare_metadata(context, Base.metadata)
        if diffs:
            report.problems.append(f"数据结构与程序不一致（{len(diffs)} 处差异），请联系县政协技术人员")
        else:
            report.lines.append("数据结构与程序一致")
    return report
