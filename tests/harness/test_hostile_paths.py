"""Odd data folders and arguments: each refused with its own Chinese reason, no traceback, no
generic 「程序出现意外错误」, and nothing written (family "paths")."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.people import COUNTY_SETUP, STATION_SETUP

from . import report
from .probe import run_cli, run_process, snapshot


@pytest.fixture
def station(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "联络站"
    outcome = run_cli(
        capsys, "--data-dir", str(folder), "demo", "--township-code", "511102004", "--count", "3"
    )
    assert outcome.code == 0, outcome.err
    return folder


def test_data_dirs_that_cannot_hold_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a_file = tmp_path / "一个文件.txt"
    a_file.write_text("不是文件夹", encoding="utf-8")
    logs_a_file = tmp_path / "日志是文件"
    logs_a_file.mkdir()
    (logs_a_file / "logs").write_text("x", encoding="utf-8")
    cases = [
        ("", 2, "是空的"),
        ("   ", 2, "是空的"),
        ("/", 1, "根目录"),
        (str(a_file), 1, "不是文件夹"),
        (str(a_file / "下面"), 1, "不是文件夹"),
        ("/dev/null", 1, "不是文件夹"),
        ("/proc", 1, "特殊文件夹"),
        ("/proc/self/联络站", 1, "特殊文件夹"),
        ("/sys/kernel", 1, "特殊文件夹"),
        (str(logs_a_file), 1, "无法使用"),
    ]
    at_root = {p for p in ("/station.sqlite3", "/logs", "/keys") if os.path.lexists(p)}
    before = snapshot(tmp_path)
    problems: list[str] = []
    for folder, code, words in cases:
        for command in (
            ["list"],
            [*STATION_SETUP],
        ):
            outcome = run_cli(capsys, "--data-dir", folder, *command)
            problems += [f"{folder!r} {command[0]}: {p}" for p in outcome.refused(words, code=code)]
    assert snapshot(tmp_path) == before
    assert {p for p in ("/station.sqlite3", "/logs", "/keys") if os.path.lexists(p)} == at_root
    report(
        "hostile data folders",
        tried=2 * len(cases),
        refused=2 * len(cases) - len(problems),
        lost=len(problems),
    )
    assert problems == [], "\n".join(problems)


def test_a_log_that_cannot_be_written_prints_no_traceback(station: Path) -> None:
    log = station / "logs" / "station-app.log"
    log.unlink()
    log.symlink_to("/dev/full")  # every write: no space left on device
    outcome = run_process("--data-dir", str(station), "list", "--year", "2026", timeout=60)
    assert outcome.code == 0, outcome.err
    assert "Traceback" not in outcome.err and "Logging error" not in outcome.err


def test_database_url_at_a_folder_or_special_file(
    station: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "管道.sqlite3"
    os.mkfifo(fifo)
    before = snapshot(station)
    for target in (tmp_path, Path("/dev/zero"), fifo):
        outcome = run_process(
            "--data-dir", str(station), "--database-url", f"sqlite:///{target}", "list", timeout=60
        )
        assert outcome.refused("不是数据库文件") == [], target
    assert snapshot(station) == before


def test_arguments_out_of_range(station: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    before = snapshot(station)
    outcome = run_cli(capsys, "--data-dir", str(station), "list", "--year", "99999999999999999999")
    assert outcome.refused("不合理", code=2) == []
    hub = tmp_path / "县政协"
    assert (
        run_cli(
            capsys,
            "--data-dir",
            str(hub),
            *COUNTY_SETUP,
        ).code
        == 0
    )
    for start, end in (
        ("0001-01-01", "9999-12-31"),
        ("2026-01-01", "9999-12-31"),
        ("1900-01-01", "2026-01-01"),
    ):
        outcome = run_cli(
            capsys,
            "--data-dir",
            str(hub),
            "hub",
            "report",
            "--from",
            start,
            "--to",
            end,
            "--out",
            str(tmp_path / "r.pdf"),
        )
        assert outcome.refused("应在2000") == [], (start, end)
    assert not (tmp_path / "r.pdf").exists()
    assert snapshot(station) == before


def test_plain_demo_on_a_station_with_data_is_refused(
    station: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(station)
    outcome = run_cli(capsys, "--data-dir", str(station), "demo")
    assert outcome.refused("--add") == []
    assert snapshot(station) == before
    outcome = run_cli(capsys, "--data-dir", str(station), "demo", "--add", "--count", "2")
    assert outcome.code == 0 and "协商议题 2 个" in outcome.out
