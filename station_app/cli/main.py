"""The command line: parsing and printing only; the work is done by the services.

Exit codes: 0 done, 1 refused (a Chinese message on stderr, no traceback), 2 usage error.
The parsers come from light declarations (``cli.commands``); a command's module is imported only
when that command runs, so ``--version`` or ``list`` never load the PDF library, Alembic or the hub.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from station_app import APP_TITLE, __version__, paths
from station_app.cli import argparse_zh, commands
from station_app.domain.fieldcheck import visible
from station_app.errors import KnownError
from station_app.logsetup import start_up

log = logging.getLogger(__name__)


class ChineseArgumentParser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse_zh.ChineseHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"参数错误：{message}\n运行 station-app --help 查看用法。\n")


def build_parser() -> ChineseArgumentParser:
    argparse_zh.install()
    parser = ChineseArgumentParser(
        prog="station-app",
        description=f"{APP_TITLE}。不带子命令时打开程序窗口。",
    )
    parser.add_argument(
        "--version", action="version", version=f"station-app {__version__}", help="显示程序版本并退出"
    )
    parser.add_argument("--data-dir", metavar="目录", help="数据目录（默认为本机用户数据目录）")
    parser.add_argument(
        "--database-url",
        metavar="数据库地址",
        help="数据库地址，如 postgresql+psycopg://用户:密码@主机/库（默认为数据目录中的 SQLite 文件）",
    )
    sub = parser.add_subparsers(dest="command", metavar="子命令", parser_class=ChineseArgumentParser)
    commands.declare(sub)
    return parser


def _configure_output() -> None:
    # A Windows console may not be UTF-8; never crash on a Chinese message.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def _window_only(argv: Sequence[str]) -> argparse.Namespace | None:
    """The global options when nothing else was given: the window starts without the command parsers."""
    quick = argparse.ArgumentParser(add_help=False)
    quick.add_argument("--data-dir")
    quick.add_argument("--database-url")
    known, rest = quick.parse_known_args(argv)
    return None if rest else known


def main(argv: Sequence[str] | None = None) -> int:
    _configure_output()
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = _window_only(arguments)
    if args is None:
        args = build_parser().parse_args(arguments)
    try:
        start_up(args.data_dir)
    except KnownError as error:
        print(error.message, file=sys.stderr)
        return 2 if args.data_dir is not None and not args.data_dir.strip() else 1
    if getattr(args, "command", None) is None:
        from station_app.ui.app import run_gui  # the window is loaded only when asked for

        return run_gui(args.database_url)
    try:
        return commands.resolve(args.handler)(args)
    except KnownError as error:
        log.info("refused: %s", error.message)
        print(visible(error.message), file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader (e.g. `| head`) stopped early; that is not an error.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - stops a second error at exit
        return 0
    except KeyboardInterrupt:
        print("操作已取消。", file=sys.stderr)
        return 1
    except Exception:
        log.exception("unexpected error in command %s", args.command)
        print(f"程序出现意外错误，详情已写入日志：{paths.logs_dir()}", file=sys.stderr)
        return 1
