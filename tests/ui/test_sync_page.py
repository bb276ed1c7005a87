"""The 同步 page: export to a temp folder standing for the stick, keys, feedback, backups."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from station_app import paths
from station_app.domain.progress import Job
from station_app.errors import Cancelled
from station_app.services import backups, keys
from station_app.services.consultations import TopicInput, create_topic
from station_app.services.export import MSG_DONE, export_log
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.sync.crypto import AgeIdentity, OfficeKeyFile, SigningKey, write_office_key_file
from station_app.sync.manifest import StationInfo as PackageStation
from station_app.sync.package import PackageContent, PackageHeader, build_package, open_package
from station_app.sync.records import SyncRecord
from station_app.ui import worker
from station_app.ui.pages import keys_panel, sync_page
from station_app.ui.pages.sync_page import SyncPage

from .helpers import Shown

TIMEOUT_MS = 10_000


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    folder = tmp_path / "U盘"
    folder.mkdir()
    return folder


@pytest.fixture
def page(
    qtbot: QtBot, db: Database, station: StationInfo, stick: Path, monkeypatch: pytest.MonkeyPatch
) -> SyncPage:
    for title in ("院坝老年食堂怎么办", "通组路硬化协商"):
        create_topic(
            db, TopicInput(title, "群众点题", "养老服务", date(2026, 3, 5)), today=date(2026, 11, 26)
        )
    monkeypatch.setattr(keys_panel, "ask_folder", lambda _parent, _start: str(stick))
    widget = SyncPage(db, station, auto_backup=False)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def button(page: SyncPage, name: str) -> QPushButton:
    found = page.findChild(QPushButton, name)
    assert found is not None, name
    return found


def click(qtbot: QtBot, page: SyncPage, name: str) -> None:
    qtbot.mouseClick(button(page, name), Qt.MouseButton.LeftButton)


def make_office(folder: Path) -> tuple[AgeIdentity, SigningKey, Path]:
    identity, signing = AgeIdentity.generate(), SigningKey.generate()
    path = folder / "市中区政协公钥.json"
    write_office_key_file(
        path, OfficeKeyFile.create("乐山市市中区政协办公室", "511102", "county", identity, signing)
    )
    return identity, signing, path


def test_export_to_the_stick_says_it_is_safe(qtbot: QtBot, page: SyncPage, stick: Path, shown: Shown) -> None:
    assert "将导出第 1 号数据包" in page.summary.text() and "协商议题 2 条" in page.summary.text()
    assert not page.warning.isHidden()  # no office key yet
    click(qtbot, page, "sync_choose_folder")
    assert page.current_target() == stick

    with qtbot.waitSignal(page.exported, timeout=TIMEOUT_MS):
        click(qtbot, page, "sync_export_incremental")  # on the worker thread, as for the clerk

    assert MSG_DONE in page.result.text()
    assert shown.infos and shown.infos[-1].startswith(MSG_DONE) and "没有加密" in shown.infos[-1]
    [written] = list(stick.iterdir())
    assert page.result_path == written and len(open_package(written).records) == 2
    assert page.log_table.rowCount() == 1
    assert page.log_table.item(0, 2).text() == written.name
    assert page.log_table.item(0, 5).text() == "未回执"
    assert "没有新的变化" in page.summary.text()
    assert shown.errors == [] and shown.crashes == []


def test_the_last_target_is_remembered(
    qtbot: QtBot, page: SyncPage, stick: Path, db: Database, station: StationInfo, shown: Shown
) -> None:
    click(qtbot, page, "sync_choose_folder")
    with worker.synchronous():
        click(qtbot, page, "sync_export_full")
    again = SyncPage(db, station, auto_backup=False)
    qtbot.addWidget(again)
    assert again.current_target() == stick


def test_nothing_new_is_said_plainly(qtbot: QtBot, page: SyncPage, shown: Shown) -> None:
    click(qtbot, page, "sync_choose_folder")
    with worker.synchronous():
        click(qtbot, page, "sync_export_incremental")
        click(qtbot, page, "sync_export_incremental")
    assert "自上次导出以来没有新的变化" in shown.infos[-1]
    assert len(export_log(page._db)) == 1


def test_a_pulled_out_stick_gives_a_chinese_message(
    qtbot: QtBot, page: SyncPage, stick: Path, shown: Shown
) -> None:
    click(qtbot, page, "sync_choose_folder")
    stick.rmdir()
    with worker.synchronous():
        click(qtbot, page, "sync_export_incremental")
    assert shown.errors and "U盘可能已被拔出" in shown.errors[-1]
    assert "U盘可能已被拔出" in page.result.text()
    assert export_log(page._db) == [] and shown.crashes == []
    assert button(page, "sync_export_incremental").isEnabled()


def test_cancel_says_nothing_changed(
    qtbot: QtBot, page: SyncPage, monkeypatch: pytest.MonkeyPatch, shown: Shown
) -> None:
    def cancelled(*_args: object, **_kwargs: object) -> Job[object]:
        raise Cancelled()
        yield  # pragma: no cover

    monkeypatch.setattr(sync_page, "export_package", cancelled)
    click(qtbot, page, "sync_choose_folder")
    with worker.synchronous():
        click(qtbot, page, "sync_export_incremental")
    assert page.result.text() == sync_page.CANCELLED_TEXT and shown.errors == []


def test_office_key_encrypts_and_hides_the_warning(
    qtbot: QtBot, page: SyncPage, stick: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shown: Shown
) -> None:
    identity, _signing, key_file = make_office(tmp_path)
    monkeypatch.setattr(keys_panel, "ask_open_file", lambda *_args: str(key_file))
    assert page.keys_panel.fingerprint.text() == keys.station_fingerprint()
    click(qtbot, page, "keys_add")
    assert "乐山市市中区政协办公室" in shown.infos[-1]
    assert page.warning.isHidden() and "乐山市市中区政协办公室" in page.summary.text()
    click(qtbot, page, "sync_choose_folder")
    with worker.synchronous():
        click(qtbot, page, "sync_export_incremental")
    [written] = list(stick.iterdir())
    assert open_package(written, identities=[identity]).manifest.encrypted
    assert "没有加密" not in shown.infos[-1]

    pdf = tmp_path / "登记表.pdf"
    monkeypatch.setattr(keys_panel, "ask_pdf_target", lambda *_args: str(pdf))
    click(qtbot, page, "keys_print")
    assert pdf.read_bytes().startswith(b"%PDF")

    page.keys_panel.recipients.setCurrentRow(0)
    shown.answer = True
    click(qtbot, page, "keys_remove")
    assert keys.list_recipients() == [] and not page.warning.isHidden()


def test_feedback_marks_the_package_received(
    qtbot: QtBot, page: SyncPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shown: Shown
) -> None:
    _identity, signing, key_file = make_office(tmp_path)
    keys.add_recipient(key_file)
    click(qtbot, page, "sync_choose_folder")
    with worker.synchronous():
        click(qtbot, page, "sync_export_incremental")
    [entry] = export_log(page._db)
    station = PackageStation("511102004", "大佛街道", "511102")
    header = PackageHeader("hub-feedback", station, 1, None, "0.1.0", "0003", False)
    data = {
        "package_id": _package_id(page),
        "sequence": entry.sequence,
        "received_at": "2026-11-20T02:00:00Z",
    }
    record = SyncRecord("receipt", str(uuid.uuid4()), 1, datetime(2026, 11, 20, tzinfo=UTC), False, data)
    feedback = tmp_path / "回执.jzsync"
    feedback.write_bytes(build_package(PackageContent(header, [record]), signing))
    monkeypatch.setattr(keys_panel, "ask_open_file", lambda *_args: str(feedback))
    with worker.synchronous():
        click(qtbot, page, "sync_import_feedback")
    assert "确认收到数据包 1 个" in shown.infos[-1]
    assert page.log_table.item(0, 5).text() != "未回执"


def _package_id(page: SyncPage) -> str:
    from station_app.storage.local import ExportLogEntry

    with page._db.session() as session:
        return session.query(ExportLogEntry.package_id).scalar()  # type: ignore[no-any-return]


def test_backup_and_restore(
    qtbot: QtBot, page: SyncPage, stick: Path, monkeypatch: pytest.MonkeyPatch, shown: Shown
) -> None:
    click(qtbot, page, "sync_backup")
    [copy] = list(stick.iterdir())
    assert "已备份到" in shown.infos[-1] and copy.name.startswith("联络站备份-511102004-")

    monkeypatch.setattr(keys_panel, "ask_backup_file", lambda *_args: str(copy))
    shown.answer = False
    click(qtbot, page, "sync_restore")
    assert shown.questions and "替换本机的全部数据" in shown.questions[-1]
    assert not list(paths.backups_dir().glob("恢复前-*"))

    shown.answer = True
    with qtbot.waitSignal(page.restored, timeout=TIMEOUT_MS):
        click(qtbot, page, "sync_restore")
    assert "已从备份恢复" in shown.infos[-1]
    assert list(paths.backups_dir().glob("恢复前-*"))
    assert "恢复前备份" in page.backup_panel.status.text()
    assert len(export_log(page._db)) == 0  # the database works again after the restore


def test_restore_refuses_a_bad_file(
    qtbot: QtBot, page: SyncPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shown: Shown
) -> None:
    junk = tmp_path / "坏.sqlite3"
    junk.write_bytes(b"junk" * 1000)
    monkeypatch.setattr(keys_panel, "ask_backup_file", lambda *_args: str(junk))
    click(qtbot, page, "sync_restore")
    assert shown.errors and "不能用这个文件恢复" in shown.errors[-1] and shown.questions == []


def test_daily_backup_runs_when_the_page_opens(qtbot: QtBot, db: Database, station: StationInfo) -> None:
    widget = SyncPage(db, station)
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: any(b.kind == "自动" for b in backups.list_backups()), timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: "最近一次备份" in widget.backup_panel.status.text(), timeout=TIMEOUT_MS)


def test_only_stick_like_volumes_are_listed() -> None:
    assert sync_page._removable_like("/media/clerk/KINGSTON")
    assert sync_page._removable_like("/run/media/clerk/U盘")
    assert not sync_page._removable_like("/")
    assert not sync_page._removable_like("/home")
    assert all(
        root.startswith(("/media/", "/run/media/", "/mnt/")) for root, _ in sync_page.candidate_volumes()
    )
