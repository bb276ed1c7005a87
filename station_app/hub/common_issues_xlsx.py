"""The 共性问题 briefing as an office sheet, in the manner of the hub's statistics report: title,
the heading lines (unit, period, rule, date), a bold shaded ruled header, wrapped text, column
widths, frozen header, A4 landscape fitted to the page width."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from station_app.hub.closeness import CLOSENESS_HEADER, CLOSENESS_TIP, closeness
from station_app.hub.common_issues import with_county
from station_app.hub.report_xlsx import BORDER, HEAD_FILL

if TYPE_CHECKING:
    from station_app.hub.common_issues_report import Briefing

FIRST_SHEET = "共性问题"
ISSUE_COLUMNS = (
    ("序号", 6),
    ("共性问题", 26),
    ("乡镇（街道）数", 9),
    ("议题数", 8),
    ("涉及乡镇（街道）", 36),
    ("领域", 16),
    ("关键词", 24),
    (CLOSENESS_HEADER, 8),
    ("统计期间", 24),
    ("办公室意见", 36),
)
TOPIC_COLUMNS = (
    ("序号", 6),
    ("共性问题", 24),
    ("乡镇（街道）", 22),
    ("议题编号", 14),
    ("议题", 40),
    ("领域", 12),
    ("状态", 10),
    ("提出日期", 12),
)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTRE = Alignment(horizontal="center", vertical="top", wrap_text=True)


def _sheet(sheet: Worksheet, data: Briefing, title: str, columns: Sequence[tuple[str, int]]) -> int:
    """Title and heading lines, then the header row; returns the header's row number."""
    from station_app.hub.common_issues_report import DOC_TITLE

    sheet.append([DOC_TITLE if title == FIRST_SHEET else f"{DOC_TITLE}（附：{title}）"])
    sheet["A1"].font = Font(bold=True, size=14)
    for name, value in data.heading_lines():
        sheet.append([f"{name}：{value}"])
    sheet.append([])
    sheet.append([name for name, _width in columns])
    header = int(sheet.max_row)
    for cell in sheet[header]:
        cell.font = Font(bold=True)
        cell.fill = HEAD_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for number, (_name, width) in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = f"A{header + 1}"  # a string: sheet.cell() would make row header+1 exist
    sheet.print_title_rows = f"{header}:{header}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    return header


def _row(sheet: Worksheet, values: Sequence[object], centred: Sequence[int]) -> None:
    sheet.append(list(values))
    for column, cell in enumerate(sheet[sheet.max_row]):
        cell.border = BORDER
        cell.alignment = _CENTRE if column in centred else _WRAP


def build_briefing_xlsx(data: Briefing) -> bytes:
    book = Workbook()
    issues = book.active
    assert issues is not None
    issues.title = FIRST_SHEET
    _sheet(issues, data, FIRST_SHEET, ISSUE_COLUMNS)
    county = with_county(code for issue in data.issues for code in issue.mark.townships)
    for number, issue in enumerate(data.issues, 1):
        m = issue.mark
        values: tuple[object, ...] = (
            number,
            m.title,
            len(m.townships),
            len(m.consultations),
            "、".join(m.township_names(county)),
            "、".join(m.fields),
            "、".join(m.key_terms),
            closeness(m.score),
            m.period.label(),
            m.note,
        )
        _row(issues, values, centred=(0, 2, 3, 7))
    # What the 相近程度 column means, under the table, as the 口径 of a figure is printed.
    issues.append([])
    issues.append([f"{CLOSENESS_HEADER}：" + CLOSENESS_TIP.replace("\n", "")])
    issues.cell(issues.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    issues.merge_cells(
        start_row=issues.max_row, start_column=1, end_row=issues.max_row, end_column=len(ISSUE_COLUMNS)
    )
    issues.row_dimensions[issues.max_row].height = 48
    topics = book.create_sheet("议题明细")
    _sheet(topics, data, "议题明细", TOPIC_COLUMNS)
    for number, issue in enumerate(data.issues, 1):
        for topic in issue.topics:
            row: tuple[object, ...] = (
                number,
                issue.mark.title,
                topic.township_label(county),
                topic.number,
                topic.title,
                topic.field,
                topic.status,
                topic.proposed_on,
            )
            _row(topics, row, centred=(0, 3, 6, 7))
            topics.cell(topics.max_row, 8).number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
