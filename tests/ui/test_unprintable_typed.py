"""A character no print face has is refused in the editors as it is saved, naming it; nothing is
written and the typed text stays for the clerk to correct."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from station_app.domain.lifecycle import Status
from station_app.services import meetings
from station_app.services.station import StationInfo
from station_app.storage.engine import Database

from .helpers import Shown, type_chinese
from .test_editor_support import TITLE, click, click_tab, open_editor, press_save, row_of, topic_in

NOWHERE = "\U00030000"  # CJK Ext-G: no face of a test machine, nor any shipped one, has it


def test_the_topic_editor_names_the_character(
    qtbot: QtBot, db: Database, station: StationInfo, shown: Shown
) -> None:
    cid = topic_in(db, Status.COLLECTING)
    editor = open_editor(qtbot, db, station, cid)
    editor.topic.village.clear()
    type_chinese(editor.topic.village, f"{NOWHERE}家坝村")
    press_save(qtbot, editor.topic.village)
    assert len(shown.errors) == 1 and f"无法打印的字“{NOWHERE}”" in shown.errors[0]
    assert editor.topic.village.property("invalid") is True
    assert editor.topic.village.text() == f"{NOWHERE}家坝村"
    assert (row_of(db, cid).title, row_of(db, cid).village) == (TITLE, "嘉州社区")


def test_a_participant_name_is_refused_in_the_meeting_editor_and_a_rare_one_accepted(
    qtbot: QtBot, db: Database, station: StationInfo, shown: Shown
) -> None:
    cid = topic_in(db, Status.AWAITING)
    editor = open_editor(qtbot, db, station, cid)
    click_tab(qtbot, editor, "协商")
    form = editor.meetings.form
    form.form.setCurrentIndex(1)
    type_chinese(form.place, "议事室")
    type_chinese(form.chair, "李明")
    click(qtbot, form.add_person_button)
    name = form.participants.cell(0, "name")
    type_chinese(name, f"刘{NOWHERE}")
    click(qtbot, editor.meetings.save_button)
    assert meetings.meetings_of(db, cid) == []
    assert f"参加人员第1行·姓名：含有无法打印的字“{NOWHERE}”" in shown.errors[0]
    assert name.property("invalid") is True
    name.clear()
    type_chinese(name, "刘䶮")  # Ext-A: the shipped faces print it
    click(qtbot, editor.meetings.save_button)
    [saved] = meetings.meetings_of(db, cid)
    assert [p.name for p in saved.data.participants] == ["刘䶮"]
