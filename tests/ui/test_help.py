"""帮助 → 使用说明 opens with F1 from anywhere in the window, pictures included."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.ui import help_dialog, pdf_preview
from station_app.ui.help_dialog import HelpDialog
from station_app.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, db: Database, station: StationInfo) -> MainWindow:
    widget = MainWindow(db, station)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    handle = widget.windowHandle()
    assert handle is not None
    handle.requestActivate()
    qtbot.waitUntil(widget.isActiveWindow, timeout=2000)
    return widget


@pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")
def test_f1_opens_the_handbook_with_its_pictures(
    qtbot: QtBot,
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_F1)
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, HelpDialog) and w.isVisible())
    qtbot.addWidget(dialog)
    document = dialog.browser.document()
    assert "一、第一次使用：初始设置" in document.toPlainText()
    image = document.resource(
        QTextDocument.ResourceType.ImageResource, dialog.browser.source().resolved("meeting.png")
    )
    assert image is not None and not image.isNull()
    menu = [a.text() for a in window.menuBar().actions()[-1].menu().actions()]
    assert menu[0] == "使用说明(&U)"
    shown: list[str] = []
    monkeypatch.setattr(pdf_preview, "open_preview", lambda _p, source: shown.append(source.file_name))
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert shown == ["使用说明.pdf"]
    assert help_dialog.show_help(window) is dialog  # a second F1 brings the same window forward
