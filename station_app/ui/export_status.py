"""The 「上次导出」 line of the status bar.

A tiny read of ``export_log``; it moves to the sync services once they exist.
"""

from __future__ import annotations

from sqlalchemy import select

from station_app.storage.engine import Database
from station_app.storage.local import ExportLogEntry

NEVER = "上次导出：尚未导出"


def last_export_text(db: Database) -> str:
    with db.session() as session:
        latest = select(ExportLogEntry).order_by(ExportLogEntry.sequence.desc()).limit(1)
        entry = session.scalars(latest).first()
        if entry is None:
            return NEVER
        when = entry.created_at.astimezone().strftime("%Y-%m-%d %H:%M")  # the clerk's local time
        kind = "全量" if entry.full else "增量"
        return f"上次导出：{when}（第{entry.sequence}号{kind}数据包）"
