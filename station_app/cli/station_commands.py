"""Sub-commands for setting up and looking after a station: setup, demo, check."""

from __future__ import annotations

import argparse

from station_app import paths
from station_app.cli.jobs import drive
from station_app.cli.township_commands import code_hint
from station_app.domain.classifications import ROLE_COUNTY, ROLE_STATION
from station_app.errors import InputError, NotSetUpError, UnknownPlaceError
from station_app.services.station import (
    SetupRequest,
    check_setup,
    load_station,
    people_labels,
    setup_station,
)
from station_app.storage.engine import Database
from station_app.storage.migrate import open_database


def open_db(args: argparse.Namespace) -> Database:
    return open_database(args.database_url)


def cmd_setup(args: argparse.Namespace) -> int:
    request = SetupRequest(
        role=args.role,
        township_code=args.township_code or "",
        county_code=args.county_code or "",
        head_name=args.head or "",
        clerk_name=args.clerk or "",
        station_name=args.name or "",
    )
    missing = _missing_for_setup(request)
    if missing:
        raise InputError(f"初始设置还缺：{'、'.join(missing)}。没有做任何设置。")
    try:
        check_setup(request)  # a wrong code is refused before a database file is made
    except UnknownPlaceError as error:
        raise InputError(error.message + code_hint(request)) from None
    db = open_db(args)
    try:
        info = setup_station(db, request)
    finally:
        db.dispose()
    print(f"已完成设置：{info.station_name}（{info.role_label}）")
    print(f"数据目录：{paths.data_dir()}")
    return 0


def _missing_for_setup(request: SetupRequest) -> list[str]:
    """Everything a command-line setup lacks, at once: the wizard's rule (both people) and the place."""
    head, clerk = people_labels(request.role)
    missing = [
        f"{label}（{option} 姓名）"
        for label, option, value in (
            (head, "--head", request.head_name),
            (clerk, "--clerk", request.clerk_name),
        )
        if not value.strip()
    ]
    if request.role == ROLE_STATION and not request.township_code.strip():
        # A county's code without its role: the office meant a county hub, most likely.
        county = "；县（区）政协汇总请加 --role county" if request.county_code.strip() else ""
        missing.append(
            "所在乡镇（街道）的9位区划代码"
            f"（--township-code，用 station-app townships 名称 查代码，如 townships 牟子{county}）"
        )
    if request.role == ROLE_COUNTY and not request.county_code.strip():
        missing.append("县（市、区）的6位代码（--county-code，如 511102 市中区；station-app townships 可查）")
    return missing


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
