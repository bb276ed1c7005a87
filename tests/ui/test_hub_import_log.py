"""The hub's import log speaks plainly: receipts are skipped, unencrypted packages and replaced
station PCs are named with the next step, runs are separated, declined trust leaves a line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from station_app.domain.progress import run_to_end
from station_app.domain.townships import townships_of
from station_app.hub.importer import ACCEPTED, REFUSED, import_packages
from station_app.services import audit
from station_app.ui import messages, worker
from station_app.ui.pages.hub_import_page import HubImportPage
from tests.hub.conftest import World, fresh_hub
from tests.hub.hub_world import Hub, fill, make_station, using

# A 犍为县 township none of the world's stations uses.
OTHER = townships_of("511123")[3].code


@pytest.fixture
def city(world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Hub]:
    made = fresh_hub(world, tmp_path)
    monkeypatch.setattr(messages, "show_info", lambda *_a, **_k: None)
    with using(made.folder):
        yield made
    made.db.dispose()


def _out(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    return folder


def _lines(page: HubImportPage) -> list[str]:
    return [page.results.item(i).text() for i in range(page.results.count())]


def test_an_unencrypted_package_says_the_station_must_install_the_office_key(
    city: Hub, world: World, tmp_path: Path
) -> None:
    bare = make_station(world.template, tmp_path / "bare", OTHER, [])  # no office key installed
    fill(bare, 1, 7)
    package = bare.export(_out(tmp_path / "out"))
    with using(city.folder):
        (outcome,) = run_to_end(import_packages(city.db, [package], trust_new=True))
    bare.db.dispose()
    assert outcome.status == ACCEPTED
    line = outcome.line()
    assert "没有加密" in line and "keys add-recipient" in line and "添加县政协公钥" in line
    (encrypted,) = run_to_end(import_packages(city.db, [world.c[0]], trust_new=True))
    assert "没有加密" not in encrypted.line()


def test_a_replaced_station_pc_is_named_and_its_new_key_can_be_confirmed(
    qtbot: QtBot, city: Hub, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = make_station(world.template, tmp_path / "old", OTHER, [city.key_file])
    fill(old, 1, 8)
    first = old.export(_out(tmp_path / "out_old"))
    old.db.dispose()
    run_to_end(import_packages(city.db, [first], trust_new=True))
    # The PC is replaced and set up afresh: a new key, numbering from 1 again.
    new = make_station(world.template, tmp_path / "new", OTHER, [city.key_file])
    fill(new, 1, 9)
    again_first = new.export(_out(tmp_path / "out_new"))
    fill(new, 1, 10)
    second = new.export(_out(tmp_path / "out_new"))
    new.db.dispose()
    (restarted,) = run_to_end(import_packages(city.db, [again_first]))
    assert restarted.status == REFUSED and not restarted.key_changed
    assert "签名密钥与本单位登记的不一致" in restarted.reason_zh and "从第 1 号" in restarted.reason_zh
    assert "station-app restore" in restarted.reason_zh and "此前已导入过另一份" not in restarted.reason_zh

    asked: list[str] = []
    monkeypatch.setattr(messages, "ask_yes_no", lambda _p, text: asked.append(text) or True)
    page = HubImportPage(city.db, city.info)
    qtbot.addWidget(page)
    with worker.synchronous():
        page.start_import([second])
    assert len(asked) == 1 and "换用新密钥" in asked[0]
    lines = _lines(page)
    assert any(line.startswith("已拒绝：") and "签名密钥与本单位登记的不一致" in line for line in lines)
    assert any(line.startswith("已换用新密钥：") for line in lines)
    assert lines[-1].startswith("已接收：")
    with city.db.session() as session:
        assert any(line.action == "更换密钥" for line in audit.history(session, OTHER))


def test_runs_have_a_header_and_declined_trust_is_said(
    qtbot: QtBot, city: Hub, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(messages, "ask_yes_no", lambda _p, _text: False)
    page = HubImportPage(city.db, city.info)
    qtbot.addWidget(page)
    assert page.results.wordWrap()
    with worker.synchronous():
        page.start_import([world.c[0]])
        page.start_import([world.b[0]])
    lines = _lines(page)
    headers = [line for line in lines if line.startswith("——") and "导入 1 个文件" in line]
    assert len(headers) == 2
    assert sum(line.startswith("未信任：") and "没有导入" in line for line in lines) == 2
