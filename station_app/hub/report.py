"""The statistics report (统计报表) as PDF (reportlab, the documents' fonts and layout) and .xlsx.

Input is the KPI figures of one scope and period and, at a hub, the station table; the same
report serves a station (scope = its own data, no station table).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from station_app.documents import layout
from station_app.documents.fonts import ensure_printable
from station_app.documents.layout import cells, para, styles, table
from station_app.documents.output import write_file_atomically, write_pdf_atomically
from station_app.errors import InputError
from station_app.hub.kpi import (
    SCOPE_STATION,
    TARGET_SHARE,
    Kpis,
    Period,
    Scope,
    compute,
    percent,
    stage_order,
)
from station_app.hub.status import StationRow, station_table
from station_app.services.station import StationInfo
from station_app.storage.engine import Database

DOC_TITLE = "政协工作联络站工作统计报表"
DEFINITIONS = (
    "议题数：提出日期在统计期间内的协商议题，不含不予立题和已撤销的议题。",
    "成果转化率：已报送及以后阶段的议题数 ÷ 已协商及以后阶段的议题数。",
    "满意率：满意与基本满意的评价数 ÷ 全部评价数。",
    "参与委员数：统计期间协商会议中出席或列席的不同委员人数。",
)


@dataclass(frozen=True)
class ReportData:
    kpis: Kpis
    office_name: str
    stations: Sequence[StationRow] = ()
    made_on: date | None = None


def kpi_rows(k: Kpis) -> list[tuple[str, str]]:
    """(label, value) in the order the report and the board show them."""
    target = f"（目标不低于 {TARGET_SHARE:.0%}）"
    return [
        ("协商议题数", str(k.consultations)),
        ("不予立题、已撤销议题数", str(k.not_taken_up)),
        ("协商会议数", str(k.meetings)),
        ("民生领域议题占比" + target, f"{percent(k.minsheng_share)}（{k.minsheng} 个）"),
        ("民主监督议题占比" + target, f"{percent(k.supervision_share)}（{k.supervision} 个）"),
        ("成果转化率", f"{percent(k.conversion_rate)}（{k.converted}/{k.consulted}）"),
        ("群众满意率", f"{percent(k.satisfaction_rate)}（共 {sum(k.ratings.values())} 份评价）"),
        ("参与委员数", str(k.members)),
    ]


def result_rows(k: Kpis) -> list[tuple[str, int]]:
    from station_app.domain.classifications import RESULT_CODES

    return [(f"{code} {label}", k.results.get(code, 0)) for code, label in RESULT_CODES.items()]


def stage_rows(k: Kpis) -> list[tuple[str, int]]:
    return [(stage, k.by_stage.get(stage, 0)) for stage in stage_order()]


def _story(data: ReportData) -> list[Flowable]:
    s = styles()
    k = data.kpis
    story: list[Flowable] = [para(data.office_name, s.number), para(DOC_TITLE, s.title), Spacer(1, 6)]
    story.append(para(f"统计范围：{k.scope.label}　统计期间：{k.period.label()}", s.plain))
    story.append(Spacer(1, 6))
    story.extend(layout.heading("一、主要指标", s.h1))
    rows: list[list[Any]] = [cells(["指标", "数值"], s.head)]
    rows += [[para(label, s.cell), para(value, s.cell_center)] for label, value in kpi_rows(k)]
    story.append(table(rows, [96 * mm, 60 * mm]))
    story.append(Spacer(1, 6))
    story.extend(layout.heading("二、议题阶段与办理结果", s.h1))
    stage_table: list[list[Any]] = [cells(["阶段", "议题数"], s.head)]
    stage_table += [[para(n, s.cell_center), para(str(v), s.cell_center)] for n, v in stage_rows(k)]
    story.append(table(stage_table, [78 * mm, 78 * mm]))
    story.append(Spacer(1, 4))
    result_table: list[list[Any]] = [cells(["办理结果", "议题数"], s.head)]
    result_table += [[para(n, s.cell_center), para(str(v), s.cell_center)] for n, v in result_rows(k)]
    story.append(table(result_table, [78 * mm, 78 * mm]))
    if data.stations:
        story.append(Spacer(1, 6))
        story.extend(layout.heading("三、各联络站报送情况", s.h1))
        station_rows: list[list[Any]] = [
            cells(["乡镇（街道）", "最近包号", "缺号", "议题数", "逾期事项"], s.head)
        ]
        for row in data.stations:
            station_rows.append(
                [
                    para(f"{row.county_name}{row.township_name}", s.cell),
                    para("未报送" if row.never_heard else str(row.last_sequence), s.cell_center),
                    para(row.gaps_text() or "无", s.cell_center),
                    para(str(row.consultations), s.cell_center),
                    para(str(row.overdue_actions), s.cell_center),
                ]
            )
        story.append(table(station_rows, [52 * mm, 24 * mm, 32 * mm, 24 * mm, 24 * mm]))
    story.append(Spacer(1, 6))
    story.extend(layout.heading("附：指标口径", s.h1))
    story.extend(para(text, s.plain) for text in DEFINITIONS)
    return story


def build_report_pdf(data: ReportData) -> bytes:
    strings = [data.office_name, data.kpis.scope.label] + [t for row in kpi_rows(data.kpis) for t in row]
    strings += [f"{r.county_name}{r.township_name}" for r in data.stations]
    ensure_printable(strings)
    return layout.render(
        _story(data),
        title=DOC_TITLE,
        author=data.office_name,
        subject=f"{DOC_TITLE}：{data.kpis.scope.label}",
    )


def build_report_xlsx(data: ReportData) -> bytes:
    k = data.kpis
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "主要指标"
    sheet.append([DOC_TITLE])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["统计范围", k.scope.label])
    sheet.append(["统计期间", k.period.label()])
    sheet.append([])
    sheet.append(["指标", "数值"])
    values: list[tuple[str, object]] = [
        ("协商议题数", k.consultations),
        ("不予立题、已撤销议题数", k.not_taken_up),
        ("协商会议数", k.meetings),
        ("民生领域议题数", k.minsheng),
        ("民生领域议题占比", k.minsheng_share),
        ("民主监督议题数", k.supervision),
        ("民主监督议题占比", k.supervision_share),
        ("已协商及以后议题数", k.consulted),
        ("已报送及以后议题数", k.converted),
        ("成果转化率", k.conversion_rate),
        ("评价总数", sum(k.ratings.values())),
        ("群众满意率", k.satisfaction_rate),
        ("参与委员数", k.members),
    ]
    for label, value in values:
        sheet.append([label, value])
        if isinstance(value, float):
            sheet.cell(sheet.max_row, 2).number_format = "0.0%"
    sheet.append([])
    sheet.append(["办理结果", "议题数"])
    for label, count in result_rows(k):
        sheet.append([label, count])
    sheet.append([])
    sheet.append(["阶段", "议题数"])
    for label, count in stage_rows(k):
        sheet.append([label, count])
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 30
    for text in DEFINITIONS:
        sheet.append([text])
    if data.stations:
        stations = book.create_sheet("各联络站")
        stations.append(
            ["区划代码", "县（市、区）", "乡镇（街道）", "最近包号", "缺号", "议题数", "逾期事项", "从未报送"]
        )
        for row in data.stations:
            stations.append(
                [
                    row.township_code,
                    row.county_name,
                    row.township_name,
                    row.last_sequence,
                    "、".join(map(str, row.gaps)),
                    row.consultations,
                    row.overdue_actions,
                    "是" if row.never_heard else "",
                ]
            )
        for column, width in zip("ABCDEFGH", (12, 14, 16, 10, 14, 10, 10, 10), strict=True):
            stations.column_dimensions[column].width = width
        for cell in stations[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_report(data: ReportData, out: Path) -> Path:
    """Write the report as PDF or .xlsx, chosen by the file name's ending."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix == ".pdf":
        return write_pdf_atomically(build_report_pdf(data), out)
    if suffix != ".xlsx":
        raise InputError("报表文件名应以 .pdf 或 .xlsx 结尾。")
    return write_file_atomically(build_report_xlsx(data), out)


def report_data(db: Database, info: StationInfo, scope: Scope, period: Period) -> ReportData:
    """The figures for a report: KPIs, and at a hub the station table of the scope."""
    with db.session() as session:
        kpis = compute(session, scope, period)
    stations = station_table(db, scope) if info.is_hub and scope.kind != SCOPE_STATION else ()
    return ReportData(kpis, info.station_name, stations, date.today())
