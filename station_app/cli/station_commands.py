"""Sub-commands for setting up and looking after a station: setup, demo, check."""

from __future__ import annotations

import argparse
from typing import Any

from station_app import paths
from station_app.cli.jobs import drive
from station_app.domain.classifications import ROLES
from station_app.errors import NotSetUpError
from station_app.services.check import check_database
from station_app.services.consultations import has_consultations
from station_app.services.station import SetupRequest, load_station, setup_station
from station_app.storage.engine import Database
from station_app.storage.migrate import open_database


def open_db(args: argparse.Namespace) -> Database:
    return open_database(args.database_url)


def cmd_setup(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        info = setup_station(
            db,
            SetupRequest(
                role=args.role,
                township_code=args.township_code or "",
                county_code=args.county_code or "",
                head_name=args.head or "",
                clerk_name=args.clerk or "",
                station_name=args.name or "",
            ),
        )
    finally:
        db.dispose()
    print(f"已完成设置：{info.station_name}（{info.role_label}）")
    print(f"数据目录：{paths.data_dir()}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from station_app.services.demo import fill_demo

    db = open_db(args)
    try:
        if load_station(db) is None:
            if not args.township_code:
                raise NotSetUpError()
            info = setup_station(
                db, SetupRequest(township_code=args.township_code, head_name="李明", clerk_name="王芳")
            )
            print(f"已完成设置：{info.station_name}")
        if args.open and has_consultations(db):
            print("已有议题，未再生成演示数据。")
        else:
            summary = drive(fill_demo(db, count=args.count, seed=args.seed))
            print(
                f"已生成演示数据：协商议题 {summary.consultations} 个、"
                f"社情民意 {summary.reports} 条、委员 {summary.members} 名"
            )
    finally:
        db.dispose()
    if args.open:
        from station_app.ui.app import run_gui

        return int(run_gui(args.database_url))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from station_app.storage.search_audit import audit_index

    db = open_database(args.database_url, repair_search=False)  # the index is reported, not mended quietly
    try:
        report = check_database(db)
        index = drive(audit_index(db, repair=args.repair))
    finally:
        db.dispose()
    if index.ok or index.repaired:
        report.lines.append(index.summary())
    else:
        report.problems.append(f"{index.summary()}。可运行 station-app check --repair 重建")
    for line in report.lines:
        print(line)
    for line in report.problems:
        print(f"问题：{line}")
    print("检查完成：一切正常。" if report.ok else "检查完成：发现问题，请从备份恢复或联系县政协。")
    return 0 if report.ok else 1


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是整数") from None
    if value < 1:
        raise argparse.ArgumentTypeError("必须大于 0")
    return value


def register(commands: Any) -> None:
    setup = commands.add_parser("setup", help="初始设置（无窗口）")
    setup.add_argument(
        "--role",
        choices=list(ROLES),
        default="station",
        help="station=乡镇联络站，county=县（区）政协汇总，city=市政协汇总",
    )
    setup.add_argument("--township-code", metavar="代码", help="乡镇（街道）的9位统计区划代码")
    setup.add_argument("--county-code", metavar="代码", help="县（市、区）的6位代码（县区汇总用）")
    setup.add_argument("--head", metavar="姓名", help="站长")
    setup.add_argument("--clerk", metavar="姓名", help="联络员")
    setup.add_argument("--name", metavar="名称", help="站点名称（默认按所选乡镇生成）")
    setup.set_defaults(handler=cmd_setup)

    demo = commands.add_parser("demo", help="生成演示数据")
    demo.add_argument("--count", type=_positive, default=60, help="协商议题数量（默认 60）")
    demo.add_argument("--seed", type=int, default=1, help="随机种子（相同种子生成相同数据）")
    demo.add_argument("--township-code", metavar="代码", help="尚未设置时，先按这个乡镇（街道）完成设置")
    demo.add_argument("--open", action="store_true", help="完成后打开程序窗口（已有议题时不再生成）")
    demo.set_defaults(handler=cmd_demo)

    check = commands.add_parser("check", help="检查数据库完整性、数据结构和检索索引")
    check.add_argument(
        "--repair", action="store_true", help="检索索引与记录不一致时重建（进度显示在标准错误）"
    )
    check.set_defaults(handler=cmd_check)
