"""The command line reads dates as the window does: one parser (domain.fieldcheck) for both."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from station_app.cli.main import main
from station_app.domain.fieldcheck import date_problem, typed_date_problem

FORMS = ["20260630", "2026-06-30", "2026/06/30", "2026.06.30", "2026/6/30", "2026年6月30日"]


@pytest.fixture
def hub_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "县政协"
    assert main(["--data-dir", str(folder), "setup", "--role", "county", "--county-code", "511102",
                 "--head", "张主任", "--clerk", "刘干事"]) == 0  # fmt: skip
    return folder


@pytest.mark.parametrize("typed", FORMS)
def test_every_form_of_the_window_is_read_the_same(typed: str) -> None:
    today = date(2026, 3, 1)
    assert date_problem(typed) == (date(2026, 6, 30), None)
    assert typed_date_problem(typed, today) == (date(2026, 6, 30), None)
    assert typed_date_problem("06-30", today) == (date(2026, 6, 30), None)  # the window's short form


@pytest.mark.parametrize("typed", FORMS)
def test_hub_status_takes_each_form(hub_folder: Path, typed: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert (
        main(["--data-dir", str(hub_folder), "hub", "status", "--json", "--from", "2026/1/1", "--to", typed])
        == 0
    )
    first = json.loads(capsys.readouterr().out.splitlines()[0])
    assert first["period"] == {"from": "2026-01-01", "to": "2026-06-30"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["hub", "status", "--from", "2026/02/30", "--to", "2026-03-01"],
            "开始日期：“2026/02/30”不是有效日期",
        ),
        (
            ["hub", "report", "--from", "2026-01-01", "--to", "明年", "--out", "r.pdf"],
            "结束日期：“明年”不是有效日期",
        ),
        (["hub", "common-issues", "--from", "2026.13.01"], "开始日期：“2026.13.01”不是有效日期"),
    ],
)
def test_a_bad_date_is_refused_in_chinese(
    hub_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    capsys.readouterr()
    args = [str(tmp_path / a) if a == "r.pdf" else a for a in args]
    assert main(["--data-dir", str(hub_folder), *args]) != 0
    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.err
    assert not (tmp_path / "r.pdf").exists()
