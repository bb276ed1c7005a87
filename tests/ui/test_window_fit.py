"""The window at a clerk's screen: it fills the screen the first time and then opens as left; the sort
arrow shows the real order; 统计 counts afresh whenever it is shown again."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QLabel, QListWidget
from pytestqt.qtbot import QtBot

from station_app.domain.lifecycle import Status
from station_app.services import consultations
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.ui.main_window import MainWindow
from station_app.ui.models import consultation_table as ct

from .test_editor_support import TODAY, topic_in


def arrow_points(header: QHeaderView, section: int) -> str:
    """'up' (▲) or 'down' (▼): which end of the arrow drawn at the section's right edge is wide."""
    image = header.grab().toImage()
    left = header.sectionViewportPosition(section) + header.sectionSize(section) - 22
    widths = []
    for y in range(image.height()):
        dark = sum(
            QColor(image.pixel(x, y)).lightness() < 120 for x in range(left, left + 20) if x < image.width()
        )
        if dark:
            widths.append(dark)
    assert len(widths) >= 3, widths  # an arrow was drawn
    return "up" if widths[-1] > widths[0] else "down"


def test_newest_first_shows_a_down_arrow_and_a_click_turns_it(
    qtbot: QtBot, db: Database, station: StationInfo
) -> None:
    for title in ("滨江社区停车难", "海棠社区路灯"):
        topic_in(db, Status.COLLECTING, title)
    window = MainWindow(db, station)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = window.pages["consultations"]
    header = page.table.horizontalHeader()
    model = page.model
    assert model.sort_order == Qt.SortOrder.DescendingOrder  # newest first
    numbers = [model.row_at(r).number for r in range(model.rowCount())]
    assert numbers == sorted(numbers, reverse=True)
    assert arrow_points(header, ct.COL_NUMBER) == "down"
    rect_x = header.sectionViewportPosition(ct.COL_NUMBER) + 20
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect_x, 8))
    assert model.sort_order == Qt.SortOrder.AscendingOrder
    numbers = [model.row_at(r).number for r in range(model.rowCount())]
    assert numbers == sorted(numbers)
    assert arrow_points(header, ct.COL_NUMBER) == "up"


def test_the_first_start_fills_the_screen_and_the_next_opens_as_left(
    qtbot: QtBot, db: Database, station: StationInfo
) -> None:
    window = MainWindow(db, station)
    qtbot.addWidget(window)
    assert not window.geometry_restored
    window.show_fitted()
    qtbot.waitExposed(window)
    available = window.screen().availableGeometry()
    assert window.isMaximized() or window.frameGeometry().size() == available.size()
    assert window.width() >= available.width() - 16
    window.showNormal()
    window.resize(1366, 728)  # a clerk's maximised window (the offscreen screen is smaller)
    qtbot.waitUntil(lambda: window.width() == 1366)
    page = window.pages["consultations"]
    widths = {c: page.table.columnWidth(c) for c in (ct.COL_TITLE, ct.COL_PROPOSER, ct.COL_NUMBER)}
    # 议题名称 has room for about 25 characters; 提出人 for a unit's eight (中共大佛街道工委).
    assert widths[ct.COL_TITLE] >= 360 and widths[ct.COL_PROPOSER] >= 8 * 16 and widths[ct.COL_NUMBER] >= 150
    window.resize(900, 520)
    left = window.size()
    window.close()
    again = MainWindow(db, station)
    qtbot.addWidget(again)
    assert again.geometry_restored
    again.show_fitted()
    # (the width is bounded by the narrow test screen)
    assert not again.isMaximized() and again.height() == left.height() == 520


def test_statistics_count_afresh_when_shown_again(qtbot: QtBot, db: Database, station: StationInfo) -> None:
    topic_in(db, Status.COLLECTING, "滨江社区停车难")
    window = MainWindow(db, station)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    nav = window.findChild(QListWidget, "nav_list")
    assert isinstance(nav, QListWidget)

    def click_nav(text: str) -> None:
        item = nav.findItems(text, Qt.MatchFlag.MatchExactly)[0]
        qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(item).center())

    click_nav("统计")
    total = window.pages["statistics"].findChild(QLabel, "figure_total")
    assert isinstance(total, QLabel) and total.text() == "1"
    click_nav("协商议题")
    consultations.create_topic(
        db,
        consultations.TopicInput("海棠社区路灯", "群众点题", "基础设施", date(TODAY.year, 1, 2), "海棠社区"),
        today=TODAY,
    )
    click_nav("统计")
    assert total.text() == "2"


def test_the_new_topic_button_keeps_its_shortcut_label_after_the_data_opens(
    qtbot: QtBot, db: Database, station: StationInfo
) -> None:
    from PySide6.QtWidgets import QToolButton

    from station_app.ui.pages.consultations_page import NEW_BUTTON_TEXT, ConsultationsPage

    page = ConsultationsPage(None, station)  # as at start-up: the list first, the data a moment later
    qtbot.addWidget(page)
    page.show()
    button = page.findChild(QToolButton, "new_consultation_button")
    assert isinstance(button, QToolButton) and button.text() == NEW_BUTTON_TEXT
    page.attach_database(db)
    assert button.text() == NEW_BUTTON_TEXT == "新建议题 (Ctrl+N)" and button.isEnabled()
