"""Sub-commands for sync and safety: export, keys, import-feedback, backup, restore."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from station_app import paths
from station_app.cli.jobs import drive
from station_app.cli.out_paths import out_file
from station_app.domain.fieldcheck import visible
from station_app.errors import InputError
from station_app.services import backups, keys
from station_app.services.export import MSG_DONE, NothingToExportError, describe_counts, export_package
from station_app.services.feedback_import import import_feedback
from station_app.services.restore_check import check_restorable
from station_app.services.station import load_station, require_station
from station_app.storage.engine import Database
from station_app.storage.migrate import open_database
from station_app.sync.crypto import format_fingerprint

CONFIRM_RESTORE = "确认恢复？(y/N) "
_YES = {"y", "yes", "是"}


def _open(args: argparse.Namespace) -> Database:
    return open_database(args.database_url)


def _sqlite_file(args: argparse.Namespace) -> Path:
    if args.database_url and not str(args.database_url).startswith("sqlite:///"):
        raise InputError("备份和恢复只适用于本机的 SQLite 数据库；服务器数据库请用其自带的备份工具。")
    if args.database_url:
        return Path(str(args.database_url).removeprefix("sqlite:///"))
    return paths.database_file()


def cmd_export(args: argparse.Namespace) -> int:
    db = _open(args)
    try:
        try:
            result = drive(export_package(db, Path(args.out), full=args.full))
        except NothingToExportError as nothing:
            print(nothing.message)
            return 0
    finally:
        db.dispose()
    for warning in result.warnings:
        print(f"注意：{warning}", file=sys.stderr)
    kind = "全部" if result.full else "增量"
    total = sum(result.counts.values())
    contents = describe_counts(result.counts)
    print(f"已导出第 {result.sequence} 号{kind}数据包，共 {total} 条记录（{contents}）：")
    print(result.path)
    print(MSG_DONE)
    return 0


def cmd_keys_add(args: argparse.Namespace) -> int:
    db = _open(args)
    try:
        station = load_station(db)
    finally:
        db.dispose()
    key = keys.add_recipient(Path(args.file), station)
    print(f"已安装公钥：{keys.describe(key)}")
    print("今后导出的数据包将加密给已安装公钥的单位。")
    return 0


def cmd_keys_remove(args: argparse.Namespace) -> int:
    key = keys.remove_recipient(args.code)
    print(f"已删除公钥：{keys.describe(key)}")
    return 0


def cmd_keys_list(_args: argparse.Namespace) -> int:
    installed = keys.list_recipients()
    if not installed:
        print("尚未安装县政协公钥：导出的数据包不加密。")
        return 0
    for key in installed:
        print(f"{key.office_code}  {keys.describe(key)}")
    return 0


def cmd_keys_fingerprint(_args: argparse.Namespace) -> int:
    info = keys.station_key_info()
    print(f"本站公钥指纹：{format_fingerprint(info.fingerprint)}")
    print(f"公钥：{info.public_key}")
    return 0


def cmd_keys_registration(args: argparse.Namespace) -> int:
    db = _open(args)
    try:
        written = keys.key_registration_pdf(db, out_file(args.out))
    finally:
        db.dispose()
    print(f"已生成密钥登记表：{written}")
    return 0


def cmd_import_feedback(args: argparse.Namespace) -> int:
    db = _open(args)
    try:
        result = drive(import_feedback(db, Path(args.file)))
    finally:
        db.dispose()
    print(visible(result.describe()))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    source = _sqlite_file(args)
    db = _open(args)  # creates or upgrades the file, and refuses one that is too new
    try:
        require_station(db)
        made = backups.backup_to(source, Path(args.out)) if args.out else backups.backup_now(source)
    finally:
        db.dispose()
    print(f"已备份到：{made}")
    return 0


def _confirmed(yes: bool) -> bool:
    if yes:
        return True
    if sys.stdin is None or not sys.stdin.isatty():
        raise InputError("恢复会替换当前的全部数据。非交互方式运行时，请加 --yes 表示确认。")
    print("恢复会用备份替换当前的全部数据（当前数据会先自动备份）。请先关闭程序窗口。")
    try:
        answer = input(CONFIRM_RESTORE)
    except EOFError:
        answer = ""
    return answer.strip().lower() in _YES


def cmd_restore(args: argparse.Namespace) -> int:
    target = _sqlite_file(args)
    backup_file = Path(args.file)
    # refuse a bad or foreign file before asking anything
    check_restorable(target, backup_file, move=args.move)
    if not _confirmed(args.yes):
        print("已取消，数据没有改动。")
        return 1
    before = backups.restore(target, backup_file, move=args.move)
    open_database(f"sqlite:///{target}").dispose()  # upgrades an older backup right away
    print(f"已从备份恢复：{backup_file}")
    if before is not None:
        print(f"恢复前的数据已保存为：{before}")
    return 0
