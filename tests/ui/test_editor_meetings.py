"""Meetings in the editor: 定稿 locks, 修订 makes version 2 and keeps version 1; deadlines in colour."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from station_app.domain.lifecycle import Status
from station_app.services import meetings
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.ui.editor import reason_dialog
from station_app.ui.pages import documents_page

from .helpers import Shown, type_chinese
from .test_editor_support import (
    TODAY,
    audit_texts,
    click,
    click_tab,
    meeting_with_items,
    open_editor,
    topic_in,
)


def test_finalised_minutes_are_locked_and_a_revision_keeps_version_one(
    qtbot: QtBot, db: Database, station: StationInfo, shown: Shown, monkeypatch: pytest.MonkeyPatch
) -> None:
    cid = topic_in(db, Status.CONSULTED)
    (mid,) = [m.id for m in meetings.meetings_of(db, cid)]
    meetings.finalise_minutes(db, mid)
    editor = open_editor(qtbot, db, station, cid)
    click_tab(qtbot, editor, "协商")
    tab = editor.meetings
    assert tab.state_label.text() == "已定稿（第1版）"
    assert tab.form.place.isReadOnly() and not tab.form.form.isEnabled()
    assert not tab.save_button.isEnabled() and not tab.finalise_button.isEnabled()
    assert not tab.form.add_person_button.isEnabled()

    monkeypatch.setattr(reason_dialog, "ask_reason", lambda *_args: None)
    click(qtbot, tab.revise_button)
    assert meetings.meeting_detail(db, mid).finalised  # cancelled: still locked

    monkeypatch.setattr(reason_dialog, "ask_reason", lambda *_args: "补充一条共识")
    click(qtbot, tab.revise_button)
    assert not meetings.meeting_detail(db, mid).finalised
    assert tab.state_label.text() == "修订中（已定稿的第1版已保留）" and not tab.form.consensus.isReadOnly()
    assert "理由：补充一条共识" in audit_texts(db, cid)[-1]
    tab.form.consensus.moveCursor(tab.form.consensus.textCursor().MoveOperation.End)
    type_chinese(tab.form.consensus, "；同意率达三分之二先装")
    click(qtbot, tab.save_button)
    shown.answer = True
    click(qtbot, tab.finalise_button)
    assert shown.questions and "定稿后会议纪要将锁定" in shown.questions[-1]
    detail = meetings.meeting_detail(db, mid)
    assert detail.finalised and detail.minutes_version == 2 and [v for v, _ in detail.versions] == [1, 2]
    assert meetings.minutes_version(db, mid, 1).consensus == "按楼栋征求意见"
    assert meetings.minutes_version(db, mid, 2).consensus == "按楼栋征求意见；同意率达三分之二先装"
    assert tab.state_label.text() == "已定稿（第2版）"
    assert [tab.versions.itemText(i)[:6] for i in range(tab.versions.count())] == [
        "当前内容",
        "定稿第1版（",
        "定稿第2版（",
    ]

    previews: list[tuple[str, object]] = []
    monkeypatch.setattr(documents_page, "preview_minutes", lambda _p, _db, m, v=None: previews.append((m, v)))
    tab.versions.setCurrentIndex(1)
    click(qtbot, tab.preview_button)
    assert previews == [(mid, 1)] and not shown.errors


def test_action_items_show_due_and_overdue_in_colour(
    qtbot: QtBot, db: Database, station: StationInfo
) -> None:
    cid = topic_in(db, Status.AWAITING)
    mid = meeting_with_items(db, cid, due=TODAY - timedelta(days=2))
    editor = open_editor(qtbot, db, station, cid)
    items = editor.meetings.form.action_items
    assert editor.meetings.meeting_id == mid

    def state(row: int) -> QLabel:
        label = items.cell(row, "state")
        assert isinstance(label, QLabel)
        return label

    assert state(0).text() == "已逾期" and "#ffcdd2" in state(0).styleSheet()
    assert "#ffcdd2" in items.cell(0, "matter").styleSheet()
    items.cell(0, "due_on").set_value(TODAY + timedelta(days=3))  # type: ignore[attr-defined]
    assert state(0).text() == "即将到期" and "#ffe0b2" in items.cell(0, "unit").styleSheet()
    items.cell(0, "done_on").set_value(TODAY)  # type: ignore[attr-defined]
    assert state(0).text() == "已完成" and items.cell(0, "unit").styleSheet() == ""
    items.cell(0, "done_on").set_value(None)  # type: ignore[attr-defined]
    items.cell(0, "due_on").set_value(TODAY + timedelta(days=30))  # type: ignore[attr-defined]
    assert state(0).text() == "" and state(0).property("deadline_state") == "ok"


def test_a_bad_participant_row_is_named_and_marked(
    qtbot: QtBot, db: Database, station: StationInfo, shown: Shown
) -> None:
    cid = topic_in(db, Status.AWAITING)
    editor = open_editor(qtbot, db, station, cid)
    click_tab(qtbot, editor, "协商")
    form = editor.meetings.form
    type_chinese(form.place, "议事室")
    type_chinese(form.chair, "李明")
    click(qtbot, form.add_person_button)
    click(qtbot, editor.meetings.save_button)
    assert meetings.meetings_of(db, cid) == []
    assert "参加人员第1行·姓名：不能为空" in shown.errors[0] and "协商形式：请从列表中选择" in shown.errors[0]
    assert form.participants.cell(0, "name").property("invalid") is True
    assert form.form.property("invalid") is True
