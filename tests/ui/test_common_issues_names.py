"""At a county's office every township is of that county: the page names the townships alone;
at the city's office, with the county before them."""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from station_app import paths
from station_app.hub.closeness import CLOSENESS_HEADER, CLOSENESS_TIP, WORD_TIPS
from station_app.services.station import SetupRequest, setup_station
from station_app.storage.migrate import open_database
from station_app.ui import worker
from station_app.ui.pages.common_issues_page import HEADERS, CommonIssuesPage
from tests.bench.common_issues_eval import load_labelled
from tests.hub.common_issues_world import add_topics, make_city_hub

RESOURCES = Path(__file__).resolve().parents[2] / "resources"


def _find(qtbot: QtBot, page: CommonIssuesPage) -> None:
    page.date_from.setDate(QDate(2026, 1, 1))
    page.date_to.setDate(QDate(2026, 12, 31))
    with worker.synchronous(), qtbot.waitSignal(page.found):
        qtbot.mouseClick(page.find_button, Qt.MouseButton.LeftButton)
    assert page.issues


def test_a_county_office_sees_township_names_alone(
    qtbot: QtBot, data_dir: Path, migrated_template: Path
) -> None:
    with (RESOURCES / "leshan_townships.csv").open(encoding="utf-8") as f:
        ours = [r for r in csv.DictReader(f) if r["county_code"] == "511102"]
    items = load_labelled("dev")
    towns = sorted({i.topic.township for i in items})
    home = {code: ours[n % len(ours)]["township_code"] for n, code in enumerate(towns)}
    items = [
        dataclasses.replace(i, topic=dataclasses.replace(i.topic, township=home[i.topic.township]))
        for i in items
    ]
    target = paths.database_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(migrated_template.read_bytes())
    db = open_database(f"sqlite:///{target}")
    info = setup_station(
        db, SetupRequest(role="county", county_code="511102", head_name="张", clerk_name="刘")
    )
    add_topics(db, items)
    page = CommonIssuesPage(db, info)
    qtbot.addWidget(page)
    _find(qtbot, page)
    cell = page.table.item(0, 3).text()
    assert cell and "市中区" not in cell
    assert "由县（区）政协" in page.note.placeholderText()  # its own committee, not the city's
    assert all("市中区" not in page.topics.item(r, 0).text() for r in range(page.topics.rowCount()))
    db.dispose()


@pytest.fixture
def city_page(qtbot: QtBot, data_dir: Path, migrated_template: Path) -> Iterator[CommonIssuesPage]:
    """The city office's page with the dev set's groups found."""
    db, info = make_city_hub(migrated_template)
    add_topics(db, load_labelled("dev"))
    page = CommonIssuesPage(db, info)
    qtbot.addWidget(page)
    _find(qtbot, page)
    yield page
    db.dispose()


def test_the_city_office_sees_the_county_too(city_page: CommonIssuesPage) -> None:
    page = city_page
    assert "由市政协" in page.note.placeholderText()
    counties = (
        "市中区",
        "沙湾区",
        "五通桥区",
        "金口河区",
        "犍为县",
        "井研县",
        "夹江县",
        "沐川县",
        "峨边",
        "马边",
        "峨眉山市",
    )
    assert any(c in page.table.item(0, 3).text() for c in counties)


def test_cut_cells_are_read_in_full_on_hover(city_page: CommonIssuesPage) -> None:
    for column in (3, 4, 5, 6):
        item = city_page.table.item(0, column)
        assert item.toolTip() == item.text() != ""
    # 相近程度: what its own word means for the group, then what the words mean.
    column = HEADERS.index(CLOSENESS_HEADER)
    for row in range(city_page.table.rowCount()):
        item = city_page.table.item(row, column)
        assert item.toolTip() == f"{WORD_TIPS[item.text()]}\n\n{CLOSENESS_TIP}"
    assert city_page.table.horizontalHeaderItem(column).toolTip() == CLOSENESS_TIP
