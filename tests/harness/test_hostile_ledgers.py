"""Hostile ledgers (family "hostile ledgers"): a value of the wrong type or hidden trickery in any text
field of a JSON or xlsx ledger is refused with its row and reason; nothing is stored.

Small run: each bad value once, in the title. Full run: each bad value in every text column.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from station_app.services.ledger_rows import COLUMNS
from tests.people import STATION_SETUP

from . import FULL, report
from .probe import run_cli, snapshot

GOOD = {"title": "白塔街停车难", "source": "群众点题", "field": "交通出行", "proposed_on": "2026-03-01"}
# (what, value, words in the reason); JSON can carry types that a sheet cannot
BAD_JSON: list[tuple[str, object, str]] = [
    ("list", ["路灯", "停车"], "列表"),
    ("object", {"a": 1}, "对象"),
    ("true", True, "true/false"),
    ("NaN", float("nan"), "不是有效的数"),
    ("Infinity", float("inf"), "不是有效的数"),
]
BAD_TEXT: list[tuple[str, str, str]] = [
    ("zero-width only", "\u200b\u200b\u200b", "看不见的字符"),
    ("zero-width and spaces", " \u200b \ufeff ", "看不见的字符"),
    ("RTL override", "停车\u202e难", "方向"),
    ("isolate", "\u2067停车难", "方向"),
    ("NUL", "停车\x00难", "控制字符"),
    ("ESC", "停车\x1b[31m难", "控制字符"),
    ("#DIV/0!", "#DIV/0!", "错误值"),
    ("#N/A", "#N/A", "错误值"),
    ("formula", "=cmd|' /C calc'!A0", "公式"),
    ("formula with @", "@SUM(1+1)*cmd|' /C calc'!A0", "公式"),
    ("formula with +", "+cmd|' /C calc'!A0", "公式"),
]
TEXT_COLUMNS = [
    c.key for c in COLUMNS if c.kind in ("text", "long") and c.key not in ("number", "source", "field")
]


@pytest.fixture
def station(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "联络站"
    outcome = run_cli(
        capsys,
        "--data-dir",
        str(folder),
        *STATION_SETUP,
    )
    assert outcome.code == 0, outcome.err
    return folder


def _columns() -> list[str]:
    return TEXT_COLUMNS if FULL else ["title"]


def _xlsx(path: Path, rows: list[dict[str, object]]) -> Path:
    book = Workbook()
    sheet = book.active
    keys = list(dict.fromkeys(k for row in rows for k in row))
    labels = {c.key: c.label for c in COLUMNS}
    sheet.append([labels[k] for k in keys])
    for row in rows:
        sheet.append([row.get(k) for k in keys])
    # openpyxl would store "=…" as a formula; the file must carry the text itself
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
            if isinstance(cell.value, str) and cell.value.startswith("#"):
                cell.data_type = "e"
    book.save(path)
    return path


def test_wrong_types_and_hidden_text_are_refused(
    station: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(station)
    problems: list[str] = []
    tried = 0
    cases: list[tuple[str, Path, str]] = []
    for column in _columns():
        for what, value, words in [*BAD_JSON, *BAD_TEXT]:
            row = {**GOOD, column: value}
            path = tmp_path / f"{column}-{len(cases)}.json"
            path.write_text(json.dumps([GOOD, row], ensure_ascii=False), encoding="utf-8")
            cases.append((f"json {column} {what}", path, words))
        for what, value, words in BAD_TEXT:
            if "\x00" in value or "\x1b" in value:
                continue  # not storable in an xlsx
            path = _xlsx(tmp_path / f"{column}-{len(cases)}.xlsx", [GOOD, {**GOOD, column: value}])
            cases.append((f"xlsx {column} {what}", path, words))
    duplicate = tmp_path / "重复键.json"
    duplicate.write_text('[{"title": "路灯", "title": "停车", "source": "群众点题"}]', encoding="utf-8")
    cases.append(("json duplicate key", duplicate, "出现了两次"))
    for name, path, words in cases:
        tried += 1
        outcome = run_cli(capsys, "--data-dir", str(station), "import-ledger", str(path))
        found = outcome.refused(words)
        if not name.endswith("duplicate key") and "第" not in outcome.err:
            found.append("the row is not named")
        problems += [f"{name}: {p}" for p in found]
        if snapshot(station) != before:
            problems.append(f"{name}: the database changed")
            break
    report("hostile ledgers", tried=tried, refused=tried - len(problems), lost=len(problems))
    assert problems == [], "\n".join(problems[:20])
    # control: the good row alone is imported
    good = tmp_path / "好.json"
    good.write_text(json.dumps([GOOD], ensure_ascii=False), encoding="utf-8")
    outcome = run_cli(capsys, "--data-dir", str(station), "import-ledger", str(good))
    assert outcome.code == 0 and "已导入 1 个议题" in outcome.out, outcome.err
