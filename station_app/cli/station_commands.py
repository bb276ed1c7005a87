"""Sub-commands for setting up and looking after a station: setup, demo, check."""

from __future__ import annotations

import argparse

from station_app import paths
from station_app.cli.jobs import drive
from station_app.errors import InputError, NotSetUpError
from station_app.services.station import SetupRequest, load_station, people_problem, setup_station
from station_app.storage.engine import Database
from station_app.storage.migrate import open_database


def open_db(args: argparse.Namespace) -> Database:
    return open_database(args.database_url)


def cmd_setup(args: argparse.Namespace) -> int:
    # The wizard's and 设置's rule: the people sign minutes and receive feedback.
    problem = people_problem(args.role, args.head or "", args.clerk or "")
    if problem:
        raise InputError(f"{problem}（命令行用 --head 填站长或负责人，--clerk 填联络员或经办人）")
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
    from station_app.services.consultations import has_consultations
    from station_app.services.demo import fill_demo
    from station_app.services.demo_guard import real_record_count

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
        elif has_consultations(db) and not args.add:
            raise InputError(
                "本站已有协商议题，再生成演示数据会和真实数据混在一起，没有生成。"
                "演示数据请在单独的数据目录中试用（如 station-app --data-dir ./演示数据 demo …）；"
                "如只是给演示数据再追加一批，请加 --add。"
            )
        elif (real := real_record_count(db)) and not args.mix_with_real:
            raise InputError(
                f"本站有 {real} 条真实记录（议题、社情民意或委员，不是演示数据生成的），没有生成演示数据："
                "演示会议会用上真实的委员，演示议题会随下一个数据包报送县政协。"
                "演示数据请在单独的数据目录中试用（如 station-app --data-dir ./演示数据 demo …）。"
                "如确实要混在一起，请加 --mix-with-real。"
            )
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
    from station_app.services.check import check_database  # Alembic's schema comparison: only here
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
