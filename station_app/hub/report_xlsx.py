"""The statistics report as an office sheet: one sheet per table, bold ruled header, frozen header row,
column widths, number formats, A4 landscape fitted to the page width, definitions under each table."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from station_app.domain.figures import footnote
from station_app.hub import report_tables
from station_app.hub.report_tables import Table

if TYPE_CHECKING:
    from station_app.hub.report import ReportData

_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEAD_FILL = PatternFill("solid", fgColor="EDEDED")
FORMATS = {report_tables.INT: "0", report_tables.RATE: "0.0%", report_tables.TEXT: "@"}


def _width(text: str) -> float:
    return sum(2.0 if ord(ch) > 0x2E80 else 1.1 for ch in text)


def _fill_sheet(sheet: Worksheet, data: ReportData, t: Table) -> None:
    from station_app.hub.report import DOC_TITLE

    lines = [f"{DOC_TITLE}：{t.title}"] + [f"{name}：{value}" for name, value in data.heading_lines()]
    for line in lines:
        sheet.append([line])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append(list(t.headers))
    header_row = sheet.max_row
    widths = [_width(h) for h in t.headers]
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.fill = HEAD_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in t.rows:
        sheet.append([c.value if c.kind != report_tables.TEXT else c.text() for c in row])
        for column, (source, cell) in enumerate(zip(row, sheet[sheet.max_row], strict=True)):
            cell.border = BORDER
            cell.number_format = FORMATS[source.kind]
            if source.kind != report_tables.TEXT:
                cell.alignment = Alignment(horizontal="right")
            widths[column] = max(widths[column], _width(source.text()))
    sheet.append([])
    for line in footnote(t.figures):
        sheet.append([line])
    for column, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 8), 40)
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True


def build_report_xlsx(data: ReportData) -> bytes:
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for t in data.tables():
        _fill_sheet(book.create_sheet(t.sheet), data, t)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
