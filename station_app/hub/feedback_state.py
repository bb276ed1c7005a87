"""Where a hub's 办理反馈 stands: registered only, or already written into a receipt package.

A receipt/feedback package carries all of a station's feedback (``full``), so a reply counts as
written when a package for its station was made after the reply's last change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from station_app.domain.classifications import RESULT_CODES
from station_app.storage.engine import Database
from station_app.storage.hub_tables import FeedbackPackageLog, HubFeedback

WRITE_HINT = "请在「同步」页「回执和办理反馈」中选择该站，点「写回执/反馈包…」写入U盘，交给该站导入。"


@dataclass(frozen=True)
class RegisteredFeedback:
    result_code: str
    reply_text: str
    reply_on: str
    author: str
    written_at: datetime | None  # the receipt package that carries it, None while only registered

    def line(self) -> str:
        result = f"{self.result_code} {RESULT_CODES.get(self.result_code, '')}".strip() or "办理进展"
        text = self.reply_text.replace("\n", " ")
        text = text if len(text) <= 40 else text[:40] + "…"
        when = f"{self.reply_on} " if self.reply_on else ""
        state = (
            f"已于 {self.written_at.astimezone().strftime('%Y-%m-%d %H:%M')} 写入回执包"
            if self.written_at
            else "尚未写入U盘"
        )
        who = f"（{self.author}）" if self.author else ""
        return f"{when}{result}{who}：{text}——{state}"


def _last_written(db: Database) -> dict[str, datetime]:
    with db.session() as session:
        rows = session.execute(
            select(FeedbackPackageLog.station_code, func.max(FeedbackPackageLog.created_at)).group_by(
                FeedbackPackageLog.station_code
            )
        )
        return {code: at for code, at in rows}


def _written(row: HubFeedback, last: dict[str, datetime]) -> datetime | None:
    at = last.get(row.station_code)
    return at if at is not None and at >= row.updated_at else None


def for_topic(db: Database, consultation_id: str) -> list[RegisteredFeedback]:
    """The replies this office registered for one topic, oldest first."""
    last = _last_written(db)
    with db.session() as session:
        rows = session.scalars(
            select(HubFeedback)
            .where(HubFeedback.consultation_id == consultation_id, HubFeedback.deleted.is_(False))
            .order_by(HubFeedback.created_at)
        )
        return [
            RegisteredFeedback(
                r.result_code,
                r.reply_text or r.progress_note,
                r.reply_on.isoformat() if r.reply_on else "",
                r.author,
                _written(r, last),
            )
            for r in rows
        ]


def pending_by_station(db: Database) -> dict[str, int]:
    """How many replies per station are registered but not yet in a receipt package."""
    last = _last_written(db)
    pending: dict[str, int] = {}
    with db.session() as session:
        for row in session.scalars(select(HubFeedback)):
            if _written(row, last) is None:
                pending[row.station_code] = pending.get(row.station_code, 0) + 1
    return pending
