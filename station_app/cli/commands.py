"""Every sub-command, declared: its name, help and arguments, and where its handler lives.

Declaring is cheap: this module imports only argparse and the plain classifications. A handler
is named as ``"module:function"`` inside ``station_app.cli`` and its module (with reportlab,
Alembic, the hub…) is imported only when that command runs. Adding a command is one ``command``
call here plus its handler in one of the ``*_commands`` modules.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from typing import Any

from station_app.cli.arg_types import positive, year
from station_app.domain.classifications import ROLES

Handler = Callable[[argparse.Namespace], int]
Subparsers = Any  # argparse's _SubParsersAction, which it does not export

RECORD_HELP = "议题编号（如 大佛街道〔2026〕3号、2026-3）或议题的 UUID"
# The statuses of domain.lifecycle.Status, spelled out so that --help needs no import of the rules;
# tests/cli/test_cli_commands.py checks that the two agree.
STATUSES: tuple[str, ...] = (
    "征集中", "已立题", "不予立题", "调研中", "待协商", "已协商", "已报送", "办理中", "已反馈",
    "已评价", "已归档", "已撤销",
)  # fmt: skip


def command(sub: Subparsers, name: str, handler: str, help: str) -> argparse.ArgumentParser:
    """Declare one command; ``handler`` is ``"module:function"`` under ``station_app.cli``."""
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help)
    parser.set_defaults(handler=handler)
    return parser


def resolve(handler: str | Handler) -> Handler:
    """The handler function, importing its module now."""
    if callable(handler):
        return handler
    module_name, _, function = handler.partition(":")
    module = importlib.import_module(f"station_app.cli.{module_name}")
    found: Handler = getattr(module, function)
    return found


def declare(commands: Subparsers) -> None:
    _station(commands)
    _documents(commands)
    _sync(commands)
    _ledger(commands)
    _queries(commands)
    _hub(commands)
    command(
        commands,
        "selfcheck",
        "selfcheck_commands:cmd_selfcheck",
        "自检：在数据目录中（已有数据时在其中的临时子目录中）试做一遍建站、纪要、导出，检查程序是否完好",
    )


def _station(commands: Subparsers) -> None:
    setup = command(commands, "setup", "station_commands:cmd_setup", "初始设置（无窗口）")
    setup.add_argument(
        "--role",
        choices=list(ROLES),
        default="station",
        metavar="角色",
        help="station=乡镇联络站，county=县（区）政协汇总，city=市政协汇总",
    )
    setup.add_argument("--township-code", metavar="代码", help="乡镇（街道）的9位统计区划代码")
    setup.add_argument("--county-code", metavar="代码", help="县（市、区）的6位代码（县区汇总用）")
    setup.add_argument("--head", metavar="姓名", help="站长（汇总单位为负责人），必填")
    setup.add_argument("--clerk", metavar="姓名", help="联络员（汇总单位为经办人），必填")
    setup.add_argument("--name", metavar="名称", help="站点名称（默认按所选乡镇生成）")

    towns = command(
        commands,
        "townships",
        "township_commands:cmd_townships",
        "列出乐山市各乡镇（街道）及县（市、区）的区划代码（初始设置用）",
    )
    towns.add_argument("word", nargs="?", default="", metavar="名称或代码", help="只列名称或代码含此内容的")

    demo = command(
        commands,
        "demo",
        "station_commands:cmd_demo",
        "生成演示数据（供试用，请配合 --data-dir 用单独的数据目录）",
    )
    demo.description = (
        "演示数据供试用程序，请放在单独的数据目录："
        "station-app --data-dir ./演示数据 demo --township-code 代码。"
        "不要在存有真实记录的联络站上生成。"
    )
    demo.add_argument("--count", type=positive, default=60, metavar="个数", help="协商议题数量（默认 60）")
    demo.add_argument("--seed", type=int, default=1, metavar="种子", help="随机种子（相同种子生成相同数据）")
    demo.add_argument("--township-code", metavar="代码", help="尚未设置时，先按这个乡镇（街道）完成设置")
    demo.add_argument("--add", action="store_true", help="给已有的演示数据再追加一批（有真实记录时仍拒绝）")
    demo.add_argument(
        "--mix-with-real",
        action="store_true",
        help="有真实记录时也追加演示数据（会与真实数据混在一起，不建议）",
    )
    demo.add_argument("--open", action="store_true", help="完成后打开程序窗口（已有议题时不再生成）")

    check = command(commands, "check", "station_commands:cmd_check", "检查数据库完整性、数据结构和检索索引")
    check.add_argument(
        "--repair", action="store_true", help="检索索引与记录不一致时重建（进度显示在标准错误）"
    )


def _documents(commands: Subparsers) -> None:
    minutes = command(commands, "minutes", "document_commands:cmd_minutes", "生成协商议事会议纪要（PDF）")
    minutes.add_argument("record", metavar="议题", help=RECORD_HELP)
    minutes.add_argument("--out", required=True, metavar="文件.pdf", help="保存到的 PDF 文件")
    minutes.add_argument("--meeting", type=positive, metavar="次序", help="第几次协商会议（默认最近一次）")
    minutes.add_argument("--version", type=positive, metavar="版次", help="已定稿的第几版（默认当前内容）")
    minutes.add_argument("--show-phones", action="store_true", help="显示完整电话号码（默认隐去中间四位）")

    signin = command(commands, "signin-sheet", "document_commands:cmd_signin", "生成协商会议签到表（PDF）")
    signin.add_argument("record", metavar="议题", help=RECORD_HELP)
    signin.add_argument("--out", required=True, metavar="文件.pdf", help="保存到的 PDF 文件")
    signin.add_argument("--meeting", type=positive, metavar="次序", help="第几次协商会议（默认最近一次）")

    report = command(
        commands, "result-report", "document_commands:cmd_result_report", "生成协商成果报送单（PDF）"
    )
    report.add_argument("record", metavar="议题", help=RECORD_HELP)
    report.add_argument("--out", required=True, metavar="文件.pdf", help="保存到的 PDF 文件")

    member = command(
        commands, "member-record", "document_commands:cmd_member_record", "生成委员履职记录（PDF）"
    )
    member.add_argument("member", metavar="委员", help="委员姓名或 UUID")
    member.add_argument("--from", dest="start", required=True, metavar="日期", help="开始日期，如 2026-01-01")
    member.add_argument("--to", dest="end", required=True, metavar="日期", help="结束日期，如 2026-12-31")
    member.add_argument("--out", required=True, metavar="文件.pdf", help="保存到的 PDF 文件")

    export = command(
        commands,
        "export-minutes",
        "document_commands:cmd_export_minutes",
        "导出某年度全部协商议事会议纪要（PDF）",
    )
    export.add_argument("--year", type=year, required=True, metavar="年份", help="如 2026")
    export.add_argument("--out", required=True, metavar="文件夹", help="导出到的文件夹（不存在时新建）")


def _sync(commands: Subparsers) -> None:
    export = command(commands, "export", "sync_commands:cmd_export", "导出数据包到U盘或文件夹")
    export.add_argument("--out", required=True, metavar="目录", help="U盘或文件夹")
    export.add_argument("--full", action="store_true", help="导出全部数据（默认只导出上次以来的变化）")

    keys_parser = commands.add_parser("keys", help="本站密钥与县政协公钥")
    keys = keys_parser.add_subparsers(dest="keys_command", metavar="操作", required=True)
    add = command(keys, "add-recipient", "sync_commands:cmd_keys_add", "安装县（市）政协的单位公钥文件")
    add.add_argument("file", metavar="文件", help="单位公钥文件（.json）")
    remove = command(keys, "remove-recipient", "sync_commands:cmd_keys_remove", "删除已安装的单位公钥")
    remove.add_argument("code", metavar="单位代码")
    command(keys, "list", "sync_commands:cmd_keys_list", "列出已安装的单位公钥")
    command(keys, "fingerprint", "sync_commands:cmd_keys_fingerprint", "显示本站公钥指纹")
    registration = command(
        keys, "registration", "sync_commands:cmd_keys_registration", "生成联络站密钥登记表（PDF）"
    )
    registration.add_argument("--out", required=True, metavar="文件", help="PDF 文件")

    feedback = command(
        commands, "import-feedback", "sync_commands:cmd_import_feedback", "导入县政协发回的回执/反馈包"
    )
    feedback.add_argument("file", metavar="文件", help="回执包（.jzsync）")

    backup = command(commands, "backup", "sync_commands:cmd_backup", "备份数据库")
    backup.add_argument("--out", metavar="目录", help="备份到这个文件夹或U盘（默认为数据目录中的备份文件夹）")

    restore = command(commands, "restore", "sync_commands:cmd_restore", "从备份恢复数据库")
    restore.add_argument("file", metavar="文件", help="备份文件（.sqlite3）")
    restore.add_argument("--yes", action="store_true", help="不再询问，直接恢复")
    restore.add_argument(
        "--move", action="store_true", help="确认用另一个站点（或另一种角色）的备份替换本机数据（换站时用）"
    )


def _ledger(commands: Subparsers) -> None:
    importer = command(
        commands,
        "import-ledger",
        "ledger_commands:cmd_import_ledger",
        "从原有的 Excel 或 JSON 台账导入协商议题",
    )
    importer.add_argument("file", metavar="文件", help="台账文件（.xlsx 或 .json）")
    importer.add_argument(
        "--only-good", action="store_true", help="台账有问题时，只导入没有问题的行（默认一行都不导入）"
    )
    template = command(
        commands, "export-template", "ledger_commands:cmd_export_template", "导出空白的 Excel 台账模板"
    )
    template.add_argument("file", metavar="文件.xlsx", help="模板保存的位置")


def _queries(commands: Subparsers) -> None:
    listing = command(commands, "list", "query_commands:cmd_list", "列出协商议题")
    listing.add_argument("--status", choices=STATUSES, metavar="状态", help="只列出这个状态的议题")
    listing.add_argument(
        "--search", metavar="文字", help="按标题、内容、人名、单位搜索（人名可用拼音首字母）"
    )
    listing.add_argument("--year", type=year, metavar="年份", help="只列出这一年的议题")
    listing.add_argument("--json", action="store_true", help="每行输出一个 JSON 对象")


def _hub(commands: Subparsers) -> None:
    hub = commands.add_parser(
        "hub", help="县（区）政协、市政协汇总：导入数据包、查看各站情况、统计报表、回执"
    )
    sub = hub.add_subparsers(dest="hub_command", metavar="操作", required=True)
    imp = command(sub, "import", "hub_commands:cmd_import", "导入联络站数据包（文件或文件夹）")
    imp.add_argument("paths", nargs="+", metavar="路径", help="数据包文件（.jzsync）或包含数据包的文件夹")
    imp.add_argument("--trust-new", action="store_true", help="信任首次报送的联络站的密钥（请先核对指纹）")
    stat = command(sub, "status", "hub_commands:cmd_status", "各联络站报送情况")
    stat.add_argument("--json", action="store_true", help="每个联络站输出一行 JSON")
    stat.add_argument(
        "--from", dest="date_from", default="", metavar="日期", help="按议题提出日期统计的开始日期"
    )
    stat.add_argument(
        "--to", dest="date_to", default="", metavar="日期", help="结束日期；不给期间则统计全部时间"
    )
    rep = command(sub, "report", "hub_commands:cmd_report", "生成统计报表（PDF 或 Excel）")
    rep.add_argument(
        "--from", dest="date_from", required=True, metavar="日期", help="开始日期，如 2026-01-01"
    )
    rep.add_argument("--to", dest="date_to", required=True, metavar="日期", help="结束日期，如 2026-12-31")
    rep.add_argument("--out", required=True, metavar="文件", help="报表文件（.pdf 或 .xlsx）")
    feedback = command(sub, "feedback", "hub_commands:cmd_feedback", "为一个联络站写回执/办理反馈包")
    feedback.add_argument(
        "--station", required=True, metavar="区划代码", help="联络站所在乡镇（街道）的区划代码"
    )
    feedback.add_argument("--out", required=True, metavar="目录", help="U盘或文件夹")
    feedback.add_argument("--again", action="store_true", help="没有新内容也重写一份（原来那份丢失时）")
    key_parser = sub.add_parser("keys", help="本单位的公钥文件")
    key_sub = key_parser.add_subparsers(dest="hub_keys_command", metavar="操作", required=True)
    export = command(key_sub, "export", "hub_commands:cmd_keys_export", "导出联络站安装用的本单位公钥文件")
    export.add_argument("--out", required=True, metavar="文件", help="公钥文件（.json）")
    command(sub, "conflicts", "hub_commands:cmd_conflicts", "列出待处理的冲突")
    common = command(
        sub,
        "common-issues",
        "common_issues_commands:cmd_common_issues",
        "共性问题：多个乡镇（街道）提出的同一类具体问题",
    )
    common.add_argument(
        "--from", dest="date_from", metavar="日期", help="提出日期从，如 2026-01-01（默认今年 1 月 1 日）"
    )
    common.add_argument("--to", dest="date_to", metavar="日期", help="提出日期到，如 2026-12-31（默认今天）")
    common.add_argument(
        "--min-stations", type=int, default=2, metavar="个数", help="至少涉及几个乡镇（街道），默认 2"
    )
    common.add_argument("--json", action="store_true", help="每个共性问题输出一行 JSON")
