"""Browsing at a hub: the topic list's 乡镇 column and filter, the 村 filter following the township,
and a double-click on a township in the overview opening its topics."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from station_app.domain.progress import run_to_end
from station_app.hub.importer import import_packages
from station_app.storage.records import Consultation, Member, Report
from station_app.ui.main_window import MainWindow
from station_app.ui.models import consultation_table as ct
from station_app.ui.pages import members_page as mp
from station_app.ui.pages import reports_page as rp
from station_app.ui.pages.consultations_page import ConsultationsPage, count_text
from station_app.ui.pages.hub_overview_page import HubOverviewPage
from station_app.ui.pages.members_page import MembersPage
from station_app.ui.pages.reports_page import ReportsPage
from tests.hub.conftest import World, fresh_hub
from tests.hub.hub_world import DAFO, YUJIN, Hub, using


@pytest.fixture
def city(world: World, tmp_path: Path) -> Iterator[Hub]:
    made = fresh_hub(world, tmp_path)
    with using(made.folder):
        run_to_end(import_packages(made.db, [*world.a, *world.b, *world.c], trust_new=True))
        yield made
    made.db.dispose()


def _villages(hub: Hub, code: str | None) -> set[str]:
    with hub.db.session() as session:
        query = select(Consultation.village).where(
            Consultation.deleted.is_(False), Consultation.village != ""
        )
        if code:
            query = query.where(Consultation.origin == code)
        return set(session.scalars(query))


def _live(hub: Hub, code: str) -> int:
    with hub.db.session() as session:
        rows = session.scalars(
            select(Consultation.id).where(Consultation.deleted.is_(False), Consultation.origin == code)
        )
        return len(list(rows))


def test_double_click_in_the_overview_lists_that_townships_topics(qtbot: QtBot, city: Hub) -> None:
    window = MainWindow(city.db, city.info)
    qtbot.addWidget(window)
    window.show()
    window.show_page("overview")
    overview = window.pages["overview"]
    assert isinstance(overview, HubOverviewPage)
    row = next(r for r in range(overview.table.rowCount()) if overview.table.item(r, 0).text() == YUJIN)
    overview.table.scrollToItem(overview.table.item(row, 2))
    rect = overview.table.visualItemRect(overview.table.item(row, 2))
    qtbot.mouseClick(overview.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(overview.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    page = window.pages["consultations"]
    assert isinstance(page, ConsultationsPage) and window.current_page_key() == "consultations"
    assert page.township_combo.currentData() == YUJIN
    assert page.model.total == _live(city, YUJIN) > 0
    assert page.count_label.text() == count_text(_live(city, YUJIN))
    shown = {page.model.row_at(r).origin for r in range(page.model.rowCount())}  # type: ignore[union-attr]
    assert shown == {YUJIN}
    assert page.model.data(page.model.index(0, ct.COL_TOWNSHIP)) == "犍为县玉津镇"
    assert not page.table.isColumnHidden(ct.COL_TOWNSHIP)
    # the 村 filter offers the villages of 玉津镇 only
    offered = {page.village_combo.itemData(i) for i in range(1, page.village_combo.count())}
    assert offered == _villages(city, YUJIN) and offered != _villages(city, None)
    # choosing another township changes the villages; 全部 brings every village back
    page.township_combo.setCurrentIndex(page.township_combo.findData(DAFO))
    offered = {page.village_combo.itemData(i) for i in range(1, page.village_combo.count())}
    assert offered == _villages(city, DAFO) and page.model.total == _live(city, DAFO)
    page.clear_button.click()
    offered = {page.village_combo.itemData(i) for i in range(1, page.village_combo.count())}
    assert offered == _villages(city, None) and page.township_combo.currentIndex() == 0


def _open_items(hub: Hub, code: str) -> set[str]:
    with hub.db.session() as session:
        rows = session.scalars(
            select(Consultation.number).where(Consultation.deleted.is_(False), Consultation.origin == code)
        )
        return set(rows)


def test_a_township_chosen_at_the_hub_narrows_the_reminders_too(qtbot: QtBot, city: Hub) -> None:
    """The 逾期/到期 strip follows the township filter: a county's backlog is not one station's."""
    page = ConsultationsPage(city.db, city.info)
    qtbot.addWidget(page)
    page.refresh_choices()
    page.refresh_due()
    everyone = {item.number for item in page.due_items}
    assert everyone & _open_items(city, DAFO), "the world has reminders of 大佛街道"
    page.show_township(YUJIN)
    mine = {item.number for item in page.due_items}
    assert mine <= _open_items(city, YUJIN) and mine < everyone
    page.show_township(DAFO)
    assert {item.number for item in page.due_items} == everyone & _open_items(city, DAFO)


def test_a_township_that_sent_nothing_shows_an_empty_list(qtbot: QtBot, city: Hub) -> None:
    never = "511102001"  # 市中区 (this city hub's scope) but no package imported from it
    assert _live(city, never) == 0
    page = ConsultationsPage(city.db, city.info)
    qtbot.addWidget(page)
    page.refresh_choices()
    page.show_township(never)
    assert page.township_combo.currentData() == never
    assert page.model.total == 0 and page.count_label.text() == count_text(0)
    assert page.due_items == []


def test_a_station_has_no_township_column(qtbot: QtBot, world: World) -> None:
    station = world.stations[DAFO]
    with using(station.folder):
        page = ConsultationsPage(station.db, station.info)
        qtbot.addWidget(page)
        assert page.table.isColumnHidden(ct.COL_TOWNSHIP) and page.township_combo.parent() is None


def test_reports_and_members_show_and_filter_their_township(qtbot: QtBot, city: Hub) -> None:
    reports = ReportsPage(city.db, city.info)
    members = MembersPage(city.db, city.info)
    for page, column, kind in ((reports, rp.COL_TOWNSHIP, Report), (members, mp.COL_TOWNSHIP, Member)):
        qtbot.addWidget(page)
        page.refresh()
        assert not page.table.isColumnHidden(column)
        with city.db.session() as session:
            origins = list(session.scalars(select(kind.origin).where(kind.deleted.is_(False))))
        assert page.proxy.rowCount() == len(origins) and len(set(origins)) > 1
        offered = {page.township_filter.itemData(i) for i in range(1, page.township_filter.count())}
        assert offered == set(origins)
        page.township_filter.choose(YUJIN)
        shown = [page.proxy.index(r, column).data() for r in range(page.proxy.rowCount())]
        assert shown == ["犍为县玉津镇"] * origins.count(YUJIN) and shown
        page.township_filter.choose("")
        assert page.proxy.rowCount() == len(origins)
    assert reports.count_label.text() == f"共 {reports.proxy.rowCount()} 条"
