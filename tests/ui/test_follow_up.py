"""Overdue 下步措施: typed deadlines in the table, 完成日期 after 定稿, and the reminder strip."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from station_app.domain.lifecycle import Status
from station_app.services import consultations, meetings, queries
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.ui.editor.date_field import DateField
from station_app.ui.pages.consultations_page import ConsultationsPage

from .helpers import Shown
from .test_editor_support import TODAY, audit_texts, click, click_tab, open_editor, topic_in


def type_date(qtbot: QtBot, cell: QWidget, text: str) -> None:
    """Click into the cell, select what is there, type, Enter — as a clerk does."""
    assert isinstance(cell, DateField)
    qtbot.mouseClick(cell, Qt.MouseButton.LeftButton)
    qtbot.keyClick(cell, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(cell, text)
    qtbot.keyClick(cell, Qt.Key.Key_Return)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("20261231", date(2026, 12, 31)),
        ("2026-12-31", date(2026, 12, 31)),
        ("2026/12/31", date(2026, 12, 31)),
        ("2026.12.31", date(2026, 12, 31)),
        ("12-31", date(TODAY.year, 12, 31)),
    ],
)
def test_a_deadline_is_typed_into_the_action_item_table(
    qtbot: QtBot, db: Database, station: StationInfo, typed: str, expected: date
) -> None:
    cid = topic_in(db, Status.CONSULTED)
    editor = open_editor(qtbot, db, station, cid)
    click_tab(qtbot, editor, "协商")
    table = editor.meetings.form.action_items
    cell = table.cell(0, "due_on")
    type_date(qtbot, cell, typed)
    assert table.value(0, "due_on") == expected
    assert isinstance(cell, DateField) and cell.text() == expected.isoformat() and not cell.problem
    # The editor stays inside its column: nothing spills over 完成日期.
    column = next(i for i, c in enumerate(table.columns) if c.key == "due_on")
    assert cell.width() <= table.columnWidth(column)
    assert cell.geometry().right() < table.cellWidget(0, column + 1).geometry().left()


def test_empty_stays_empty_arrows_start_today_and_nonsense_is_marked(
    qtbot: QtBot, db: Database, station: StationInfo
) -> None:
    cid = topic_in(db, Status.CONSULTED)
    editor = open_editor(qtbot, db, station, cid)
    click_tab(qtbot, editor, "协商")
    table = editor.meetings.form.action_items
    done = table.cell(0, "done_on")
    assert isinstance(done, DateField)
    qtbot.mouseClick(done, Qt.MouseButton.LeftButton)
    qtbot.keyClick(done, Qt.Key.Key_Return)
    assert table.value(0, "done_on") is None and done.text() == ""
    assert table.state_of(0) != "done"
    qtbot.keyClick(done, Qt.Key.Key_Up)
    assert table.value(0, "done_on") == TODAY
    qtbot.keyClick(done, Qt.Key.Key_Down)
    assert table.value(0, "done_on") == TODAY - timedelta(days=1)
    qtbot.keyClick(done, Qt.Key.Key_Delete)
    assert table.value(0, "done_on") is None
    type_date(qtbot, done, "2026-02-30")
    assert done.problem and "不是有效日期" in done.toolTip() and done.text() == "2026-02-30"


def test_the_completion_date_is_entered_after_finalising(
    qtbot: QtBot, db: Database, station: StationInfo, shown: Shown
) -> None:
    cid = topic_in(db, Status.CONSULTED)
    (mid,) = [m.id for m in meetings.meetings_of(db, cid)]
    meetings.finalise_minutes(db, mid)
    editor = open_editor(qtbot, db, station, cid)
    click_tab(qtbot, editor, "协商")
    tab = editor.meetings
    table = tab.form.action_items
    assert tab.form.place.isReadOnly() and table.cell(0, "matter").isReadOnly()  # type: ignore[attr-defined]
    assert not tab.save_button.isEnabled()
    type_date(qtbot, table.cell(0, "done_on"), TODAY.strftime("%Y%m%d"))
    assert tab.save_button.isEnabled() and tab.save_button.text() == "保存完成日期"
    with qtbot.waitSignal(editor.saved):
        click(qtbot, tab.save_button)
    assert not shown.errors, shown.errors
    detail = meetings.meeting_detail(db, mid)
    assert detail.finalised and detail.minutes_version == 1
    assert detail.data.action_items[0].done_on == TODAY
    assert meetings.minutes_version(db, mid, 1).action_items[0].done_on is None  # the minutes as finalised
    assert any("完成日期" in text and TODAY.isoformat() in text for text in audit_texts(db, cid))
    assert tab.form.action_items.state_of(0) == "done"


def test_completion_is_refused_for_a_closed_topic(db: Database, station: StationInfo) -> None:
    cid = topic_in(db, Status.CONSULTED)
    (detail,) = meetings.meetings_of(db, cid)
    consultations.change_status(db, cid, Status.REVOKED, reason="群众诉求已由社区解决")
    from station_app.errors import InputError

    with pytest.raises(InputError, match="已撤销"):
        meetings.record_completion(db, detail.data.action_items[0].id or "", TODAY, today=TODAY)


def test_the_strip_counts_only_open_items_of_topics_in_progress_and_links_to_the_row(
    qtbot: QtBot, db: Database, station: StationInfo
) -> None:
    late = TODAY - timedelta(days=3)
    open_topic = topic_in(db, Status.CONSULTED, "滨江社区停车难")
    closed_topic = topic_in(db, Status.CONSULTED, "海棠社区路灯")
    for cid in (open_topic, closed_topic):
        (detail,) = meetings.meetings_of(db, cid)
        item = detail.data.action_items[0]
        data = detail.data
        changed = type(data)(
            **{**data.__dict__, "action_items": (type(item)(**{**item.__dict__, "due_on": late}),)}
        )
        meetings.save_meeting(db, cid, changed, meeting_id=detail.id, today=late)
    consultations.change_status(db, closed_topic, Status.REVOKED, reason="已并入其他议题")
    items = queries.open_action_items(db, before=TODAY + timedelta(days=8))
    assert [i.consultation_id for i in items] == [open_topic]

    page = ConsultationsPage(db, station, today=TODAY)
    qtbot.addWidget(page)
    page.show()
    assert "已逾期 1 项" in page.due_label.shown_text()
    page.due_label.linkActivated.emit(f"{open_topic}#{items[0].action_item_id}")
    editor = page.editor
    assert editor is not None and editor.tabs.currentWidget() is editor.meetings
    table = editor.meetings.form.action_items
    assert table.currentRow() == 0 and page.focusWidget() is table.cell(0, "done_on")
