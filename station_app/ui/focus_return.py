"""Where the keyboard goes when a form dialog closes: back to the page's table, with the window
active again, so Ctrl+N / Ctrl+F / Ctrl+S work at once without a click first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget


def return_focus_after(dialog: QDialog, target: QWidget) -> None:
    def back(_result: int) -> None:
        window = target.window()
        if window is not None and target.isVisible():
            window.activateWindow()
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    dialog.finished.connect(back)
