"""协商时间 takes typed dates as the date box does, plus a time; impossible ones are refused by name."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from station_app.domain.lifecycle import Status
from station_app.domain.typed_moment import moment_warning, typed_datetime_problem
from station_app.services import meetings
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.ui.editor.datetime_field import DateTimeField

from .helpers import Shown
from .test_editor_support import TODAY, click, click_tab, open_editor, press_save, topic_in

DAY = date(2026, 12, 6)


def _type(qtbot: QtBot, field: DateTimeField, text: str) -> None:
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("20261210 0930", "2026-12-10 09:30"),
        ("2026/12/10 9:30", "2026-12-10 09:30"),
        ("2026.12.10 09:30", "2026-12-10 09:30"),
        ("12-10 14:05", "2026-12-10 14:05"),
        ("2026-12-10T930", "2026-12-10 09:30"),
    ],
)
def test_typed_forms_are_read_and_written_out(qtbot: QtBot, typed: str, shown: str) -> None:
    field = DateTimeField("when", today=lambda: DAY)
    qtbot.addWidget(field)
    field.show()
    _type(qtbot, field, typed)
    assert field.text() == shown and not field.problem
    assert field.value() == datetime.fromisoformat(shown)


@pytest.mark.parametrize("typed", ["2026-02-30 25:00", "2026-02-28 25:00", "2026-12-10 9:61", "2026-12-10"])
def test_impossible_moments_stay_as_typed_and_red(qtbot: QtBot, typed: str) -> None:
    field = DateTimeField("when", today=lambda: DAY)
    qtbot.addWidget(field)
    field.show()
    before = field.value()
    _type(qtbot, field, typed)
    assert field.text() == typed  # never silently turned into another day
    assert field.problem and field.value() == before
    assert typed_datetime_problem(typed, DAY)[0] is None


def test_up_and_down_step_a_day_and_keep_the_time(qtbot: QtBot) -> None:
    field = DateTimeField("when", today=lambda: DAY)
    qtbot.addWidget(field)
    field.show()
    _type(qtbot, field, "2026-02-28 14:30")
    qtbot.keyClick(field, Qt.Key.Key_Up)
    assert field.text() == "2026-03-01 14:30"


def test_unusual_times_are_warned_about_not_refused() -> None:
    assert moment_warning(datetime(2026, 12, 10, 9, 30), date(2026, 12, 1)) is None
    late = moment_warning(datetime(2026, 12, 10, 23, 0))
    assert late is not None and "23:00" in late
    early = moment_warning(datetime(2026, 11, 30, 9, 0), date(2026, 12, 1))
    assert early is not None and "提出日期2026-12-01" in early


def test_meeting_with_an_impossible_time_is_not_saved_and_the_field_is_named(
    qtbot: QtBot, db: Database, station: StationInfo, shown: Shown
) -> None:
    cid = topic_in(db, Status.CONSULTED)
    editor = open_editor(qtbot, db, station, cid)
    click_tab(qtbot, editor, "协商")
    form = editor.meetings.form
    saved = meetings.meetings_of(db, cid)[0].data.held_at
    _type(qtbot, form.held_at, "2026-02-30 25:00")
    press_save(qtbot, form.held_at)
    assert shown.errors and "协商时间" in shown.errors[-1] and "2026-02-30" in shown.errors[-1]
    assert meetings.meetings_of(db, cid)[0].data.held_at == saved
    assert form.held_at.text() == "2026-02-30 25:00"

    _type(qtbot, form.held_at, f"{TODAY:%Y%m%d} 2230")
    assert "22:30" in form.held_at_warning.text() and form.held_at_warning.isVisible()
    click(qtbot, editor.meetings.save_button)
    late = datetime(TODAY.year, TODAY.month, TODAY.day, 22, 30)
    assert meetings.meetings_of(db, cid)[0].data.held_at == late


def test_finalised_meeting_time_looks_locked(qtbot: QtBot, db: Database, station: StationInfo) -> None:
    cid = topic_in(db, Status.CONSULTED)
    meetings.finalise_minutes(db, meetings.meetings_of(db, cid)[0].id)
    editor = open_editor(qtbot, db, station, cid)
    click_tab(qtbot, editor, "协商")
    held = editor.meetings.form.held_at
    assert held.isReadOnly() and held.property("readOnly") is True
    assert not held.calendar_action.isVisible()  # no ▾ button on a locked time
    before = held.text()
    held.setFocus()
    qtbot.keyClicks(held, "1")
    qtbot.keyClick(held, Qt.Key.Key_Up)
    assert held.text() == before
