"""At 1366×768 the 范围 box, 责任单位 and the overdue list's topic names are not cut off."""

from __future__ import annotations

from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from station_app.services.queries import DueItem
from station_app.services.station import SetupRequest, setup_station
from station_app.storage.engine import Database
from station_app.ui.dialogs.due_items_dialog import DueItemsDialog
from station_app.ui.editor.meeting_tables import ActionItemsTable
from station_app.ui.main_window import MainWindow
from station_app.ui.pages.statistics_page import StatisticsPage

from .test_hub_words import program_font

__all__ = ["program_font"]  # the fixture: measured in the program's own Chinese font
pytestmark = pytest.mark.usefixtures("program_font")

UNIT = "市中区住房和城乡建设局"
TITLE = "牟子镇场镇农贸市场周边占道经营和停车秩序整治"


def test_scope_box_shows_the_whole_name_on_a_small_screen(qtbot: QtBot, db: Database) -> None:
    info = setup_station(db, SetupRequest(township_code="511102101", head_name="王站长", clerk_name="李联络"))
    window = MainWindow(db, info)
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    qtbot.waitExposed(window)
    window.show_page("statistics")
    page = window.pages["statistics"]
    assert isinstance(page, StatisticsPage)
    box = page.scope_box
    qtbot.waitUntil(box.isVisible)
    assert box.currentText() == f"市中区{info.township_name}" and info.township_name == "牟子镇"
    assert box.width() >= box.fontMetrics().horizontalAdvance(box.currentText()) + 30


def test_unit_column_holds_a_bureau_name(qtbot: QtBot) -> None:
    table = ActionItemsTable(lambda: date(2026, 11, 26))
    qtbot.addWidget(table)
    table.resize(1100, 300)
    table.show()
    table.add_row({"matter": "清理占道", "unit": UNIT})
    cell = table.cell(0, "unit")
    column = [c.key for c in table.columns].index("unit")
    assert table.columnWidth(column) >= cell.fontMetrics().horizontalAdvance(UNIT) + 12


def test_overdue_list_shows_whole_topic_names_with_a_tooltip(qtbot: QtBot) -> None:
    items = [DueItem("c1", "牟子镇〔2026〕3号", "清理占道", UNIT, date(2026, 10, 1), "a1", TITLE)]
    dialog = DueItemsDialog(items, date(2026, 11, 26), "overdue")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() <= 1366
    cell = dialog.table.item(0, 3)
    assert cell.toolTip() == TITLE
    assert dialog.table.columnWidth(3) >= dialog.table.fontMetrics().horizontalAdvance(TITLE) + 8
