"""Every message box goes through here: Chinese titles, and safe without a screen.

Other modules call these as ``messages.show_error(...)`` (never ``from ... import``) so tests can
monkeypatch one attribute and see every message. Without a visible screen (no QApplication, or the
``offscreen``/``minimal`` platforms used by tests and scripts) a modal box would wait forever for a
click nobody can make, so the text is logged instead and the "safe" answer is returned.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from station_app.errors import KnownError

log = logging.getLogger(__name__)

TITLE_ERROR = "出错了"
TITLE_INFO = "提示"
TITLE_QUESTION = "请确认"
_HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal"})


def has_screen() -> bool:
    """True when a clerk could actually see and click a dialog."""
    if QApplication.instance() is None:
        return False
    return QGuiApplication.platformName() not in _HEADLESS_PLATFORMS


def _box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton,
    default: QMessageBox.StandardButton,
) -> QMessageBox.StandardButton:
    if not has_screen():
        log.warning("message not shown (no screen): %s: %s", title, text)
        return QMessageBox.StandardButton.NoButton
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setDefaultButton(default)
    # Standard buttons in Chinese even when Qt's translator could not be loaded.
    for button, label in (
        (QMessageBox.StandardButton.Ok, "确定"),
        (QMessageBox.StandardButton.Yes, "是"),
        (QMessageBox.StandardButton.No, "否"),
    ):
        if buttons & button:
            box.button(button).setText(label)
    return QMessageBox.StandardButton(box.exec())


def show_error(parent: QWidget | None, text: str) -> None:
    Ok = QMessageBox.StandardButton.Ok
    _box(parent, QMessageBox.Icon.Warning, TITLE_ERROR, text, Ok, Ok)


def show_info(parent: QWidget | None, text: str, title: str = TITLE_INFO) -> None:
    Ok = QMessageBox.StandardButton.Ok
    _box(parent, QMessageBox.Icon.Information, title, text, Ok, Ok)


def ask_yes_no(parent: QWidget | None, text: str) -> bool:
    """Ask a question; without a screen the answer is 否 (nothing is done unasked)."""
    Yes, No = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    return _box(parent, QMessageBox.Icon.Question, TITLE_QUESTION, text, Yes | No, No) == Yes


SAVE = "save"
DISCARD = "discard"
CANCEL = "cancel"


def ask_save_discard_cancel(parent: QWidget | None, text: str) -> str:
    """保存 / 不保存 / 取消; returns SAVE, DISCARD or CANCEL. Without a screen: CANCEL (nothing is lost)."""
    if not has_screen():
        log.warning("question not shown (no screen): %s", text)
        return CANCEL
    box = QMessageBox(
        QMessageBox.Icon.Question, TITLE_QUESTION, text, QMessageBox.StandardButton.NoButton, parent
    )
    save = box.addButton("保存", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("不保存", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return SAVE
    if clicked is discard:
        return DISCARD
    return CANCEL


def show_known_error(parent: QWidget | None, error: KnownError) -> None:
    """A failure the clerk can act on: its Chinese message, nothing technical."""
    log.info("known error shown: %s", error.message)
    show_error(parent, error.message)
