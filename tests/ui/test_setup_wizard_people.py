"""The setup wizard refuses empty 站长/联络员 by the rule of 设置 (services.station.people_problem)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from station_app.domain.classifications import ROLE_COUNTY, ROLE_STATION
from station_app.errors import InputError
from station_app.services.station import ContactInput, people_problem, update_contact
from station_app.storage.engine import Database
from station_app.ui.setup_wizard import SetupWizard

__all__ = ["wizard"]  # the fixture

from .helpers import Shown, type_chinese
from .test_setup_wizard import choose_role, click, combo, edit, pick, settings_rows, wizard


def test_empty_people_keep_the_wizard_on_the_page(
    qtbot: QtBot, wizard: SetupWizard, db: Database, shown: Shown
) -> None:
    choose_role(qtbot, wizard, ROLE_STATION)
    pick(combo(wizard, "county_combo"), "市中区")
    pick(combo(wizard, "township_combo"), "牟子镇")
    place = wizard.currentPage()
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is place and shown.errors[-1].startswith("站长：不能为空")
    type_chinese(edit(wizard, "head_name_edit"), "王建国")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is place and shown.errors[-1].startswith("联络员：不能为空")
    assert edit(wizard, "clerk_name_edit").hasFocus()
    type_chinese(edit(wizard, "clerk_name_edit"), "  ")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is place  # blanks are no name
    edit(wizard, "clerk_name_edit").clear()
    type_chinese(edit(wizard, "clerk_name_edit"), "李秀英")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    summary = wizard.summary_page.summary.text()
    assert "站长：王建国" in summary and "联络员：李秀英" in summary and "未填写" not in summary
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert settings_rows(db) == 1


def test_wizard_and_settings_share_one_rule(db: Database) -> None:
    assert people_problem(ROLE_COUNTY, "", "张敏") == "负责人：不能为空，请填写负责人的姓名。"
    assert people_problem(ROLE_STATION, "王建国", "李秀英") is None
    from station_app.services.station import SetupRequest, setup_station

    setup_station(db, SetupRequest(township_code="511102004", head_name="王", clerk_name="李"))
    with pytest.raises(InputError) as refused:
        update_contact(db, ContactInput("王", " "))
    assert refused.value.message == people_problem(ROLE_STATION, "王", " ")
