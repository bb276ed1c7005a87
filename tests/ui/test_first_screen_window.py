"""The list's first page is painted with the window's first paint, then completed in place."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from station_app.domain.progress import run_to_end
from station_app.services.demo import fill_demo
from station_app.services.first_screen import FirstScreen, read_first_screen
from station_app.services.queries import ConsultationFilter, list_consultations
from station_app.services.station import load_station
from station_app.storage.engine import Database
from station_app.ui.main_window import MainWindow
from station_app.ui.models import consultation_table as ct
from station_app.ui.pages.consultations_page import ConsultationsPage, count_text

from .helpers import Shown

COUNT = 450  # more than two pages


@pytest.fixture
def filled(station_db: Database) -> Database:
    run_to_end(fill_demo(station_db, count=COUNT, seed=3, today=date(2026, 11, 26)))
    return station_db


def _first(db: Database) -> FirstScreen:
    first = read_first_screen(db.url, ct.PAGE_SIZE)
    assert first is not None
    return first


def _opening(qtbot: QtBot, first: FirstScreen) -> tuple[MainWindow, ConsultationsPage]:
    window = MainWindow.opening(lambda _window: None, first)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = window.findChild(ConsultationsPage)
    assert isinstance(page, ConsultationsPage)
    return window, page


def test_the_rows_are_there_before_the_database_opens(qtbot: QtBot, filled: Database, shown: Shown) -> None:
    first = _first(filled)
    window, page = _opening(qtbot, first)
    assert not window.is_attached
    assert page.isVisible() and page.model.rowCount() == ct.PAGE_SIZE
    assert page.model.row_at(0) == first.rows[0]
    assert "大佛街道" in window.windowTitle()
    # Nothing that needs the database can be used yet, and nothing pages on without it.
    assert not page.search_box.isEnabled() and not page.status_combo.isEnabled()
    assert not window.nav.isEnabled()
    assert not page.model.canFetchMore(QModelIndex())
    QTest.keyClick(page.table, Qt.Key.Key_Return)  # opening a record waits for the database
    assert page.editor is None

    info = load_station(filled)
    assert info is not None
    window.attach(filled, info)
    assert window.pages["consultations"] is page  # completed in place, not built again
    assert window.nav.isEnabled() and page.search_box.isEnabled() and page.status_combo.isEnabled()
    assert page.count_label.text() == count_text(COUNT)
    assert page.village_combo.count() > 1  # the filter boxes are filled now
    assert page.model.canFetchMore(QModelIndex())
    while page.model.canFetchMore(QModelIndex()):
        page.model.fetchMore(QModelIndex())
    shown_ids = [page.model.row_at(i).id for i in range(page.model.rowCount())]  # type: ignore[union-attr]
    expected = [r.id for r in list_consultations(filled, ConsultationFilter(), limit=None)]
    assert shown_ids == expected
    assert shown.errors == [] and shown.crashes == []


def test_a_sort_asked_for_early_is_applied_when_the_database_opens(qtbot: QtBot, filled: Database) -> None:
    window, page = _opening(qtbot, _first(filled))
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(ct.COL_TITLE) + header.sectionSize(ct.COL_TITLE) // 2
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    assert page.model.sort_column == ct.COL_TITLE
    info = load_station(filled)
    assert info is not None
    window.attach(filled, info)
    titles = [page.model.row_at(i).title for i in range(page.model.rowCount())]  # type: ignore[union-attr]
    descending = page.model.sort_order == Qt.SortOrder.DescendingOrder
    expected = list_consultations(filled, ConsultationFilter(), sort="title", descending=descending)
    assert titles == [r.title for r in expected]


START = r"""
import json, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QTableView
from station_app.ui.app import Startup, make_application

HEAVY = ("sqlalchemy", "alembic", "reportlab", "openpyxl", "pypinyin", "cryptography", "station_app.hub")
# Needed only once the window is there: the file dialogs' look, the ledger dialogs.
LATER = ("station_app.ui.file_dialog_look", "station_app.ui.ledger_dialog", "platform")
def loaded(names=HEAVY):
    return sorted({h for h in names for m in sys.modules if m == h or m.startswith(h + ".")})

app = make_application()
startup = Startup(None)
window = startup.window
report = {}

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if "paint_rows" not in report and event.type() == QEvent.Type.Paint:
            views = [v for v in window.findChildren(QTableView) if v.model() is not None]
            report["paint_rows"] = max((v.model().rowCount() for v in views), default=-1)
            report["paint_loaded"] = loaded()
            report["paint_later"] = loaded(LATER)
        return False

def settled():
    if window.is_attached and window.pages.is_built("sync"):
        report["settled_loaded"] = loaded()
        report["rows"] = window.pages["consultations"].model.rowCount()
        report["file_look"] = [n for n in (type(c).__name__ for c in app.children()) if n == "FileDialogLook"]
        print(json.dumps(report))
        app.quit()
    else:
        QTimer.singleShot(20, settled)

watcher = FirstPaint()
window.installEventFilter(watcher)
window.show()
QTimer.singleShot(0, settled)
app.exec()
startup.dispose()
"""


def test_the_real_start_paints_rows_without_the_database_layer(filled: Database, data_dir: Path) -> None:
    """In a new process: at the first paint the rows are there and neither SQLAlchemy nor anything
    heavy is loaded; once the start has settled (the 同步 page built) still no reportlab or Alembic."""
    data_dir.mkdir(parents=True, exist_ok=True)
    filled.dispose()
    Path(filled.url.removeprefix("sqlite:///")).replace(data_dir / "station.sqlite3")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "STATION_APP_DATA_DIR": str(data_dir)}
    done = subprocess.run(
        [sys.executable, "-c", START], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["paint_rows"] == ct.PAGE_SIZE
    assert report["paint_loaded"] == []
    assert report["paint_later"] == []
    assert report["file_look"] == ["FileDialogLook"]  # installed once the window had painted
    assert report["rows"] == ct.PAGE_SIZE
    assert "reportlab" not in report["settled_loaded"] and "alembic" not in report["settled_loaded"]
    assert "sqlalchemy" in report["settled_loaded"]  # the database did open after the paint
