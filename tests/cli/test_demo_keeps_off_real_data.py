"""`demo --add` refuses on a station with real records unless --mix-with-real is given."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from station_app.services.consultations import TopicInput, create_topic
from station_app.services.demo_guard import real_record_count
from station_app.storage.migrate import open_database
from tests.harness.probe import run_cli


def _station(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "联络站"
    outcome = run_cli(
        capsys, "--data-dir", str(folder), "demo", "--township-code", "511102004", "--count", "3"
    )
    assert outcome.code == 0, outcome.err
    return folder


def _real_topic(folder: Path) -> None:
    db = open_database(f"sqlite:///{folder / 'station.sqlite3'}")
    try:
        assert real_record_count(db) == 0  # everything there came from the demo
        create_topic(
            db,
            TopicInput("嘉州社区加装电梯", "群众点题", "城乡建设", date(2026, 3, 5)),
            today=date(2026, 3, 5),
        )
        assert real_record_count(db) == 1
    finally:
        db.dispose()


def test_demo_add_tops_up_demo_data_but_not_real_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _station(tmp_path, capsys)
    outcome = run_cli(capsys, "--data-dir", str(folder), "demo", "--add", "--count", "2")
    assert outcome.code == 0 and "协商议题 2 个" in outcome.out

    _real_topic(folder)
    outcome = run_cli(capsys, "--data-dir", str(folder), "demo", "--add", "--count", "2")
    refused = outcome.refused("--mix-with-real")
    assert refused == [], refused
    assert "1 条真实记录" in outcome.err and "单独的数据目录" in outcome.err
    outcome = run_cli(capsys, "--data-dir", str(folder), "demo", "--add", "--mix-with-real", "--count", "2")
    assert outcome.code == 0 and "协商议题 2 个" in outcome.out


def test_demo_help_says_to_use_a_separate_folder(capsys: pytest.CaptureFixture[str]) -> None:
    outcome = run_cli(capsys, "demo", "--help")
    assert "单独的数据目录" in outcome.out and "--mix-with-real" in outcome.out
