"""Importing an old 台账 from the 协商议题 page, and downloading the template."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from station_app.services.queries import ConsultationFilter, count_consultations
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.ui import ledger_dialog, worker
from station_app.ui.pages.consultations_page import ConsultationsPage

from .helpers import Shown

TODAY = date(2026, 11, 26)
GOOD = [
    {"title": "集市占道经营整治", "source": "群众点题", "field": "社会治理", "village": "白塔村",
     "proposed_on": "2025-05-06"},
    {"title": "社区老年食堂", "source": "党委政府交题", "field": "养老服务", "proposed_on": "2025-06-01"},
]  # fmt: skip
BAD = {"title": "", "source": "随便", "field": "社会治理", "proposed_on": "2025-13-40"}


@pytest.fixture(autouse=True)
def inline_jobs() -> Iterator[None]:
    with worker.synchronous():
        yield


@pytest.fixture
def page(qtbot: QtBot, db: Database, station: StationInfo) -> ConsultationsPage:
    widget = ConsultationsPage(db, station, today=TODAY)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def ledger_file(folder: Path, items: list[dict[str, str]]) -> Path:
    path = folder / "旧台账.json"
    path.write_text(json.dumps({"consultations": items}, ensure_ascii=False), encoding="utf-8")
    return path


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args, **_kw: (str(path), ""))


def open_import(qtbot: QtBot, page: ConsultationsPage) -> ledger_dialog.LedgerImportDialog:
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    dialog = page.ledger_import
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_a_good_file_imports(
    qtbot: QtBot,
    page: ConsultationsPage,
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown: Shown,
) -> None:
    choose_file(monkeypatch, ledger_file(tmp_path, GOOD))
    dialog = open_import(qtbot, page)
    assert dialog.import_button.text() == "导入"
    assert not dialog.errors.isVisibleTo(dialog)
    assert "可以导入的议题：2 个" in dialog.summary.text()
    with qtbot.waitSignal(dialog.imported):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert count_consultations(db, ConsultationFilter()) == 2
    assert shown.infos[-1].startswith("已导入 2 个议题")
    assert page.count_label.text() == "共 2 个议题"
    assert {page.model.row_at(r).title for r in range(2)} == {"集市占道经营整治", "社区老年食堂"}  # type: ignore[union-attr]
    assert page.village_combo.findData("白塔村") > 0


def test_a_bad_file_shows_the_rows_and_imports_nothing_on_cancel(
    qtbot: QtBot,
    page: ConsultationsPage,
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown: Shown,
) -> None:
    choose_file(monkeypatch, ledger_file(tmp_path, [GOOD[0], BAD]))
    dialog = open_import(qtbot, page)
    assert dialog.import_button.text() == "仅导入正确的行"
    assert dialog.errors.isVisibleTo(dialog) and dialog.errors.rowCount() >= 2
    rows = {dialog.errors.item(r, 0).text() for r in range(dialog.errors.rowCount())}
    assert rows == {"2"}  # the second item of the JSON list
    labels = {dialog.errors.item(r, 1).text() for r in range(dialog.errors.rowCount())}
    assert "议题名称" in labels
    assert "有问题的行：1 行" in dialog.summary.text()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert count_consultations(db, ConsultationFilter()) == 0
    assert not shown.infos


def test_a_bad_file_imports_only_the_good_rows_when_asked(
    qtbot: QtBot,
    page: ConsultationsPage,
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown: Shown,
) -> None:
    choose_file(monkeypatch, ledger_file(tmp_path, [GOOD[0], BAD, GOOD[1]]))
    dialog = open_import(qtbot, page)
    with qtbot.waitSignal(dialog.imported) as done:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert done.args[0].imported == 2 and done.args[0].skipped_rows == [2]
    assert count_consultations(db, ConsultationFilter()) == 2
    assert shown.infos[-1].startswith("已导入 2 个议题。\n有问题的第2行没有导入。")
    assert page.count_label.text() == "共 2 个议题"


def test_an_unreadable_file_says_why(
    qtbot: QtBot, page: ConsultationsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shown: Shown
) -> None:
    path = tmp_path / "台账.xls"
    path.write_bytes(b"old excel")
    choose_file(monkeypatch, path)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert page.ledger_import is None
    assert "另存为" in shown.errors[-1]


def test_choosing_no_file_does_nothing(
    qtbot: QtBot, page: ConsultationsPage, monkeypatch: pytest.MonkeyPatch, shown: Shown
) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args, **_kw: ("", ""))
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert page.ledger_import is None and not shown.errors


def test_the_template_is_written_where_chosen(
    qtbot: QtBot, page: ConsultationsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shown: Shown
) -> None:
    target = tmp_path / "我的模板"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kw: (str(target), ""))
    qtbot.mouseClick(page.template_button, Qt.MouseButton.LeftButton)
    written = target.with_name("我的模板.xlsx")
    assert written.is_file() and written.stat().st_size > 0
    assert str(written) in shown.infos[-1]
