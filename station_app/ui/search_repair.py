"""The search index's check after an upgrade, run when the window opens, with progress."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow, QWidget

from station_app.errors import Cancelled
from station_app.ui import worker

if TYPE_CHECKING:
    from station_app.storage.engine import Database
    from station_app.storage.search_audit import IndexAudit

log = logging.getLogger(__name__)
TITLE = "正在检查检索索引"
OUTCOME_MS = 20_000


def outcome_text(audit: IndexAudit) -> str:
    """What the once-after-an-upgrade check did, in words that do not sound like a fault."""
    if audit.repaired:
        return f"升级后的一次性检查：检索索引已按本版规则更新（共 {audit.records} 条记录），现在都能搜到。"
    return f"升级后的一次性检查：检索索引与 {audit.records} 条记录一致。"


def start_if_due(parent: QWidget, db: Database, then: Callable[[], None]) -> bool:
    """Start the check and repair when it is due, and call ``then`` when it has ended (however it
    ended: a cancelled check is simply run again at the next start). False when nothing was due."""
    from station_app.storage.search_audit import audit_index, repair_due

    if not repair_due(db):
        return False

    def done(audit: IndexAudit) -> None:
        log.info("search index checked: %s", audit.summary())
        then()
        if isinstance(parent, QMainWindow):  # the dialog closes at once: the outcome stays a while
            parent.statusBar().showMessage(outcome_text(audit), OUTCOME_MS)

    def failed(error: BaseException) -> None:
        if not isinstance(error, Cancelled):
            worker.report_error(parent, error)
        then()

    worker.run_job(parent, TITLE, lambda cancel: audit_index(db, cancel, repair=True), done, failed)
    return True
