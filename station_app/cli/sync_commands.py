"""Sub-commands for sync and safety: export, keys, import-feedback, backup, restore."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from station_app import paths
from station_app.cli.jobs import drive
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
        written = keys.key_registration_pdf(db, Path(args.out))
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


def register(commands: Any) -> None:
    export = commands.add_parser("export", help="导出数据包到U盘或文件夹")
    export.add_argument("--out", required=True, metavar="目录", help="U盘或文件夹")
    export.add_argument("--full", action="store_true", help="导出全部数据（默认只导出上次以来的变化）")
    export.set_defaults(handler=cmd_export)

    keys_parser = commands.add_parser("keys", help="本站密钥与县政协公钥")
    key_commands = keys_parser.add_subparsers(dest="keys_command", metavar="操作", required=True)
    add = key_commands.add_parser("add-recipient", help="安装县（市）政协的单位公钥文件")
    add.add_argument("file", metavar="文件", help="单位公钥文件（.json）")
    add.set_defaults(handler=cmd_keys_add)
    remove = key_commands.add_parser("remove-recipient", help="删除已安装的单位公钥")
    remove.add_argument("code", metavar="单位代码")
    remove.set_defaults(handler=cmd_keys_remove)
    key_commands.add_parser("list", help="列出已安装的单位公钥").set_defaults(handler=cmd_keys_list)
    key_commands.add_parser("fingerprint", help="显示本站公钥指纹").set_defaults(handler=cmd_keys_fingerprint)
    registration = key_commands.add_parser("registration", help="生成联络站密钥登记表（PDF）")
    registration.add_argument("--out", required=True, metavar="文件", help="PDF 文件")
    registration.set_defaults(handler=cmd_keys_registration)

    feedback = commands.add_parser("import-feedback", help="导入县政协发回的回执/反馈包")
    feedback.add_argument("file", metavar="文件", help="回执包（.jzsync）")
    feedback.set_defaults(handler=cmd_import_feedback)

    backup = commands.add_parser("backup", help="备份数据库")
    backup.add_argument("--out", metavar="目录", help="备份到这个文件夹或U盘（默认为数据目录中的备份文件夹）")
    backup.set_defaults(handler=cmd_backup)

    restore = commands.add_parser("restore", help="从备份恢复数据库")
    restore.add_argument("file", metavar="文件", help="备份文件（.sqlite3）")
    restore.add_argument("--yes", action="store_true", help="不再询问，直接恢复")
    restore.add_argument(
        "--move", action="store_true", help="确认用另一个站点（或另一种角色）的备份替换本机数据（换站时用）"
    )
    restore.set_defaults(handler=cmd_restore)
