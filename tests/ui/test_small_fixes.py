"""Small things a clerk trips over: repeated words, 「约 0 MB」, a key file renamed, a green 已完成
beside an empty deadline, cells that show the end of their text, locked fields that look open."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from station_app.domain.classifications import REPORT_CONVERTED
from station_app.domain.lifecycle import Status
from station_app.hub.keys import export_office_key
from station_app.services.reports import ReportInput, ReportView
from station_app.services.station import SetupRequest, StationInfo, setup_station
from station_app.storage.engine import Database
from station_app.ui.editor.meeting_tables import StatementsTable
from station_app.ui.pages import sync_page
from station_app.ui.pages.reports_page import detail_html

from .test_editor_support import click_tab, open_editor, topic_in


def test_a_converted_report_says_so_once() -> None:
    data = ReportInput("河堤裂缝", "张秀英", "汛期河堤有裂缝", status=REPORT_CONVERTED)
    html = detail_html(ReportView("r1", data, "c1", "大佛街道〔2026〕3号"))
    assert html.count(REPORT_CONVERTED) == 1 and "大佛街道〔2026〕3号" in html


def test_small_packages_are_measured_in_kb() -> None:
    assert sync_page._size(45 * 1024) == "45 KB"
    assert sync_page._size(300) == "1 KB"
    assert sync_page._size(5 * 2**20) == "5 MB"


def test_the_key_file_is_written_under_the_name_given(db: Database, tmp_path: Path) -> None:
    info = setup_station(db, SetupRequest(role="county", county_code="511102", clerk_name="张敏"))
    assert export_office_key(info, tmp_path / "hub.pub") == tmp_path / "hub.pub"
    assert (tmp_path / "hub.pub").is_file() and not (tmp_path / "hub.pub.json").exists()
    assert export_office_key(info, tmp_path / "hub") == tmp_path / "hub.json"


def test_no_green_done_beside_an_empty_deadline(qtbot: QtBot, db: Database, station: StationInfo) -> None:
    cid = topic_in(db, Status.CONSULTED)
    editor = open_editor(qtbot, db, station, cid)
    click_tab(qtbot, editor, "转化")
    tab = editor.conversion
    tab.reply_on.set_value(date.today())
    tab.deadline.set_value(None)
    tab._show_deadline()
    assert tab.deadline_label.text() == ""
    tab.deadline.set_value(date.today())
    tab._show_deadline()
    assert tab.deadline_label.text() == "已完成"


def test_long_cells_show_their_beginning(qtbot: QtBot) -> None:
    table = StatementsTable()
    qtbot.addWidget(table)
    text = "建议分楼栋召开住户会，逐户征求意见，同意率达到三分之二以上的单元先行加装，资金按受益程度分摊"
    table.set_rows([{"speaker": "张秀英", "text": text}])
    cell = table.cell(0, "text")
    assert isinstance(cell, QLineEdit) and cell.cursorPosition() == 0 and cell.toolTip() == text


def test_an_archived_topics_fields_look_locked(qtbot: QtBot, db: Database, station: StationInfo) -> None:
    cid = topic_in(db, Status.CONSULTED)
    from station_app.services import consultations

    consultations.change_status(db, cid, Status.REVOKED, reason="已由社区解决")
    editor = open_editor(qtbot, db, station, cid)
    title = editor.topic.title_edit
    assert title.isReadOnly()
    assert title.palette().color(title.backgroundRole()).name() == "#f1f1f1"


def test_the_status_filter_offers_only_the_statuses_of_the_chosen_stage(
    qtbot: QtBot, db: Database, station: StationInfo
) -> None:
    from station_app.domain.lifecycle import Stage, statuses_of
    from station_app.services.consultations import TopicInput, create_topic
    from station_app.ui.models import consultation_table as ct
    from station_app.ui.pages.consultations_page import ConsultationsPage

    create_topic(
        db,
        TopicInput("河堤加固", "群众点题", "公共安全", date.today(), proposer="张秀英"),
        today=date.today(),
    )
    page = ConsultationsPage(db, station)
    qtbot.addWidget(page)
    page.status_combo.setCurrentIndex(page.status_combo.findData(Status.HANDLING.value))
    page.stage_combo.setCurrentIndex(page.stage_combo.findData(Stage.RESEARCH.value))
    offered = [page.status_combo.itemData(i) for i in range(1, page.status_combo.count())]
    assert offered == [s.value for s in statuses_of(Stage.RESEARCH)]
    assert page.status_combo.currentIndex() == 0  # 转化's 办理中 cannot stay with 调研
    page.clear_button.click()
    assert page.status_combo.count() == len(Status) + 1
    assert page.model.headerData(ct.COL_PROPOSER, Qt.Orientation.Horizontal) == "提出人"
    assert page.model.data(page.model.index(0, ct.COL_PROPOSER)) == "张秀英"


def test_a_new_meeting_offers_the_members_of_the_research(
    qtbot: QtBot, db: Database, station: StationInfo
) -> None:
    from station_app.services import consultations, members

    cid = topic_in(db, Status.AWAITING)
    ids = [
        members.add_member(db, members.MemberInput(name, "农业界", unit="市中区政协"))
        for name in ("周建国", "刘文")
    ]
    research = consultations.ResearchInput(
        date.today(), None, "入户调查", "多数住户同意", member_ids=tuple(ids)
    )
    consultations.update_research(db, cid, research, today=date.today())
    editor = open_editor(qtbot, db, station, cid)
    click_tab(qtbot, editor, "协商")
    form = editor.meetings.form
    assert [r["name"] for r in form.participants.rows()] == ["刘文", "周建国"]  # as in the registry
    assert not editor.meetings.is_dirty()
    qtbot.mouseClick(form.add_research_button, Qt.MouseButton.LeftButton)
    assert form.participants.rowCount() == 2  # each listed once
    assert form.participants.height() >= 32 * 8 + 30
