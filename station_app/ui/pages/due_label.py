"""The reminder strip below the 协商议题 list as a widget: the text of ``due_strip``, and the list of
every item a count stands for."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QWidget

from station_app.ui.pages.due_strip import DUE_DAYS, due_html, items_of_kind, read_as

if TYPE_CHECKING:
    from station_app.services import queries
    from station_app.storage.engine import Database
    from station_app.ui.dialogs.due_items_dialog import DueItemsDialog

TIP_ITEMS = 30
LOADING = "下步措施：正在读取……"
NOTHING_DUE = "下步措施：没有已逾期或7天内到期的事项。"


class DueLabel(QLabel):
    """``items`` are the reminders shown; ``dialog`` the list last opened (for tests)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("due_strip")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setStyleSheet("QLabel#due_strip { background: #fff6ec; padding: 4px 8px; }")
        self.items: list[queries.DueItem] = []
        self.township: str | None = None  # the township the reminders were counted for (None: not yet)
        self.dialog: DueItemsDialog | None = None
        # Always there and always two lines high: a strip that appeared, grew or went away would
        # move or cover rows of the list under a clerk's click.
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setFixedHeight(2 * self.fontMetrics().lineSpacing() + 10)
        self.setText(LOADING)

    def refresh(self, db: Database, township: str, today: date) -> None:
        """The open 下步措施 of ``township`` (every township with "") overdue or due within DUE_DAYS."""
        from station_app.services import queries

        self.township = township
        before = today + timedelta(days=DUE_DAYS + 1)
        self.show_items(queries.open_action_items(db, before=before, township=township), today)

    def show_items(self, items: list[queries.DueItem], today: date) -> None:
        self.items = items
        self.setText(due_html(items, today) if items else NOTHING_DUE)
        self.setToolTip("\n".join(f"{i.due_on:%Y-%m-%d}　{i.number}　{i.matter}" for i in items[:TIP_ITEMS]))

    def shown_text(self) -> str:
        """The strip as a person reads it (no markup)."""
        document = QTextDocument()
        document.setHtml(self.text())
        return read_as(document.toPlainText())

    def choose(self, kind: str, today: date, parent: QWidget) -> str:
        """Every overdue (``kind`` 'overdue'), due-soon or all item with its topic; the link of the
        one the clerk opens, or '' when the list is closed."""
        from station_app.ui.dialogs.due_items_dialog import DueItemsDialog

        self.dialog = DueItemsDialog(items_of_kind(self.items, kind, today), today, kind, parent)
        return self.dialog.chosen if self.dialog.exec() else ""
