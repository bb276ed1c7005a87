"""转为协商议题: 领域 is always chosen by the clerk; 村（社区） comes along from the report."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from station_app.services.reports import ReportInput, add_report, convert_to_topic
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.storage.records import Consultation
from station_app.ui.dialogs.convert_dialog import ConvertDialog, village_guess

from .helpers import Shown

TODAY = date(2026, 11, 26)


def test_no_field_is_preset_and_enter_alone_does_not_convert(qtbot: QtBot, shown: Shown) -> None:
    dialog = ConvertDialog(None, village_guess("嘉州社区3栋居民"), ["嘉州社区", "棉花社区"])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.field.value() == "" and dialog.village.currentText() == "嘉州社区"
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == 0 and shown.errors == ["请选择议题所属的领域。"]
    dialog.field.setFocus()
    qtbot.keyClick(dialog.field, Qt.Key.Key_Down)
    assert dialog.field.value() != ""
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == 1 and dialog.choice() == (dialog.field.value(), "嘉州社区")


def test_the_village_travels_to_the_topic(db: Database, station: StationInfo) -> None:
    rid = add_report(
        db,
        ReportInput("岷江汛期河堤加固", "张秀英", "汛期河堤有裂缝", reporter_unit="棉花社区居民"),
        today=TODAY,
    )
    cid = convert_to_topic(db, rid, field="公共安全", village="棉花社区", today=TODAY)
    with db.session() as session:
        topic = session.get(Consultation, cid)
        assert topic is not None and topic.village == "棉花社区" and topic.field == "公共安全"


def test_village_guess() -> None:
    assert village_guess("嘉州社区3栋居民") == "嘉州社区"
    assert village_guess("", "青江村三组水渠堵塞") == "青江村"
    assert village_guess("区农业局") == ""
