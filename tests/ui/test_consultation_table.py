"""The paged 协商议题 table model: Qt's model checks, paging, filters, search, sorting, row refresh."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from station_app.domain.lifecycle import Stage, Status
from station_app.services import queries
from station_app.services.consultations import TopicInput, update_topic
from station_app.services.queries import ConsultationFilter, list_consultations
from station_app.storage.engine import Database
from station_app.ui.models import consultation_table as ct
from station_app.ui.models.consultation_table import ConsultationTableModel

from .demo_station import DEMO_COUNT, DEMO_TODAY, demo_template, open_copy


@pytest.fixture
def big_db(
    tmp_path_factory: pytest.TempPathFactory, migrated_template: Path, tmp_path: Path
) -> Iterator[Database]:
    database = open_copy(demo_template(tmp_path_factory, migrated_template), tmp_path)
    yield database
    database.dispose()


@pytest.fixture
def small_db(
    tmp_path_factory: pytest.TempPathFactory, migrated_template: Path, tmp_path: Path
) -> Iterator[Database]:
    database = open_copy(demo_template(tmp_path_factory, migrated_template, count=450), tmp_path)
    yield database
    database.dispose()


def all_ids(model: ConsultationTableModel) -> list[str]:
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    return [model.data(model.index(r, 0), ct.ROW_ROLE).id for r in range(model.rowCount())]


def service_ids(
    db: Database, flt: ConsultationFilter, sort: str = "number", descending: bool = True
) -> list[str]:
    return [r.id for r in list_consultations(db, flt, sort=sort, descending=descending, limit=10**6)]


def configure(model: ConsultationTableModel, how: str) -> None:
    if how == "sorted":
        model.sort(ct.COL_TITLE, Qt.SortOrder.AscendingOrder)
    elif how == "filtered":
        model.set_filter(ConsultationFilter(stage=Stage.CONSULTATION.value))
    elif how == "empty":
        model.set_filter(ConsultationFilter(search="没有这样的词语"))
    elif how == "refreshed":
        model.fetchMore(QModelIndex())
        model.refresh_row(model.row_at(1).id)  # type: ignore[union-attr]


# Qt's model testers call fetchMore from their own handlers of a reset or an insertion, before they
# have noted that the change ended, and so fault any reset of a model with more to fetch. Each state
# is therefore checked by a tester attached after the change; the signals are tested further down.
@pytest.mark.parametrize("how", ["opened", "sorted", "filtered", "empty", "refreshed"])
def test_model_passes_qt_model_checks(qtmodeltester, small_db: Database, how: str) -> None:
    model = ConsultationTableModel(small_db)
    configure(model, how)
    qtmodeltester.check(model)
    assert model.rowCount() == model.total  # the tester fetched every page and checked each insertion


def test_opening_reads_one_count_and_one_page(big_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[int, int]] = []
    real = queries.list_consultations

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append((kwargs["offset"], kwargs["limit"]))
        return real(*args, **kwargs)

    monkeypatch.setattr(queries, "list_consultations", spy)  # the model imports it when it reads
    model = ConsultationTableModel(big_db)
    assert calls == [(0, ct.PAGE_SIZE)]
    assert model.rowCount() == ct.PAGE_SIZE
    assert model.total == DEMO_COUNT
    assert model.canFetchMore(QModelIndex())


def test_fetch_more_loads_the_next_page(big_db: Database) -> None:
    model = ConsultationTableModel(big_db)
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * ct.PAGE_SIZE
    ids = all_ids(model)
    assert len(ids) == DEMO_COUNT == len(set(ids))
    assert not model.canFetchMore(QModelIndex())
    assert ids == service_ids(big_db, ConsultationFilter())


def test_scrolling_to_the_end_loads_every_row(qtbot: QtBot, big_db: Database) -> None:
    model = ConsultationTableModel(big_db)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(800, 400)
    view.show()
    qtbot.waitExposed(view)
    assert model.rowCount() < DEMO_COUNT
    for _ in range(DEMO_COUNT // ct.PAGE_SIZE + 5):
        view.scrollToBottom()
        qtbot.wait(1)
        if model.rowCount() == DEMO_COUNT:
            break
    assert model.rowCount() == DEMO_COUNT


def test_default_order_is_newest_first(big_db: Database) -> None:
    model = ConsultationTableModel(big_db)
    rows = [model.row_at(r) for r in range(model.rowCount())]
    keys = [(r.year, r.seq) for r in rows if r is not None]
    assert keys == sorted(keys, reverse=True)


@pytest.mark.parametrize(
    "flt",
    [
        ConsultationFilter(status=Status.CONSULTED.value),
        ConsultationFilter(stage=Stage.CONVERSION.value),
        ConsultationFilter(field="教育"),
        ConsultationFilter(source="社情民意转化", year=DEMO_TODAY.year),
        ConsultationFilter(stage=Stage.SELECTION.value, year=DEMO_TODAY.year - 1),
    ],
)
def test_filters_give_the_service_ids(big_db: Database, flt: ConsultationFilter) -> None:
    model = ConsultationTableModel(big_db)
    model.set_filter(flt)
    expected = service_ids(big_db, flt)
    assert expected, "the demo data should have records for each filter"
    assert model.total == len(expected)
    assert all_ids(model) == expected


def test_village_filter(big_db: Database) -> None:
    villages, _years = queries.filter_choices(big_db)
    flt = ConsultationFilter(village=villages[0])
    model = ConsultationTableModel(big_db)
    model.set_filter(flt)
    assert all_ids(model) == service_ids(big_db, flt)
    assert {model.row_at(r).village for r in range(model.rowCount())} == {villages[0]}  # type: ignore[union-attr]


def test_search_gives_the_service_ids(big_db: Database) -> None:
    first = list_consultations(big_db, ConsultationFilter(), limit=1)[0]
    word = first.title[:2]
    flt = ConsultationFilter(search=word)
    model = ConsultationTableModel(big_db)
    model.set_filter(flt)
    ids = all_ids(model)
    assert first.id in ids
    assert ids == service_ids(big_db, flt)


def test_sorting_requeries_with_the_service_keys(big_db: Database) -> None:
    model = ConsultationTableModel(big_db)
    model.sort(ct.COL_TITLE, Qt.SortOrder.AscendingOrder)
    assert model.rowCount() == ct.PAGE_SIZE
    expected = service_ids(big_db, ConsultationFilter(), sort="title", descending=False)
    assert all_ids(model) == expected
    model.sort(ct.COL_PROPOSED_ON, Qt.SortOrder.DescendingOrder)
    dates = [model.row_at(r).proposed_on for r in range(model.rowCount())]  # type: ignore[union-attr]
    assert dates == sorted(dates, reverse=True)  # type: ignore[type-var]


def test_refresh_row_emits_a_targeted_change(qtbot: QtBot, small_db: Database) -> None:
    model = ConsultationTableModel(small_db)
    row = model.row_at(3)
    assert row is not None
    topic = TopicInput("更新后的议题名称：小区停车难", row.source, row.field, row.proposed_on, row.village)
    assert update_topic(small_db, row.id, topic, today=DEMO_TODAY)
    with qtbot.waitSignal(model.dataChanged) as blocker:
        assert model.refresh_row(row.id)
    top, bottom = blocker.args[0], blocker.args[1]
    assert (top.row(), bottom.row()) == (3, 3)
    assert (top.column(), bottom.column()) == (0, len(ct.HEADERS) - 1)
    assert model.data(model.index(3, ct.COL_TITLE)) == "更新后的议题名称：小区停车难"


def test_refresh_of_an_unknown_row_reloads(qtbot: QtBot, small_db: Database) -> None:
    model = ConsultationTableModel(small_db)
    with qtbot.waitSignal(model.modelReset):
        assert not model.refresh_row("no-such-id")


def test_headers_and_display(small_db: Database) -> None:
    model = ConsultationTableModel(small_db)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == list(ct.HEADERS)
    row = model.row_at(0)
    assert row is not None
    assert model.data(model.index(0, ct.COL_NUMBER)) == row.number
    status = model.data(model.index(0, ct.COL_STATUS))
    assert row.status in status
    assert model.data(model.index(0, ct.COL_PROPOSED_ON)) == row.proposed_on.isoformat()  # type: ignore[union-attr]
