"""What every editor tab offers the editor: its form state, saving, dirtiness and error marks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from station_app.domain.fieldcheck import Issue
from station_app.ui.editor.record import EditorContext, RecordView
from station_app.ui.editor.widgets import mark_invalid


class TabHost(Protocol):
    """The editor, as its tabs see it: one place that saves, reports errors and refreshes."""

    def save_tab(self, tab: EditorTab) -> bool: ...

    def run_action(self, action: Callable[[], object]) -> bool: ...


class EditorTab(QWidget):
    """A tab of the editor. ``form_state`` is plain JSON data: it is compared to find unsaved edits
    and written to the draft file as it is."""

    key = ""
    title = ""
    changed = Signal()  # the clerk edited something (the editor updates its 未保存 mark)
    stored = Signal()  # something was written to the database from inside the tab

    def __init__(self, ctx: EditorContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.read_only = False
        self.fields: dict[str, QWidget] = {}  # field name (as in Issue.field) → its widget
        self._baseline: dict[str, Any] = {}
        self.host: TabHost | None = None  # set by the editor

    # --- to implement -----------------------------------------------------------------------
    def form_state(self) -> dict[str, Any]:
        return {}

    def set_form_state(self, state: dict[str, Any]) -> None:
        pass

    def load(self, record: RecordView) -> None:
        """Fill the form from the database (discarding edits) and take it as the saved state."""

    def save(self) -> bool:
        """Write the edits through the service in one call; raise its error. True if anything was saved."""
        return False

    def apply_read_only(self, read_only: bool) -> None:
        pass

    # --- shared --------------------------------------------------------------------------------
    def is_dirty(self) -> bool:
        return not self.read_only and self.form_state() != self._baseline

    def mark_clean(self) -> None:
        self._baseline = self.form_state()

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.apply_read_only(read_only)

    def watch(self, *widgets: QWidget) -> None:
        """Report edits of these inputs through :attr:`changed`."""
        for widget in widgets:
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.textChanged.connect(self._edited)
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(self._edited)
            elif isinstance(widget, QAbstractSpinBox):
                widget.editingFinished.connect(self._edited)
                if hasattr(widget, "dateTimeChanged"):
                    widget.dateTimeChanged.connect(self._edited)

    def _edited(self, *_args: object) -> None:
        self.changed.emit()

    def show_issues(self, issues: list[Issue]) -> QWidget | None:
        """Mark the fields named by ``issues``; return the first one to focus."""
        first: QWidget | None = None
        for issue in issues:
            widget = self.fields.get(issue.field)
            if widget is not None:
                mark_invalid(widget, True)
                first = first or widget
        return first

    def clear_issues(self) -> None:
        for widget in self.fields.values():
            mark_invalid(widget, False)
