"""A conflict can be judged: full texts with the differing end visible, a confirmation that
names what stays, a history line, and the CLI printing both texts in full."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from station_app.cli.main import main
from station_app.domain.progress import run_to_end
from station_app.hub import conflicts
from station_app.hub.importer import import_packages
from station_app.hub.keys import ensure_hub_keys
from station_app.services import audit
from station_app.storage.records import Consultation
from station_app.sync.package import open_package
from station_app.ui import messages, worker
from station_app.ui.pages.hub_import_page import HubImportPage
from tests.hub.conftest import World, fresh_hub
from tests.hub.hub_world import Hub, using
from tests.hub.test_hub_import import _resigned

START = "本议题关于村道硬化后路灯的安装和维护费用分担问题，群众反映强烈，" * 3
OLD_END = "由村集体承担电费。"
NEW_END = "由镇政府和村集体各承担一半电费。"


@pytest.fixture
def city(world: World, tmp_path: Path) -> Iterator[Hub]:
    made = fresh_hub(world, tmp_path)
    with using(made.folder):
        yield made
    made.db.dispose()


def _two_descriptions(city: Hub, world: World, tmp_path: Path) -> None:
    """The hub holds START+OLD_END; a package brings START+NEW_END at the same revision."""
    run_to_end(import_packages(city.db, world.a, trust_new=True))
    crafted = _resigned(world, city, tmp_path, {"description": START + NEW_END}, revision_delta=0)
    record_id = crafted_record_id(world.a[-1])
    with city.db.replicating_session() as session:
        session.execute(
            update(Consultation).where(Consultation.id == record_id).values(description=START + OLD_END)
        )
    run_to_end(import_packages(city.db, [crafted]))
    assert len(conflicts.list_conflicts(city.db)) == 1


def crafted_record_id(path: Path) -> str:
    opened = open_package(path, identities=[ensure_hub_keys().identity])
    return next(r.uuid for r in opened.records if r.kind == "consultation")


def test_the_differing_end_is_visible_and_the_decision_is_confirmed_and_logged(
    qtbot: QtBot, city: Hub, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _two_descriptions(city, world, tmp_path)
    page = HubImportPage(city.db, city.info)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    item = page.current_conflict()
    assert item is not None and "修订" not in item.reason
    row = next(r for r in range(page.compare.rowCount()) if page.compare.item(r, 0).text() == "议题说明")
    current, incoming = page.compare.item(row, 1), page.compare.item(row, 2)
    assert "村集体承担电费" in current.text() and "各承担一半" in incoming.text()  # not the same start
    assert current.toolTip() == START + OLD_END and incoming.toolTip() == START + NEW_END

    # Double-click the conflict: both full texts side by side, the differing part highlighted.
    cell = page.conflict_table.visualItemRect(page.conflict_table.item(0, 1)).center()
    QTest.mouseClick(page.conflict_table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    QTest.mouseDClick(page.conflict_table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    dialog = page.comparison
    assert dialog is not None and dialog.isVisible()
    assert "关闭" in [b.text() for b in dialog.findChildren(QPushButton)]
    assert START + OLD_END in dialog.current_view.toPlainText()
    assert START + NEW_END in dialog.incoming_view.toPlainText()
    assert "background-color:#ffe08a" in dialog.incoming_view.toHtml().replace(" ", "")

    asked: list[str] = []
    monkeypatch.setattr(messages, "ask_yes_no", lambda _p, text: asked.append(text) or False)
    QTest.mouseClick(page.take_button, Qt.MouseButton.LeftButton)
    assert "议题说明" in asked[0] and "新收到" in asked[0]
    assert page.conflict_table.rowCount() == 1  # declined: nothing decided

    monkeypatch.setattr(messages, "ask_yes_no", lambda _p, text: asked.append(text) or True)
    QTest.mouseClick(page.keep_button, Qt.MouseButton.LeftButton)
    assert "保留本单位现有" in asked[-1]
    assert page.conflict_table.rowCount() == 0
    log = page.results.item(page.results.count() - 1).text()
    assert "保留本单位现有内容" in log and "议题说明" in log
    with city.db.session() as session:
        lines = audit.history(session, item.record_id)
    assert any(line.action == "处理冲突" and "保留本单位现有内容" in line.summary for line in lines)


def test_cli_shows_the_differing_fields_in_full(
    city: Hub, world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _two_descriptions(city, world, tmp_path)
    capsys.readouterr()
    assert main(["--data-dir", str(city.folder), "hub", "conflicts"]) == 0
    out = capsys.readouterr().out
    assert "【议题说明】" in out and START + OLD_END in out and START + NEW_END in out
    assert "修订号" not in out and "第 1 版" not in out


def test_the_comparison_stays_filled_after_another_import(
    qtbot: QtBot, city: Hub, world: World, tmp_path: Path
) -> None:
    _two_descriptions(city, world, tmp_path)
    page = HubImportPage(city.db, city.info)
    qtbot.addWidget(page)
    assert page.compare.rowCount() >= 1
    with worker.synchronous():
        page.start_import([world.c[0]], trust_new=True)
    assert page.conflict_table.rowCount() == 1 and page.compare.rowCount() >= 1
