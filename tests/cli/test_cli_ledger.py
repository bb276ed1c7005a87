"""The ledger sub-commands: import-ledger and export-template, called as the command line would."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from station_app.cli.commands import resolve
from station_app.cli.ledger_commands import cmd_export_template, cmd_import_ledger
from station_app.cli.main import build_parser
from station_app.errors import InputError, KnownError
from station_app.storage.engine import Database
from station_app.storage.records import Consultation

GOOD = {"title": "集市占道", "source": "群众点题", "field": "社会治理", "proposed_on": "2025-05-06"}


def parse(*argv: str) -> argparse.Namespace:
    return build_parser().parse_args(list(argv))


def ledger(tmp_path: Path, items: list[dict[str, str]]) -> Path:
    path = tmp_path / "台账.json"
    path.write_text(json.dumps(items, ensure_ascii=False), "utf-8")
    return path


def topic_count(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(Consultation)) or 0)


def test_register_adds_both_commands() -> None:
    args = parse("import-ledger", "a.xlsx", "--only-good")
    assert resolve(args.handler) is cmd_import_ledger and args.only_good and args.file == "a.xlsx"
    args = parse("export-template", "模板.xlsx")
    assert resolve(args.handler) is cmd_export_template


def test_export_template_prints_the_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cmd_export_template(parse("export-template", str(tmp_path / "模板.xlsx"))) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "模板.xlsx")
    assert cmd_export_template(parse("export-template", str(tmp_path / "无扩展名"))) == 0
    assert (tmp_path / "无扩展名.xlsx").exists()
    with pytest.raises(InputError, match=r"\.xlsx"):
        cmd_export_template(parse("export-template", str(tmp_path / "模板.xls")))


def test_import_good_ledger(tmp_path: Path, station_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    path = ledger(tmp_path, [GOOD, {**GOOD, "title": "第二个"}])
    code = cmd_import_ledger(parse("--database-url", station_db.url, "import-ledger", str(path)))
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "已导入 2 个议题" in out
    assert topic_count(station_db) == 2


def test_import_bad_ledger_lists_rows_and_imports_nothing(
    tmp_path: Path, station_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    path = ledger(tmp_path, [GOOD, {**GOOD, "proposed_on": "2025-02-30"}, {**GOOD, "field": "外星"}])
    code = cmd_import_ledger(parse("--database-url", station_db.url, "import-ledger", str(path)))
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert "第2行 提出日期：“2025-02-30”不是有效日期" in err
    assert "第3行 所属领域" in err and "--only-good" in err and "Traceback" not in err
    assert topic_count(station_db) == 0

    code = cmd_import_ledger(
        parse("--database-url", station_db.url, "import-ledger", str(path), "--only-good")
    )
    out, err = capsys.readouterr()
    assert code == 0 and "已导入 1 个议题" in out and "跳过有问题的行：2、3" in out
    assert "第2行" in err
    assert topic_count(station_db) == 1


def test_unreadable_file_is_a_known_error(tmp_path: Path, station_db: Database) -> None:
    path = tmp_path / "台账.txt"
    path.write_text("不是台账", "utf-8")
    with pytest.raises(KnownError, match="只支持"):
        cmd_import_ledger(parse("--database-url", station_db.url, "import-ledger", str(path)))


def test_import_needs_a_set_up_station(tmp_path: Path, db: Database) -> None:
    with pytest.raises(KnownError, match="尚未完成初始设置"):
        cmd_import_ledger(parse("--database-url", db.url, "import-ledger", str(ledger(tmp_path, [GOOD]))))
