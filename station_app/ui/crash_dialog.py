"""The dialog for bugs: a plain explanation, a copyable report and where the log is."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app import logsetup
from station_app.errors import KnownError
from station_app.ui import messages

log = logging.getLogger(__name__)

EXPLANATION = (
    "程序遇到了一个意外错误，刚才的操作可能没有完成。已经保存的数据不受影响。\n"
    "请点击「复制报告」，把报告发给县（区）政协的技术联系人，并说明当时在做什么。"
)
_showing = False  # one crash dialog at a time: a bug that repeats must not stack windows


class CrashDialog(QDialog):
    def __init__(self, report: str, log_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crash_dialog")
        self.setWindowTitle("程序出错")
        self.resize(640, 440)

        explanation = QLabel(EXPLANATION)
        explanation.setObjectName("crash_explanation")
        explanation.setWordWrap(True)

        self.report_edit = QPlainTextEdit(report)
        self.report_edit.setObjectName("crash_report")
        self.report_edit.setReadOnly(True)
        self.report_edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.report_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))

        self.log_label = QLabel(f"日志文件：{log_path}")
        self.log_label.setObjectName("crash_log_path")
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.copy_button = QPushButton("复制报告")
        self.copy_button.setObjectName("crash_copy")
        self.copy_button.clicked.connect(self.copy_report)
        self.close_button = QPushButton("关闭")
        self.close_button.setObjectName("crash_close")
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.accept)

        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.report_edit, 1)
        layout.addWidget(self.log_label)
        layout.addLayout(buttons)

    def report(self) -> str:
        return self.report_edit.toPlainText()

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report())
        self.copy_button.setText("已复制")


def show_crash(
    parent: QWidget | None,
    kind: type[BaseException],
    value: BaseException,
    tb: TracebackType | None,
) -> None:
    """Log a bug and show the crash dialog (only the log when nobody can see a window)."""
    global _showing
    log.error("unexpected error", exc_info=(kind, value, tb))
    report = logsetup.crash_report(kind, value, tb)
    if not messages.has_screen() or _showing:
        print(report, file=sys.stderr)
        return
    _showing = True
    try:
        CrashDialog(report, logsetup.log_file(), parent).exec()
    finally:
        _showing = False


def excepthook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    """``sys.excepthook`` for the window: an exception that escaped a slot or event handler."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, value, tb)
        return
    if isinstance(value, KnownError):
        # A known failure that nobody caught is still the clerk's to act on, not a bug report.
        log.warning("uncaught known error", exc_info=(kind, value, tb))
        messages.show_known_error(None, value)
        return
    show_crash(None, kind, value, tb)


def install_excepthook() -> None:
    sys.excepthook = excepthook
