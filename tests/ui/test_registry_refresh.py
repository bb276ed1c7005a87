"""Members added to the registry while a topic is open are offered in 调研 and 协商 without reopening."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from station_app.domain.lifecycle import Status
from station_app.services import members
from station_app.services.station import StationInfo
from station_app.storage.engine import Database

from .test_editor_support import click_tab, open_editor, topic_in


def _names(widget_texts: list[str]) -> list[str]:
    return [t.split("（")[0] for t in widget_texts]


def test_new_members_are_offered_when_the_clerk_comes_back(
    qtbot: QtBot, db: Database, station: StationInfo
) -> None:
    first = members.add_member(db, members.MemberInput("张红", "中国共产党"))
    editor = open_editor(qtbot, db, station, topic_in(db, Status.RESEARCHING))
    click_tab(qtbot, editor, "调研")
    research = editor.research
    assert _names([research.members.item(i).text() for i in range(research.members.count())]) == ["张红"]
    # The clerk ticks 张红 (not saved yet), goes to the 委员 page and adds two members.
    item = research.members.item(0)
    rect = research.members.visualItemRect(item)
    research.members.setFocus()
    research.members.setCurrentItem(item)
    qtbot.keyClick(research.members, Qt.Key.Key_Space)
    assert research.member_ids() == [first]
    editor.hide()
    members.add_member(db, members.MemberInput("李明", "无党派人士"))
    members.add_member(db, members.MemberInput("王芳", "中国民主同盟"))
    editor.show()
    qtbot.waitExposed(editor)
    listed = [research.members.item(i).text() for i in range(research.members.count())]
    assert sorted(_names(listed)) == sorted(["张红", "李明", "王芳"])
    assert research.member_ids() == [first] and research.is_dirty()  # the tick survived
    assert not research.no_members.isVisible() and rect.isValid()

    click_tab(qtbot, editor, "协商")
    picker = editor.meetings.form.member_picker
    assert sorted(_names([picker.itemText(i) for i in range(picker.count())])) == sorted(
        ["张红", "李明", "王芳"]
    )
    editor.hide()
    members.add_member(db, members.MemberInput("赵强", "中国农工民主党"))
    editor.show()
    qtbot.waitExposed(editor)
    assert "赵强" in _names([picker.itemText(i) for i in range(picker.count())])


def test_empty_registry_note_goes_once_a_member_is_added(
    qtbot: QtBot, db: Database, station: StationInfo
) -> None:
    editor = open_editor(qtbot, db, station, topic_in(db, Status.RESEARCHING))
    click_tab(qtbot, editor, "调研")
    assert editor.research.no_members.isVisible()
    click_tab(qtbot, editor, "选题")
    members.add_member(db, members.MemberInput("张红", "中国共产党"))
    click_tab(qtbot, editor, "调研")
    assert not editor.research.no_members.isVisible() and editor.research.members.count() == 1
