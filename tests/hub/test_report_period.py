"""The report for a period: every table uses the period, the period and the production date are
printed without zero padding, and the .xlsx is an office sheet (header, borders, formats, print setup)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from station_app.hub import kpi, report
from station_app.services.station import SetupRequest, require_station, setup_station
from station_app.storage.engine import Database
from station_app.storage.records import Consultation

DAFO = "511102004"
YUJIN = "511123100"
MADE = date(2026, 1, 5)
# (station, proposed on, status): 2025 has 3 topics at 大佛 (one revoked) and 1 at 玉津; 2024 one more each
TOPICS = [
    (DAFO, date(2025, 1, 1), "已协商"),
    (DAFO, date(2025, 6, 9), "已撤销"),
    (DAFO, date(2025, 12, 31), "征集中"),
    (DAFO, date(2024, 12, 31), "已报送"),
    (YUJIN, date(2025, 3, 3), "不予立题"),
    (YUJIN, date(2024, 5, 5), "已归档"),
]


def _hub(db: Database) -> None:
    setup_station(db, SetupRequest(role="city", clerk_name="张敏"))
    with db.session() as session:
        for seq, (code, when, status) in enumerate(TOPICS, 1):
            session.add(
                Consultation(
                    origin=code,
                    number=f"T-{seq}",
                    year=when.year,
                    seq=seq,
                    title=f"议题{seq}",
                    source="群众点题",
                    field="教育",
                    status=status,
                    proposed_on=when,
                )
            )


def _data(db: Database) -> report.ReportData:
    info = require_station(db)
    return report.report_data(db, info, kpi.city_scope(), kpi.year_period(2025), today=MADE)


def test_the_station_table_uses_the_period(db: Database) -> None:
    _hub(db)
    data = _data(db)
    stations = {row[1].text(): row for row in data.tables()[-1].rows}
    assert (stations["大佛街道"][4].value, stations["大佛街道"][5].value) == (3, 2)  # 议题总数, 有效议题
    assert (stations["玉津镇"][4].value, stations["玉津镇"][5].value) == (1, 0)
    main = {row[0].text(): row[1].value for row in data.tables()[0].rows}
    assert (main["议题总数"], main["有效议题"]) == (4, 2)
    whole = report.report_data(db, require_station(db), kpi.city_scope(), None, today=MADE)
    assert {row[0].text(): row[1].value for row in whole.tables()[0].rows}["议题总数"] == 6


def test_pdf_prints_period_and_production_date_unpadded(db: Database, tmp_path: Path) -> None:
    _hub(db)
    pdf = report.write_report(_data(db), tmp_path / "报表.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    compact = text.replace(" ", "").replace("\n", "")
    assert "统计期间：2025年1月1日至2025年12月31日" in compact
    assert "制表日期：2026年1月5日" in compact
    assert "年0" not in compact and "月0" not in compact
    assert "议题总数：提出日期在统计期间内的全部协商议题" in compact  # the footnote with the definition
    assert "各联络站情况" in compact and "大佛街道" in compact


def test_xlsx_is_an_office_sheet(db: Database, tmp_path: Path) -> None:
    _hub(db)
    book = load_workbook(report.write_report(_data(db), tmp_path / "报表.xlsx"))
    assert book.sheetnames == ["主要指标", "各阶段", "办理结果", "各联络站"]
    for sheet in book.worksheets:
        assert sheet["A3"].value == "统计期间：2025年1月1日至2025年12月31日（按议题提出日期）"
        assert sheet["A4"].value == "制表日期：2026年1月5日"
        header = next(
            r for r in range(1, 10) if sheet.cell(r, 1).value and sheet.cell(r + 1, 1).border.left.style
        )
        for cell in sheet[header]:
            if cell.value:
                assert cell.font.bold and cell.border.bottom.style == "thin"
        assert sheet.freeze_panes == f"A{header + 1}" and sheet.print_title_rows == f"${header}:${header}"
        assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
        assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert all(sheet.column_dimensions[c].width >= 8 for c in "AB")
    stations = book["各联络站"]
    rows = {r[1].value: r for r in stations.iter_rows(min_row=7) if r[1].value}
    dafo = rows["大佛街道"]
    assert dafo[4].value == 3 and dafo[4].number_format == "0"
    assert dafo[8].value == 0.0 and dafo[8].number_format == "0.0%"  # 成果转化率 0/1
    main = {r[0].value: r[1] for r in book["主要指标"].iter_rows(min_row=7) if r[0].value}
    assert main["民生议题占比"].value == 1.0 and main["民生议题占比"].number_format == "0.0%"
