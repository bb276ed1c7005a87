from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QRadioButton, QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from station_app.domain.classifications import ROLE_CITY, ROLE_COUNTY, ROLE_STATION
from station_app.services.station import load_station
from station_app.storage.engine import Database
from station_app.storage.local import StationSettings
from station_app.ui.setup_wizard import SetupWizard

from .helpers import DAFO, SHIZHONG, Shown, type_chinese


@pytest.fixture
def wizard(qtbot: QtBot, db: Database) -> SetupWizard:
    widget = SetupWizard(db)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def click(qtbot: QtBot, wizard: SetupWizard, which: QWizard.WizardButton) -> None:
    button = wizard.button(which)
    assert button.isVisible() and button.isEnabled(), which
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def choose_role(qtbot: QtBot, wizard: SetupWizard, role: str) -> None:
    radio = wizard.findChild(QRadioButton, f"role_{role}")
    # Click on the circle: a radio button stretched across the page only reacts near its text.
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    assert radio.isChecked()
    click(qtbot, wizard, QWizard.WizardButton.NextButton)


def combo(wizard: SetupWizard, name: str) -> QComboBox:
    widget = wizard.findChild(QComboBox, name)
    assert widget is not None
    return widget


def edit(wizard: SetupWizard, name: str) -> QLineEdit:
    widget = wizard.findChild(QLineEdit, name)
    assert widget is not None
    return widget


def pick(box: QComboBox, text: str) -> None:
    index = box.findText(text)
    assert index >= 0, text
    box.setCurrentIndex(index)


def name_people(wizard: SetupWizard) -> None:
    type_chinese(edit(wizard, "head_name_edit"), "王建国")
    type_chinese(edit(wizard, "clerk_name_edit"), "李秀英")


def settings_rows(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(StationSettings)) or 0


def test_wizard_is_in_chinese(wizard: SetupWizard) -> None:
    assert wizard.windowTitle() == "初始设置"
    assert wizard.buttonText(QWizard.WizardButton.NextButton) == "下一步 >"
    assert wizard.buttonText(QWizard.WizardButton.FinishButton) == "完成"
    assert wizard.findChild(QRadioButton, "role_station").text() == "乡镇联络站"
    assert wizard.findChild(QRadioButton, "role_county").text() == "县（区）政协汇总"


def test_station_setup_end_to_end(qtbot: QtBot, wizard: SetupWizard, db: Database) -> None:
    choose_role(qtbot, wizard, ROLE_STATION)
    county, township = combo(wizard, "county_combo"), combo(wizard, "township_combo")
    assert county.count() == 11
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # nothing chosen yet

    pick(county, "市中区")
    assert township.isVisible()
    assert township.findText("大佛街道") >= 0
    assert township.findText("青衣街道") < 0  # 峨眉山市's townships are not offered here
    pick(township, "大佛街道")
    assert edit(wizard, "station_name_edit").text() == "市中区大佛街道政协工作联络站"

    type_chinese(edit(wizard, "head_name_edit"), "王建国")
    type_chinese(edit(wizard, "clerk_name_edit"), "李秀英")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    summary = wizard.summary_page.summary.text()
    assert "大佛街道（511102004）" in summary and "站长：王建国" in summary

    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert wizard.result() == QWizard.DialogCode.Accepted
    info = load_station(db)
    assert info is not None
    assert (info.role, info.township_code, info.county_code) == (ROLE_STATION, DAFO, SHIZHONG)
    assert info.station_name == "市中区大佛街道政协工作联络站"
    assert (info.head_name, info.clerk_name) == ("王建国", "李秀英")
    assert wizard.station_info == info


def test_townships_follow_the_county(qtbot: QtBot, wizard: SetupWizard) -> None:
    choose_role(qtbot, wizard, ROLE_STATION)
    county, township = combo(wizard, "county_combo"), combo(wizard, "township_combo")
    total = 0
    for index in range(county.count()):
        county.setCurrentIndex(index)
        assert township.currentIndex() == -1  # a new county never keeps an old township
        total += township.count()
    assert total == 132


def test_edited_name_is_kept_when_the_choice_changes(qtbot: QtBot, wizard: SetupWizard) -> None:
    choose_role(qtbot, wizard, ROLE_STATION)
    county, township, name = (
        combo(wizard, "county_combo"),
        combo(wizard, "township_combo"),
        edit(wizard, "station_name_edit"),
    )
    pick(county, "市中区")
    pick(township, "大佛街道")
    pick(township, "通江街道")
    assert name.text() == "市中区通江街道政协工作联络站"
    name.selectAll()
    type_chinese(name, "通江街道联络站")
    pick(township, "海棠街道")
    assert name.text() == "通江街道联络站"
    assert wizard.place_page.request().station_name == "通江街道联络站"


def test_county_hub_chooses_only_its_county(qtbot: QtBot, wizard: SetupWizard, db: Database) -> None:
    choose_role(qtbot, wizard, ROLE_COUNTY)
    assert not combo(wizard, "township_combo").isVisible()
    assert combo(wizard, "county_combo").isVisible()
    pick(combo(wizard, "county_combo"), "峨眉山市")
    assert edit(wizard, "station_name_edit").text() == "乐山市峨眉山市政协办公室"
    name_people(wizard)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    info = load_station(db)
    assert info is not None
    assert (info.role, info.county_name, info.township_code) == (ROLE_COUNTY, "峨眉山市", "")
    assert info.station_name == "乐山市峨眉山市政协办公室"


def test_city_hub_chooses_nothing(qtbot: QtBot, wizard: SetupWizard, db: Database) -> None:
    choose_role(qtbot, wizard, ROLE_CITY)
    assert not combo(wizard, "county_combo").isVisible()
    assert not combo(wizard, "township_combo").isVisible()
    assert edit(wizard, "station_name_edit").text() == "乐山市政协办公室"
    name_people(wizard)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    info = load_station(db)
    assert info is not None and info.role == ROLE_CITY


def test_going_back_to_another_role_updates_the_page(qtbot: QtBot, wizard: SetupWizard) -> None:
    choose_role(qtbot, wizard, ROLE_STATION)
    assert edit(wizard, "head_name_edit").isVisible()
    label = wizard.place_page.form.labelForField(edit(wizard, "head_name_edit"))
    assert label.text().endswith("＊</span>站长：")
    click(qtbot, wizard, QWizard.WizardButton.BackButton)
    choose_role(qtbot, wizard, ROLE_COUNTY)
    assert label.text().endswith("＊</span>负责人：")
    assert not combo(wizard, "township_combo").isVisible()


def test_bad_input_shows_an_error_and_keeps_the_wizard_open(
    qtbot: QtBot, wizard: SetupWizard, db: Database, shown: Shown
) -> None:
    choose_role(qtbot, wizard, ROLE_STATION)
    pick(combo(wizard, "county_combo"), "市中区")
    pick(combo(wizard, "township_combo"), "大佛街道")
    edit(wizard, "head_name_edit").setText("王" * 60)  # the service allows 50 characters
    edit(wizard, "clerk_name_edit").setText("李秀英")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)

    assert len(shown.known) == 1
    assert shown.known[0].message.startswith("站长：")
    assert wizard.isVisible() and wizard.station_info is None
    assert settings_rows(db) == 0

    # The clerk fixes it and finishes.
    click(qtbot, wizard, QWizard.WizardButton.BackButton)
    edit(wizard, "head_name_edit").setText("王建国")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert settings_rows(db) == 1
    assert not wizard.isVisible()
