"""The keyboard path: window-wide Ctrl+N / Ctrl+F that follow the page, and Tab through the new topic."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.ui.main_window import MainWindow
from station_app.ui.pages.consultations_page import ConsultationsPage
from station_app.ui.pages.reports_page import ReportsPage

from .helpers import Shown

CTRL = Qt.KeyboardModifier.ControlModifier


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


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def test_ctrl_n_from_the_navigation_opens_a_new_topic_with_the_cursor_in_its_title(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_N, CTRL)
    page = window.pages["consultations"]
    assert isinstance(page, ConsultationsPage) and page.editor is not None
    assert page.editor.consultation_id is None
    assert focused() is page.editor.topic.title_edit


def test_ctrl_n_on_the_reports_page_makes_a_new_report(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(ReportsPage, "new_report", lambda self: opened.append("report"))
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)  # 社情民意
    assert window.current_page_key() == "reports"
    qtbot.keyClick(window.nav, Qt.Key.Key_N, CTRL)  # focus still on the navigation
    page = window.pages["reports"]
    page.setFocus()
    qtbot.keyClick(focused() or page, Qt.Key.Key_N, CTRL)  # and from inside the page
    assert opened == ["report", "report"]
    consultations = window.pages["consultations"]
    assert isinstance(consultations, ConsultationsPage) and consultations.editor is None


def test_ctrl_f_goes_to_the_search_box_of_the_page(qtbot: QtBot, window: MainWindow) -> None:
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_F, CTRL)
    page = window.pages["consultations"]
    assert isinstance(page, ConsultationsPage) and focused() is page.search_box


def test_tab_walks_the_new_topic_form_and_the_date_keeps_the_next_text(
    qtbot: QtBot, window: MainWindow, db: Database, shown: Shown
) -> None:
    qtbot.keyClick(window.nav, Qt.Key.Key_N, CTRL)
    page = window.pages["consultations"]
    assert isinstance(page, ConsultationsPage) and page.editor is not None
    topic = page.editor.topic
    qtbot.keyClicks(focused() or topic, "Road lights")
    walk = [topic.source, topic.field, topic.village, topic.proposer, topic.proposed_on, topic.description]
    for expected in walk:
        qtbot.keyClick(focused() or topic, Qt.Key.Key_Tab)
        assert focused() is expected, (expected.objectName(), focused())
    # Back to 提出日期, type a date over it, Tab on, and the description gets what is typed next.
    qtbot.keyClick(topic.description, Qt.Key.Key_Backtab)
    assert focused() is topic.proposed_on
    qtbot.keyClicks(topic.proposed_on, "20261105")
    qtbot.keyClick(topic.proposed_on, Qt.Key.Key_Tab)
    assert focused() is topic.description
    qtbot.keyClicks(topic.description, "lamps broken since May")
    assert topic.description.toPlainText() == "lamps broken since May"
    assert topic.proposed_on.text() == "2026-11-05" and topic.title_edit.text() == "Road lights"
