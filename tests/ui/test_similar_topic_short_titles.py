"""「本站已有相似议题」 catches a short title that shares the core problem of a longer one, also in
words the field lexicon does not know; sharing only a setting (市场, 学校) does not warn."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from station_app.services.consultations import TopicInput, create_topic
from station_app.services.similar_topics import station_titles
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.ui.pages.consultations_page import ConsultationsPage

from .helpers import Shown, type_chinese

TODAY = date(2026, 11, 26)
TOPICS = (
    ("集市占道经营整治", "城乡建设"),
    ("农贸市场改造提升", "城乡建设"),
    ("打击非法营运黑车整治", "交通出行"),
    ("学校门口上下学交通拥堵", "教育"),
)


@pytest.fixture
def made(db: Database, station: StationInfo) -> list[str]:
    return [
        create_topic(db, TopicInput(title, "群众点题", field, TODAY - timedelta(days=10 - n)), today=TODAY)
        for n, (title, field) in enumerate(TOPICS)
    ]


def test_short_titles_sharing_the_core_problem(db: Database, made: list[str]) -> None:
    titles = station_titles(db)
    assert [s.uuid for s in titles.similar("集市占道问题")] == [made[0]]
    # 营运 is no word of the lexicon: the typed title's bigrams all lie in the known title.
    assert [s.uuid for s in titles.similar("非法营运问题")] == [made[2]]
    # A setting alone is no shared problem.
    assert titles.similar("市场管理问题") == []
    assert titles.similar("学校食堂饭菜质量") == []


def test_the_clerk_sees_the_short_title_warning(
    qtbot: QtBot, db: Database, station: StationInfo, made: list[str], shown: Shown
) -> None:
    page = ConsultationsPage(db, station, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1226, 700)
    page.show()
    qtbot.waitExposed(page)
    qtbot.mouseClick(page.findChild(QToolButton, "new_consultation_button"), Qt.MouseButton.LeftButton)
    assert page.editor is not None
    tab = page.editor.topic
    type_chinese(tab.title_edit, "集市占道问题")
    qtbot.waitUntil(tab.similar_label.isVisible, timeout=3000)
    assert "集市占道经营整治" in tab.similar_label.text()
    assert "农贸市场改造提升" not in tab.similar_label.text()
    assert [s.uuid for s in tab.similar] == [made[0]]
    assert not shown.errors and not shown.crashes
