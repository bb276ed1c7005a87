"""Sub-commands that print documents to PDF files: minutes, sign-in sheet, result report, member record."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from station_app.cli.jobs import drive
from station_app.cli.out_paths import out_file, out_folder
from station_app.cli.station_commands import open_db
from station_app.documents import write_pdf_atomically
from station_app.domain.progress import CancelToken
from station_app.domain.validation import parse_date
from station_app.services import printing, year_export
from station_app.services.station import require_station
from station_app.storage.engine import Database


def _out_file(text: str) -> Path:
    return out_file(text)


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
    folder = out_folder(args.out)
    db = open_db(args)
    try:
        require_station(db)
        written = drive(printing.export_year_minutes(db, args.year, folder, CancelToken()))
        revoked = year_export.revoked_note(year_export.revoked_in(db, args.year))
        notes = year_export.export_notes(db, args.year)
    finally:
        db.dispose()
    if not written:
        nothing = "没有可导出的会议纪要" if revoked else "没有协商会议记录"
        print(f"{args.year}年{nothing}，没有导出文件。{revoked}")
        return 0
    for path in written:
        print(path)
    print(f"已导出 {len(written)} 份会议纪要到：{folder}" + (f"\n{notes}" if notes else ""))
    return 0
