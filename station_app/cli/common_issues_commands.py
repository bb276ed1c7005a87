"""``hub common-issues``: topics that several townships raise about the same problem."""

from __future__ import annotations

import argparse
import json
from datetime import date

from station_app.cli.jobs import drive
from station_app.domain.fieldcheck import parse_date
from station_app.domain.periods import default_period
from station_app.domain.similarity.counted import COUNTED_RULE
from station_app.errors import InputError
from station_app.hub import common_issues, kpi, status
from station_app.hub.closeness import CLOSENESS_HEADER, CLOSENESS_TIP, closeness
from station_app.services.station import require_station
from station_app.storage.migrate import open_database

MSG_STATION = "本机是乡镇联络站。共性问题分析汇总各联络站的议题，只在县（区）政协和市政协汇总单位使用。"


def _date(text: str | None, label: str, default: date) -> date:
    if not text:
        return default
    return parse_date(text, label)  # the window's forms too: 20261231, 2026/12/31, 2026.12.31 …


def cmd_common_issues(args: argparse.Namespace) -> int:
    start, end = default_period(date.today())
    period = kpi.Period(_date(args.date_from, "开始日期", start), _date(args.date_to, "结束日期", end))
    if args.min_stations < 1:
        raise InputError("--min-stations 应为 1 或以上的整数。")
    db = open_database(args.database_url)
    try:
        info = require_station(db)
        if not info.is_hub:
            raise InputError(MSG_STATION)
        issues = drive(
            common_issues.find_common_issues(
                db, status.scope_of(info), period, min_stations=args.min_stations
            )
        )
        marks = common_issues.list_marks(db)
    finally:
        db.dispose()
    issue_marks = common_issues.marks_for(issues, marks)
    if args.json:
        for issue, mark in zip(issues, issue_marks, strict=True):
            print(json.dumps(issue.to_json(mark), ensure_ascii=False, sort_keys=True))
        return 0
    print(
        f"{info.station_name}：{period.label()}，"
        f"至少 {args.min_stations} 个乡镇（街道）提出的共性问题共 {len(issues)} 个；{COUNTED_RULE}。"
    )
    if marks:
        print(common_issues.marks_summary(issue_marks, marks))
    for number, (issue, mark) in enumerate(zip(issues, issue_marks, strict=True), 1):
        print(f"\n{number}. {issue.title}　{len(issue.townships)} 个乡镇（街道）、{len(issue.topics)} 个议题")
        print(
            f"   领域：{'、'.join(issue.fields)}　关键词：{'、'.join(issue.key_terms)}"
            f"　{CLOSENESS_HEADER}：{closeness(issue.score)}"
        )
        if mark is not None:
            opinion = f"；办公室意见：{mark.note}" if mark.note else ""
            print(f"   已标记「{common_issues.MARK_LABEL}」（标记时的期间：{mark.period.label()}）{opinion}")
        for topic in issue.topics:
            # A number names its township already (大佛街道〔2026〕3号); an imported one may not.
            town = "" if topic.number.startswith(topic.township_label(False)) else f"{topic.township_name}　"
            print(f"   - {town}{topic.number}　{topic.title}（{topic.status}）")
    if issues:
        print("\n" + CLOSENESS_TIP.replace("\n", ""))
    return 0
