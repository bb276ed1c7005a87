"""Helpers shared by the window tests."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from station_app.errors import KnownError

DAFO = "511102004"  # 市中区 大佛街道
SHIZHONG = "511102"  # 市中区


def type_chinese(widget: QWidget, text: str) -> None:
    """Type as a Chinese input method does: one committed string (QTest only knows ASCII keys)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@dataclass
class Shown:
    """What would have been shown to the clerk, in order."""

    errors: list[str] = field(default_factory=list)
    infos: list[str] = field(default_factory=list)
    known: list[KnownError] = field(default_factory=list)
    crashes: list[BaseException] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    answer: bool = False
