"""Feedback registered at the hub is visible at the hub: confirmed on save, shown on the topic
(with whether it is on a stick yet), and the stations with feedback still to write are marked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from station_app.domain.progress import run_to_end
from station_app.hub.importer import import_packages
from station_app.storage.records import Consultation
from station_app.ui import messages, worker
from station_app.ui.dialogs.feedback_dialog import FeedbackDialog
from station_app.ui.editor.widgets import REQUIRED_MARK
from station_app.ui.pages.consultations_page import ConsultationsPage
from station_app.ui.pages.hub_import_page import HubImportPage
from tests.hub.conftest import World, fresh_hub
from tests.hub.hub_world import DAFO, Hub, using

from .helpers import type_chinese

REPLY = "已列入明年计划，先行修复破损路段。"


@pytest.fixture
def city(world: World, tmp_path: Path) -> Iterator[Hub]:
    made = fresh_hub(world, tmp_path)
    with using(made.folder):
        run_to_end(import_packages(made.db, world.a, trust_new=True))
        yield made
    made.db.dispose()


def _station_text(page: HubImportPage, code: str) -> str:
    return page.station_box.itemText(page.station_box.findData(code))


def test_registered_feedback_is_confirmed_shown_on_the_topic_and_marked_until_written(
    qtbot: QtBot, city: Hub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    infos: list[str] = []
    monkeypatch.setattr(messages, "show_info", lambda _p, text, title="": infos.append(text))
    with city.db.session() as session:
        target = session.scalars(
            select(Consultation.id).where(Consultation.status.in_(("已报送", "办理中")))
        ).first()
    assert target is not None
    page = ConsultationsPage(city.db, city.info)
    qtbot.addWidget(page)
    page.show()
    row = next(r for r in range(page.model.rowCount()) if page.model.row_at(r).id == target)  # type: ignore[union-attr]
    page.table.selectRow(row)

    def fill_and_ok(dialog: FeedbackDialog) -> int:
        dialog.show()
        dialog.result_combo.setFocus()
        QTest.keyClick(dialog.result_combo, Qt.Key.Key_Down)
        type_chinese(dialog.reply_edit, REPLY)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        QTest.mouseClick(ok, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(FeedbackDialog, "exec", fill_and_ok)
    QTest.mouseClick(page.feedback_button, Qt.MouseButton.LeftButton)
    assert infos and "已登记" in infos[-1] and "写回执/反馈包" in infos[-1]

    # The topic at the hub shows the reply, not yet on a stick; its 历史 has the line.
    assert page.open_consultation(target)
    editor = page.editor
    assert editor is not None
    notice = editor.notice_label.text()
    assert "本单位登记的办理反馈" in notice and REPLY[:10] in notice and "尚未写入U盘" in notice
    history = editor.history.table
    texts = [
        history.item(r, c).text() for r in range(history.rowCount()) for c in range(history.columnCount())
    ]
    assert any("本单位登记办理反馈" in t for t in texts)
    # read-only at the hub: no 保存 and no red required marks
    assert not editor.save_button.isVisible()
    labels = editor.topic.findChildren(type(editor.notice_label))
    marked = [label.text() for label in labels if label.isVisible() and REQUIRED_MARK in label.text()]
    assert marked == []

    sync = HubImportPage(city.db, city.info)
    qtbot.addWidget(sync)
    sync.show()
    assert "1 条办理反馈待写入" in _station_text(sync, DAFO)
    assert sync.station_box.currentData() == DAFO  # the station with something to send comes first
    stick = tmp_path / "stick"
    stick.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(stick))
    with worker.synchronous():
        sync.write_feedback()
    assert "待写入" not in _station_text(sync, DAFO)
    page.back_to_list()
    assert page.open_consultation(target)
    assert page.editor is not None and "写入回执包" in page.editor.notice_label.text()
