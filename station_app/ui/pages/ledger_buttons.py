"""The topic list's two ledger buttons: import topics from an Excel ledger, download its template.

The dialogs (and the spreadsheet reader) load when a button is first used, not with the list.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QPushButton, QWidget

if TYPE_CHECKING:
    from station_app.services.ledger import ImportResult
    from station_app.storage.engine import Database
    from station_app.ui.ledger_dialog import LedgerImportDialog

IMPORT_TEXT = "从Excel台账导入…"
TEMPLATE_TEXT = "下载台账模板…"


class LedgerButtons:
    """``dialog`` is the import dialog while it is open (for tests and the page)."""

    def __init__(
        self,
        parent: QWidget,
        db: Callable[[], Database | None],
        today: Callable[[], date],
        imported: Callable[[ImportResult], None],
    ) -> None:
        self._parent = parent
        self._db = db
        self._today = today
        self._imported = imported
        self.dialog: LedgerImportDialog | None = None
        self.import_button = QPushButton(IMPORT_TEXT)
        self.import_button.setObjectName("ledger_import_button")
        self.import_button.clicked.connect(self.start_import)
        self.template_button = QPushButton(TEMPLATE_TEXT)
        self.template_button.setObjectName("ledger_template_button")
        self.template_button.clicked.connect(self.download_template)

    def download_template(self) -> None:
        from station_app.ui import ledger_dialog

        ledger_dialog.download_template(self._parent)

    def start_import(self) -> None:
        from station_app.ui import ledger_dialog

        db = self._db()
        if db is not None:
            ledger_dialog.start_import(self._parent, db, self._today(), self._opened, self._imported)

    def _opened(self, dialog: LedgerImportDialog | None) -> None:
        self.dialog = dialog
