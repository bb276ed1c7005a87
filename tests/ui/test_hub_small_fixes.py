"""The smaller first-hour findings: masked phones in the member list, one word for a silent
township, the 统计 township table at full height, receipts not written twice without asking."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from station_app.cli.main import main
from station_app.domain.figures import Figures
from station_app.domain.progress import run_to_end
from station_app.hub import report_tables
from station_app.hub.feedback import NothingNewError, write_feedback_package
from station_app.hub.importer import import_packages
from station_app.hub.status import NEVER_SENT
from station_app.services.members import MemberInput, add_member
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.ui import messages, worker
from station_app.ui.pages.hub_import_page import HubImportPage
from station_app.ui.pages.members_page import COL_PHONE, MembersPage
from station_app.ui.pages.statistics_page import StatisticsPage
from tests.hub.conftest import World, fresh_hub
from tests.hub.hub_world import DAFO, Hub, using


@pytest.fixture
def city(world: World, tmp_path: Path) -> Iterator[Hub]:
    made = fresh_hub(world, tmp_path)
    with using(made.folder):
        run_to_end(import_packages(made.db, world.a, trust_new=True))
        yield made
    made.db.dispose()


def test_the_member_list_masks_phones_and_the_form_shows_them_whole(
    qtbot: QtBot, db: Database, station: StationInfo
) -> None:
    add_member(db, MemberInput(name="张三丰", sector="中国民主同盟", phone="13712345678"))
    page = MembersPage(db, station)
    qtbot.addWidget(page)
    page.show()
    assert page.model.data(page.model.index(0, COL_PHONE)) == "137****5678"
    page.table.selectRow(0)
    QTest.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    assert page.dialog is not None and page.dialog.phone_edit.text() == "13712345678"
    page.dialog.reject()


def test_a_silent_township_has_one_word_everywhere() -> None:
    cells = report_tables.station_cells("犍为县", "玉津镇", None, (), Figures())
    assert cells[2].text() == NEVER_SENT == "从未报送"


def test_the_statistics_township_table_takes_the_space_it_needs(qtbot: QtBot, city: Hub) -> None:
    page = StatisticsPage(city.db, city.info)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    table = page.townships
    assert table.rowCount() >= 100
    rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
    assert table.viewport().height() >= rows
    assert table.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff


def test_a_receipt_is_not_written_twice_without_asking_and_says_what_it_holds(
    qtbot: QtBot,
    city: Hub,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    infos: list[str] = []
    asked: list[str] = []
    monkeypatch.setattr(messages, "show_info", lambda _p, text, title="": infos.append(text))
    monkeypatch.setattr(messages, "ask_yes_no", lambda _p, text: asked.append(text) or False)
    stick = tmp_path / "stick"
    stick.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(stick))
    page = HubImportPage(city.db, city.info)
    qtbot.addWidget(page)
    page.station_box.setCurrentIndex(page.station_box.findData(DAFO))
    with worker.synchronous():
        page.write_feedback()
    assert "数据包回执 3 份、办理反馈 0 条" in infos[-1]
    with worker.synchronous():
        assert page.write_feedback() is None  # asked, declined: nothing written
    assert "已于" in asked[-1] and "不需要再写" in asked[-1]
    assert len(list(stick.glob("*.jzsync"))) == 1
    with pytest.raises(NothingNewError):
        write_feedback_package(city.db, DAFO, stick)
    city.db.dispose()
    folder = str(city.folder)
    assert main(["--data-dir", folder, "hub", "feedback", "--station", DAFO, "--out", str(stick)]) == 1
    assert "不需要再写" in capsys.readouterr().err
    args = ["--data-dir", folder, "hub", "feedback", "--station", DAFO, "--out", str(stick), "--again"]
    assert main(args) == 0
    assert "数据包回执 3 份" in capsys.readouterr().out
    assert len(list(stick.glob("*.jzsync"))) == 2
