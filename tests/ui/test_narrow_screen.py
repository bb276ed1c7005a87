"""A 1024×768 screen (older station PCs) shows the whole window: no page forces it wider, and the
topic list's filters wrap onto a second line instead of being cut off at the right."""

from __future__ import annotations

import itertools
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QComboBox, QWidget
from pytestqt.qtbot import QtBot

from station_app.domain.classifications import ROLE_COUNTY
from station_app.domain.progress import run_to_end
from station_app.services.demo import fill_demo
from station_app.services.station import SetupRequest, StationInfo, setup_station
from station_app.storage.engine import Database
from station_app.ui.flow_layout import FlowLayout
from station_app.ui.main_window import MainWindow
from station_app.ui.models import consultation_table as ct
from station_app.ui.pages.consultations_view import COLUMN_WIDTHS, FIXED_COLUMNS, TITLE_ROOM

NARROW = 1024


def _every_page(window: MainWindow) -> None:
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        assert window.minimumSizeHint().width() <= NARROW, window.nav.item(row).text()


def _inside(widget: QWidget, outer: QWidget) -> bool:
    top_left = widget.mapTo(outer, QPoint(0, 0))
    return outer.rect().contains(QRect(top_left, widget.size()))


def test_no_station_page_is_wider_than_a_1024_screen(
    qtbot: QtBot, db: Database, station: StationInfo
) -> None:
    window = MainWindow(db, station)
    qtbot.addWidget(window)
    window.show()
    _every_page(window)


def test_no_hub_page_is_wider_than_a_1024_screen(qtbot: QtBot, db: Database) -> None:
    window = MainWindow(db, setup_station(db, SetupRequest(role=ROLE_COUNTY, county_code="511181")))
    qtbot.addWidget(window)
    window.show()
    _every_page(window)
    # The overview's figures keep their headings whole (「议题总数」 read 「题总」 at 1024 px).
    window.nav.setCurrentRow(0)
    window.resize(window.minimumSizeHint().width(), 700)  # as narrow as it goes
    qtbot.wait(10)
    table = window.pages["overview"].table
    heads = table.horizontalHeader()
    for column in range(table.columnCount()):
        text = table.horizontalHeaderItem(column).text()
        assert heads.sectionSize(column) >= heads.fontMetrics().horizontalAdvance(text), text


def test_the_list_stays_in_view_on_a_1024_screen(qtbot: QtBot, db: Database, station: StationInfo) -> None:
    run_to_end(fill_demo(db, count=60, seed=1, today=date(2026, 11, 26)))  # villages with long names
    window = MainWindow(db, station)
    qtbot.addWidget(window)
    window.show()
    window.resize(NARROW, 700)
    qtbot.wait(10)
    assert window.width() == NARROW
    page = window.pages["consultations"]
    boxes = [box for box in page.findChildren(QComboBox) if box.isVisible()]
    assert len(boxes) >= 6
    for widget in [*boxes, page.clear_button, page.count_label, page.search_box, page.table]:
        assert widget.isVisible() and _inside(widget, page), widget.objectName()
    # The title keeps room to be read; the number, status and date keep their whole width.
    table = page.table
    assert table.columnWidth(ct.COL_TITLE) >= TITLE_ROOM - 2
    for column in FIXED_COLUMNS:
        assert table.columnWidth(column) == COLUMN_WIDTHS[column]
    header = table.horizontalHeader()
    for column in range(table.model().columnCount()):  # no heading cut (「村（社区）」 read 「寸（社区）」)
        if not table.isColumnHidden(column) and column != ct.COL_TITLE:
            assert table.columnWidth(column) >= header.sectionSizeHint(column), column
    window.resize(1366, 700)  # a wide window again: every column as designed
    qtbot.wait(10)
    assert all(table.columnWidth(c) == w for c, w in COLUMN_WIDTHS.items())


@settings(max_examples=40, deadline=None)
@given(
    widths=st.lists(st.integers(20, 200), min_size=1, max_size=12),
    room=st.integers(210, 1200),
)
def test_the_flow_layout_wraps_whole_pieces_within_its_width(
    qapp: QApplication, widths: list[int], room: int
) -> None:
    holder = QWidget()  # a plain widget, made and dropped per example
    flow = FlowLayout(holder)
    pieces = []
    for width in widths:
        piece = QWidget()
        piece.setFixedSize(width, 24)
        flow.addWidget(piece)
        pieces.append(piece)
    assert flow.minimumSize().width() == max(widths)  # as narrow as its widest piece
    height = flow.heightForWidth(room)
    flow.setGeometry(QRect(0, 0, room, height))
    lines: dict[int, list[QWidget]] = {}
    for piece in pieces:
        geometry = piece.geometry()
        assert geometry.size() == piece.size() and geometry.left() >= 0 and geometry.right() < room
        assert geometry.bottom() < height
        lines.setdefault(geometry.top(), []).append(piece)
    # a new line starts only when the next piece would not fit on the one before
    tops = sorted(lines)
    for before, after in itertools.pairwise(tops):
        used = lines[before][-1].geometry().right() + 1 + flow.spacing()
        assert used + lines[after][0].width() > room
    assert [p for top in tops for p in lines[top]] == pieces  # in order
