"""The hub at a glance: what 缺号 and 待处理 mean, which topic a feedback is for, where save dialogs start."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from station_app.domain.progress import run_to_end
from station_app.hub.importer import import_packages
from station_app.storage.records import Consultation
from station_app.ui import folders, messages, worker
from station_app.ui.dialogs.feedback_dialog import FeedbackDialog
from station_app.ui.pages.consultations_page import ConsultationsPage
from station_app.ui.pages.hub_import_page import HubImportPage
from station_app.ui.pages.hub_overview_page import HEADERS, HubOverviewPage
from tests.hub.conftest import World, fresh_hub
from tests.hub.hub_world import DAFO, Hub, using


@pytest.fixture
def city(world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Hub]:
    made = fresh_hub(world, tmp_path)
    monkeypatch.setattr(messages, "show_info", lambda _p, text, title="": None)
    monkeypatch.setattr(messages, "ask_yes_no", lambda _p, text: False)
    with using(made.folder):
        yield made
    made.db.dispose()


def test_gap_and_pending_columns_explain_themselves(qtbot: QtBot, city: Hub, world: World) -> None:
    run_to_end(import_packages(city.db, [world.a[0], world.a[2]], trust_new=True))
    page = HubOverviewPage(city.db, city.info)
    qtbot.addWidget(page)
    tips = {HEADERS[c]: page.table.horizontalHeaderItem(c).toolTip() for c in range(len(HEADERS))}
    assert "还没有导入的数据包" in tips["缺号"] and "补交" in tips["缺号"]
    assert "冲突" in tips["待处理"] and "等待" in tips["待处理"]
    assert tips["最近包号"] and tips["报送日期"]
    row = next(r for r in range(page.table.rowCount()) if page.table.item(r, 0).text() == DAFO)
    assert page.table.item(row, 5).text() == "缺第 2 号" and "补交" in page.table.item(row, 5).toolTip()
    pending = page.table.item(row, len(HEADERS) - 1)
    if pending.text() != "0":
        assert "冲突" in pending.toolTip()


def test_the_feedback_dialog_names_its_topic(
    qtbot: QtBot, city: Hub, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_to_end(import_packages(city.db, list(world.a), trust_new=True))
    with city.db.session() as session:
        number, title = session.execute(
            select(Consultation.number, Consultation.title).where(
                Consultation.status.in_(("已报送", "办理中"))
            )
        ).first()  # type: ignore[misc]
    page = ConsultationsPage(city.db, city.info)
    qtbot.addWidget(page)
    page.show()
    row = next(r for r in range(page.model.rowCount()) if page.model.row_at(r).number == number)
    page.table.selectRow(row)
    seen: list[str] = []

    def look() -> None:
        dialog = page.feedback_dialog
        assert isinstance(dialog, FeedbackDialog) and dialog.isVisible()
        seen.append(dialog.topic_label.text())
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(0, look)
    qtbot.mouseClick(page.feedback_button, Qt.MouseButton.LeftButton)
    assert seen == [f"{number}《{title}》"]


def test_save_dialogs_start_in_the_folder_last_used(
    qtbot: QtBot, city: Hub, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stick = tmp_path / "U盘"
    stick.mkdir()
    for package in world.a:
        (stick / package.name).write_bytes(package.read_bytes())
    starts: list[str] = []

    def open_files(_parent: object, _title: str, start: str, _filter: str) -> tuple[list[str], str]:
        starts.append(start)
        return [str(stick / world.a[0].name)], ""

    def save_file(_parent: object, _title: str, start: str, _filter: str) -> tuple[str, str]:
        starts.append(start)
        return "", ""  # the clerk looks, then cancels

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", open_files)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_file)
    page = HubImportPage(city.db, city.info)
    qtbot.addWidget(page)
    page.show()
    assert (
        Path(starts_for(qtbot, page, "选择数据包…", starts)).resolve() == folders.documents_folder().resolve()
    )
    key_button = next(b for b in page.findChildren(QPushButton) if "公钥" in b.text())
    qtbot.mouseClick(key_button, Qt.MouseButton.LeftButton)
    assert Path(starts[-1]).parent == stick  # not the home folder: where the clerk just was


def starts_for(qtbot: QtBot, page: HubImportPage, text: str, starts: list[str]) -> str:
    button = next(b for b in page.findChildren(QPushButton) if b.text() == text)
    with worker.synchronous():
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return starts[-1]


@pytest.fixture
def program_font() -> Iterator[None]:
    """The Chinese font the program installs at start (tests otherwise run with a narrow fallback)."""
    from PySide6.QtWidgets import QApplication

    from station_app.ui.app import install_font

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.font()
    assert install_font(app) is not None
    yield
    app.setFont(before)


@pytest.mark.usefixtures("program_font")
def test_the_overview_fits_a_1366_wide_window(qtbot: QtBot, city: Hub, world: World) -> None:
    run_to_end(import_packages(city.db, list(world.a), trust_new=True))
    page = HubOverviewPage(city.db, city.info)
    qtbot.addWidget(page)
    page.resize(1366 - 140, 640)  # the page beside the navigation in a maximised window
    page.show()
    qtbot.waitExposed(page)
    assert page.table.horizontalScrollBar().maximum() == 0
    header = page.table.horizontalHeader()
    for column, text in enumerate(HEADERS):  # every head readable
        assert header.sectionSize(column) >= page.fontMetrics().horizontalAdvance(text), text
