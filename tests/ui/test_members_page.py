"""The 委员 page: adding and editing members, and a member's 履职档案 for a period."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from station_app.services.consultations import TopicInput, create_topic
from station_app.services.meetings import MeetingInput, ParticipantInput, finalise_minutes, save_meeting
from station_app.services.members import MemberInput, add_member, list_members
from station_app.services.reports import ReportInput, add_report
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.ui import pdf_preview
from station_app.ui.dialogs.member_dialog import MemberDialog
from station_app.ui.pages import members_page
from station_app.ui.pages.members_page import MembersPage

from .helpers import Shown, type_chinese

TODAY = date(2026, 11, 26)


@pytest.fixture
def page(qtbot: QtBot, db: Database, station: StationInfo) -> MembersPage:
    widget = MembersPage(db, station, today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1226, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def open_new(qtbot: QtBot, page: MembersPage) -> MemberDialog:
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_adding_a_member(qtbot: QtBot, page: MembersPage, db: Database, shown: Shown) -> None:
    dialog = open_new(qtbot, page)
    type_chinese(dialog.name_edit, "张三丰")
    dialog.sector_combo.setCurrentText("中国民主同盟")
    type_chinese(dialog.unit_edit, "乐山市第一中学")
    type_chinese(dialog.position_edit, "副校长")
    qtbot.keyClicks(dialog.phone_edit, "13712345678")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    (member,) = list_members(db)
    assert (member.name, member.sector, member.unit, member.position, member.phone, member.active) == (
        "张三丰",
        "中国民主同盟",
        "乐山市第一中学",
        "副校长",
        "13712345678",
        True,
    )
    assert page.model.rowCount() == 1 and page.selected() == member
    assert page.count_label.text() == "共 1 名委员，其中在册 1 名"
    assert not shown.errors


def test_a_bad_phone_keeps_the_form_open(qtbot: QtBot, page: MembersPage, db: Database) -> None:
    dialog = open_new(qtbot, page)
    type_chinese(dialog.name_edit, "李四")
    qtbot.keyClicks(dialog.phone_edit, "12345")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "联系电话" in dialog.error_label.text()
    assert dialog.phone_edit.property("invalid") is True
    assert list_members(db) == []


def test_editing_a_member(qtbot: QtBot, page: MembersPage, db: Database) -> None:
    mid = add_member(db, MemberInput("王五", "农业界", "大佛果蔬专业合作社"))
    page.refresh()
    page.table.selectRow(0)
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None and dialog.name_edit.text() == "王五"
    dialog.unit_edit.clear()
    type_chinese(dialog.unit_edit, "乐山市农业农村局")
    dialog.active_check.setChecked(False)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    (member,) = list_members(db)
    assert member.id == mid and member.unit == "乐山市农业农村局" and not member.active
    assert page.count_label.text() == "共 1 名委员，其中在册 0 名"


def test_activity_for_a_period(qtbot: QtBot, page: MembersPage, db: Database) -> None:
    mid = add_member(db, MemberInput("周海燕", "中国民主同盟"))
    cid = create_topic(
        db, TopicInput("嘉州社区加装电梯", "群众点题", "住房保障", date(2026, 3, 1)), today=TODAY
    )
    meeting = MeetingInput(
        form="社区协商",
        held_at=datetime(2026, 4, 10, 9, 30),
        place="嘉州社区议事室",
        chair="李明",
        recorder="王芳",
        consensus="按楼栋征求意见",
        participants=(ParticipantInput("周海燕", "政协委员", "出席", member_id=mid),),
    )
    # Finalised: only then is the meeting on the member's record (domain.duties.meeting_on_record).
    finalise_minutes(db, save_meeting(db, cid, meeting, today=TODAY))
    add_report(
        db,
        ReportInput("关于路灯的建议", "周海燕", "路灯坏了。", reported_on=date(2025, 12, 1), member_id=mid),
        today=TODAY,
    )
    page.refresh()
    page.table.selectRow(0)
    assert page.date_from.date() == QDate(2026, 1, 1) and page.date_to.date() == QDate(2026, 12, 31)
    table = page.activity_table
    assert table.rowCount() == 1
    assert [table.item(0, c).text() for c in range(4)] == [
        "2026-04-10",
        "参加协商",
        "嘉州社区加装电梯",
        "社区协商",
    ]
    assert page.totals_label.text() == "周海燕：履职 1 次：参加协商 1 次"

    page.date_from.setDate(QDate(2025, 1, 1))
    assert table.rowCount() == 2 and "提交社情民意 1 次" in page.totals_label.text()
    page.date_from.setDate(QDate(2026, 5, 1))
    assert table.rowCount() == 0 and "没有履职记录" in page.totals_label.text()
    page.date_to.setDate(QDate(2026, 4, 1))
    assert "结束日期不能早于开始日期" in page.totals_label.text()
    assert not page.print_button.isEnabled()


def test_printing_the_record_previews_it(
    qtbot: QtBot, page: MembersPage, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_member(db, MemberInput("周海燕", "中国民主同盟"))
    page.refresh()
    page.table.selectRow(0)
    sources: list[pdf_preview.DocumentSource] = []
    monkeypatch.setattr(members_page, "open_preview", lambda _parent, source: sources.append(source))
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    (source,) = sources
    assert source.title == "委员履职记录" and "周海燕" in source.file_name
    assert source.render(True)[:5] == b"%PDF-"
