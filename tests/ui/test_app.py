from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from station_app import logsetup
from station_app.errors import DatabaseTooNewError
from station_app.services.station import SetupRequest, setup_station
from station_app.storage.engine import Database
from station_app.ui import app as app_module
from station_app.ui import crash_dialog, print_warmup
from station_app.ui.main_window import MainWindow

from .helpers import DAFO, Shown


@pytest.fixture
def quiet_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """run_gui's process-wide side effects, kept out of the test process."""
    monkeypatch.setattr(logsetup, "setup_logging", lambda *a, **k: None)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(print_warmup, "SETTLE", False)


def test_shipped_font_becomes_the_application_font(qapp: QApplication) -> None:
    before = qapp.font()
    try:
        family = app_module.install_font(qapp)
        assert family is not None and "WenQuanYi" in family
        assert qapp.font().family() == family
        assert qapp.font().pointSize() >= app_module.MIN_POINT_SIZE
        assert QFontDatabase.hasFamily(family)
    finally:
        qapp.setFont(before)


def test_qt_translator_gives_chinese_standard_buttons(qtbot: QtBot, qapp: QApplication) -> None:
    assert app_module.install_translator(qapp)
    try:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(box)
        texts = {
            box.button(b).text()
            for b in (QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel)
        }
        assert texts == {"确定", "取消"}
    finally:
        for translator in app_module._translators:
            qapp.removeTranslator(translator)
        app_module._translators.clear()


def test_a_too_new_database_is_refused_with_a_message(
    quiet_start: None, shown: Shown, monkeypatch: pytest.MonkeyPatch
) -> None:
    def too_new(_url: str | None = None) -> Database:
        raise DatabaseTooNewError("2.x", "1.0")

    monkeypatch.setattr(app_module, "open_database", too_new)
    assert app_module.run_gui("sqlite:///unused.sqlite3") == 1
    assert len(shown.known) == 1 and "更新版本的程序" in shown.known[0].message
    assert sys.excepthook is crash_dialog.excepthook


def test_cancelling_the_first_setup_exits_quietly(
    quiet_start: None, shown: Shown, monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    asked: list[Database] = []

    def cancel(db: Database, parent: object = None) -> None:
        asked.append(db)
        return None

    monkeypatch.setattr(app_module, "run_setup_wizard", cancel)
    assert app_module.run_gui(f"sqlite:///{tmp_path}/new.sqlite3") == 0
    assert len(asked) == 1
    assert shown.errors == []


def test_the_window_shows_before_the_database_opens_and_then_fills(
    quiet_start: None, shown: Shown, monkeypatch: pytest.MonkeyPatch, qapp: QApplication, tmp_path: object
) -> None:
    seen: dict[str, object] = {}
    real_open = app_module.open_database

    def open_after_paint(url: str | None = None) -> Database:
        windows = [w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        assert len(windows) == 1 and not windows[0].is_attached  # shown, and still empty
        seen["visible"] = True
        db = real_open(url)
        setup_station(db, SetupRequest(township_code=DAFO, head_name="王站长", clerk_name="李联络"))
        return db

    def quit_when_filled() -> None:
        windows = [w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.is_attached]
        if windows and windows[0].pages["consultations"].isVisible():
            seen["title"] = windows[0].windowTitle()
            windows[0].hide()
            qapp.exit(0)
        else:
            QTimer.singleShot(10, quit_when_filled)

    monkeypatch.setattr(app_module, "open_database", open_after_paint)
    QTimer.singleShot(0, quit_when_filled)
    assert app_module.run_gui(f"sqlite:///{tmp_path}/new.sqlite3") == 0
    assert seen["visible"] is True
    assert "大佛街道" in str(seen["title"])
    assert shown.errors == []
