"""Sub-commands for old ledgers: import-ledger and export-template."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from station_app.cli.jobs import drive
from station_app.cli.station_commands import open_db
from station_app.errors import InputError
from station_app.services.ledger import import_ledger, read_ledger, write_template
from station_app.services.station import require_station


def cmd_import_ledger(args: argparse.Namespace) -> int:
    today = date.today()
    ledger = read_ledger(Path(args.file), today=today)
    for warning in ledger.warnings:
        print(f"提示：{warning}", file=sys.stderr)
    for error in ledger.errors:
        print(error.text, file=sys.stderr)
    if ledger.errors and not args.only_good:
        print(
            f"台账中有{len(ledger.bad_rows)}行存在问题，没有导入任何议题。"
            "请改正后重新导入，或加 --only-good 只导入没有问题的行。",
            file=sys.stderr,
        )
        return 1
    db = open_db(args)
    try:
        info = require_station(db)
        result = drive(
            import_ledger(db, ledger, only_good=args.only_good, today=today, actor=info.clerk_name)
        )
    finally:
        db.dispose()
    for note in result.notes:
        print(f"提示：{note}")
    print(f"已导入 {result.imported} 个议题")
    if result.skipped_rows:
        print(f"跳过有问题的行：{'、'.join(map(str, result.skipped_rows))}")
    return 0


def cmd_export_template(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if path.suffix.lower() != ".xlsx":
        if path.suffix:
            raise InputError(f"模板只能保存为 .xlsx 文件，“{path.name}”的扩展名不对。")
        path = path.with_name(path.name + ".xlsx")
    print(write_template(path))
    return 0
