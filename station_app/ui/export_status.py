"""The right-hand line of the status bar: the last export (a station) or import (a hub)."""

from __future__ import annotations

from sqlalchemy import select

from station_app.domain import townships
from station_app.storage.engine import Database
from station_app.storage.local import ExportLogEntry

NEVER = "上次导出：尚未导出"
NEVER_IMPORTED = "上次导入：尚未导入数据包"


def last_export_text(db: Database) -> str:
    with db.session() as session:
        latest = select(ExportLogEntry).order_by(ExportLogEntry.sequence.desc()).limit(1)
        entry = session.scalars(latest).first()
        if entry is None:
            return NEVER
        when = entry.created_at.astimezone().strftime("%Y-%m-%d %H:%M")  # the clerk's local time
        kind = "全量" if entry.full else "增量"
        return f"上次导出：{when}（第{entry.sequence}号{kind}数据包）"


def last_import_text(db: Database) -> str:
    from station_app.storage.hub_tables import ReceivedPackage  # a hub's table; stations never need it

    with db.session() as session:
        latest = select(ReceivedPackage).order_by(ReceivedPackage.imported_at.desc()).limit(1)
        entry = session.scalars(latest).first()
        if entry is None:
            return NEVER_IMPORTED
    when = entry.imported_at.astimezone().strftime("%Y-%m-%d %H:%M")
    names = {t.code: t.name for t in townships.load_townships()}
    station = names.get(entry.township_code, entry.township_code)
    return f"上次导入：{when}（{station}第{entry.sequence}号数据包）"
