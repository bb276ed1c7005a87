"""No English in what a clerk sees: every page, editor tab, menu, and the dialogs (ours and Qt's).

The check collects the visible text of each widget (labels, buttons, tabs, headers, list and
combo entries, placeholders, tooltips of buttons) and fails on any Latin word that is not one of
the few a clerk knows as they are (PDF, Excel, Ctrl, U盘's USB …).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QTabBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from station_app.domain.lifecycle import Status
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.ui import app as ui_app
from station_app.ui.dialogs.member_dialog import MemberDialog
from station_app.ui.dialogs.report_dialog import ReportDialog
from station_app.ui.editor.date_field import DateField
from station_app.ui.editor.reason_dialog import ReasonDialog
from station_app.ui.main_window import MainWindow
from station_app.ui.pages.consultations_page import ConsultationsPage

from .test_editor_support import topic_in

ROOT = Path(__file__).resolve().parents[2]
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
KNOWN = {"PDF", "pdf", "Excel", "xlsx", "Ctrl", "USB", "KB", "MB", "GB", "Delete", "Tab", "Enter", "Shift"}
KNOWN |= {"Alt", "Esc", "F1", "zip", "json", "JSON", "csv", "jpg", "png", "jpeg", "doc", "docx", "Backspace"}
KNOWN |= {"Windows", "WPS", "age", "SHA", "Ed"}
KNOWN |= {"KiB", "MiB", "GiB"}  # sizes in Qt's file list, as the Chinese locale writes them


TAG = re.compile(r"<[^>]+>")
PATH = re.compile(r"(?:[A-Za-z]:)?(?:[/\\][^\s，。；）]+)+")  # folders and files: the machine's names
FINGERPRINT = re.compile(r"\b[0-9A-F]{4}\b")


def latin_words(text: str) -> list[str]:
    plain = FINGERPRINT.sub("", PATH.sub("", TAG.sub("", text)))
    return [w for w in LATIN_WORD.findall(plain.replace("&", "")) if w not in KNOWN]


# In a file dialog the names of files and folders are the clerk's, not the program's words.
FILE_NAMES_SHOWN = {"lookInCombo", "sidebar", "fileNameEdit"}
FILE_LISTS = {"listView", "treeView"}


def model_texts(model: QAbstractItemModel | None, root: QModelIndex, first_column: int = 0) -> Iterator[str]:
    if model is None:
        return
    try:
        columns = model.columnCount(root)
    except TypeError:  # some of Qt's own models keep columnCount() private to Python: probe
        columns = next(c for c in range(1, 64) if not model.index(0, c, root).isValid())
    for column in range(columns):
        yield str(model.headerData(column, Qt.Orientation.Horizontal) or "")
    rows = (
        next(r for r in range(21) if not model.index(r, 0, root).isValid())
        if model.index(0, 0, root).isValid()
        else 0
    )
    for row in range(rows):
        for column in range(first_column, columns):
            yield str(model.data(model.index(row, column, root)) or "")


def visible_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        name = f"{type(widget).__name__}#{widget.objectName()}"
        if widget.objectName() in FILE_NAMES_SHOWN:
            continue
        if widget.isWindow():
            yield name, widget.windowTitle()
        if isinstance(widget, QLabel):
            yield name, widget.text()
        elif isinstance(widget, QAbstractButton):
            yield name, widget.text()
            yield name, widget.toolTip()
        elif isinstance(widget, QGroupBox):
            yield name, widget.title()
        elif isinstance(widget, QTabBar):
            yield from ((name, widget.tabText(i)) for i in range(widget.count()))
        elif isinstance(widget, QComboBox):
            yield from ((name, widget.itemText(i)) for i in range(widget.count()))
            yield name, widget.placeholderText()
        elif isinstance(widget, QLineEdit | QPlainTextEdit):
            yield name, widget.placeholderText()
        elif isinstance(widget, QAbstractItemView):
            first = 1 if widget.objectName() in FILE_LISTS else 0
            if not (widget.objectName() == "listView" and first):
                yield from ((name, t) for t in model_texts(widget.model(), widget.rootIndex(), first))
        elif isinstance(widget, QCalendarWidget):
            view = widget.findChild(QAbstractItemView)
            yield from ((name, t) for t in model_texts(view.model(), QModelIndex()))


def menu_texts(menu: QMenu, where: str) -> Iterator[tuple[str, str]]:
    for action in menu.actions():
        yield where, action.text()
        if action.menu() is not None:
            yield from menu_texts(action.menu(), where)


def english_in(texts: Iterator[tuple[str, str]]) -> list[str]:
    return [f"{where}: {text!r}" for where, text in texts if latin_words(text)]


@pytest.fixture
def chinese_qt(qtbot: QtBot) -> Iterator[None]:
    """Qt's translators, as the program installs them; removed again for the other tests."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = list(ui_app._translators)
    assert ui_app.install_translator(app)
    yield
    for translator in ui_app._translators[len(before) :]:
        app.removeTranslator(translator)
    del ui_app._translators[len(before) :]


@pytest.fixture
def window(qtbot: QtBot, db: Database, station: StationInfo, chinese_qt: None) -> MainWindow:
    topic_in(db, Status.CONSULTED)
    widget = MainWindow(db, station)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_every_page_tab_and_menu_is_chinese(qtbot: QtBot, window: MainWindow) -> None:
    found: list[str] = []
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        qtbot.wait(20)
        found += english_in(visible_texts(window))
    for action in window.menuBar().actions():
        found.append(f"menu {action.text()!r}") if latin_words(action.text()) else None
        if action.menu() is not None:
            found += english_in(menu_texts(action.menu(), action.text()))
    window.nav.setCurrentRow(0)
    page = window.pages["consultations"]
    assert isinstance(page, ConsultationsPage)
    page.table.selectRow(0)
    page.open_consultation(page.selected_id() or "")
    editor = page.editor
    assert editor is not None
    for index in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(index)
        qtbot.wait(20)
        found += english_in(visible_texts(window))
    assert not found, "\n".join(found)


@pytest.mark.qt_log_ignore(
    "does not support raise", "does not support grabbing the keyboard", "propagateSizeHints"
)
def test_our_dialogs_and_qt_context_menus_are_chinese(
    qtbot: QtBot, db: Database, station: StationInfo, chinese_qt: None
) -> None:
    dialogs: list[QWidget] = [
        ReportDialog(db, [], date.today()),
        MemberDialog(db, None),
        ReasonDialog(None, "撤销议题", "请说明理由："),
        QMessageBox(
            QMessageBox.Icon.Question,
            "请确认",
            "确定吗？",
            QMessageBox.StandardButton.Yes
            | QMessageBox.StandardButton.No
            | QMessageBox.StandardButton.Cancel,
        ),
    ]
    found: list[str] = []
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        found += english_in(visible_texts(dialog))
        dialog.close()
    edit, text = QLineEdit(), QPlainTextEdit()
    qtbot.addWidget(edit)
    qtbot.addWidget(text)
    for menu in (edit.createStandardContextMenu(), text.createStandardContextMenu()):
        found += english_in(menu_texts(menu, "context menu"))
    field = DateField("d")
    qtbot.addWidget(field)
    field.show()
    field.show_calendar()
    assert field.calendar is not None
    found += english_in(visible_texts(field.calendar))
    assert not found, "\n".join(found)


FILE_DIALOG_SCRIPT = """
import json, sys
from station_app.ui.app import install_after_first_paint, make_application
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog, QTreeView
from tests.ui.test_no_english import visible_texts
app = make_application()
install_after_first_paint()  # as the running program has it once its window has painted
folder, mode = sys.argv[1], sys.argv[2]
dialog = QFileDialog(None, "选择要导入的台账", folder, "Excel 文件 (*.xlsx)")
dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
dialog.setViewMode(QFileDialog.ViewMode.Detail)
if mode == "save":
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
if mode == "folder":
    dialog.setFileMode(QFileDialog.FileMode.Directory)
dialog.show()
files = dialog.findChild(QTreeView, "treeView")
def done():
    if files.model().rowCount(files.rootIndex()) < (1 if mode == "folder" else 2):
        QTimer.singleShot(50, done)
        return
    print(json.dumps(list(visible_texts(dialog)), ensure_ascii=False))
    app.quit()
QTimer.singleShot(50, done)
QTimer.singleShot(10000, app.quit)
app.exec()
"""


@pytest.mark.parametrize("mode", ["open", "save", "folder"])
def test_the_file_dialogs_are_chinese_with_chinese_dates(tmp_path: Path, mode: str) -> None:
    """Qt's file dialog as the program starts it (its own process: the locale is read at start)."""
    (tmp_path / "子文件夹").mkdir()
    (tmp_path / "台账.xlsx").write_bytes(b"x" * 2048)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8"}
    env.pop("LC_ALL", None)
    result = subprocess.run(
        [sys.executable, "-c", FILE_DIALOG_SCRIPT, str(tmp_path), mode],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    texts = json.loads(result.stdout.strip().splitlines()[-1])
    found = english_in((where, text) for where, text in texts)
    assert not found, "\n".join(found)
    shown = [text for _where, text in texts]
    assert "文件夹" in shown and "查找范围(I)：" in [t.replace("&", "") for t in shown]
    assert any(re.fullmatch(r"\d{4}/\d{1,2}/\d{1,2} \d{1,2}:\d{2}", t) for t in shown), shown
