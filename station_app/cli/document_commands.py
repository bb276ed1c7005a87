"""Sub-commands that print documents to PDF files: minutes, sign-in sheet, result report, member record."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from station_app.cli.jobs import drive
from station_app.cli.station_commands import open_db
from station_app.documents import write_pdf_atomically
from station_app.domain.progress import CancelToken
from station_app.domain.validation import parse_date
from station_app.errors import InputError
from station_app.output_guard import check_output_file, check_output_folder
from station_app.services import printing
from station_app.services.station import require_station
from station_app.storage.engine import Database


def _out_file(text: str) -> Path:
    path = check_output_file(Path(text).expanduser())
    if path.is_dir():
        raise InputError(f"“{path}”是一个文件夹，请在 --out 中给出文件名，如 纪要.pdf。")
    if not path.parent.is_dir():
        raise InputError(f"保存位置“{path.parent}”不存在，请先建好文件夹或换一个位置。")
    return path


def _write(args: argparse.Namespace, make_pdf: Callable[[Database], bytes]) -> int:
    out = _out_file(args.out)
    db = open_db(args)
    try:
        require_station(db)
        pdf = make_pdf(db)
    finally:
        db.dispose()
    print(write_pdf_atomically(pdf, out))
    return 0


def cmd_minutes(args: argparse.Namespace) -> int:
    def make(db: Database) -> bytes:
        meeting = printing.nth_meeting(db, printing.resolve_consultation(db, args.record), args.meeting)
        return printing.minutes_pdf(db, meeting, version=args.version, mask_phones=not args.show_phones)

    return _write(args, make)


def cmd_signin(args: argparse.Namespace) -> int:
    def make(db: Database) -> bytes:
        meeting = printing.nth_meeting(db, printing.resolve_consultation(db, args.record), args.meeting)
        return printing.signin_pdf(db, meeting)

    return _write(args, make)


def cmd_result_report(args: argparse.Namespace) -> int:
    return _write(
        args, lambda db: printing.result_report_pdf(db, printing.resolve_consultation(db, args.record))
    )


def cmd_member_record(args: argparse.Namespace) -> int:
    start = parse_date(args.start, "开始日期（--from）")
    end = parse_date(args.end, "结束日期（--to）")
    return _write(
        args, lambda db: printing.member_record_pdf(db, printing.resolve_member(db, args.member), start, end)
    )


def cmd_export_minutes(args: argparse.Namespace) -> int:
    folder = Path(args.out).expanduser()
    if folder.exists() and not folder.is_dir():
        raise InputError(f"“{folder}”不是文件夹，请在 --out 中给出导出的文件夹。")
    check_output_folder(folder)
    db = open_db(args)
    try:
        require_station(db)
        written = drive(printing.export_year_minutes(db, args.year, folder, CancelToken()))
    finally:
        db.dispose()
    if not written:
        print(f"{args.year}年没有协商会议记录，没有导出文件。")
        return 0
    for path in written:
        print(path)
    print(f"已导出 {len(written)} 份会议纪要到：{folder}")
    return 0


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是整数") from None
    if value < 1:
        raise argparse.ArgumentTypeError("必须大于 0")
    return value


def _year(text: str) -> int:
    value = _positive(text)
    if not 2000 <= value <= 2100:
        raise argparse.ArgumentTypeError(f"年份“{text}”不合理，应在2000—2100年之间")
    return value


_RECORD_HELP = "议题编号（如 大佛街道〔2026〕3号、2026-3）或议题的 UUID"


def register(commands: Any) -> None:
    minutes = commands.add_parser("minutes", help="生成协商议事会议纪要（PDF）")
    minutes.add_argument("record", metavar="议题", help=_RECORD_HELP)
    minutes.add_argument("--out", required=True, metavar="文件.pdf", help="保存到的 PDF 文件")
    minutes.add_argument("--meeting", type=_positive, metavar="N", help="第 N 次协商会议（默认最近一次）")
    minutes.add_argument("--version", type=_positive, metavar="V", help="已定稿的第 V 版（默认当前内容）")
    minutes.add_argument("--show-phones", action="store_true", help="显示完整电话号码（默认隐去中间四位）")
    minutes.set_defaults(handler=cmd_minutes)

    signin = commands.add_parser("signin-sheet", help="生成协商会议签到表（PDF）")
    signin.add_argument("record", metavar="议题", help=_RECORD_HELP)
    signin.add_argument("--out", required=True, metavar="文件.pdf", help="保存到的 PDF 文件")
    signin.add_argument("--meeting", type=_positive, metavar="N", help="第 N 次协商会议（默认最近一次）")
    signin.set_defaults(handler=cmd_signin)

    report = commands.add_parser("result-report", help="生成协商成果报送单（PDF）")
    report.add_argument("record", metavar="议题", help=_RECORD_HELP)
    report.add_argument("--out", required=True, metavar="文件.pdf", help="保存到的 PDF 文件")
    report.set_defaults(handler=cmd_result_report)

    member = commands.add_parser("member-record", help="生成委员履职记录（PDF）")
    member.add_argument("member", metavar="委员", help="委员姓名或 UUID")
    member.add_argument("--from", dest="start", required=True, metavar="日期", help="开始日期，如 2026-01-01")
    member.add_argument("--to", dest="end", required=True, metavar="日期", help="结束日期，如 2026-12-31")
    member.add_argument("--out", required=True, metavar="文件.pdf", help="保存到的 PDF 文件")
    member.set_defaults(handler=cmd_member_record)

    export = commands.add_parser("export-minutes", help="导出某年度全部协商议事会议纪要（PDF）")
    export.add_argument("--year", type=_year, required=True, metavar="年份", help="如 2026")
    export.add_argument("--out", required=True, metavar="文件夹", help="导出到的文件夹（不存在时新建）")
    export.set_defaults(handler=cmd_export_minutes)
