"""The KPI board's township comparison: the report's per-station table (``hub.report_tables``),
for the same scope and period, in a sortable table whose headers explain each figure."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from station_app.domain import figures
from station_app.hub import report_tables
from station_app.hub.report_tables import STATION_FIGURES, STATION_HEADERS, Cell, StationFigures
from station_app.ui.sort_arrow import use_sort_arrows

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
FIRST_FIGURE = len(STATION_HEADERS) - len(STATION_FIGURES)


class _Item(QTableWidgetItem):
    """Sorts by the value, not the text: 9 before 10, 「—」 (no rate) below 0%."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(SORT_ROLE), other.data(SORT_ROLE)
        if isinstance(mine, (int, float)) and isinstance(theirs, (int, float)):
            return mine < theirs
        return str(mine) < str(theirs)


def _sort_key(cell: Cell) -> object:
    if cell.kind == report_tables.TEXT:
        return cell.text()
    return -1.0 if cell.value is None else cell.value


class TownshipTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(STATION_HEADERS), parent)
        self.setObjectName("township_table")
        for column, text in enumerate(STATION_HEADERS):
            header = QTableWidgetItem(text)
            if column >= FIRST_FIGURE:
                header.setToolTip(figures.definition(STATION_FIGURES[column - FIRST_FIGURE]))
            self.setHorizontalHeaderItem(column, header)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.setMinimumHeight(280)
        use_sort_arrows(self.horizontalHeader())

    def show_rows(self, rows: Sequence[StationFigures]) -> None:
        table = report_tables.station_table(rows)
        self.setSortingEnabled(False)
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the report's order first
        self.setRowCount(len(table.rows))
        for index, row in enumerate(table.rows):
            for column, cell in enumerate(row):
                item = _Item(cell.text())
                item.setData(SORT_ROLE, _sort_key(cell))
                if cell.kind != report_tables.TEXT:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(index, column, item)
        self.setSortingEnabled(True)
        self._fit_rows()

    def _fit_rows(self) -> None:
        """As tall as its rows: the page scrolls, not a small box inside it."""
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        rows = sum(self.rowHeight(r) for r in range(self.rowCount()))
        scrollbar = self.horizontalScrollBar().sizeHint().height()
        header = max(self.horizontalHeader().height(), self.horizontalHeader().sizeHint().height())
        height = header + rows + 2 * self.frameWidth() + scrollbar
        self.setMinimumHeight(max(height, 120))
        self.setMaximumHeight(max(height, 120))
