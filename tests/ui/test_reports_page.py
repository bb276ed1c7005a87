"""The 社情民意 page: the form (typing, saving, refusing), editing, and 「转为协商议题」."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from station_app.domain.classifications import SOURCE_FROM_REPORT
from station_app.services.members import MemberInput, add_member
from station_app.services.reports import ReportInput, add_report, get_report, list_reports
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.storage.records import Consultation
from station_app.ui.dialogs import convert_dialog
from station_app.ui.dialogs.report_dialog import ReportDialog
from station_app.ui.main_window import MainWindow
from station_app.ui.pages.consultations_page import ConsultationsPage
from station_app.ui.pages.reports_page import COL_TOPIC, ReportsPage

from .helpers import Shown, type_chinese

TODAY = date(2026, 11, 26)


def show(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    widget.resize(1226, 700)
    widget.show()
    qtbot.waitExposed(widget)


@pytest.fixture
def page(qtbot: QtBot, db: Database, station: StationInfo) -> ReportsPage:
    widget = ReportsPage(db, station, today=TODAY)
    show(qtbot, widget)
    return widget


def open_new(qtbot: QtBot, page: ReportsPage) -> ReportDialog:
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_a_report_is_made_with_the_form(qtbot: QtBot, page: ReportsPage, db: Database, shown: Shown) -> None:
    member = add_member(db, MemberInput("周海燕", "中国民主同盟"))
    dialog = open_new(qtbot, page)
    type_chinese(dialog.title_edit, "关于滨江社区夜间施工噪声扰民的建议")
    type_chinese(dialog.reporter_edit, "张三丰")
    type_chinese(dialog.unit_edit, "滨江社区居民委员会")
    dialog.member_combo.setCurrentIndex(dialog.member_combo.findData(member))
    type_chinese(dialog.situation_edit, "工地夜间施工到凌晨，居民无法休息。")
    type_chinese(dialog.suggestion_edit, "请住建部门督促施工单位按规定时段施工。")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    (saved,) = list_reports(db)
    assert saved.data.title == "关于滨江社区夜间施工噪声扰民的建议"
    assert (saved.data.reporter, saved.data.reporter_unit, saved.data.member_id) == (
        "张三丰",
        "滨江社区居民委员会",
        member,
    )
    assert saved.data.reported_on is None and saved.data.status == "草稿"  # not sent: no 报送日期
    assert page.model.rowCount() == 1 and page.count_label.text() == "共 1 条"
    assert page.selected() is not None and "夜间施工到凌晨" in page.detail.toPlainText()
    assert not shown.errors


def test_invalid_input_keeps_the_form_open_and_saves_nothing(
    qtbot: QtBot, page: ReportsPage, db: Database
) -> None:
    dialog = open_new(qtbot, page)
    type_chinese(dialog.reporter_edit, "张三丰")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.result() == 0
    text = dialog.error_label.text()
    assert dialog.error_label.isVisible() and "标题" in text and "基本情况" in text
    assert dialog.title_edit.property("invalid") is True
    assert dialog.reporter_edit.property("invalid") is False
    assert list_reports(db) == []
    # Putting it right saves.
    type_chinese(dialog.title_edit, "关于育贤社区垃圾清运的建议")
    type_chinese(dialog.situation_edit, "垃圾清运不及时。")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and len(list_reports(db)) == 1


def test_editing_a_report(qtbot: QtBot, page: ReportsPage, db: Database) -> None:
    rid = add_report(db, ReportInput("关于路灯的建议", "李四", "路灯坏了。"), today=TODAY)
    page.refresh()
    page.table.selectRow(0)
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None and dialog.title_edit.text() == "关于路灯的建议"
    dialog.status_combo.setCurrentText("已报送")
    type_chinese(dialog.cause_edit, "维修经费没有落实。")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    data = get_report(db, rid).data
    assert (data.status, data.cause) == ("已报送", "维修经费没有落实。")


def test_converting_to_a_topic(
    qtbot: QtBot, page: ReportsPage, db: Database, shown: Shown, monkeypatch: pytest.MonkeyPatch
) -> None:
    rid = add_report(db, ReportInput("关于嘉州社区停车难的建议", "王五", "车多位少。"), today=TODAY)
    page.refresh()
    page.table.selectRow(0)
    asked: list[str] = []
    monkeypatch.setattr(
        convert_dialog, "ask_conversion", lambda _p, _v, _vs: asked.append("领域") or ("交通出行", "")
    )
    shown.answer = True
    with qtbot.waitSignal(page.open_consultation) as opened:
        qtbot.mouseClick(page.convert_button, Qt.MouseButton.LeftButton)
    topic_id = opened.args[0]
    view = get_report(db, rid)
    assert asked == ["领域"] and view.consultation_id == topic_id and view.data.status == "已转为协商议题"
    with db.session() as session:
        topic = session.get(Consultation, topic_id)
        assert topic is not None
        assert (topic.source, topic.field, topic.report_id) == (SOURCE_FROM_REPORT, "交通出行", rid)
    assert view.consultation_number in shown.questions[-1]
    assert page.model.data(page.model.index(0, COL_TOPIC)) == view.consultation_number
    assert not page.convert_button.isEnabled()


def test_cancelling_the_field_choice_converts_nothing(
    qtbot: QtBot, page: ReportsPage, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    rid = add_report(db, ReportInput("关于路灯的建议", "李四", "路灯坏了。"), today=TODAY)
    page.refresh()
    page.table.selectRow(0)
    monkeypatch.setattr(convert_dialog, "ask_conversion", lambda _p, _v, _vs: None)
    qtbot.mouseClick(page.convert_button, Qt.MouseButton.LeftButton)
    assert get_report(db, rid).consultation_id is None


def test_the_window_opens_the_new_topic(
    qtbot: QtBot, db: Database, station: StationInfo, shown: Shown, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_report(db, ReportInput("关于嘉州社区停车难的建议", "王五", "车多位少。"), today=TODAY)
    window = MainWindow(db, station)
    show(qtbot, window)
    qtbot.wait(50)  # the window takes its daily backup once it is up
    window.show_page("reports")
    reports = window.pages["reports"]
    assert isinstance(reports, ReportsPage)
    reports.table.selectRow(0)
    monkeypatch.setattr(convert_dialog, "ask_conversion", lambda _p, _v, _vs: ("交通出行", ""))
    shown.answer = True
    topic_id = reports.convert_selected()
    assert window.current_page_key() == "consultations"
    consultations = window.pages["consultations"]
    assert isinstance(consultations, ConsultationsPage)
    assert consultations.editor is not None and consultations.editor.consultation_id == topic_id
    assert consultations.model.total == 1
