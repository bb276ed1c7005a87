"""A city hub's window holding the labelled topics, on its 共性问题 page (for the page's tests)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from station_app.storage.engine import Database
from station_app.ui.main_window import MainWindow
from station_app.ui.pages.common_issues_page import CommonIssuesPage
from tests.bench.common_issues_eval import load_labelled
from tests.hub.common_issues_world import add_topics, make_city_hub


def open_hub_window(qtbot: QtBot, migrated_template: Path) -> tuple[MainWindow, CommonIssuesPage, Database]:
    db, info = make_city_hub(migrated_template)
    add_topics(db, load_labelled("dev"))
    window = MainWindow(db, info)
    qtbot.addWidget(window)
    window.show()
    assert window.nav.item(1).text() == "共性问题"
    window.nav.setCurrentRow(1)
    page = window.pages["common_issues"]
    assert isinstance(page, CommonIssuesPage)
    return window, page, db
