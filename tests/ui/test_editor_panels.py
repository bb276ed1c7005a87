"""Attachments and history in the editor."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from station_app.domain.lifecycle import Status
from station_app.services import attachments
from station_app.services.station import StationInfo
from station_app.storage.engine import Database

from .helpers import Shown
from .test_editor_support import audit_texts, click, click_tab, open_editor, topic_in


def test_attachments_are_added_opened_and_removed(
    qtbot: QtBot,
    db: Database,
    station: StationInfo,
    shown: Shown,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    photo = tmp_path / "院坝协商现场.jpg"
    photo.write_bytes(b"\xff\xd8" + b"x" * 2048)
    cid = topic_in(db, Status.CONSULTED)
    editor = open_editor(qtbot, db, station, cid)
    click_tab(qtbot, editor, "附件")
    panel = editor.attachments
    assert panel.empty_label.isVisible()
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_args: ([str(photo)], ""))
    click(qtbot, panel.add_button)
    assert [a.filename for a in attachments.list_attachments(db, "consultation", cid)] == ["院坝协商现场.jpg"]
    assert panel.table.item(0, 0).text() == "院坝协商现场.jpg" and panel.table.item(0, 1).text() == "2.0 KB"
    assert not panel.empty_label.isVisible()

    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    panel.table.selectRow(0)
    click(qtbot, panel.open_button)
    target = Path(opened[0].toLocalFile())
    assert target.name == "院坝协商现场.jpg" and target.read_bytes() == photo.read_bytes()

    click(qtbot, panel.remove_button)  # the answer is 否: nothing happens
    assert len(attachments.list_attachments(db, "consultation", cid)) == 1
    shown.answer = True
    click(qtbot, panel.remove_button)
    assert shown.questions[-1] == "确定删除附件“院坝协商现场.jpg”吗？"
    assert attachments.list_attachments(db, "consultation", cid) == [] and panel.table.rowCount() == 0
    assert audit_texts(db, cid)[-2:] == ["添加附件“院坝协商现场.jpg”", "删除附件“院坝协商现场.jpg”"]


def test_history_reads_as_chinese_sentences_in_local_time(
    qtbot: QtBot, db: Database, station: StationInfo
) -> None:
    cid = topic_in(db, Status.AWAITING)
    editor = open_editor(qtbot, db, station, cid)
    click_tab(qtbot, editor, "历史")
    lines = editor.history.texts()
    assert "状态由“调研中”变为“待协商”（调研完成）" in lines[0]
    assert lines[-1].split("  ")[2].startswith("新建议题")
    when, who, _what = lines[0].split("  ")
    assert len(when) == 16 and when[4] == "-" and who == "—"  # entered by the services without a name
    assert any("修改调研信息" in line for line in lines)
