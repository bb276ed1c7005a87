"""The hub's pages and the 统计 board, with real widgets offscreen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCharts import QHorizontalBarSeries, QPieSeries
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from station_app.domain.progress import run_to_end
from station_app.hub import kpi
from station_app.hub.importer import import_packages
from station_app.services.station import require_station
from station_app.ui import messages, worker
from station_app.ui.main_window import MainWindow
from station_app.ui.pages.hub_import_page import HubImportPage
from station_app.ui.pages.hub_overview_page import NEVER, HubOverviewPage
from station_app.ui.pages.statistics_page import StatisticsPage
from tests.hub.conftest import World, fresh_hub
from tests.hub.hub_world import DAFO, Hub, using
from tests.hub.test_hub_import import _resigned


@pytest.fixture
def city(world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Hub:
    made = fresh_hub(world, tmp_path)
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_info", lambda _p, text, title="": shown.append(text))
    monkeypatch.setattr(messages, "show_error", lambda _p, text: shown.append(text))
    with using(made.folder):
        yield made
    made.db.dispose()


def test_import_page_confirms_new_keys_and_decides_conflicts(
    qtbot: QtBot, city: Hub, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(messages, "ask_yes_no", lambda _p, text: asked.append(text) or True)
    page = HubImportPage(city.db, city.info)
    qtbot.addWidget(page)
    with worker.synchronous():
        page.start_import(world.a)
    assert len(asked) == 1 and "指纹" in asked[0]
    lines = [page.results.item(i).text() for i in range(page.results.count())]
    assert sum(line.startswith("待确认") for line in lines) == 3
    assert sum(line.startswith("已接收") for line in lines) == 3
    crafted = _resigned(world, city, tmp_path, {"title": "被改动的标题"}, revision_delta=0)
    with worker.synchronous():
        page.start_import([crafted])
    assert page.conflict_table.rowCount() == 1
    assert page.compare.item(0, 0).text() == "议题名称"  # the field by its name, not the column's
    assert page.compare.item(0, 2).text() == "被改动的标题"
    page.keep_button.click()
    assert page.conflict_table.rowCount() == 0 and not page.take_button.isEnabled()


def test_overview_lists_every_township_and_marks_the_silent_ones(
    qtbot: QtBot, city: Hub, world: World
) -> None:
    run_to_end(import_packages(city.db, [world.a[0], world.a[2]], trust_new=True))
    page = HubOverviewPage(city.db, city.info)
    qtbot.addWidget(page)
    assert page.table.rowCount() == 132
    texts = {page.table.item(r, 0).text(): r for r in range(132)}
    row = texts[DAFO]
    assert page.table.item(row, 3).text() == "3" and page.table.item(row, 5).text() == "缺第 2 号"
    silent = texts["511123100"]
    assert page.table.item(silent, 3).text() == "从未报送"
    assert page.table.item(silent, 0).background().color() == NEVER
    assert "已报送 1 个" in page.summary.text()


def test_statistics_board_and_exports(
    qtbot: QtBot, city: Hub, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_to_end(import_packages(city.db, [*world.a, *world.b, *world.c], trust_new=True))
    page = StatisticsPage(city.db, city.info)
    qtbot.addWidget(page)
    page.date_from.setDate(page.date_from.date().addYears(-3))
    page.refresh()
    with city.db.session() as session:
        expected = kpi.compute(session, kpi.city_scope(), page.period())
    assert expected.figures.active > 0
    assert page.figures["active"].text() == str(expected.figures.active)
    assert page.figures["total"].text() == str(expected.figures.total)
    assert page.figures["minsheng_share"].text().startswith(kpi.percent(expected.figures.minsheng_share))
    assert page.scope_box.count() == 1 + 11 + 132
    assert isinstance(page.stage_chart.chart().series()[0], QHorizontalBarSeries)
    assert isinstance(page.rating_chart.chart().series()[0], QPieSeries)
    for suffix in (".pdf", ".xlsx"):
        target = tmp_path / f"报表{suffix}"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, t=target: (str(t), ""))
        assert page.export(suffix) == target and target.stat().st_size > 1000
    page.scope_box.setCurrentIndex(1 + 11 + [t for t in kpi.city_scope().township_codes()].index(DAFO))
    page.refresh()
    with city.db.session() as session:
        own = kpi.compute(session, kpi.station_scope(DAFO), page.period())
    assert page.figures["total"].text() == str(own.figures.total)


def test_a_station_sees_its_own_board_and_a_hub_its_pages(qtbot: QtBot, world: World, city: Hub) -> None:
    station = world.stations[DAFO]
    info = require_station(station.db)
    page = StatisticsPage(station.db, info)
    qtbot.addWidget(page)
    assert page.scope_box.count() == 1 and not page.scope_box.isEnabled()
    window = MainWindow(city.db, city.info)
    qtbot.addWidget(window)
    assert isinstance(window.pages["overview"], HubOverviewPage)
    assert isinstance(window.pages["sync"], HubImportPage)
    assert isinstance(window.pages["statistics"], StatisticsPage)


def test_the_hub_enters_feedback_from_the_list(
    qtbot: QtBot, city: Hub, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import select

    from station_app.hub.feedback import list_feedback
    from station_app.storage.records import Consultation
    from station_app.ui.dialogs.feedback_dialog import FeedbackDialog
    from station_app.ui.pages.consultations_page import ConsultationsPage

    run_to_end(import_packages(city.db, list(world.a), trust_new=True))
    with city.db.session() as session:
        target = session.scalars(
            select(Consultation.id).where(Consultation.status.in_(("已报送", "办理中")))
        ).first()
    assert target is not None
    page = ConsultationsPage(city.db, city.info)
    qtbot.addWidget(page)
    page.show()
    assert page.findChild(type(page.feedback_button), "hub_feedback_button") is page.feedback_button
    row = next(r for r in range(page.model.rowCount()) if page.model.row_at(r).id == target)
    page.table.selectRow(row)

    def fill_and_save(dialog: FeedbackDialog) -> int:
        dialog.result_combo.setCurrentIndex(dialog.result_combo.findData("B"))
        dialog.reply_edit.setPlainText("已列入明年计划，先行修复破损路段。")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(FeedbackDialog, "exec", fill_and_save)
    assert page.enter_feedback()
    saved = [f for f in list_feedback(city.db) if f.consultation_id == target]
    assert [(f.result_code, f.reply_text) for f in saved] == [("B", "已列入明年计划，先行修复破损路段。")]


def test_feedback_on_a_topic_not_yet_sent_is_refused_in_chinese(
    qtbot: QtBot, city: Hub, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import select

    from station_app.storage.records import Consultation
    from station_app.ui.dialogs.feedback_dialog import FeedbackDialog

    run_to_end(import_packages(city.db, list(world.a), trust_new=True))
    with city.db.session() as session:
        target = session.scalars(select(Consultation.id).where(Consultation.status == "征集中")).first()
    assert target is not None
    refused: list[str] = []
    monkeypatch.setattr(messages, "show_known_error", lambda _p, error: refused.append(error.message))
    dialog = FeedbackDialog(city.db, target, "某议题", "张科长")
    qtbot.addWidget(dialog)
    dialog.reply_edit.setPlainText("已办结")
    dialog.save()
    assert dialog.saved_id is None and not dialog.result()
    assert refused and "只有已报送、办理中或已反馈的议题" in refused[0]


def test_the_hub_exports_its_key_file_for_the_stations(
    qtbot: QtBot, city: Hub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from station_app.sync.crypto import read_office_key_file

    page = HubImportPage(city.db, city.info)
    qtbot.addWidget(page)
    target = tmp_path / "交给联络站" / "乐山市政协公钥"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    written = page.export_key()
    assert written == target.with_name(target.name + ".json")
    key = read_office_key_file(written)
    assert key.role == city.info.role and key.age_recipient.startswith("age1")
