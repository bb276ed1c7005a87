"""Feedback round trip to the station, and the ``hub`` command line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from station_app.cli.main import main
from station_app.domain.progress import run_to_end
from station_app.hub.feedback import FeedbackInput, save_feedback, write_feedback_package
from station_app.hub.importer import import_packages
from station_app.services.feedback_import import import_feedback
from station_app.storage.records import Consultation
from tests.hub.conftest import World, fresh_hub
from tests.hub.hub_world import DAFO, Hub, using


@pytest.fixture
def city(world: World, tmp_path: Path) -> Hub:
    made = fresh_hub(world, tmp_path)
    with using(made.folder):
        run_to_end(import_packages(made.db, world.a, trust_new=True))
    yield made
    made.db.dispose()


def test_feedback_reaches_the_station_once(city: Hub, world: World, tmp_path: Path) -> None:
    station = world.stations[DAFO]
    with city.db.session() as session:
        topic = session.scalars(
            select(Consultation).where(Consultation.status.in_(["已报送", "办理中", "已反馈"])).limit(1)
        ).first()
        assert topic is not None
        topic_id = topic.id
    with using(city.folder):
        save_feedback(
            city.db,
            FeedbackInput(
                topic_id, "A", "已安排资金，本月完工。", date(2026, 11, 25), "张敏", "区住建局已派人现场查看"
            ),
        )
        (tmp_path / "stick").mkdir()
        package = run_to_end(write_feedback_package(city.db, DAFO, tmp_path / "stick"))
    assert package.name.startswith("回执-")  # never mistaken for the station's own package
    with using(city.folder):  # carried to the hub by mistake: a clear word, nothing imported
        (mistake,) = run_to_end(import_packages(city.db, [package]))
        assert mistake.status == "skipped" and mistake.ok and "回执/反馈包" in mistake.reason_zh
        line = mistake.line()
        assert line.startswith("跳过：回执-") and "已拒绝" not in line and "已导入过" not in line
        assert "大佛街道的回执/反馈包，不需导入" in line and "「同步」页" in line
    with using(station.folder):
        result = run_to_end(import_feedback(station.db, package))
        assert result.feedback_applied == 1 and result.receipts_marked == 3
        with station.db.session() as session:
            row = session.get(Consultation, topic_id)
            assert row is not None and row.result_code == "A" and row.reply_text == "已安排资金，本月完工。"
        again = run_to_end(import_feedback(station.db, package))
        assert not again.changed_anything and again.feedback_already == 1


def test_cli_import_status_report_and_exit_codes(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    city = fresh_hub(world, tmp_path)
    city.db.dispose()
    folder = str(city.folder)
    assert main(["--data-dir", folder, "hub", "import", str(world.a[0])]) == 1  # new station: not trusted yet
    assert "待确认：" in capsys.readouterr().out  # not refused: waiting for the fingerprint check
    assert main(["--data-dir", folder, "hub", "import", "--trust-new", str(world.a[0].parent)]) == 0
    out = capsys.readouterr().out
    assert out.count("已接收：") == 5
    assert main(["--data-dir", folder, "hub", "import", str(world.a[0])]) == 0
    assert "已导入过" in capsys.readouterr().out
    assert main(["--data-dir", folder, "hub", "status", "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    dafo = next(x for x in lines if x["township_code"] == DAFO)
    assert len(lines) == 132 and dafo["last_sequence"] == 3 and dafo["gaps"] == [] and dafo["active"] > 0
    for name in ("r.pdf", "r.xlsx"):
        args = ["--data-dir", folder, "hub", "report", "--from", "2025-01-01", "--to", "2026-12-31"]
        assert main([*args, "--out", str(tmp_path / name)]) == 0
        assert (tmp_path / name).stat().st_size > 1000
    assert main(["--data-dir", folder, "hub", "keys", "export", "--out", str(tmp_path / "k.json")]) == 0
    assert main(["--data-dir", folder, "hub", "conflicts"]) == 0
    (tmp_path / "s").mkdir()
    assert (
        main(["--data-dir", folder, "hub", "feedback", "--station", DAFO, "--out", str(tmp_path / "s")]) == 0
    )
    assert list((tmp_path / "s").glob("*.jzsync"))
    capsys.readouterr()
    station_folder = str(world.stations[DAFO].folder)
    world.stations[DAFO].db.dispose()
    assert main(["--data-dir", station_folder, "hub", "status"]) == 1
    assert "联络站" in capsys.readouterr().err
