"""A table model for short lists held in full (members, reports): the shared parts in one place."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole  # the row object itself
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # a plain value to compare by


class HasId(Protocol):
    @property
    def id(self) -> str: ...


Row = TypeVar("Row", bound=HasId)


class SmallTableModel(QAbstractTableModel, Generic[Row]):
    """All rows at once; subclasses give the headers, the cell text and any extra roles."""

    def __init__(
        self, headers: Sequence[str], cell: Callable[[Row, int], str], parent: QObject | None = None
    ):
        super().__init__(parent)
        self._headers = tuple(headers)
        self._cell = cell
        self._rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def extra_data(self, row: Row, column: int, role: int) -> Any:
        """Roles beyond display/sort/row object (colours, tooltips); None by default."""
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            return self._cell(row, index.column())
        if role == ROW_ROLE:
            return row
        return self.extra_data(row, index.column(), role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def row_of(self, row_id: str) -> int:
        return next((n for n, row in enumerate(self._rows) if row.id == row_id), -1)
