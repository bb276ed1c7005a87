"""The statistics report (统计报表) as PDF (reportlab, the documents' fonts and layout) and .xlsx.

Both render the tables of ``hub.report_tables`` for one scope and period: the key figures, topics
by stage, results and, at a hub, one row per station — all for the same period. The period and the
production date are printed; each table's footnote gives the definitions of its figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer

from station_app.documents import layout
from station_app.documents.fonts import ensure_printable
from station_app.documents.layout import para, styles
from station_app.documents.output import write_file_atomically, write_pdf_atomically
from station_app.domain.figures import chinese_date, footnote, period_label
from station_app.errors import InputError
from station_app.hub import report_tables
from station_app.hub.kpi import SCOPE_STATION, Kpis, Period, Scope, compute
from station_app.hub.report_tables import Table
from station_app.hub.status import StationRow, station_table
from station_app.services.station import StationInfo
from station_app.storage.engine import Database

DOC_TITLE = "政协工作联络站工作统计报表"
_CHINESE_NUMBERS = "一二三四五六七八九十"


@dataclass(frozen=True)
class ReportData:
    kpis: Kpis
    office_name: str
    stations: Sequence[StationRow] = ()
    made_on: date | None = None

    def heading_lines(self) -> list[tuple[str, str]]:
        made = self.made_on or date.today()
        return [
            ("统计范围", self.kpis.scope.label),
            ("统计期间", f"{period_label(self.kpis.period)}（按议题提出日期）"),
            ("制表日期", chinese_date(made)),
        ]

    def tables(self) -> list[Table]:
        f = self.kpis.figures
        found = [report_tables.kpi_table(f), report_tables.stage_table(f), report_tables.result_table(f)]
        if self.stations:
            found.append(report_tables.station_table(self.stations))
        return found


def head_lines(text: str, width: float, font_name: str, size: float) -> list[str]:
    """A column head broken only between its words (``HEAD_WORDS``), as few lines as fit ``width``."""
    words = report_tables.HEAD_WORDS.get(text, (text,))
    lines: list[str] = []
    for word in words:
        joined = (lines[-1] + word) if lines else word
        if lines and stringWidth(joined, font_name, size) <= width:
            lines[-1] = joined
        else:
            lines.append(word)
    return lines


def _pdf_table(t: Table, wide: bool) -> Flowable:
    s = styles()
    head, cell, center = (s.small_head, s.small, s.small_center) if wide else (s.head, s.cell, s.cell_center)
    scale = layout.TYPE_WIDTH / sum(t.widths)
    widths = [w * scale for w in t.widths]
    font, size = head.style.fontName, float(head.style.fontSize)
    padding = layout.SMALL_CELL_PADDING if wide else layout.CELL_PADDING
    heads = [
        "\n".join(head_lines(h, w - 2 * padding, font, size)) for h, w in zip(t.headers, widths, strict=True)
    ]
    rows: list[list[Any]] = [[para(h, head) for h in heads]]
    for row in t.rows:
        rows.append([para(c.text(), cell if c.kind == report_tables.TEXT else center) for c in row])
    return layout.table(rows, widths, padding=padding)


def _story(data: ReportData) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [para(data.office_name, s.number), para(DOC_TITLE, s.title), Spacer(1, 6)]
    story += [para(f"{name}：{value}", s.plain) for name, value in data.heading_lines()]
    for index, t in enumerate(data.tables()):
        story.append(Spacer(1, 6))
        story.extend(layout.heading(f"{_CHINESE_NUMBERS[index]}、{t.title}", s.h1))
        story.append(_pdf_table(t, wide=len(t.headers) > 4))
        story.append(Spacer(1, 3))
        story += [para(line, s.small) for line in footnote(t.figures)]
    return story


def build_report_pdf(data: ReportData) -> bytes:
    strings = [data.office_name] + [v for _, v in data.heading_lines()]
    strings += [c.text() for t in data.tables() for row in t.rows for c in row]
    ensure_printable(strings)
    return layout.render(
        _story(data),
        title=DOC_TITLE,
        author=data.office_name,
        subject=f"{DOC_TITLE}：{data.kpis.scope.label}",
    )


def write_report(data: ReportData, out: Path) -> Path:
    """Write the report as PDF or .xlsx, chosen by the file name's ending."""
    from station_app.hub.report_xlsx import build_report_xlsx

    out = Path(out)
    suffix = out.suffix.lower()
    if suffix == ".pdf":
        return write_pdf_atomically(build_report_pdf(data), out)
    if suffix != ".xlsx":
        raise InputError("报表文件名应以 .pdf 或 .xlsx 结尾。")
    return write_file_atomically(build_report_xlsx(data), out)


def report_data(
    db: Database, info: StationInfo, scope: Scope, period: Period | None, today: date | None = None
) -> ReportData:
    """The figures for a report: the scope's, and at a hub one row per station — same period."""
    today = today or date.today()
    with db.session() as session:
        kpis = compute(session, scope, period, today)
    stations = station_table(db, scope, today, period) if info.is_hub and scope.kind != SCOPE_STATION else ()
    return ReportData(kpis, info.station_name, stations, today)
