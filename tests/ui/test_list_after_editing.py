"""Back on the list after a topic: a new topic (newest first) is shown at the top, selected; the
报送对象 hint speaks of this station's own township."""

from __future__ import annotations

from datetime import date, timedelta

from pytestqt.qtbot import QtBot

from station_app.services.consultations import TopicInput, create_topic
from station_app.services.station import SetupRequest, setup_station
from station_app.storage.engine import Database
from station_app.ui.editor.conversion_tab import sent_to_example
from station_app.ui.pages.consultations_page import ConsultationsPage

from .helpers import type_chinese
from .test_editor_support import choose

TODAY = date(2026, 11, 26)


def test_a_new_topic_is_visible_at_the_top_after_going_back(qtbot: QtBot, db: Database) -> None:
    info = setup_station(db, SetupRequest(township_code="511102004", head_name="王站长", clerk_name="李联络"))
    for n in range(40):
        create_topic(
            db,
            TopicInput(f"第{n}个议题", "群众点题", "住房保障", TODAY - timedelta(days=60 - n)),
            today=TODAY,
        )
    page = ConsultationsPage(db, info, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1200, 600)
    page.show()
    qtbot.waitExposed(page)
    last = page.model.rowCount() - 1
    page.table.selectRow(last)
    page.table.scrollToBottom()
    assert page.table.verticalScrollBar().value() > 0
    page.new_record()
    editor = page.editor
    assert editor is not None
    type_chinese(editor.topic.title_edit, "新来的议题")
    choose(qtbot, editor.topic.source, "群众点题")
    choose(qtbot, editor.topic.field, "住房保障")
    assert editor.save_current()
    assert page.back_to_list()
    index = page.table.currentIndex()
    row = page.model.row_at(index.row())
    assert row is not None and row.title == "新来的议题" and index.row() == 0
    assert page.table.verticalScrollBar().value() == 0  # the newest rows are in view


def test_sent_to_example_names_the_station_township() -> None:
    assert sent_to_example("牟子镇") == "如：牟子镇党委、政府"
    assert sent_to_example("大佛街道") == "如：大佛街道党工委、办事处"
    assert "大佛" not in sent_to_example("")
