"""The search index's check after an upgrade, run when the window opens, with progress."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from station_app.errors import Cancelled
from station_app.ui import worker

if TYPE_CHECKING:
    from station_app.storage.engine import Database
    from station_app.storage.search_audit import IndexAudit

log = logging.getLogger(__name__)
TITLE = "正在检查检索索引"


def start_if_due(parent: QWidget, db: Database, then: Callable[[], None]) -> bool:
    """Start the check and repair when it is due, and call ``then`` when it has ended (however it
    ended: a cancelled check is simply run again at the next start). False when nothing was due."""
    from station_app.storage.search_audit import audit_index, repair_due

    if not repair_due(db):
        return False

    def done(audit: IndexAudit) -> None:
        log.info("search index checked: %s", audit.summary())
        then()

    def failed(error: BaseException) -> None:
        if not isinstance(error, Cancelled):
            worker.report_error(parent, error)
        then()

    worker.run_job(parent, TITLE, lambda cancel: audit_index(db, cancel, repair=True), done, failed)
    return True
