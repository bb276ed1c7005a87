from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from station_app import logsetup
from station_app.errors import DiskFullError
from station_app.ui import crash_dialog
from station_app.ui.crash_dialog import CrashDialog

from .helpers import Shown


def make_report() -> str:
    try:
        raise ValueError("测试用的错误")
    except ValueError:
        kind, value, tb = sys.exc_info()
        assert kind is not None and value is not None
        return logsetup.crash_report(kind, value, tb)


def test_dialog_shows_the_report_and_copies_it(qtbot: QtBot) -> None:
    report = make_report()
    dialog = CrashDialog(report, logsetup.log_file())
    qtbot.addWidget(dialog)
    dialog.show()
    assert "程序遇到了一个意外错误" in dialog.findChild(QLabel, "crash_explanation").text()
    assert dialog.report() == report
    assert "ValueError: 测试用的错误" in dialog.report_edit.toPlainText()
    assert dialog.report_edit.isReadOnly()
    assert str(logsetup.log_file()) in dialog.log_label.text()

    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == report

    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_excepthook_sends_bugs_to_the_crash_dialog(shown: Shown) -> None:
    error = RuntimeError("bug")
    crash_dialog.excepthook(RuntimeError, error, None)
    assert shown.crashes == [error]
    assert shown.known == []


def test_excepthook_shows_known_errors_plainly(shown: Shown) -> None:
    error = DiskFullError()
    crash_dialog.excepthook(DiskFullError, error, None)
    assert shown.known == [error]
    assert shown.crashes == []


def test_show_crash_without_a_screen_logs_and_prints(
    qtbot: QtBot, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    error = ValueError("没有屏幕")
    crash_dialog.show_crash(None, ValueError, error, None)  # offscreen: must not block
    assert "ValueError: 没有屏幕" in capsys.readouterr().err
    assert any(record.exc_info and record.exc_info[1] is error for record in caplog.records)
