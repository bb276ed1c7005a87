"""``station-app selfcheck``: run the self-test and print one Chinese line per check."""

from __future__ import annotations

import argparse
import os

from station_app import __version__, paths
from station_app.cli.jobs import drive
from station_app.services.selfcheck import SelfcheckReport, run_selfcheck

PASSED = "通过"
FAILED = "失败"


def report_lines(report: SelfcheckReport) -> list[str]:
    """「[通过] 中文字体：仿宋→…」, one line per check, then the verdict."""
    lines = [f"[{PASSED if r.passed else FAILED}] {r.label}：{r.detail}" for r in report.results]
    if report.passed:
        lines.append(f"自检通过：全部 {len(report.results)} 项检查正常。")
        if not report.folder_removed:
            lines.append(f"自检数据保存在：{report.folder}")
    else:
        lines.append(f"自检未通过：{len(report.failures)} 项检查失败。自检数据保留在：{report.folder}")
    return lines


def cmd_selfcheck(args: argparse.Namespace) -> int:
    print(f"station-app {__version__} 自检")
    # Only a folder named on purpose may become the test station; the clerk's own data folder (even a
    # new, empty one) gets a scratch subfolder, so a later first start still shows the setup wizard.
    named = bool(args.data_dir or os.environ.get(paths.ENV_VAR))
    report = drive(run_selfcheck(paths.data_dir(), in_place=named))
    for line in report_lines(report):
        print(line)
    return 0 if report.passed else 1
