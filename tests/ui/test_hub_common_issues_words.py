"""共性问题 at first use: typed dates, one default period, a reason on the disabled export,
dated file names, and closeness in a word (page and Excel alike)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from station_app.domain.periods import default_period
from station_app.hub import common_issues as ci
from station_app.hub.closeness import CLOSENESS_HEADER, closeness
from station_app.ui import worker
from station_app.ui.pages.common_issues_page import HEADERS, CommonIssuesPage
from station_app.ui.pages.statistics_page import StatisticsPage
from tests.bench.common_issues_eval import load_labelled
from tests.hub.common_issues_world import add_topics, make_city_hub

from .helpers import Shown


@pytest.fixture
def page(qtbot: QtBot, data_dir: Path, migrated_template: Path) -> Iterator[CommonIssuesPage]:
    db, info = make_city_hub(migrated_template)
    add_topics(db, load_labelled("dev"))
    widget = CommonIssuesPage(db, info)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    yield widget
    db.dispose()


def _type(qtbot: QtBot, edit: QWidget, text: str) -> None:
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)


def test_typed_dates_are_taken_whole_and_the_default_period_is_the_programs_one(
    qtbot: QtBot, page: CommonIssuesPage
) -> None:
    start, end = default_period(date.today())
    assert page.date_from.value() == start and page.date_to.value() == end
    statistics = StatisticsPage(page._db, page._info)
    qtbot.addWidget(statistics)
    assert statistics.date_from.value() == start and statistics.date_to.value() == end
    _type(qtbot, page.date_from, "20250101")
    _type(qtbot, page.date_to, "2024-06-01")
    assert page.date_from.value() == date(2025, 1, 1)
    assert page.date_to.value() == date(2024, 6, 1)
    _type(qtbot, page.date_to, "2026/12/31")
    assert page.date_to.value() == date(2026, 12, 31)


def test_export_says_why_it_is_off_names_files_by_date_and_shows_closeness_in_words(
    qtbot: QtBot, page: CommonIssuesPage, shown: Shown, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not page.pdf_button.isEnabled()
    assert page.pdf_button.toolTip() == page.xlsx_button.toolTip() == "请先标记拟列入专题协商的问题"
    _type(qtbot, page.date_from, "20260101")
    _type(qtbot, page.date_to, "20261231")
    with worker.synchronous(), qtbot.waitSignal(page.found):
        qtbot.mouseClick(page.find_button, Qt.MouseButton.LeftButton)
    column = HEADERS.index(CLOSENESS_HEADER)
    words = [page.table.item(r, column).text() for r in range(page.table.rowCount())]
    assert words and set(words) <= {"高", "中"}
    assert words == [closeness(issue.score) for issue in page.issues]
    qtbot.mouseClick(page.mark_button, Qt.MouseButton.LeftButton)
    assert page.pdf_button.isEnabled() and "请先标记" not in page.pdf_button.toolTip()
    # Opened again another day, the page can write the report before any search.
    again = CommonIssuesPage(page._db, page._info)
    qtbot.addWidget(again)
    assert again.pdf_button.isEnabled() and again.xlsx_button.isEnabled()

    offered: list[str] = []
    out = tmp_path / "brief.xlsx"

    def save_as(_parent: QWidget, _title: str, start: str, _kind: str) -> tuple[str, str]:
        offered.append(start)
        return str(out), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    qtbot.mouseClick(page.xlsx_button, Qt.MouseButton.LeftButton)
    assert Path(offered[0]).name == f"共性问题情况报告-{date.today().isoformat()}.xlsx"
    sheet = load_workbook(out)["共性问题"]
    header_row = next(r for r in range(1, 12) if sheet.cell(r, 1).value == "序号")
    header = [sheet.cell(header_row, c).value for c in range(1, sheet.max_column + 1)]
    cell = sheet.cell(header_row + 1, header.index(CLOSENESS_HEADER) + 1).value
    assert cell == closeness(ci.list_marks(page._db)[0].score) == words[0]
