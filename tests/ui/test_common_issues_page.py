"""The 共性问题 page at a hub: find groups for a period, open a topic, mark a group, export the briefing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from station_app.hub import common_issues as ci
from station_app.ui import worker
from station_app.ui.pages.common_issues_page import MARKED, CommonIssuesPage
from tests.bench.common_issues_eval import load_labelled
from tests.hub.common_issues_world import add_topics, make_city_hub

from .common_issues_window import open_hub_window
from .helpers import Shown, type_chinese


def _type_date(qtbot: QtBot, edit: QWidget, text: str) -> None:
    """Click in, select what is there, type the date, Tab on — the program's one date editor."""
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert edit.date().toString("yyyy-MM-dd") == text


@pytest.fixture
def page(qtbot: QtBot, data_dir: Path, migrated_template: Path) -> CommonIssuesPage:
    db, info = make_city_hub(migrated_template)
    add_topics(db, load_labelled("dev"))
    widget = CommonIssuesPage(db, info)
    qtbot.addWidget(widget)
    widget.resize(1300, 760)
    widget.show()
    yield widget
    db.dispose()


def test_find_open_mark_and_export(
    qtbot: QtBot, page: CommonIssuesPage, shown: Shown, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _type_date(qtbot, page.date_from, "2026-01-01")
    _type_date(qtbot, page.date_to, "2026-12-31")
    assert page.date_from.date().toString("yyyy-MM-dd") == "2026-01-01"
    assert page.date_to.date().toString("yyyy-MM-dd") == "2026-12-31"
    assert not page.pdf_button.isEnabled()  # nothing marked yet
    with worker.synchronous(), qtbot.waitSignal(page.found):
        qtbot.mouseClick(page.find_button, Qt.MouseButton.LeftButton)
    assert page.table.rowCount() == len(page.issues) >= 8
    assert "共找到" in page.summary.text()
    lights = next(r for r, issue in enumerate(page.issues) if "路灯" in issue.key_terms)
    page.table.selectRow(lights)
    assert page.topics.rowCount() == 4
    assert any("新桥村村道路灯不亮" in page.topics.item(r, 2).text() for r in range(4))
    page.topics.selectRow(0)
    with qtbot.waitSignal(page.open_consultation) as opened:
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [page.issues[lights].topics[0].uuid]
    type_chinese(page.note, "建议列入明年市政协专题协商，由农业农村委牵头")
    qtbot.mouseClick(page.mark_button, Qt.MouseButton.LeftButton)
    assert page.table.item(lights, 8).text() == MARKED
    assert not page.mark_button.isEnabled() and page.unmark_button.isEnabled()
    marks = ci.list_marks(page._db)
    assert len(marks) == 1 and marks[0].note == "建议列入明年市政协专题协商，由农业农村委牵头"
    assert set(marks[0].consultations) == set(page.issues[lights].consultations)
    assert marks[0].period.start == date(2026, 1, 1)
    # The mark is kept in the database: a new search shows it again.
    with worker.synchronous(), qtbot.waitSignal(page.found):
        qtbot.mouseClick(page.find_button, Qt.MouseButton.LeftButton)
    assert [page.table.item(r, 8).text() for r in range(page.table.rowCount())].count(MARKED) == 1
    for suffix in (".pdf", ".xlsx"):
        out = tmp_path / f"简报{suffix}"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, out=out: (str(out), ""))
        button = page.pdf_button if suffix == ".pdf" else page.xlsx_button
        assert button.isEnabled()
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert out.exists() and any(str(out) in text for text in shown.infos)
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "简报.pdf").pages).replace("\n", "")
    assert "共性问题的情况报告" in text
    assert "建议列入明年市政协专题协商" in text
    for topic in page.issues[lights].topics:
        assert topic.title[:8] in text
    assert "4个乡镇（街道）" in text
    book = load_workbook(tmp_path / "简报.xlsx")
    assert book["共性问题"]["B8"].value == marks[0].title  # title, 4 heading lines, blank, header
    assert book["议题明细"].max_row == 7 + 4
    # Unmark: the briefing has nothing left to report, and says so in Chinese.
    page.table.selectRow(next(r for r in range(page.table.rowCount()) if page.table.item(r, 8).text()))
    shown.answer = True  # 「取消…标记？」 answered 是
    qtbot.mouseClick(page.unmark_button, Qt.MouseButton.LeftButton)
    assert shown.questions and "不再列入情况报告" in shown.questions[-1]
    assert ci.list_marks(page._db) == [] and not page.pdf_button.isEnabled()


def test_a_period_without_topics_shows_no_groups(qtbot: QtBot, page: CommonIssuesPage, shown: Shown) -> None:
    _type_date(qtbot, page.date_from, "2024-01-01")
    _type_date(qtbot, page.date_to, "2024-12-31")
    with worker.synchronous(), qtbot.waitSignal(page.found):
        qtbot.mouseClick(page.find_button, Qt.MouseButton.LeftButton)
    assert page.table.rowCount() == 0 and "共找到 0 个" in page.summary.text()
    assert not shown.crashes and not shown.errors


def test_an_impossible_period_is_refused(qtbot: QtBot, page: CommonIssuesPage, shown: Shown) -> None:
    _type_date(qtbot, page.date_from, "2026-06-01")
    _type_date(qtbot, page.date_to, "2026-01-01")
    qtbot.mouseClick(page.find_button, Qt.MouseButton.LeftButton)
    assert any("结束日期（" in text for text in shown.errors) and not shown.crashes


def test_the_hub_window_opens_a_topic_of_a_group(
    qtbot: QtBot, data_dir: Path, migrated_template: Path, shown: Shown
) -> None:
    window, page, db = open_hub_window(qtbot, migrated_template)
    _type_date(qtbot, page.date_from, "2026-01-01")
    with worker.synchronous(), qtbot.waitSignal(page.found):
        qtbot.mouseClick(page.find_button, Qt.MouseButton.LeftButton)
    page.table.selectRow(0)
    page.topics.selectRow(1)
    wanted = page.issues[0].topics[1].uuid
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert window.current_page_key() == "consultations"
    editor = window.pages["consultations"].editor
    assert editor is not None and editor.consultation_id == wanted
    assert editor.topic.title_edit.text() == page.issues[0].topics[1].title
    assert not shown.errors and not shown.crashes
    db.dispose()
