"""A table whose every cell is an input: typing, picking and dates work the same as in a form.

Meeting lists are short (a few dozen rows), so one widget per cell is cheap and keeps keyboard
entry (including Chinese input methods) identical to the rest of the editor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QLineEdit, QTableWidget, QWidget

from station_app.ui.editor.widgets import ChoiceBox, DateField, from_iso, iso


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"  # text | choice | date | label
    choices: tuple[str, ...] = ()
    width: int = 0  # 0: stretch to fill
    placeholder: str = ""


class RowTable(QTableWidget):
    """Rows of plain values (``rows()``/``set_rows()``); keys not shown as columns ride along unseen."""

    changed = Signal()

    def __init__(self, name: str, columns: tuple[Column, ...], parent: QWidget | None = None) -> None:
        super().__init__(0, len(columns), parent)
        self.setObjectName(name)
        self.columns = columns
        self._hidden: list[dict[str, Any]] = []  # per row: id, member_id … (not shown)
        self._read_only = False
        self.caption = ""  # what the clerk calls the table (下步措施), for messages naming a cell
        self.today: Callable[[], date] = date.today  # what a typed 12-31 or the first ↑ starts from
        self.setHorizontalHeaderLabels([c.label for c in columns])
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setDefaultSectionSize(32)
        self.verticalHeader().setVisible(True)
        header = self.horizontalHeader()
        for index, column in enumerate(columns):
            if column.width:
                header.setSectionResizeMode(index, QHeaderView.ResizeMode.Interactive)
                self.setColumnWidth(index, column.width)
            else:
                header.setSectionResizeMode(index, QHeaderView.ResizeMode.Stretch)

    # --- rows -------------------------------------------------------------------------------
    def add_row(self, values: dict[str, Any] | None = None) -> int:
        values = values or {}
        row = self.rowCount()
        self.insertRow(row)
        shown = {c.key for c in self.columns}
        self._hidden.append({k: v for k, v in values.items() if k not in shown})
        for index, column in enumerate(self.columns):
            widget = self._make_cell(column, values.get(column.key))
            self.setCellWidget(row, index, widget)
        self.apply_row(row)
        return row

    def _make_cell(self, column: Column, value: Any) -> QWidget:
        widget: QWidget
        if column.kind == "choice":
            box = ChoiceBox(f"{self.objectName()}_{column.key}", column.choices)
            box.set_value(str(value or ""))
            box.currentIndexChanged.connect(self._edited)
            widget = box
        elif column.kind == "date":
            day = value if isinstance(value, date) or value is None else from_iso(value)
            field = DateField(f"{self.objectName()}_{column.key}", day, today=self.today)
            field.setFrame(False)
            field.setMinimumWidth(0)  # the column's width, never more: no spilling over the next cell
            field.setMaximumWidth(16777215)
            field.setReadOnly(self._read_only)
            field.dateChanged.connect(self._edited)
            widget = field
        elif column.kind == "label":
            widget = QLabel(str(value or ""))
            widget.setObjectName(f"{self.objectName()}_{column.key}")
            widget.setContentsMargins(6, 0, 6, 0)
        else:
            edit = QLineEdit(str(value or ""))
            edit.setObjectName(f"{self.objectName()}_{column.key}")
            edit.setFrame(False)
            edit.setPlaceholderText(column.placeholder)
            edit.setReadOnly(self._read_only)
            edit.setCursorPosition(0)  # a long 发言要点 or 责任单位 shows its beginning, not its end
            edit.setToolTip(str(value or ""))
            edit.textChanged.connect(self._edited)
            widget = edit
        if column.kind == "choice":
            widget.setEnabled(not self._read_only)
        widget.installEventFilter(self)
        return widget

    def cell(self, row: int, key: str) -> QWidget:
        index = next(i for i, c in enumerate(self.columns) if c.key == key)
        widget = self.cellWidget(row, index)
        assert widget is not None
        return widget

    def value(self, row: int, key: str) -> Any:
        widget = self.cell(row, key)
        if isinstance(widget, ChoiceBox):
            return widget.value()
        if isinstance(widget, DateField):
            return widget.value()
        if isinstance(widget, QLineEdit | QLabel):
            return widget.text()
        return None

    def row_values(self, row: int) -> dict[str, Any]:
        values = dict(self._hidden[row])
        for column in self.columns:
            if column.kind != "label":
                values[column.key] = self.value(row, column.key)
        return values

    def rows(self) -> list[dict[str, Any]]:
        return [self.row_values(r) for r in range(self.rowCount())]

    def json_rows(self) -> list[dict[str, Any]]:
        """The rows with dates as ISO text: for comparing and for the draft file."""
        return [{k: iso(v) if isinstance(v, date) else v for k, v in r.items()} for r in self.rows()]

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.blockSignals(True)
        self.setRowCount(0)
        self._hidden.clear()
        for values in rows:
            self.add_row(values)
        self.blockSignals(False)

    def remove_current_row(self) -> bool:
        row = self.currentRow()
        if row < 0 or self._read_only:
            return False
        self.removeRow(row)
        del self._hidden[row]
        self.changed.emit()
        return True

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for row in range(self.rowCount()):
            for index in range(len(self.columns)):
                widget = self.cellWidget(row, index)
                if isinstance(widget, QLineEdit):
                    widget.setReadOnly(read_only)
                elif isinstance(widget, ChoiceBox | DateField):
                    widget.setEnabled(not read_only)

    def set_column_editable(self, key: str, editable: bool) -> None:
        """One column open for input while the rest of the table is read-only (or the reverse)."""
        index = next(i for i, c in enumerate(self.columns) if c.key == key)
        for row in range(self.rowCount()):
            widget = self.cellWidget(row, index)
            if isinstance(widget, QLineEdit):
                widget.setReadOnly(not editable)
            elif isinstance(widget, ChoiceBox):
                widget.setEnabled(editable)

    def apply_row(self, row: int) -> None:
        """Hook for subclasses: refresh derived cells (like a deadline state) of ``row``."""

    # --- plumbing -------------------------------------------------------------------------
    def place_of(self, widget: QWidget) -> str:
        """Where a cell is, in the clerk's words: 「下步措施第2行『时限』」 ('' when not a cell)."""
        for row in range(self.rowCount()):
            for index, column in enumerate(self.columns):
                if self.cellWidget(row, index) is widget:
                    return f"{self.caption}第{row + 1}行『{column.label}』"
        return ""

    def row_of(self, widget: QWidget) -> int:
        for row in range(self.rowCount()):
            for index in range(len(self.columns)):
                if self.cellWidget(row, index) is widget:
                    return row
        return -1

    def _edited(self, *_args: object) -> None:
        sender = self.sender()
        if isinstance(sender, QWidget):
            row = self.row_of(sender)
            if row >= 0:
                self.apply_row(row)
        self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Clicking into a cell's input selects its row, so 删除所选行 acts on what the clerk sees.
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            row = self.row_of(watched)
            if row >= 0 and row != self.currentRow():
                self.selectRow(row)
        return super().eventFilter(watched, event)
