"""「本站已有相似议题」: a clerk typing a new topic's title is shown the station's similar topics."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from station_app.services.consultations import TopicInput, create_topic
from station_app.services.similar_topics import station_titles
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.ui import messages
from station_app.ui.pages.consultations_page import ConsultationsPage

from .helpers import Shown, type_chinese

TODAY = date(2026, 11, 26)
TOPICS = (
    ("海棠社区院落路灯安装", "基础设施"),
    ("嘉州社区老旧小区加装电梯", "住房保障"),
    ("关于解决农贸市场占道经营的建议", "城乡建设"),
)


@pytest.fixture
def page(qtbot: QtBot, db: Database, station: StationInfo) -> ConsultationsPage:
    for n, (title, field) in enumerate(TOPICS):
        create_topic(db, TopicInput(title, "群众点题", field, TODAY - timedelta(days=10 - n)), today=TODAY)
    widget = ConsultationsPage(db, station, today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1226, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_a_similar_title_is_shown_after_a_pause_and_opens(
    qtbot: QtBot, page: ConsultationsPage, shown: Shown, monkeypatch: pytest.MonkeyPatch
) -> None:
    qtbot.mouseClick(page.findChild(QToolButton, "new_consultation_button"), Qt.MouseButton.LeftButton)
    editor = page.editor
    assert editor is not None
    tab = editor.topic
    type_chinese(tab.title_edit, "夜间照明设施缺失")
    assert not tab.similar_label.isVisible()  # debounced: nothing while typing goes on
    qtbot.waitUntil(tab.similar_label.isVisible, timeout=3000)
    text = tab.similar_label.text()
    assert "本站已有相似议题" in text and "海棠社区院落路灯安装" in text and "加装电梯" not in text
    assert [s.title for s in tab.similar] == ["海棠社区院落路灯安装"]
    # Going on is allowed: an unrelated title hides the warning, nothing blocks saving.
    tab.title_edit.selectAll()
    type_chinese(tab.title_edit, "秸秆禁烧宣传")
    qtbot.waitUntil(lambda: not tab.similar_label.isVisible(), timeout=3000)
    tab.title_edit.selectAll()
    type_chinese(tab.title_edit, "村里的路灯坏了没人修")
    qtbot.waitUntil(tab.similar_label.isVisible, timeout=3000)
    # Open it: a click on the link; the unsaved new topic is asked about first.
    monkeypatch.setattr(messages, "ask_save_discard_cancel", lambda _parent, _text: messages.DISCARD)
    metrics = tab.similar_label.fontMetrics()
    at = QPoint(
        4 * metrics.averageCharWidth(), metrics.lineSpacing() + metrics.height() // 2
    )  # the first link
    target = tab.similar[0].uuid
    qtbot.mouseMove(tab.similar_label, at)
    qtbot.mouseClick(tab.similar_label, Qt.MouseButton.LeftButton, pos=at)
    qtbot.waitUntil(lambda: page.editor is not None and page.editor.consultation_id == target, timeout=3000)
    assert not shown.errors and not shown.crashes


def test_the_open_topic_is_not_its_own_twin(db: Database, station: StationInfo) -> None:
    made = [
        create_topic(db, TopicInput(title, "群众点题", field, TODAY), today=TODAY) for title, field in TOPICS
    ]
    titles = station_titles(db)
    assert [s.uuid for s in titles.similar("海棠社区院落路灯安装")] == [made[0]]
    assert titles.similar("海棠社区院落路灯安装", exclude=made[0]) == []
    # Generic words and place names alone never warn.
    assert titles.similar("关于海棠社区群众反映问题的建议") == []
    assert titles.similar("路灯") == []  # too short to say anything
