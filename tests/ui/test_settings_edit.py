"""设置: the clerk corrects 站长, 联络员 and the phone number by keyboard; each change is audited."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from station_app.services import audit
from station_app.services.station import StationInfo, load_station
from station_app.storage.engine import Database
from station_app.ui.pages.settings_page import SAVED_TEXT, SettingsPage

from .helpers import Shown, type_chinese


def replace_text(qtbot: QtBot, edit: object, text: str) -> None:
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # type: ignore[arg-type]
    qtbot.keyClick(edit, Qt.Key.Key_Delete)  # type: ignore[arg-type]
    if text.isascii():
        qtbot.keyClicks(edit, text)  # type: ignore[arg-type]
    else:
        type_chinese(edit, text)  # type: ignore[arg-type]


def test_the_people_and_phone_are_corrected_and_audited(
    qtbot: QtBot, db: Database, station: StationInfo, shown: Shown
) -> None:
    page = SettingsPage(db, station)
    qtbot.addWidget(page)
    page.show()
    assert page.head_edit.text() == "王站长" and not page.save_button.isEnabled()
    replace_text(qtbot, page.head_edit, "赵新")
    replace_text(qtbot, page.phone_edit, "08332123456")
    assert page.save_button.isEnabled()
    with qtbot.waitSignal(page.saved):
        qtbot.keyClick(page.phone_edit, Qt.Key.Key_Return)
    assert not shown.errors
    info = load_station(db)
    assert info is not None and (info.head_name, info.clerk_name, info.phone) == (
        "赵新",
        "李联络",
        "0833-2123456",
    )
    assert page.phone_edit.text() == "0833-2123456" and page.saved_label.text() == SAVED_TEXT
    assert not page.save_button.isEnabled()
    with db.session() as session:
        lines = [a.summary for a in audit.history(session, "1") if a.action == "settings"]
    assert lines == ["修改本机信息：站长：王站长 → 赵新；联系电话：未填 → 0833-2123456"]


def test_a_wrong_phone_is_explained_and_nothing_is_saved(
    qtbot: QtBot, db: Database, station: StationInfo, shown: Shown
) -> None:
    page = SettingsPage(db, station)
    qtbot.addWidget(page)
    page.show()
    replace_text(qtbot, page.phone_edit, "12345")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert shown.errors and "联系电话" in shown.errors[0]
    assert load_station(db) == station
