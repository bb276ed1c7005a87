"""A date that is no date, typed into a table cell: the message names the table, the row and the column."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from station_app.domain.lifecycle import Status
from station_app.services import meetings
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.ui.editor.field_place import field_place

from .helpers import Shown
from .test_editor_support import click, click_tab, open_editor, press_save, topic_in
from .test_follow_up import type_date


def test_a_bad_deadline_names_row_and_column(
    qtbot: QtBot, db: Database, station: StationInfo, shown: Shown
) -> None:
    cid = topic_in(db, Status.CONSULTED)
    (before,) = meetings.meetings_of(db, cid)
    editor = open_editor(qtbot, db, station, cid)
    click_tab(qtbot, editor, "协商")
    table = editor.meetings.form.action_items
    add = editor.findChild(QPushButton, "add_action_button")
    assert isinstance(add, QPushButton)
    click(qtbot, add)
    assert table.rowCount() == 2
    cell = table.cell(1, "due_on")
    type_date(qtbot, cell, "2026-02-30")
    press_save(qtbot, cell)
    (error,) = shown.errors
    assert "下步措施第2行『时限』：“2026-02-30”不是有效日期" in error, error
    assert cell.hasFocus()
    (after,) = meetings.meetings_of(db, cid)
    assert after.data.action_items == before.data.action_items  # nothing saved


def test_a_form_date_is_named_by_its_label(qtbot: QtBot, db: Database, station: StationInfo) -> None:
    editor = open_editor(qtbot, db, station, None)
    assert field_place(editor.topic.proposed_on) == "提出日期"
    assert field_place(editor.topic.title_edit) == "议题名称"
