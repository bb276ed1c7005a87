"""Looking at the records from the command line: list."""

from __future__ import annotations

import argparse
import json
from typing import Any

from station_app.cli.station_commands import open_db
from station_app.domain.lifecycle import Status
from station_app.services.queries import ConsultationFilter, count_consultations, list_consultations

PAGE = 500


def cmd_list(args: argparse.Namespace) -> int:
    flt = ConsultationFilter(status=args.status or "", search=args.search or "", year=args.year)
    db = open_db(args)
    try:
        total = count_consultations(db, flt)
        offset = 0
        while offset < total:
            for row in list_consultations(
                db, flt, sort="number", descending=False, offset=offset, limit=PAGE
            ):
                if args.json:
                    record = {
                        "uuid": row.id,
                        "number": row.number,
                        "title": row.title,
                        "status": row.status,
                        "stage": row.stage,
                        "field": row.field,
                        "source": row.source,
                        "village": row.village,
                        "proposed_on": row.proposed_on.isoformat() if row.proposed_on else None,
                    }
                    print(json.dumps(record, ensure_ascii=False))
                else:
                    print(f"{row.number}\t{row.status}\t{row.title}")
            offset += PAGE
    finally:
        db.dispose()
    if not args.json:
        print(f"共 {total} 个议题")
    return 0


def _year(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是年份") from None
    if not 2000 <= value <= 2100:
        raise argparse.ArgumentTypeError(f"年份“{text}”不合理，应在2000—2100年之间")
    return value


def register(commands: Any) -> None:
    listing = commands.add_parser("list", help="列出协商议题")
    listing.add_argument(
        "--status", choices=[s.value for s in Status], metavar="状态", help="只列出这个状态的议题"
    )
    listing.add_argument(
        "--search", metavar="文字", help="按标题、内容、人名、单位搜索（人名可用拼音首字母）"
    )
    listing.add_argument("--year", type=_year, metavar="年份", help="只列出这一年的议题")
    listing.add_argument("--json", action="store_true", help="每行输出一个 JSON 对象")
    listing.set_defaults(handler=cmd_list)
