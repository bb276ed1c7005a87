"""Every reminder of the strip in one list: 下步措施 overdue (or due within a week), each with its topic.

Enter or a double-click opens the chosen item in the editor, its 下步措施 row selected.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.ui.pages.due_strip import DUE_SOON_COLOR, OVERDUE_COLOR, item_link

if TYPE_CHECKING:
    from station_app.services.queries import DueItem

HEADERS = ("时限", "情况", "议题编号", "议题名称", "事项", "责任单位")
WIDTHS = (96, 90, 170, 380, 0, 190)  # 0: 事项 takes the rest; full texts in each cell's tooltip
TITLES = {"overdue": "已逾期的下步措施", "soon": "7天内到期的下步措施", "all": "逾期和即将到期的下步措施"}


def when_text(due_on: date, today: date) -> str:
    days = (due_on - today).days
    if days < 0:
        return f"逾期{-days}天"
    return "今天到期" if days == 0 else f"{days}天后到期"


class DueItemsDialog(QDialog):
    """``chosen`` is the link (topic#item) of the row opened, or '' when closed without one."""

    def __init__(self, items: list[DueItem], today: date, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("due_items_dialog")
        self.setWindowTitle(TITLES[kind])
        self.items = items
        self.chosen = ""
        intro = QLabel(
            f"{TITLES[kind]}共 {len(items)} 项（只计进行中的议题）。"
            "双击一行或选中后按回车，打开该议题并定位到这条措施；填上完成日期后就不再提醒。"
        )
        intro.setObjectName("due_items_intro")
        intro.setWordWrap(True)
        self.table = QTableWidget(len(items), len(HEADERS))
        self.table.setObjectName("due_items_table")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        for row, item in enumerate(items):
            late = item.due_on < today
            cells = (
                item.due_on.isoformat(),
                when_text(item.due_on, today),
                item.number,
                item.title,
                item.matter,
                item.unit,
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if column == 1:
                    cell.setForeground(QColor(OVERDUE_COLOR if late else DUE_SOON_COLOR))
                self.table.setItem(row, column, cell)
        header = self.table.horizontalHeader()
        for column, width in enumerate(WIDTHS):
            if width:
                self.table.setColumnWidth(column, width)
            else:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda index: self.open_row(index.row()))
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        if items:
            self.table.selectRow(0)

        buttons = QDialogButtonBox()
        self.open_button = buttons.addButton("打开所选议题", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setObjectName("due_items_open")
        self.open_button.setEnabled(bool(items))
        self.open_button.clicked.connect(lambda: self.open_row(self.table.currentRow()))
        close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(1240, 560)  # fits a 1366×768 screen
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_row(self, row: int) -> None:
        if 0 <= row < len(self.items):
            self.chosen = item_link(self.items[row])
            self.accept()
