"""Sub-commands of a county or city hub: ``hub import / status / report / feedback / keys / conflicts``."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from station_app.cli.jobs import drive
from station_app.cli.out_paths import out_file
from station_app.domain.fieldcheck import parse_date, visible
from station_app.domain.figures import label, period_label
from station_app.errors import InputError
from station_app.hub import conflicts, keys, kpi, report, status
from station_app.hub.feedback import last_package_text, write_feedback_package
from station_app.hub.importer import import_packages, require_hub
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.storage.migrate import open_database
from station_app.sync.crypto import format_fingerprint
from station_app.sync.drives import MSG_DONE


def _open(args: argparse.Namespace) -> tuple[Database, StationInfo]:
    db = open_database(args.database_url)
    try:
        return db, require_hub(db)
    except BaseException:
        db.dispose()
        raise


def _date(text: str, label: str) -> date:
    """The one date parser of the program (20261231, 2026-12-31, 2026/12/31, 2026.12.31 …)."""
    return parse_date(text, label)


def cmd_import(args: argparse.Namespace) -> int:
    db, _info = _open(args)
    try:
        outcomes = drive(import_packages(db, [Path(p) for p in args.paths], trust_new=args.trust_new))
    finally:
        db.dispose()
    for outcome in outcomes:
        print(visible(outcome.line()))
    if any(o.needs_trust for o in outcomes):
        print("核对密钥指纹无误后，可加 --trust-new 重新导入首次报送的联络站。")
    return 0 if all(o.ok for o in outcomes) else 1


def _period(args: argparse.Namespace) -> kpi.Period | None:
    """--from/--to: both or neither (no period = all time)."""
    if not args.date_from and not args.date_to:
        return None
    if not (args.date_from and args.date_to):
        raise InputError("统计期间要同时给出 --from 和 --to 两个日期。")
    return kpi.Period(_date(args.date_from, "开始日期"), _date(args.date_to, "结束日期"))


def cmd_status(args: argparse.Namespace) -> int:
    period = _period(args)
    db, info = _open(args)
    try:
        rows = status.station_table(db, status.scope_of(info), period=period)
    finally:
        db.dispose()
    if args.json:
        for row in rows:
            print(json.dumps(row.to_json(period), ensure_ascii=False, sort_keys=True))
        return 0
    heard = sum(not r.never_heard for r in rows)
    silent = len(rows) - heard
    print(f"{info.station_name}：共 {len(rows)} 个乡镇（街道），已报送 {heard} 个，从未报送 {silent} 个。")
    print(f"统计期间：{period_label(period)}（按议题提出日期）")
    for row in rows:
        if row.never_heard:
            state = status.NEVER_SENT
        else:
            when = row.last_created_at.astimezone().strftime("%Y-%m-%d") if row.last_created_at else ""
            state = f"最近第 {row.last_sequence} 号（{when}）"
        extras = [row.gaps_text()] if row.gaps or row.chain_breaks else []
        if row.overdue_actions:
            extras.append(f"{label('overdue_actions')} {row.overdue_actions} 项")
        line = (
            f"{row.township_code}  {row.county_name}{row.township_name}  {state}  "
            f"{label('total')} {row.total} 个，{label('active')} {row.active} 个"
        )
        print(line + ("  " + "；".join(extras) if extras else ""))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    out_file(args.out, (".pdf", ".xlsx"))
    db, info = _open(args)
    try:
        period = kpi.Period(_date(args.date_from, "开始日期"), _date(args.date_to, "结束日期"))
        data = report.report_data(db, info, status.scope_of(info), period)
    finally:
        db.dispose()
    written = report.write_report(data, Path(args.out))
    print(f"已生成统计报表：{written}")
    return 0


def cmd_feedback(args: argparse.Namespace) -> int:
    db, _info = _open(args)
    try:
        written = drive(write_feedback_package(db, args.station, Path(args.out), again=args.again))
        carried = last_package_text(db, args.station.strip())
    finally:
        db.dispose()
    print(f"已写入回执/反馈包：{written}（{carried}）")
    print(MSG_DONE)
    return 0


def cmd_keys_export(args: argparse.Namespace) -> int:
    db, info = _open(args)
    db.dispose()
    written = keys.export_office_key(info, Path(args.out))
    key = keys.office_key(info)
    print(f"已导出本单位公钥文件：{written}")
    print(f"签名指纹：{format_fingerprint(key.fingerprint)}")
    print("请把这个文件交给各联络站，在「同步」页点击「添加县政协公钥…」安装。")
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    db, _info = _open(args)
    try:
        found = conflicts.list_conflicts(db)
    finally:
        db.dispose()
    if not found:
        print("没有待处理的冲突。")
        return 0
    print(f"待处理的冲突 {len(found)} 条（请在程序窗口的「同步」页中逐条处理）：")
    for item in found:
        print(f"\n{item.id}. {item.station_name}  {item.record_name()}：{item.reason}")
        for diff in item.differences():
            print(f"  【{diff.label}】")
            print(f"    本单位现有的：{diff.current}")
            print(f"    新收到的：　　{diff.incoming}")
    return 0
