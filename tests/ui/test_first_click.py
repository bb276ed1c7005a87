"""登记反馈 right after typing the reply: one click saves the edits and takes the step."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from station_app.domain.classifications import OUTPUT_TYPES
from station_app.domain.lifecycle import Status
from station_app.services import consultations, conversion
from station_app.services.station import StationInfo
from station_app.storage.engine import Database

from .helpers import Shown, type_chinese
from .test_editor_support import TODAY, click_tab, open_editor, row_of, topic_in
from .test_follow_up import type_date


def test_one_click_on_register_feedback_after_typing_the_reply(
    qtbot: QtBot, db: Database, station: StationInfo, shown: Shown
) -> None:
    cid = topic_in(db, Status.CONSULTED)
    data = conversion.ConversionInput(next(iter(OUTPUT_TYPES)), "街道党工委", TODAY, "街道城建办")
    conversion.save_conversion(db, cid, data, today=TODAY)
    consultations.change_status(db, cid, Status.SUBMITTED)
    editor = open_editor(qtbot, db, station, cid)
    click_tab(qtbot, editor, "转化")
    tab = editor.conversion
    tab.result_code.setFocus()
    qtbot.keyClick(tab.result_code, Qt.Key.Key_Down)
    type_chinese(tab.reply_text, "已安排资金，年内完成")
    type_date(qtbot, tab.reply_on, date.today().strftime("%Y%m%d"))
    tab.reply_text.setFocus()  # the cursor is still in a field when the clerk reaches for the button
    button = editor.transitions.buttons["登记反馈"]
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not shown.errors, shown.errors
    assert row_of(db, cid).status == Status.FED_BACK.value
