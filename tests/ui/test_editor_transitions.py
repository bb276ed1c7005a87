"""Status buttons: only what the rules allow, reasons asked for, nothing changed silently; read-only roles."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from station_app.domain.classifications import ROLE_COUNTY
from station_app.domain.lifecycle import Status
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.ui.editor import reason_dialog
from station_app.ui.editor.reason_dialog import ReasonDialog

from .helpers import Shown, type_chinese
from .test_editor_support import audit_texts, click, open_editor, press_save, row_of, topic_in


def labels(editor: object) -> dict[str, bool]:
    return {label: b.isEnabled() for label, b in editor.transitions.buttons.items()}  # type: ignore[attr-defined]


def test_only_the_allowed_transitions_are_offered(qtbot: QtBot, db: Database, station: StationInfo) -> None:
    cid = topic_in(db, Status.ACCEPTED)
    editor = open_editor(qtbot, db, station, cid)
    assert labels(editor) == {"开始调研": True, "退回上一步": True, "撤销": True}
    assert editor.status_label.text() == "状态：已立题（选题环节）"

    researching = topic_in(db, Status.RESEARCHING, "第二个议题")
    editor = open_editor(qtbot, db, station, researching)
    # A forward step still missing something is shown, disabled, saying what is missing.
    assert labels(editor) == {"调研完成": False, "退回上一步": True, "撤销": True}
    assert editor.transitions.buttons["调研完成"].toolTip() == "还不能“调研完成”：尚未填写调研结论"


def test_going_back_asks_for_a_reason_and_cancel_changes_nothing(
    qtbot: QtBot, db: Database, station: StationInfo, shown: Shown, monkeypatch: pytest.MonkeyPatch
) -> None:
    cid = topic_in(db, Status.RESEARCHING)
    editor = open_editor(qtbot, db, station, cid)
    before = audit_texts(db, cid)
    asked: list[str] = []
    monkeypatch.setattr(reason_dialog, "ask_reason", lambda _p, title, prompt: asked.append(prompt) or None)
    click(qtbot, editor.transitions.buttons["退回上一步"])
    assert asked == ["议题将由“调研中”退回“已立题”。请填写理由："]
    assert row_of(db, cid).status == "调研中" and audit_texts(db, cid) == before

    monkeypatch.setattr(reason_dialog, "ask_reason", lambda *_args: "调研对象选错了，重新安排")
    with qtbot.waitSignal(editor.saved):
        click(qtbot, editor.transitions.buttons["退回上一步"])
    assert row_of(db, cid).status == "已立题"
    assert audit_texts(db, cid)[-1] == "状态由“调研中”退回“已立题”，理由：调研对象选错了，重新安排"
    assert editor.status_label.text().startswith("状态：已立题（选题环节）")
    assert "开始调研" in editor.transitions.buttons and not shown.errors


def test_the_reason_dialog_needs_text_and_revoking_through_it_is_logged(
    qtbot: QtBot, db: Database, station: StationInfo, shown: Shown
) -> None:
    dialog = ReasonDialog(None, "撤销", "请填写理由：")
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    type_chinese(dialog.text, "  ")
    assert not dialog.ok_button.isEnabled()
    type_chinese(dialog.text, "群众已自行解决")
    assert dialog.ok_button.isEnabled()

    cid = topic_in(db, Status.ACCEPTED)
    editor = open_editor(qtbot, db, station, cid)

    def answer() -> None:
        active = QApplication.activeModalWidget()
        assert isinstance(active, ReasonDialog)
        type_chinese(active.text, "群众已自行解决")
        click(qtbot, active.ok_button)

    QTimer.singleShot(0, answer)
    click(qtbot, editor.transitions.buttons["撤销"])
    assert row_of(db, cid).status == "已撤销"
    assert audit_texts(db, cid)[-1] == "状态由“已立题”变为“已撤销”，理由：群众已自行解决"
    # A revoked topic is final: no buttons, nothing editable.
    assert editor.transitions.buttons == {}
    assert editor.topic.title_edit.isReadOnly() and not editor.save_button.isEnabled()
    assert editor.notice_label.text() == "议题已“已撤销”，内容不能再修改。"


def test_the_hub_sees_everything_read_only(qtbot: QtBot, db: Database, station: StationInfo) -> None:
    cid = topic_in(db, Status.CONSULTED)
    hub = dataclasses.replace(station, role=ROLE_COUNTY)
    editor = open_editor(qtbot, db, hub, cid)
    assert editor.transitions.isHidden()
    assert not editor.save_button.isEnabled()
    assert editor.topic.title_edit.isReadOnly() and not editor.topic.source.isEnabled()
    assert editor.research.findings.isReadOnly()
    assert editor.meetings.form.place.isReadOnly() and not editor.meetings.new_button.isEnabled()
    assert not editor.conversion.add_note_button.isEnabled() and not editor.evaluation.add_button.isEnabled()
    assert not editor.attachments.add_button.isEnabled() and not editor.attachments.remove_button.isEnabled()
    assert editor.notice_label.text() == "汇总单位只能查看，议题由联络站录入和修改。"
    revision = row_of(db, cid).revision
    editor.topic.title_edit.setText("改个名字")  # even if text got in, nothing may be saved
    press_save(qtbot, editor.topic.title_edit)
    assert row_of(db, cid).revision == revision and row_of(db, cid).title != "改个名字"
    assert editor.maybe_close()
