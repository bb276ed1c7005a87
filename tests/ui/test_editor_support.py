"""Helpers for the consultation editor tests (and the tests of the small widgets they use)."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QWidget
from pytestqt.qtbot import QtBot

from station_app.domain.lifecycle import Status
from station_app.services import audit, consultations, conversion, meetings
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.storage.records import Consultation
from station_app.ui.editor.consultation_editor import ConsultationEditor
from station_app.ui.editor.widgets import EMPTY_DATE_TEXT, ChoiceBox, DateField

# The editor is given this day, so a run that crosses midnight still agrees with it.
TODAY = date.today()
TITLE = "嘉州社区老旧小区加装电梯"


def open_editor(qtbot: QtBot, db: Database, info: StationInfo, cid: str | None) -> ConsultationEditor:
    editor = ConsultationEditor(db, info, cid, today=TODAY)
    qtbot.addWidget(editor)
    editor.resize(1226, 700)
    editor.show()
    qtbot.waitExposed(editor)
    # Shortcuts such as Ctrl+S only reach the active window; the offscreen platform activates on request.
    handle = editor.windowHandle()
    assert handle is not None
    handle.requestActivate()
    qtbot.waitUntil(editor.isActiveWindow, timeout=2000)
    return editor


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def choose(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    """Pick an entry the way a clerk does with the keyboard: focus, then the arrow keys."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    if combo.currentIndex() < 0:
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text


def press_save(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def click_tab(qtbot: QtBot, editor: ConsultationEditor, title: str) -> None:
    bar = editor.tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i).startswith(title))
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert editor.tabs.currentIndex() == index


def row_of(db: Database, cid: str) -> Consultation:
    with db.session() as session:
        row = session.get(Consultation, cid)
        assert row is not None
        session.expunge(row)
        return row


def audit_texts(db: Database, cid: str) -> list[str]:
    with db.session() as session:
        return [line.summary for line in audit.history(session, cid)]


def topic_in(db: Database, status: Status, title: str = TITLE) -> str:
    """A topic brought to ``status`` through the services, with what each step needs."""
    cid = consultations.create_topic(
        db, consultations.TopicInput(title, "群众点题", "住房保障", TODAY, "嘉州社区"), today=TODAY
    )
    if status is Status.COLLECTING:
        return cid
    path = [Status.ACCEPTED, Status.RESEARCHING, Status.AWAITING, Status.CONSULTED]
    for step in path:
        if step is Status.AWAITING:
            research = consultations.ResearchInput(TODAY, None, "入户调查", "多数住户同意加装")
            consultations.update_research(db, cid, research, today=TODAY)
        if step is Status.CONSULTED:
            meeting_with_items(db, cid)
        consultations.change_status(db, cid, step)
        if step is status:
            return cid
    raise AssertionError(f"topic_in does not go to {status}")


def meeting_with_items(db: Database, cid: str, *, due: date | None = None) -> str:
    meeting = meetings.MeetingInput(
        form="院坝协商",
        held_at=datetime(TODAY.year, TODAY.month, TODAY.day, 9, 30),
        place="嘉州社区3栋院坝",
        chair="李明",
        recorder="王芳",
        consensus="按楼栋征求意见",
        participants=(meetings.ParticipantInput("张秀英", "群众代表", "出席"),),
        action_items=(meetings.ActionItemInput("征集住户意见", "嘉州社区居委会", due or TODAY),),
    )
    return meetings.save_meeting(db, cid, meeting, today=TODAY)


def evaluations_of(db: Database, cid: str) -> list[conversion.EvaluationView]:
    return conversion.evaluations(db, cid)


# --- the small widgets ------------------------------------------------------------------------
def test_date_field_can_be_empty_and_cleared_with_delete(qtbot: QtBot) -> None:
    field = DateField("d", date(2026, 3, 5))
    qtbot.addWidget(field)
    assert field.value() == date(2026, 3, 5)
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    assert field.value() is None and field.text() == "" and field.placeholderText() == EMPTY_DATE_TEXT


def test_choice_box_starts_unchosen_and_keeps_unknown_values(qtbot: QtBot) -> None:
    box = ChoiceBox("c", [("A", "A（已解决）"), ("B", "B（正在解决）")])
    qtbot.addWidget(box)
    assert box.value() == "" and box.currentIndex() == -1
    box.set_value("B")
    assert box.value() == "B" and box.currentText() == "B（正在解决）"
    box.set_value("旧值")
    assert box.value() == "旧值"
