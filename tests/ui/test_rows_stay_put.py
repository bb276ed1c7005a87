"""The list drawn before the database opens keeps its rows where they are when the rest arrives:
a clerk's first double-click must open the topic under the pointer, not its neighbour."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from station_app.services.first_screen import read_first_screen
from station_app.storage.engine import Database
from station_app.ui.pages.consultations_page import ConsultationsPage

from .demo_station import DEMO_TODAY, demo_template, open_copy

ROW = 3


@pytest.fixture
def demo_db(
    tmp_path_factory: pytest.TempPathFactory, migrated_template: Path, tmp_path: Path
) -> Iterator[Database]:
    database = open_copy(demo_template(tmp_path_factory, migrated_template), tmp_path)
    yield database
    database.dispose()


def test_rows_stay_put_when_the_database_and_its_reminders_arrive(qtbot: QtBot, demo_db: Database) -> None:
    first = read_first_screen(demo_db.url, 200)
    assert first is not None and len(first.rows) > ROW
    page = ConsultationsPage(None, first.info, today=DEMO_TODAY, first_rows=first.rows)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    aimed = page.table.visualRect(page.model.index(ROW, 0)).center()
    at_first = page.table.viewport().mapTo(page, aimed)
    aimed_id = page.model.row_at(ROW).id  # type: ignore[union-attr]
    height = page.table.viewport().height()
    assert "正在读取" in page.due_label.text()

    page.attach_database(demo_db)
    qtbot.wait(50)
    assert page.due_label.isVisible(), "the demo station has 下步措施 due: the strip shows"
    assert page.table.viewport().mapTo(page, aimed) == at_first
    assert page.table.viewport().height() == height  # no row at the bottom was covered either

    under_pointer = page.table.indexAt(page.table.viewport().mapFrom(page, at_first))
    assert page.model.row_at(under_pointer.row()).id == aimed_id  # type: ignore[union-attr]


def test_a_station_with_nothing_due_says_so_in_the_same_place(qtbot: QtBot, demo_db: Database) -> None:
    first = read_first_screen(demo_db.url, 200)
    assert first is not None
    page = ConsultationsPage(None, first.info, today=DEMO_TODAY, first_rows=first.rows)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    height = page.table.viewport().height()
    page.attach_database(demo_db)
    page.due_label.show_items([], DEMO_TODAY)
    qtbot.wait(20)
    assert page.due_label.isVisible() and "没有已逾期或7天内到期的事项" in page.due_label.text()
    assert page.table.viewport().height() == height
