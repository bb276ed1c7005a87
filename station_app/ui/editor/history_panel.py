"""历史: the audit log of the record, newest first, in the clerk's local time."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.services import audit
from station_app.services.audit import AuditLine
from station_app.ui.editor.record import EditorContext, RecordView
from station_app.ui.editor.tab_base import EditorTab

HEADERS = ("时间", "操作人", "内容")
NOBODY = "—"


def history_lines(ctx: EditorContext, consultation_id: str) -> list[AuditLine]:
    with ctx.db.session() as session:
        return list(reversed(audit.history(session, consultation_id)))


def line_texts(line: AuditLine) -> tuple[str, str, str]:
    return (line.at.astimezone().strftime("%Y-%m-%d %H:%M"), line.actor or NOBODY, line.summary)


class HistoryPanel(EditorTab):
    key = "history"
    title = "历史"

    def __init__(self, ctx: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("history")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setColumnWidth(0, 140)
        self.table.setColumnWidth(1, 90)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        note = QLabel("每一次修改、状态变化和纪要定稿都会记在这里，不能删除。")
        note.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)

    def load(self, record: RecordView) -> None:
        lines = history_lines(self.ctx, record.id)
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            for column, text in enumerate(line_texts(line)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def texts(self) -> list[str]:
        """Each line as the clerk reads it (for tests and copying)."""
        return [
            "  ".join(self._cell(r, c) for c in range(len(HEADERS))) for r in range(self.table.rowCount())
        ]
