"""At a hub, the short lists (社情民意, 委员) show whose record each row is and filter by township.

The list's model gives a 乡镇（街道） column; this box filters its proxy on that column (exact name).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QRegularExpression, QSortFilterProxyModel, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from station_app.ui.models.consultation_table import township_name

ALL_TEXT = "全部乡镇（街道）"


class TownshipFilter(QComboBox):
    changed = Signal()

    def __init__(self, proxy: QSortFilterProxyModel, column: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filter_township")
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._proxy = proxy
        self._column = column
        self.addItem(ALL_TEXT, "")
        self.currentIndexChanged.connect(self._apply)

    def set_codes(self, codes: Iterable[str]) -> None:
        """The townships that occur in the list, keeping the chosen one where it still occurs."""
        chosen = self.currentData()
        self.blockSignals(True)
        while self.count() > 1:
            self.removeItem(1)
        for code in sorted(set(codes)):
            self.addItem(township_name(code), code)
        self.setCurrentIndex(max(self.findData(chosen), 0))
        self.blockSignals(False)
        self._apply()

    def choose(self, code: str) -> None:
        self.setCurrentIndex(max(self.findData(code), 0))

    def _apply(self) -> None:
        code = str(self.currentData() or "")
        self._proxy.setFilterKeyColumn(self._column)
        pattern = f"^{QRegularExpression.escape(township_name(code))}$" if code else ""
        self._proxy.setFilterRegularExpression(QRegularExpression(pattern))
        self.changed.emit()
