"""Empty lists say how to start; 社情民意 can be searched and filtered by 状态."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from station_app.services.reports import ReportInput, add_report
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.ui.pages.consultations_page import ConsultationsPage
from station_app.ui.pages.members_page import MembersPage
from station_app.ui.pages.reports_page import ReportsPage

from .helpers import type_chinese

TODAY = date(2026, 11, 26)


def test_empty_pages_give_guidance(qtbot: QtBot, db: Database, station: StationInfo) -> None:
    for page, hint_of in (
        (ConsultationsPage(db, station, today=TODAY), "新建议题"),
        (ReportsPage(db, station, today=TODAY), "新建信息"),
        (MembersPage(db, station, today=TODAY), "新增委员"),
    ):
        qtbot.addWidget(page)
        page.resize(1000, 600)
        page.show()
        qtbot.waitExposed(page)
        hint = page.empty_hint
        assert hint.isVisible() and hint_of in hint.text() and "Ctrl+N" in hint.text()


def test_reports_are_searched_and_filtered(qtbot: QtBot, db: Database, station: StationInfo) -> None:
    add_report(
        db, ReportInput("岷江河堤裂缝", "张秀英", "汛期河堤有裂缝", reporter_unit="棉花社区"), today=TODAY
    )
    add_report(db, ReportInput("菜市场占道经营", "李强", "早市占道", status="已报送"), today=TODAY)
    page = ReportsPage(db, station, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    assert page.proxy.rowCount() == 2 and not page.empty_hint.isVisible()
    type_chinese(page.search_box, "河堤")
    assert page.proxy.rowCount() == 1 and page.count_label.text() == "显示 1 条，共 2 条"
    page.search_box.clear()
    page.status_filter.setFocus()
    qtbot.keyClick(page.status_filter, Qt.Key.Key_End)
    while page.status_filter.currentData() != "已报送":
        qtbot.keyClick(page.status_filter, Qt.Key.Key_Up)
    assert page.proxy.rowCount() == 1
    assert page.proxy.index(0, 0).data() == "菜市场占道经营"
    type_chinese(page.search_box, "河堤")
    assert (
        page.proxy.rowCount() == 0
        and page.empty_hint.isVisible()
        and "没有符合条件" in page.empty_hint.text()
    )
