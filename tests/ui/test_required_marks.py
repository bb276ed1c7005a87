"""One required mark everywhere (＊ label + red border), and the border goes once the field is filled."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from station_app.domain.lifecycle import Status
from station_app.services.reports import list_reports
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.ui.dialogs.member_dialog import MemberDialog
from station_app.ui.dialogs.report_dialog import ReportDialog

from .helpers import Shown, type_chinese
from .test_editor_support import click_tab, open_editor, press_save, topic_in

MARK = '<span style="color:#c62828;">＊</span>'
TODAY = date(2026, 11, 26)


def _marked(root: QWidget) -> set[QWidget]:
    return {
        lab.buddy() for lab in root.findChildren(QLabel) if lab.buddy() is not None and MARK in lab.text()
    }


def test_red_borders_go_as_each_field_of_a_new_topic_is_filled(
    qtbot: QtBot, db: Database, station: StationInfo, shown: Shown
) -> None:
    editor = open_editor(qtbot, db, station, None)
    topic = editor.topic
    press_save(qtbot, topic.title_edit)
    assert shown.errors
    assert topic.title_edit.property("invalid") is True and topic.source.property("invalid") is True
    type_chinese(topic.title_edit, "嘉州社区加装电梯")
    assert topic.title_edit.property("invalid") is False  # gone as soon as it is filled
    assert topic.source.property("invalid") is True  # the others stay until they are filled
    topic.source.setFocus()
    qtbot.keyClick(topic.source, Qt.Key.Key_Down)
    assert topic.source.currentIndex() >= 0 and topic.source.property("invalid") is False


def test_report_dialog_marks_and_clears_its_required_fields(
    qtbot: QtBot, db: Database, station: StationInfo
) -> None:
    dialog = ReportDialog(db, [], TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    assert {dialog.title_edit, dialog.reporter_edit, dialog.situation_edit} <= _marked(dialog)
    assert dialog.unit_edit not in _marked(dialog)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.reporter_edit.property("invalid") is True
    type_chinese(dialog.reporter_edit, "张三丰")
    assert dialog.reporter_edit.property("invalid") is False


def test_a_draft_report_has_no_date_until_it_is_sent(
    qtbot: QtBot, db: Database, station: StationInfo
) -> None:
    dialog = ReportDialog(db, [], TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.status_combo.currentText() == "草稿" and dialog.date_edit.text() == ""
    type_chinese(dialog.title_edit, "夜间施工噪声")
    type_chinese(dialog.reporter_edit, "张三丰")
    type_chinese(dialog.situation_edit, "施工到凌晨。")
    dialog.status_combo.setFocus()
    qtbot.keyClick(dialog.status_combo, Qt.Key.Key_Down)
    assert dialog.status_combo.currentText() == "已报送" and dialog.date_edit.value() == TODAY
    qtbot.keyClick(dialog.status_combo, Qt.Key.Key_Up)
    dialog.date_edit.setFocus()
    qtbot.keyClick(dialog.date_edit, Qt.Key.Key_Delete)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    (saved,) = list_reports(db)
    assert saved.data.status == "草稿" and saved.data.reported_on is None


def test_new_member_starts_without_a_sector_and_must_choose_one(
    qtbot: QtBot, db: Database, station: StationInfo
) -> None:
    dialog = MemberDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.sector_combo.currentIndex() == -1 and dialog.sector_combo.currentText() == ""
    assert {dialog.name_edit, dialog.sector_combo} <= _marked(dialog)
    type_chinese(dialog.name_edit, "周海燕")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.saved_id is None and "界别" in dialog.error_label.text()
    assert dialog.sector_combo.property("invalid") is True
    dialog.sector_combo.setFocus()
    qtbot.keyClick(dialog.sector_combo, Qt.Key.Key_Down)
    assert dialog.sector_combo.property("invalid") is False
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.saved_id is not None


def test_evaluation_form_marks_its_required_choices(qtbot: QtBot, db: Database, station: StationInfo) -> None:
    editor = open_editor(qtbot, db, station, topic_in(db, Status.CONSULTED))
    click_tab(qtbot, editor, "评价")
    marked = _marked(editor.evaluation)
    assert {editor.evaluation.rater_type, editor.evaluation.rating} <= marked
    assert editor.evaluation.rater_name not in marked
