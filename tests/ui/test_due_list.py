"""The reminder strip's counts open the list of every item they count; an item opens in the editor."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from station_app.domain.lifecycle import Status
from station_app.services import meetings
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.ui.dialogs.due_items_dialog import DueItemsDialog
from station_app.ui.pages.consultations_page import ConsultationsPage

from .test_editor_support import TODAY, topic_in

TITLES = ("滨江社区停车难", "海棠社区路灯", "嘉州社区加装电梯", "棉花社区菜市场")


def make_late(db: Database, cid: str, days: int) -> None:
    (detail,) = meetings.meetings_of(db, cid)
    item = detail.data.action_items[0]
    late = type(item)(**{**item.__dict__, "due_on": TODAY - timedelta(days=days)})
    data = type(detail.data)(**{**detail.data.__dict__, "action_items": (late,)})
    meetings.save_meeting(db, cid, data, meeting_id=detail.id, today=TODAY - timedelta(days=days + 1))


def link_points(qtbot: QtBot, label: QLabel) -> list[QPoint]:
    """Where the mouse turns into a hand over the label: the first point of each link, in reading order."""
    found: list[QPoint] = []
    inside = False
    for y in range(4, label.height(), 6):
        for x in range(0, label.width(), 3):
            qtbot.mouseMove(label, QPoint(x, y))
            hand = label.cursor().shape() == Qt.CursorShape.PointingHandCursor
            if hand and not inside:
                found.append(QPoint(x + 2, y))
            inside = hand
        inside = False
    return found


def test_clicking_the_overdue_count_lists_every_item_and_opens_the_one_chosen(
    qtbot: QtBot, db: Database, station: StationInfo
) -> None:
    topics = [topic_in(db, Status.CONSULTED, title) for title in TITLES]
    for days, cid in enumerate(topics, start=3):
        make_late(db, cid, days)
    page = ConsultationsPage(db, station, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    assert "已逾期 4 项" in page.due_label.shown_text()
    assert "查看全部 4 项" in page.due_label.shown_text()  # the strip itself names only two
    seen: list[list[str]] = []

    def in_the_dialog() -> None:
        dialog = page.due_dialog
        assert isinstance(dialog, DueItemsDialog)
        table = dialog.table
        seen.append([table.item(r, 3).text() for r in range(table.rowCount())])
        seen.append([table.item(r, 1).text() for r in range(table.rowCount())])
        qtbot.keyClick(table, Qt.Key.Key_Down)
        qtbot.keyClick(table, Qt.Key.Key_Return)

    (count_link, *_rest) = link_points(qtbot, page.due_label)
    QTimer.singleShot(0, in_the_dialog)
    qtbot.mouseClick(page.due_label, Qt.MouseButton.LeftButton, pos=count_link)
    # Oldest deadline first: 棉花社区 (6 days), 嘉州社区 (5), 海棠社区 (4), 滨江社区 (3).
    assert seen == [list(reversed(TITLES)), ["逾期6天", "逾期5天", "逾期4天", "逾期3天"]]
    editor = page.editor
    assert editor is not None and editor.consultation_id == topics[2]  # the second row: 嘉州社区
    assert editor.tabs.currentWidget() is editor.meetings
    assert editor.meetings.form.action_items.currentRow() == 0


def test_closing_the_list_opens_nothing(qtbot: QtBot, db: Database, station: StationInfo) -> None:
    for days, title in enumerate(TITLES[:3], start=1):
        make_late(db, topic_in(db, Status.CONSULTED, title), days)
    page = ConsultationsPage(db, station, today=TODAY)
    qtbot.addWidget(page)
    page.show()

    def close() -> None:
        dialog = page.due_dialog
        assert dialog is not None and dialog.isVisible()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(0, close)
    assert not page.open_due_item("list:all")
    assert page.editor is None
