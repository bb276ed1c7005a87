"""备份与恢复: the latest backup wherever it went, a list of every known one, and a restore question
that says what the backup holds against what is here now."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from station_app.services import backup_catalog, backups
from station_app.services.consultations import TopicInput, create_topic
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.ui.dialogs.backup_chooser import BackupChooser
from station_app.ui.pages import keys_panel
from station_app.ui.pages.sync_page import SyncPage

from .helpers import Shown


def _topic(db: Database, title: str) -> None:
    create_topic(db, TopicInput(title, "群众点题", "养老服务", date(2026, 3, 5)), today=date(2026, 11, 26))


def _page(qtbot: QtBot, db: Database, station: StationInfo) -> SyncPage:
    widget = SyncPage(db, station, auto_backup=False)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_latest_backup_names_the_manual_copy_on_the_stick_after_a_restart(
    qtbot: QtBot, db: Database, station: StationInfo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_file = Path(str(db.engine.url.database))
    backups.backup_now(db_file, backups.AUTO, now=datetime(2026, 1, 2, 19, 16))
    stick = tmp_path / "U盘"
    stick.mkdir()
    monkeypatch.setattr(keys_panel, "ask_folder", lambda _parent, _start: str(stick))
    page = _page(qtbot, db, station)
    assert "每日自动备份" in page.backup_panel.status.text()
    qtbot.mouseClick(page.backup_panel.backup_button, Qt.MouseButton.LeftButton)
    [copy] = list(stick.iterdir())

    again = _page(qtbot, db, station)  # as after a restart: read from disk again
    text = again.backup_panel.status.text()
    assert "手动备份" in text and str(copy) in text and "19:16" not in text
    assert [b.path for b in backup_catalog.known_backups()][:1] == [copy.resolve()]

    copy.unlink()  # the stick is gone: the daily copy is the latest known again
    assert "每日自动备份" in _page(qtbot, db, station).backup_panel.status.text()


def test_chooser_lists_known_backups_and_picks_by_mouse(qtbot: QtBot, tmp_path: Path, db: Database) -> None:
    db_file = Path(str(db.engine.url.database))
    daily = backups.backup_now(db_file, backups.AUTO, now=datetime(2026, 1, 2, 19, 16))
    manual = backups.backup_to(db_file, tmp_path)
    known = backup_catalog.known_backups()
    chooser = BackupChooser(known, lambda: "")
    qtbot.addWidget(chooser)
    chooser.show()
    table = chooser.table
    assert table.rowCount() == 2
    assert {table.item(r, 3).text() for r in range(2)} == {str(daily), str(manual.resolve())}
    assert table.item(0, 1).text() == "手动备份"  # newest first
    rect = table.visualRect(table.model().index(1, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseClick(chooser.restore_button, Qt.MouseButton.LeftButton)
    assert chooser.chosen == str(daily)

    other = BackupChooser(known, lambda: "/somewhere/其他.sqlite3")
    qtbot.addWidget(other)
    other.show()
    qtbot.mouseClick(other.other_button, Qt.MouseButton.LeftButton)
    assert other.chosen == "/somewhere/其他.sqlite3"


def test_restore_question_sets_the_backup_against_now(
    qtbot: QtBot,
    db: Database,
    station: StationInfo,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shown: Shown,
) -> None:
    _topic(db, "院坝老年食堂怎么办")
    db_file = Path(str(db.engine.url.database))
    old = backups.backup_to(db_file, tmp_path)
    for title in ("通组路硬化协商", "背街小巷路灯"):
        _topic(db, title)
    page = _page(qtbot, db, station)
    monkeypatch.setattr(keys_panel, "ask_backup_file", lambda *_args: str(old))
    shown.answer = False
    qtbot.mouseClick(page.backup_panel.restore_button, Qt.MouseButton.LeftButton)
    question = shown.questions[-1]
    assert "备份中：议题 1 个" in question and "本机现在：议题 3 个" in question
    assert "手动备份" in question and "比本机现在少" in question
    assert backup_catalog.contents_of(db_file) is not None
    assert backup_catalog.contents_of(db_file).topics == 3  # type: ignore[union-attr]
