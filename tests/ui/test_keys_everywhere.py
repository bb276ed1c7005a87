"""Ctrl+F from an open topic goes to the list's search; Ctrl+S and Ctrl+N work right after a page
switch or a closed dialog, with no click first."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from station_app.domain.lifecycle import Status
from station_app.storage.engine import Database
from station_app.ui import messages
from station_app.ui.main_window import MainWindow
from station_app.ui.pages.consultations_page import ConsultationsPage
from station_app.ui.pages.reports_page import ReportsPage

from .helpers import Shown, type_chinese
from .test_editor_support import row_of, topic_in
from .test_keyboard import window

__all__ = ["window"]  # the fixture
CTRL = Qt.KeyboardModifier.ControlModifier


def _focused(window: MainWindow) -> QWidget:
    return QApplication.focusWidget() or window


def test_ctrl_f_in_an_open_topic_goes_to_the_list_search(
    qtbot: QtBot, window: MainWindow, db: Database, shown: Shown, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = window.pages["consultations"]
    assert isinstance(page, ConsultationsPage)
    cid = topic_in(db, Status.COLLECTING)
    page.reload()
    page.open_consultation(cid)
    assert page.editor is not None
    qtbot.keyClick(_focused(window), Qt.Key.Key_F, CTRL)
    assert page.editor is None and QApplication.focusWidget() is page.search_box

    page.open_consultation(cid)
    assert page.editor is not None
    type_chinese(page.editor.topic.description, "补充说明")
    asked: list[str] = []

    def cancel(_parent: object, text: str) -> str:
        asked.append(text)
        return messages.CANCEL

    monkeypatch.setattr(messages, "ask_save_discard_cancel", cancel)
    qtbot.keyClick(_focused(window), Qt.Key.Key_F, CTRL)
    assert asked and page.editor is not None  # unsaved: asked, and 取消 keeps the topic open


def test_ctrl_s_after_switching_pages_saves_without_a_click(
    qtbot: QtBot, window: MainWindow, db: Database, shown: Shown
) -> None:
    page = window.pages["consultations"]
    assert isinstance(page, ConsultationsPage)
    cid = topic_in(db, Status.COLLECTING)
    page.reload()
    page.open_consultation(cid)
    assert page.editor is not None
    type_chinese(page.editor.topic.description, "楼栋长统一收集意见")
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)  # to 社情民意 …
    qtbot.keyClick(window.nav, Qt.Key.Key_Up)  # … and back: the focus stays on the navigation
    assert window.current_page_key() == "consultations" and window.nav.hasFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_S, CTRL)
    assert row_of(db, cid).description == "楼栋长统一收集意见"


def test_ctrl_n_works_again_as_soon_as_a_dialog_is_closed(qtbot: QtBot, window: MainWindow) -> None:
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    page = window.pages["reports"]
    assert isinstance(page, ReportsPage)
    qtbot.keyClick(window.nav, Qt.Key.Key_N, CTRL)
    first = page.dialog
    assert first is not None and first.isVisible()
    qtbot.keyClick(first, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not first.isVisible(), timeout=2000)
    assert QApplication.focusWidget() is page.table
    qtbot.keyClick(_focused(window), Qt.Key.Key_N, CTRL)
    assert page.dialog is not None and page.dialog is not first and page.dialog.isVisible()
