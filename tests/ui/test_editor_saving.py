"""Saving: refused input keeps every edit and says why; leaving asks; drafts survive a closed window."""

from __future__ import annotations

import json

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from station_app.domain.lifecycle import Status
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.storage.records import Consultation
from station_app.ui import messages
from station_app.ui.editor import drafts

from .helpers import Shown, type_chinese
from .test_editor_support import TITLE, TODAY, choose, click, open_editor, press_save, row_of, topic_in


def count(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(Consultation)) or 0)


def test_a_refused_save_keeps_the_edits_marks_the_field_and_says_why(
    qtbot: QtBot, db: Database, station: StationInfo, shown: Shown
) -> None:
    cid = topic_in(db, Status.COLLECTING)
    editor = open_editor(qtbot, db, station, cid)
    revision = row_of(db, cid).revision
    editor.topic.title_edit.clear()
    editor.topic.village.clear()
    type_chinese(editor.topic.village, "嘉州社区二组")
    press_save(qtbot, editor.topic.village)
    assert shown.errors == ["没有保存，请先改正以下内容：\n· 议题名称：不能为空"]
    assert editor.topic.title_edit.property("invalid") is True
    assert editor.topic.title_edit.hasFocus()
    row = row_of(db, cid)
    assert (row.title, row.village, row.revision) == (TITLE, "嘉州社区", revision)  # nothing half-saved
    assert editor.topic.village.text() == "嘉州社区二组" and editor.dirty_tabs() == [editor.topic]

    type_chinese(editor.topic.title_edit, "嘉州社区加装电梯")
    press_save(qtbot, editor.topic.title_edit)
    assert row_of(db, cid).title == "嘉州社区加装电梯" and row_of(db, cid).village == "嘉州社区二组"
    assert (
        editor.topic.title_edit.property("invalid") is False
        and editor.title_label.text() == "嘉州社区加装电梯"
    )


def test_a_new_topic_is_created_only_when_valid(
    qtbot: QtBot, db: Database, station: StationInfo, shown: Shown
) -> None:
    editor = open_editor(qtbot, db, station, None)
    assert editor.title_label.text() == "新议题（尚未保存）"
    type_chinese(editor.topic.title_edit, TITLE)
    press_save(qtbot, editor.topic.title_edit)
    assert count(db) == 0 and editor.consultation_id is None
    assert "议题来源：请从列表中选择" in shown.errors[0] and "所属领域：请从列表中选择" in shown.errors[0]
    assert editor.topic.source.property("invalid") is True and editor.topic.source.hasFocus()
    choose(qtbot, editor.topic.source, "委员荐题")
    choose(qtbot, editor.topic.field, "养老服务")
    with qtbot.waitSignal(editor.saved):
        press_save(qtbot, editor.topic.title_edit)
    assert count(db) == 1 and editor.number_label.text().startswith("大佛街道")


@pytest.mark.parametrize(
    ("answer", "closes", "saved"),
    [(messages.CANCEL, False, False), (messages.DISCARD, True, False), (messages.SAVE, True, True)],
)
def test_leaving_with_unsaved_edits_asks_first(
    qtbot: QtBot,
    db: Database,
    station: StationInfo,
    shown: Shown,
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    closes: bool,
    saved: bool,
) -> None:
    cid = topic_in(db, Status.COLLECTING)
    editor = open_editor(qtbot, db, station, cid)
    assert editor.maybe_close()  # nothing edited: no question
    editor = open_editor(qtbot, db, station, cid)
    asked: list[str] = []
    monkeypatch.setattr(messages, "ask_save_discard_cancel", lambda _p, text: asked.append(text) or answer)
    type_chinese(editor.topic.proposer, "张秀英")
    with qtbot.waitSignals([editor.close_requested], timeout=500, raising=False) as blocker:
        click(qtbot, editor.back_button)
    assert asked == ["“选题”中有未保存的修改，要保存吗？"]
    assert blocker.signal_triggered is closes
    assert (row_of(db, cid).proposer == "张秀英") is saved


def test_a_draft_is_written_and_offered_when_the_record_is_opened_again(
    qtbot: QtBot, db: Database, station: StationInfo, shown: Shown, monkeypatch: pytest.MonkeyPatch
) -> None:
    cid = topic_in(db, Status.RESEARCHING)
    editor = open_editor(qtbot, db, station, cid)
    editor.draft_timer.setInterval(30)
    editor.research.start.set_value(TODAY)
    choose(qtbot, editor.research.method, "实地走访")
    type_chinese(editor.research.findings, "走访了嘉州社区3栋的住户")
    path = drafts.draft_path(cid)
    qtbot.waitUntil(path.exists, timeout=2000)
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored["tabs"]["research"]["research_findings"] == "走访了嘉州社区3栋的住户"
    assert list(stored["tabs"]) == ["research"]
    # The window goes away without a word (a crash, a power cut): the draft stays.
    editor.draft_timer.stop()
    editor.hide()

    again = open_editor(qtbot, db, station, cid)
    assert again.banner.isVisible() and "自动保存的未保存内容" in again.banner_label.text()
    assert again.research.findings.toPlainText() == ""
    click(qtbot, again.restore_button)
    assert not again.banner.isVisible()
    assert again.research.findings.toPlainText() == "走访了嘉州社区3栋的住户"
    assert again.tabs.currentWidget() is again.research and again.dirty_tabs() == [again.research]
    press_save(qtbot, again.research.findings)
    assert row_of(db, cid).research_findings == "走访了嘉州社区3栋的住户" and not shown.errors
    assert row_of(db, cid).research_start == TODAY
    assert not path.exists()  # a successful save removes the draft


def test_a_new_topic_draft_can_be_discarded(
    qtbot: QtBot, db: Database, station: StationInfo, shown: Shown
) -> None:
    editor = open_editor(qtbot, db, station, None)
    type_chinese(editor.topic.title_edit, "还没想好的议题")
    editor.write_draft()
    assert drafts.draft_path(None).name == "new.json" and drafts.draft_path(None).exists()
    editor.draft_timer.stop()

    again = open_editor(qtbot, db, station, None)
    assert again.banner.isVisible()
    click(qtbot, again.discard_button)
    assert not again.banner.isVisible() and not drafts.draft_path(None).exists()
    assert again.topic.title_edit.text() == ""
