"""Required fields are marked and named: 设置's people, and a new topic saved untouched."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from station_app.domain.classifications import ROLE_COUNTY
from station_app.services.station import SetupRequest, StationInfo, load_station, setup_station
from station_app.storage.engine import Database
from station_app.ui.pages.settings_page import SettingsPage

from .helpers import SHIZHONG, Shown
from .test_editor_saving import count
from .test_editor_support import open_editor, press_save
from .test_settings_edit import replace_text


def label_of(widget: QLineEdit | object) -> str:
    form = widget.parentWidget().layout()  # type: ignore[attr-defined]
    assert isinstance(form, QFormLayout)
    label = form.labelForField(widget)  # type: ignore[arg-type]
    assert isinstance(label, QLabel)
    return label.text()


@pytest.mark.parametrize("field", ["head_edit", "clerk_edit"])
def test_settings_refuse_an_empty_person_and_name_the_field(
    qtbot: QtBot, db: Database, station: StationInfo, shown: Shown, field: str
) -> None:
    page = SettingsPage(db, station)
    qtbot.addWidget(page)
    page.show()
    edit = getattr(page, field)
    who = "站长" if field == "head_edit" else "联络员"
    assert "＊" in label_of(edit) and who in label_of(edit)
    replace_text(qtbot, edit, "")
    replace_text(qtbot, page.phone_edit, "08332123456")
    assert page.save_button.isEnabled()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert [e.message for e in shown.known] == [f"{who}：不能为空，请填写{who}的姓名。"]
    info = load_station(db)
    assert info is not None and (info.head_name, info.clerk_name, info.phone) == ("王站长", "李联络", "")
    assert edit.text() == "" and page.save_button.isEnabled()  # the clerk's typing is kept


def test_a_hub_names_its_own_people(qtbot: QtBot, db: Database, shown: Shown) -> None:
    hub = setup_station(
        db, SetupRequest(role=ROLE_COUNTY, county_code=SHIZHONG, head_name="张主任", clerk_name="刘干事")
    )
    page = SettingsPage(db, hub)
    qtbot.addWidget(page)
    page.show()
    replace_text(qtbot, page.clerk_edit, "")
    qtbot.keyClick(page.clerk_edit, Qt.Key.Key_Return)
    assert [e.message for e in shown.known] == ["经办人：不能为空，请填写经办人的姓名。"]


def test_saving_an_untouched_new_topic_names_every_missing_field(
    qtbot: QtBot, db: Database, station: StationInfo, shown: Shown
) -> None:
    editor = open_editor(qtbot, db, station, None)
    topic = editor.topic
    for widget in (topic.title_edit, topic.source, topic.field, topic.proposed_on):
        assert label_of(widget).startswith('<span style="color:#c62828;">＊</span>'), widget.objectName()
    assert "＊" not in label_of(topic.village) and "＊" not in label_of(topic.description)
    press_save(qtbot, topic.title_edit)
    assert count(db) == 0 and editor.consultation_id is None
    (error,) = shown.errors
    assert "没有需要保存的修改" not in error and editor.dirty_label.text() != "没有需要保存的修改"
    for name in ("议题名称：不能为空", "议题来源：请从列表中选择", "所属领域：请从列表中选择"):
        assert name in error
    assert topic.title_edit.property("invalid") is True and topic.title_edit.hasFocus()


def test_the_other_forms_mark_what_their_save_requires(
    qtbot: QtBot, db: Database, station: StationInfo
) -> None:
    from PySide6.QtWidgets import QWidget

    from station_app.domain.lifecycle import Status

    from .test_editor_support import topic_in

    editor = open_editor(qtbot, db, station, topic_in(db, Status.CONSULTED))
    meeting = editor.meetings.form
    marked = {
        label.buddy(): label.text()
        for label in editor.findChildren(QLabel)
        if label.buddy() is not None and "＊" in label.text()
    }
    wanted: list[QWidget] = [
        editor.research.start,
        editor.research.method,
        meeting.form,
        meeting.held_at,
        meeting.place,
        meeting.chair,
        meeting.recorder,
    ]
    for widget in wanted:
        assert widget in marked, widget.objectName()
