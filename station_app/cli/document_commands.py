"""Sub-commands that print documents to PDF files: minutes, sign-in sheet, result report, member record."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from station_app.cli.jobs import drive
from station_app.cli.out_paths import out_file, out_folder
from station_app.documents import write_pdf_atomically
from station_app.domain.progress import CancelToken
from station_app.domain.validation import parse_date
from station_app.storage.engine import Database
from station_app.storage.migrate import open_database

# Each command imports the services it uses: ``minutes`` reads without the ORM, which the others load.


def open_db(args: argparse.Namespace) -> Database:
    return open_database(args.database_url)


def _out_file(text: str) -> Path:
    return out_file(text)


def _write(args: argparse.Namespace, make_pdf: Callable[[Database], bytes]) -> int:
    out = _out_file(args.out)
    from station_app.services.station import require_station

    db = open_db(args)
    try:
        require_station(db)
        pdf = make_pdf(db)
    finally:
        db.dispose()
    print(write_pdf_atomically(pdf, out))
    return 0


def cmd_minutes(args: argparse.Namespace) -> int:
    # Read through SQLAlchemy's core: from cold, loading the ORM would cost more than the reading.
    from station_app.documents.minutes import build_minutes
    from station_app.services.minutes_content import check_printable
    from station_app.services.minutes_read import read_minutes, read_station
    from station_app.services.printing_lookup import nth_meeting, resolve_consultation

    out = _out_file(args.out)
    db = open_db(args)
    try:
        read_station(db)
        meeting = nth_meeting(db, resolve_consultation(db, args.record), args.meeting)
        data = read_minutes(db, meeting, version=args.version)
    finally:
        db.dispose()
    check_printable(data)
    print(write_pdf_atomically(build_minutes(data, mask_phones=not args.show_phones), out))
    return 0


def cmd_signin(args: argparse.Namespace) -> int:
    from station_app.services import printing

    def make(db: Database) -> bytes:
        meeting = printing.nth_meeting(db, printing.resolve_consultation(db, args.record), args.meeting)
        return printing.signin_pdf(db, meeting)

    return _write(args, make)


def cmd_result_report(args: argparse.Namespace) -> int:
    from station_app.services import printing

    return _write(
        args, lambda db: printing.result_report_pdf(db, printing.resolve_consultation(db, args.record))
    )


def cmd_member_record(args: argparse.Namespace) -> int:
    from station_app.services import printing

    start = parse_date(args.start, "开始日期（--from）")
    end = parse_date(args.end, "结束日期（--to）")
    return _write(
        args, lambda db: printing.member_record_pdf(db, printing.resolve_member(db, args.member), start, end)
    )


def cmd_export_minutes(args: argparse.Namespace) -> int:
    folder = out_folder(args.out)
    from station_app.services import printing, year_export
    from station_app.services.station import require_station

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
