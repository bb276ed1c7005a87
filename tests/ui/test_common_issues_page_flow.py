"""共性问题 page, as a clerk goes through it: marking keeps the group and its topics in view, and a
topic opened from the page leads back to the page."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QTableWidget
from pytestqt.qtbot import QtBot

from station_app.hub import common_issues as ci
from station_app.ui import worker
from station_app.ui.pages.common_issues_page import MARKED, CommonIssuesPage
from tests.bench.common_issues_eval import load_labelled
from tests.hub.common_issues_world import add_topics, make_city_hub

from .common_issues_window import open_hub_window
from .helpers import Shown, type_chinese


def _click_row(qtbot: QtBot, table: QTableWidget, row: int, column: int = 0) -> None:
    table.scrollToItem(table.item(row, column))
    rect = table.visualItemRect(table.item(row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _find(qtbot: QtBot, page: CommonIssuesPage) -> None:
    page.date_from.setFocus()
    with worker.synchronous(), qtbot.waitSignal(page.found):
        qtbot.mouseClick(page.find_button, Qt.MouseButton.LeftButton)


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


@pytest.mark.parametrize("which", ["first", "other"])
def test_marking_keeps_the_group_and_its_topics(
    qtbot: QtBot, page: CommonIssuesPage, shown: Shown, which: str
) -> None:

    page.date_from.setDate(QDate(2026, 1, 1))
    _find(qtbot, page)
    row = 0 if which == "first" else page.table.rowCount() - 1
    _click_row(qtbot, page.table, row)
    issue = page.issues[row]
    assert page.selected_issue() is issue
    assert page.topics.rowCount() == len(issue.topics) >= 2
    _click_row(qtbot, page.topics, 1, 2)
    type_chinese(page.note, "拟请社法委牵头")
    qtbot.mouseClick(page.mark_button, Qt.MouseButton.LeftButton)
    # The group stays selected, its topics stay listed, the topic chosen stays chosen.
    assert page.selected_issue() is issue
    assert page.topics.rowCount() == len(issue.topics)
    assert [page.topics.item(r, 2).text() for r in range(page.topics.rowCount())] == [
        t.title for t in issue.topics
    ]
    assert page.topics.currentRow() == 1
    assert page.table.item(row, 8).text() == MARKED and "已标记「拟列入专题协商」1 个" in page.summary.text()
    tip = page.table.item(row, 8).toolTip()
    assert (
        f"标记的问题：{issue.title}" in tip
        and "标记时的期间：2026年1月1日" in tip
        and "拟请社法委牵头" in tip
    )
    assert page.note.text() == "拟请社法委牵头" and page.unmark_button.isEnabled()
    # 取消标记 asks first: 否 leaves the mark as it is.
    qtbot.mouseClick(page.unmark_button, Qt.MouseButton.LeftButton)
    assert len(shown.questions) == 1 and len(ci.list_marks(page._db)) == 1
    shown.answer = True
    qtbot.mouseClick(page.unmark_button, Qt.MouseButton.LeftButton)
    assert page.selected_issue() is issue and page.topics.rowCount() == len(issue.topics)
    assert page.table.item(row, 8).text() == "" and ci.list_marks(page._db) == []
    # The opinion stays for marking again, also after another group was chosen.
    _click_row(qtbot, page.table, 1 if row == 0 else 0)
    _click_row(qtbot, page.table, row)
    assert page.note.text() == "拟请社法委牵头" and page.mark_button.text() == "标记为「拟列入专题协商」"
    assert not shown.errors and not shown.crashes


def test_back_from_a_topic_opened_here_returns_here(
    qtbot: QtBot, data_dir: Path, migrated_template: Path, shown: Shown
) -> None:
    window, page, db = open_hub_window(qtbot, migrated_template)
    page.date_from.setDate(QDate(2026, 1, 1))
    _find(qtbot, page)
    _click_row(qtbot, page.table, 1)
    chosen = page.selected_issue()
    _click_row(qtbot, page.topics, 0, 2)
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert window.current_page_key() == "consultations"
    editor = window.pages["consultations"].editor
    assert editor is not None and editor.back_button.text() == "返回共性问题"
    qtbot.mouseClick(editor.back_button, Qt.MouseButton.LeftButton)
    assert window.current_page_key() == "common_issues"
    assert window.pages["consultations"].editor is None
    assert page.selected_issue() is chosen and page.topics.rowCount() == len(chosen.topics)
    # A topic opened from the list itself still goes back to the list.
    window.show_page("consultations")
    consultations = window.pages["consultations"]
    consultations.open_consultation(chosen.topics[0].uuid)
    assert consultations.editor is not None and consultations.editor.back_button.text() == "返回列表"
    qtbot.mouseClick(consultations.editor.back_button, Qt.MouseButton.LeftButton)
    assert window.current_page_key() == "consultations" and consultations.editor is None
    assert not shown.errors and not shown.crashes
    db.dispose()


def test_a_mark_of_another_period_is_counted_apart(qtbot: QtBot, page: CommonIssuesPage) -> None:
    """A mark made for this year matches no group of a year without topics: the summary says how
    many marks the groups shown hold, so 「已标记 1 个」 over a table without a mark is not a puzzle."""
    page.date_from.setDate(QDate(2026, 1, 1))
    _find(qtbot, page)
    _click_row(qtbot, page.table, 0)
    qtbot.mouseClick(page.mark_button, Qt.MouseButton.LeftButton)
    assert page.summary.text().endswith("已标记「拟列入专题协商」1 个。")
    page.date_from.setDate(QDate(2024, 1, 1))
    page.date_to.setDate(QDate(2024, 12, 31))
    _find(qtbot, page)
    assert page.table.rowCount() == 0
    assert page.summary.text().endswith("已标记「拟列入专题协商」1 个，本期间的结果中有 0 个。")
    # Its hover names the marked group and the period it was marked for.
    mark = ci.list_marks(page._db)[0]
    assert f"{mark.title}（{mark.period.label()}）" in page.summary.toolTip()
    assert mark.period.label().startswith("2026年1月1日")


def _note_in_db(page: CommonIssuesPage) -> list[str]:
    return [mark.note for mark in ci.list_marks(page._db)]


def test_an_opinion_changed_after_marking_is_saved(
    qtbot: QtBot, page: CommonIssuesPage, shown: Shown
) -> None:
    """The opinion of a marked group can be changed: the button saves it, and choosing another
    group saves it too — what was typed is never dropped."""
    page.date_from.setDate(QDate(2026, 1, 1))
    _find(qtbot, page)
    _click_row(qtbot, page.table, 0)
    type_chinese(page.note, "拟请社法委牵头")
    qtbot.mouseClick(page.mark_button, Qt.MouseButton.LeftButton)
    assert _note_in_db(page) == ["拟请社法委牵头"]
    assert page.mark_button.text() == "保存意见" and not page.mark_button.isEnabled()
    page.note.setFocus()
    qtbot.keyClick(page.note, Qt.Key.Key_End)
    type_chinese(page.note, "，会同农业农村委")
    assert page.mark_button.isEnabled()
    qtbot.mouseClick(page.mark_button, Qt.MouseButton.LeftButton)
    assert _note_in_db(page) == ["拟请社法委牵头，会同农业农村委"]
    assert not page.mark_button.isEnabled()
    # Typed, then another group chosen without pressing the button: saved all the same.
    qtbot.keyClick(page.note, Qt.Key.Key_Backspace)
    qtbot.keyClick(page.note, Qt.Key.Key_Backspace)
    _click_row(qtbot, page.table, 1)
    assert _note_in_db(page) == ["拟请社法委牵头，会同农业农"]
    assert page.note.text() == "" and page.mark_button.text() == "标记为「拟列入专题协商」"
    _click_row(qtbot, page.table, 0)
    assert page.note.text() == "拟请社法委牵头，会同农业农"
    assert not shown.errors and not shown.crashes


def test_an_opinion_typed_before_marking_waits_for_its_group(qtbot: QtBot, page: CommonIssuesPage) -> None:
    page.date_from.setDate(QDate(2026, 1, 1))
    _find(qtbot, page)
    _click_row(qtbot, page.table, 2)
    type_chinese(page.note, "先请各站补充材料")
    _click_row(qtbot, page.table, 0)
    assert page.note.text() == ""
    _click_row(qtbot, page.table, 2)
    assert page.note.text() == "先请各站补充材料"
    qtbot.mouseClick(page.mark_button, Qt.MouseButton.LeftButton)
    assert _note_in_db(page) == ["先请各站补充材料"]
    assert ci.marks_for(page.issues, ci.list_marks(page._db))[2] is not None


def test_the_report_carries_an_opinion_still_being_typed(
    qtbot: QtBot, page: CommonIssuesPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shown: Shown
) -> None:
    from pypdf import PdfReader

    from station_app.ui import folders

    page.date_from.setDate(QDate(2026, 1, 1))
    _find(qtbot, page)
    _click_row(qtbot, page.table, 0)
    qtbot.mouseClick(page.mark_button, Qt.MouseButton.LeftButton)
    type_chinese(page.note, "建议明年上半年开展专题协商")
    out = tmp_path / "报告.pdf"
    monkeypatch.setattr(folders, "ask_report_file", lambda *_args: out)
    assert page.export(".pdf") == out
    text = "".join(p.extract_text() for p in PdfReader(out).pages).replace("\n", "")
    assert "建议明年上半年开展专题协商" in text
    assert _note_in_db(page) == ["建议明年上半年开展专题协商"]


def test_enter_and_ctrl_s_save_the_opinion(qtbot: QtBot, page: CommonIssuesPage) -> None:
    page.date_from.setDate(QDate(2026, 1, 1))
    _find(qtbot, page)
    _click_row(qtbot, page.table, 0)
    qtbot.mouseClick(page.mark_button, Qt.MouseButton.LeftButton)
    type_chinese(page.note, "回车保存")
    qtbot.keyClick(page.note, Qt.Key.Key_Return)
    assert _note_in_db(page) == ["回车保存"] and not page.mark_button.isEnabled()
    type_chinese(page.note, "，再按Ctrl+S")
    qtbot.keyClick(page.note, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert _note_in_db(page) == ["回车保存，再按Ctrl+S"]


def test_an_opinion_is_saved_when_the_page_or_the_window_is_left(
    qtbot: QtBot, data_dir: Path, migrated_template: Path, shown: Shown
) -> None:
    window, page, db = open_hub_window(qtbot, migrated_template)
    page.date_from.setDate(QDate(2026, 1, 1))
    _find(qtbot, page)
    _click_row(qtbot, page.table, 0)
    qtbot.mouseClick(page.mark_button, Qt.MouseButton.LeftButton)
    type_chinese(page.note, "换页前写的")
    window.nav.setCurrentRow(0)  # another page
    assert _note_in_db(page) == ["换页前写的"]
    assert (
        window.statusBar().currentMessage().startswith("已保存「")
        and "办公室意见" in window.statusBar().currentMessage()
    )
    window.nav.setCurrentRow(1)
    type_chinese(page.note, "，关窗前写的")
    window.close()
    assert _note_in_db(page) == ["换页前写的，关窗前写的"]
    assert not shown.errors and not shown.crashes
    db.dispose()


def test_marking_topics_marked_in_another_group_asks_first(
    qtbot: QtBot, page: CommonIssuesPage, shown: Shown
) -> None:
    """A group of another period may hold a few topics of a marked one: marking it would list them
    twice in the report, so the office is asked, and 否 marks nothing."""
    page.date_from.setDate(QDate(2026, 1, 1))
    _find(qtbot, page)
    first, second = page.issues[0], page.issues[1]
    _click_row(qtbot, page.table, 0)
    qtbot.mouseClick(page.mark_button, Qt.MouseButton.LeftButton)
    # Over another period the second group has taken one of the first group's topics.
    borrowed = dataclasses.replace(second, topics=(*second.topics, first.topics[0]))
    page.show_issues([first, borrowed])
    _click_row(qtbot, page.table, 1)
    assert page.mark_button.text() == "标记为「拟列入专题协商」"
    qtbot.mouseClick(page.mark_button, Qt.MouseButton.LeftButton)
    assert len(shown.questions) == 1 and f"「{first.title}」中的 1 个" in shown.questions[0]
    assert len(ci.list_marks(page._db)) == 1  # 否: nothing marked
    shown.answer = True
    qtbot.mouseClick(page.mark_button, Qt.MouseButton.LeftButton)
    assert len(ci.list_marks(page._db)) == 2 and page.table.item(1, 8).text() == MARKED
