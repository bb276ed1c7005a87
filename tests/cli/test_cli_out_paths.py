"""Every --out is checked the same way, with the same plain message, before anything is written."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from station_app.cli.main import build_parser
from tests.cli.test_cli_documents import folder, run

__all__ = ["folder"]


@pytest.mark.parametrize(
    "args",
    [
        ["keys", "registration", "--out", "{missing}/k.pdf"],
        ["hub", "report", "--from", "2026-01-01", "--to", "2026-06-30", "--out", "{missing}/r.pdf"],
        ["export-minutes", "--year", "2026", "--out", "{missing}/x"],
    ],
)
def test_a_missing_folder_is_named_as_such_not_as_a_pulled_stick(
    capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path, args: list[str]
) -> None:
    missing = tmp_path / "没有这个文件夹"
    code, _out, err = run(capsys, "--data-dir", str(folder), *(a.format(missing=missing) for a in args))
    assert code == 1
    assert "不存在" in err and "U盘" not in err, err
    assert not missing.exists()  # nothing made on the way


def test_a_key_sheet_is_not_written_under_another_name(
    capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path
) -> None:
    code, _out, err = run(
        capsys, "--data-dir", str(folder), "keys", "registration", "--out", str(tmp_path / "k.txt")
    )
    assert code == 1 and ".pdf" in err
    assert "如 k.pdf" in err and "纪要" not in err  # the name typed, not another document's
    assert list(tmp_path.glob("k.txt*")) == []


def test_export_minutes_makes_a_new_folder_inside_an_existing_one(
    capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path
) -> None:
    target = tmp_path / "新建的文件夹"
    code, _out, err = run(
        capsys, "--data-dir", str(folder), "export-minutes", "--year", "2026", "--out", str(target)
    )
    assert code == 0, err
    assert target.is_dir()


def test_no_help_shows_a_latin_placeholder() -> None:
    latin: list[str] = []

    def walk(parser: argparse.ArgumentParser, path: str) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, f"{path} {name}")
            elif action.nargs != 0 and action.dest != "help":
                shown = action.metavar or (action.dest.upper() if action.option_strings else action.dest)
                # A file name's extension (文件.pdf) is what the clerk types; any other Latin word is not.
                if re.search(r"[A-Za-z]", re.sub(r"\.(pdf|xlsx|json|zip|csv|txt)$", "", str(shown))):
                    latin.append(f"{path.strip()} {'/'.join(action.option_strings) or action.dest}: {shown}")

    walk(build_parser(), "")
    assert latin == []
