"""The 协商议题 page: list, filters and search on thousands of records, shortcuts, the editor in place."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QComboBox, QWidget
from pytestqt.qtbot import QtBot

from station_app.domain.classifications import ROLE_COUNTY
from station_app.domain.lifecycle import Stage, Status
from station_app.services import queries
from station_app.services.consultations import TopicInput, create_topic
from station_app.services.members import initials_of, list_members
from station_app.services.queries import ConsultationFilter, list_consultations
from station_app.services.station import SetupRequest, StationInfo, load_station, setup_station
from station_app.storage.engine import Database
from station_app.ui import messages
from station_app.ui.main_window import MainWindow
from station_app.ui.models import consultation_table as ct
from station_app.ui.pages.consultations_page import ConsultationsPage, count_text

from .demo_station import DEMO_COUNT, DEMO_TODAY, demo_template, open_copy
from .helpers import SHIZHONG, Shown, type_chinese

TODAY = date(2026, 11, 26)


def show(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    widget.resize(1226, 700)
    widget.show()
    qtbot.waitExposed(widget)
    # Shortcuts only reach the active window; the offscreen platform activates on request.
    handle = widget.windowHandle()
    assert handle is not None
    handle.requestActivate()
    qtbot.waitUntil(widget.isActiveWindow, timeout=2000)


@pytest.fixture
def big_db(
    tmp_path_factory: pytest.TempPathFactory, migrated_template: Path, tmp_path: Path
) -> Iterator[Database]:
    database = open_copy(demo_template(tmp_path_factory, migrated_template), tmp_path)
    yield database
    database.dispose()


@pytest.fixture
def big_page(qtbot: QtBot, big_db: Database) -> ConsultationsPage:
    info = load_station(big_db)
    assert info is not None
    page = ConsultationsPage(big_db, info, today=DEMO_TODAY)
    show(qtbot, page)
    return page


@pytest.fixture
def page(qtbot: QtBot, db: Database, station: StationInfo) -> ConsultationsPage:
    for n, (title, field) in enumerate(
        (("海棠社区院落路灯安装", "基础设施"), ("嘉州社区加装电梯", "住房保障"))
    ):
        create_topic(db, TopicInput(title, "群众点题", field, TODAY - timedelta(days=10 - n)), today=TODAY)
    widget = ConsultationsPage(db, station, today=TODAY)
    show(qtbot, widget)
    return widget


def page_ids(page: ConsultationsPage) -> list[str]:
    model = page.model
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    return [model.row_at(r).id for r in range(model.rowCount())]  # type: ignore[union-attr]


def service_ids(db: Database, flt: ConsultationFilter) -> list[str]:
    return [r.id for r in list_consultations(db, flt, limit=10**6)]


def pick(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    assert index > 0, value
    combo.setCurrentIndex(index)


# --- the list on thousands of records ------------------------------------------------------------
def test_opens_with_one_page_and_the_total(big_page: ConsultationsPage) -> None:
    assert big_page.count_label.text() == count_text(DEMO_COUNT) == "共 5000 个议题"
    assert big_page.model.rowCount() == ct.PAGE_SIZE
    first = big_page.model.row_at(0)
    newest = list_consultations(big_page._db, ConsultationFilter(), limit=1)[0]
    assert first is not None and first.id == newest.id


def test_filter_boxes_give_the_service_ids(big_page: ConsultationsPage, big_db: Database) -> None:
    pick(big_page.stage_combo, Stage.CONVERSION.value)
    pick(big_page.year_combo, DEMO_TODAY.year)
    flt = ConsultationFilter(stage=Stage.CONVERSION.value, year=DEMO_TODAY.year)
    expected = service_ids(big_db, flt)
    assert expected and page_ids(big_page) == expected
    assert big_page.count_label.text() == count_text(len(expected))

    pick(big_page.field_combo, "教育")
    pick(big_page.source_combo, "群众点题")
    villages, _years = queries.filter_choices(big_db)
    pick(big_page.village_combo, villages[0])
    flt = ConsultationFilter(
        stage=Stage.CONVERSION.value,
        year=DEMO_TODAY.year,
        field="教育",
        source="群众点题",
        village=villages[0],
    )
    assert page_ids(big_page) == service_ids(big_db, flt)

    big_page.clear_button.click()
    assert big_page.model.current_filter == ConsultationFilter()
    assert big_page.count_label.text() == count_text(DEMO_COUNT)
    pick(big_page.status_combo, Status.HANDLING.value)
    assert page_ids(big_page) == service_ids(big_db, ConsultationFilter(status=Status.HANDLING.value))


def test_searching_two_chinese_characters(
    qtbot: QtBot, big_page: ConsultationsPage, big_db: Database
) -> None:
    word = "电梯"
    with qtbot.waitSignal(big_page.model.modelReset, timeout=3000):
        type_chinese(big_page.search_box, word)  # the search starts after a short pause in typing
    expected = service_ids(big_db, ConsultationFilter(search=word))
    assert expected and page_ids(big_page) == expected
    assert big_page.count_label.text() == count_text(len(expected))
    # Search and filters together.
    pick(big_page.stage_combo, Stage.EVALUATION.value)
    both = ConsultationFilter(stage=Stage.EVALUATION.value, search=word)
    assert page_ids(big_page) == service_ids(big_db, both)


def test_searching_pinyin_initials_of_a_name(
    qtbot: QtBot, big_page: ConsultationsPage, big_db: Database
) -> None:
    initials = initials_of(list_members(big_db)[0].name)
    big_page.search_box.setText(initials)
    qtbot.keyClick(big_page.search_box, Qt.Key.Key_Return)
    expected = service_ids(big_db, ConsultationFilter(search=initials))
    assert expected and page_ids(big_page) == expected


def test_clicking_a_header_sorts(qtbot: QtBot, big_page: ConsultationsPage, big_db: Database) -> None:
    header = big_page.table.horizontalHeader()
    x = header.sectionViewportPosition(ct.COL_TITLE) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    order = big_page.model.sort_order
    expected = list_consultations(
        big_db, ConsultationFilter(), sort="title", descending=order == Qt.SortOrder.DescendingOrder, limit=5
    )
    assert big_page.model.sort_column == ct.COL_TITLE
    assert [big_page.model.row_at(r).id for r in range(5)] == [r.id for r in expected]  # type: ignore[union-attr]


def test_due_action_items_are_listed(big_page: ConsultationsPage, big_db: Database) -> None:
    items = queries.open_action_items(big_db, before=DEMO_TODAY + timedelta(days=8))
    assert items, "the demo data has open action items"
    strip = big_page.due_label
    assert strip.isVisible()
    assert items[0].number in strip.shown_text() and "#c0392b" in strip.text()
    strip.linkActivated.emit(items[0].consultation_id)
    assert big_page.editor is not None and big_page.editor.consultation_id == items[0].consultation_id


# --- shortcuts and the editor in place -----------------------------------------------------------
def test_searching_focuses_the_search_box(qtbot: QtBot, page: ConsultationsPage) -> None:
    # Ctrl+F is the window's (tests/ui/test_keyboard.py); the page says where it leads.
    page.table.setFocus()
    page.focus_search()
    assert page.search_box.hasFocus()


def test_new_record_creates_a_topic_and_returns_to_the_list(
    qtbot: QtBot, page: ConsultationsPage, db: Database, shown: Shown
) -> None:
    assert page.count_label.text() == "共 2 个议题"
    page.table.setFocus()
    page.new_record()  # Ctrl+N belongs to the window: tests/ui/test_keyboard.py
    editor = page.editor
    assert editor is not None and page.stack.currentWidget() is editor and editor.consultation_id is None
    type_chinese(editor.topic.title_edit, "滨江社区停车难问题协商")
    editor.topic.source.setCurrentText("委员荐题")
    editor.topic.field.setCurrentText("交通出行")
    with qtbot.waitSignal(editor.saved) as saved:
        qtbot.keyClick(editor.topic.title_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not shown.errors
    new_id = saved.args[0]
    qtbot.mouseClick(editor.back_button, Qt.MouseButton.LeftButton)
    assert page.editor is None and page.stack.currentWidget() is page.list_panel
    assert page.count_label.text() == "共 3 个议题"
    assert page.selected_id() == new_id
    assert page.model.row_at(0).title == "滨江社区停车难问题协商"  # type: ignore[union-attr]


def test_enter_opens_the_record_and_an_edit_refreshes_its_row(
    qtbot: QtBot, page: ConsultationsPage, shown: Shown
) -> None:
    page.table.selectRow(1)
    chosen = page.model.row_at(1)
    assert chosen is not None
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    editor = page.editor
    assert editor is not None and editor.consultation_id == chosen.id
    editor.topic.title_edit.selectAll()
    type_chinese(editor.topic.title_edit, "海棠社区院落路灯安装和维护")
    with qtbot.waitSignal(editor.saved):
        editor.save_current()
    with qtbot.waitSignal(page.model.dataChanged) as changed:
        qtbot.mouseClick(editor.back_button, Qt.MouseButton.LeftButton)
    assert changed.args[0].row() == 1
    assert page.model.data(page.model.index(1, ct.COL_TITLE)) == "海棠社区院落路灯安装和维护"
    assert not shown.errors


def test_double_click_opens_the_record(qtbot: QtBot, page: ConsultationsPage) -> None:
    rect = page.table.visualRect(page.model.index(0, ct.COL_TITLE))
    # QTest's double-click has no press of its own before it, unlike a real mouse.
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.editor is not None and page.editor.consultation_id == page.model.row_at(0).id  # type: ignore[union-attr]


def test_unsaved_changes_are_asked_about(
    qtbot: QtBot, page: ConsultationsPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert page.maybe_leave()
    page.open_consultation(page.model.row_at(0).id)  # type: ignore[union-attr]
    editor = page.editor
    assert editor is not None
    type_chinese(editor.topic.title_edit, "（改）")
    answers = [messages.CANCEL, messages.CANCEL, messages.DISCARD]
    monkeypatch.setattr(messages, "ask_save_discard_cancel", lambda _parent, _text: answers.pop(0))
    assert not page.maybe_leave()
    assert not page.back_to_list()
    assert page.editor is editor and page.stack.currentWidget() is editor
    assert page.back_to_list()
    assert page.editor is None and page.stack.currentWidget() is page.list_panel
    assert not answers


def test_the_window_does_not_close_over_unsaved_changes(
    qtbot: QtBot, db: Database, station: StationInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_topic(db, TopicInput("海棠社区院落路灯安装", "群众点题", "基础设施", TODAY), today=TODAY)
    window = MainWindow(db, station)
    show(qtbot, window)
    page = window.pages["consultations"]
    assert isinstance(page, ConsultationsPage)
    page.open_consultation(page.model.row_at(0).id)  # type: ignore[union-attr]
    assert page.editor is not None
    type_chinese(page.editor.topic.title_edit, "（改）")
    monkeypatch.setattr(messages, "ask_save_discard_cancel", lambda _parent, _text: messages.CANCEL)
    assert not window.close()
    assert window.isVisible()
    monkeypatch.setattr(messages, "ask_save_discard_cancel", lambda _parent, _text: messages.DISCARD)
    assert window.close()


def test_a_hub_sees_the_list_read_only(qtbot: QtBot, db: Database) -> None:
    info = setup_station(db, SetupRequest(role=ROLE_COUNTY, county_code=SHIZHONG, head_name="张主任"))
    page = ConsultationsPage(db, info, today=TODAY)
    show(qtbot, page)
    assert not hasattr(page, "import_button")
    assert page.new_action not in page.list_panel.actions()
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.editor is None
    assert not page.new_consultation()
