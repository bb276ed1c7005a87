"""What a county-office user met in the first hour at the hub: stale banners and lists."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from station_app.domain.progress import run_to_end
from station_app.hub.importer import import_packages
from station_app.ui import messages, worker
from station_app.ui.main_window import MainWindow
from station_app.ui.pages.consultations_page import ConsultationsPage, count_text
from station_app.ui.pages.hub_import_page import HubImportPage
from tests.hub.conftest import World, fresh_hub
from tests.hub.hub_world import YUJIN, Hub, using


@pytest.fixture
def city(world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Hub]:
    made = fresh_hub(world, tmp_path)
    monkeypatch.setattr(messages, "show_info", lambda *_a, **_k: None)
    with using(made.folder):
        yield made
    made.db.dispose()


def test_clearing_the_filters_counts_every_townships_reminders_again(
    qtbot: QtBot, city: Hub, world: World
) -> None:
    run_to_end(import_packages(city.db, [*world.a, *world.b, *world.c], trust_new=True))
    page = ConsultationsPage(city.db, city.info)
    qtbot.addWidget(page)
    page.show()
    everyone = page.due_label.text()
    page.township_combo.setCurrentIndex(page.township_combo.findData(YUJIN))
    one = page.due_label.text()
    assert one != everyone
    QTest.mouseClick(page.clear_button, Qt.MouseButton.LeftButton)
    assert page.township_combo.currentIndex() == 0
    assert page.due_label.text() == everyone


def test_the_topic_list_follows_an_import_without_touching_a_filter(
    qtbot: QtBot, city: Hub, world: World
) -> None:
    run_to_end(import_packages(city.db, world.a, trust_new=True))
    window = MainWindow(city.db, city.info)
    qtbot.addWidget(window)
    window.show()
    window.show_page("consultations")
    page = window.pages["consultations"]
    assert isinstance(page, ConsultationsPage)
    before = page.model.total
    sync = window.pages["sync"]
    assert isinstance(sync, HubImportPage)
    with worker.synchronous():
        sync.start_import([*world.b, *world.c], trust_new=True)
    assert page.model.total > before
    assert page.count_label.text() == count_text(page.model.total)
    fresh = ConsultationsPage(city.db, city.info)
    qtbot.addWidget(fresh)
    assert page.due_label.text() == fresh.due_label.text() and fresh.model.total == page.model.total


def test_f1_at_a_hub_opens_its_part_of_the_handbook_and_there_is_no_new(
    qtbot: QtBot, city: Hub, world: World
) -> None:
    from station_app.ui import help_dialog

    window = MainWindow(city.db, city.info)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    handle = window.windowHandle()
    assert handle is not None
    handle.requestActivate()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    assert not window.page_actions["new"].isVisible() and not window.page_actions["new"].isEnabled()
    file_menu = window.menuBar().actions()[0].menu()
    assert "新建(&N)" not in [a.text() for a in file_menu.actions() if a.isVisible()]
    QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # nothing happens
    help_dialog._open.clear()
    QTest.keyClick(window, Qt.Key.Key_F1)
    dialog = help_dialog._open[0]
    qtbot.waitUntil(lambda: dialog.browser.verticalScrollBar().value() > 0, timeout=2000)
    heading = dialog.browser.document().find("七、县（区）、市政协：汇总单位")
    assert not heading.isNull()
    assert dialog.browser.viewport().rect().contains(dialog.browser.cursorRect(heading).center())
    dialog.close()
    help_dialog._open.clear()
