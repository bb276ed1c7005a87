"""The Excel side of the ledger: writing the blank template and reading a filled-in workbook.

Only this module knows openpyxl. Reading hands back plain values per column key; checking them
is ledger_rows' job. Every way a workbook can be unreadable becomes a Chinese message.
"""

from __future__ import annotations

import io
import unicodedata
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from station_app.documents.output import write_file_atomically
from station_app.domain.classifications import (
    FIELD_NAMES,
    MEETING_FORMS,
    OUTPUT_TYPES,
    RATER_TYPES,
    RESULT_CODES,
    SATISFACTION,
    SOURCES,
)
from station_app.domain.lifecycle import Status
from station_app.errors import KnownError
from station_app.input_guard import UnreadableInputError, read_regular
from station_app.services.ledger_rows import COLUMN_BY_KEY, COLUMNS, EXAMPLE_MARK, REQUIRED_KEYS

LEDGER_SHEET = "协商台账"
HELP_SHEET = "填写说明"
CHOICES_SHEET = "选项"
TEMPLATE_ROWS = 1000  # the dropdowns cover this many rows below the header
_HEADER_SEARCH_ROWS = 10
_MAX_BLANK_RUN = 500  # a sheet formatted down to row 1,048,576 is not read to the end
# Excel day serials of 2000-01-01 and 2100-12-31: a bare number in that range is a date.
_SERIAL_MIN, _SERIAL_MAX = 36526, 73415
_EXCEL_EPOCH = datetime(1899, 12, 30)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"

CHOICES: dict[str, tuple[str, ...]] = {
    "source": SOURCES,
    "field": FIELD_NAMES,
    "status": tuple(Status),
    "meeting_form": MEETING_FORMS,
    "output_type": OUTPUT_TYPES,
    "result_code": tuple(RESULT_CODES.values()),
    "rating": SATISFACTION,
}

HELP: dict[str, str] = {
    "number": "可不填。填写如“大佛街道〔2025〕3号”时，若该号未被占用则沿用，否则自动编下一个号。",
    "title": "必填，不超过100字，不能换行。",
    "source": "必填，从下拉列表中选择。",
    "field": "必填，从下拉列表中选择。",
    "village": "议题涉及的村或社区。",
    "proposer": "提出议题的人或单位。",
    "proposed_on": "必填，如 2025-03-05、2025/3/5、2025年3月5日 或 20250305，不能是将来的日期。",
    "status": "从下拉列表中选择，不填为“征集中”。状态越靠后，需要填写的内容越多（见下文）。",
    "description": "议题的基本情况，可以换行。",
    "research_method": "如实地走访、座谈会、问卷调查。",
    "research_findings": "状态为“待协商”及以后时必填。",
    "meeting_at": "协商会议的日期，可带时间（如 2025-03-20 14:30）；只填日期时时间记为 00:00。",
    "meeting_form": "填写了协商日期时必填，从下拉列表中选择。",
    "meeting_place": "可不填，打印会议纪要前在程序中补上。",
    "chair": "可不填，打印会议纪要前在程序中补上。",
    "recorder": "可不填，打印会议纪要前在程序中补上。",
    "consensus": "状态为“已协商”及以后时必填（同时要填写协商日期），一条共识一行。",
    "output_type": "状态为“已报送”及以后时必填，从下拉列表中选择。",
    "sent_to": "状态为“已报送”及以后时必填。",
    "sent_on": "状态为“已报送”及以后时必填。",
    "lead_unit": "牵头办理的单位。",
    "deadline": "办理的截止日期，不能早于报送日期。",
    "result_code": "状态为“已反馈”及以后时必填：已解决、正在解决、以后解决、留作参考（也可填 A、B、C、D）。",
    "reply_text": "状态为“已反馈”及以后时必填。",
    "reply_on": "状态为“已反馈”及以后时必填。",
    "rating": "状态为“已评价”“已归档”时必填：满意、基本满意、不满意。",
    "rater": f"填写评价人类别（{'、'.join(RATER_TYPES)}）或姓名；只填姓名时类别记为“其他”。",
}

GENERAL_HELP: tuple[str, ...] = (
    "一行填写一个协商议题，从第4行开始填（第2、3行是示例）。",
    f"“编号”一栏写着“{EXAMPLE_MARK}”的行不会导入，可以保留，也可以删除或覆盖。",
    "带 * 的列必须填写；日期可以写成 2025-03-05、2025/3/5、2025年3月5日 或 20250305。",
    "导入时会逐行检查。有错误时程序会列出“第几行、哪一列、什么问题”，改正后重新导入即可；"
    "也可以选择只导入没有错误的行。",
    "状态要求：待协商及以后要有调研结论；已协商及以后要有协商日期、协商形式和形成共识；"
    "已报送及以后要有成果形式、报送对象和报送日期；已反馈及以后要有办理结果、反馈内容和反馈日期；"
    "已评价、已归档要有满意度。",
    "不要修改第1行的列名，也不要改动工作表的名称“协商台账”。",
)

EXAMPLES: tuple[dict[str, object], ...] = (
    {
        "number": f"{EXAMPLE_MARK}（不导入）",
        "title": "青龙社区老旧小区加装电梯",
        "source": "群众点题",
        "field": "住房保障",
        "village": "青龙社区",
        "proposer": "张桂兰",
        "proposed_on": date(2025, 3, 5),
        "status": "已协商",
        "research_method": "入户调查",
        "research_findings": "6栋楼共120户，八成住户同意加装。",
        "meeting_at": datetime(2025, 4, 10, 14, 30),
        "meeting_form": "议事室协商",
        "meeting_place": "青龙社区议事室",
        "chair": "李明",
        "recorder": "王芳",
        "consensus": "先在3栋试点加装\n低层住户意见由社区逐户协调",
    },
    {
        "number": f"{EXAMPLE_MARK}（不导入）",
        "title": "村道路灯维修",
        "source": "委员荐题",
        "field": "基础设施",
        "village": "白塔村",
        "proposer": "刘强",
        "proposed_on": date(2025, 1, 8),
        "status": "已评价",
        "research_findings": "全村路灯坏了23盏。",
        "meeting_at": date(2025, 2, 18),
        "meeting_form": "院坝协商",
        "consensus": "由镇村建办统一维修",
        "output_type": "协商意见书",
        "sent_to": "镇党委、镇政府",
        "sent_on": date(2025, 2, 20),
        "lead_unit": "镇村建办",
        "deadline": date(2025, 3, 31),
        "result_code": "已解决",
        "reply_text": "23盏路灯已全部修复。",
        "reply_on": date(2025, 3, 25),
        "rating": "满意",
        "rater": "群众代表",
    },
)


class LedgerFileError(KnownError):
    """The file as a whole cannot be read as a ledger."""


@dataclass
class SheetRows:
    """The data rows of a sheet: (Excel row number, values by column key), plus warnings."""

    rows: list[tuple[int, dict[str, object]]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# --- writing ------------------------------------------------------------------------------


def _header_text(key: str) -> str:
    column = COLUMN_BY_KEY[key]
    return column.label + ("*" if column.required else "")


def _fill_choices(book: Any) -> dict[str, str]:
    """Put each list on a hidden sheet; a range avoids Excel's 255-character limit on lists."""
    sheet = book.create_sheet(CHOICES_SHEET)
    ranges: dict[str, str] = {}
    for index, (key, values) in enumerate(CHOICES.items(), start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index, value=COLUMN_BY_KEY[key].label)
        for offset, value in enumerate(values, start=2):
            sheet.cell(row=offset, column=index, value=value)
        ranges[key] = f"'{CHOICES_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
    sheet.sheet_state = "hidden"
    return ranges


def _fill_ledger(sheet: Any, ranges: dict[str, str]) -> None:
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    example_font = Font(italic=True, color="808080")
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=_header_text(column.key))
        cell.font = bold
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
        for row, example in enumerate(EXAMPLES, start=2):
            value = example.get(column.key)
            target = sheet.cell(row=row, column=index, value=value)
            target.font = example_font
            target.alignment = Alignment(vertical="top", wrap_text=column.kind == "long")
            if isinstance(value, datetime):
                target.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, date):
                target.number_format = "yyyy-mm-dd"
        if column.key in ranges:
            # "warning" lets a clerk type A/B/C/D or keep an old wording; the importer checks it.
            check = DataValidation(
                type="list", formula1=ranges[column.key], allow_blank=True, errorStyle="warning"
            )
            check.error = "不在可选范围内，导入时会被检查。"
            check.errorTitle = column.label
            letter = get_column_letter(index)
            check.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            sheet.add_data_validation(check)
    sheet.freeze_panes = "C2"


def _fill_help(sheet: Any) -> None:
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 10
    sheet.column_dimensions["C"].width = 90
    sheet.cell(row=1, column=1, value="协商台账填写说明").font = Font(bold=True, size=14)
    row = 2
    for line in GENERAL_HELP:
        sheet.cell(row=row, column=1, value=f"{row - 1}. {line}")
        row += 1
    row += 1
    for col, title in enumerate(("列名", "是否必填", "怎么填"), start=1):
        sheet.cell(row=row, column=col, value=title).font = Font(bold=True)
    for column in COLUMNS:
        row += 1
        sheet.cell(row=row, column=1, value=column.label)
        sheet.cell(row=row, column=2, value="必填" if column.required else "")
        cell = sheet.cell(row=row, column=3, value=HELP.get(column.key, ""))
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def write_template(path: Path) -> Path:
    """Write the blank ledger template as ``path`` (temp file, then rename) and return it."""
    path = Path(path)
    book = Workbook()
    ledger = book.active
    ledger.title = LEDGER_SHEET
    ranges = _fill_choices(book)
    _fill_ledger(ledger, ranges)
    _fill_help(book.create_sheet(HELP_SHEET, 1))
    book.active = 0
    buffer = io.BytesIO()
    book.save(buffer)
    return write_file_atomically(buffer.getvalue(), path)


# --- reading ------------------------------------------------------------------------------


def _header_key(text: str) -> str:
    """Spaces, full-width brackets and a required mark do not matter in a header."""
    norm = unicodedata.normalize("NFKC", text)
    return "".join(norm.split()).rstrip("*").replace("(必填)", "")


_KEY_BY_HEADER: dict[str, str] = {
    _header_key(name): c.key for c in COLUMNS for name in (c.label, c.key, *c.aliases)
}


def column_for_header(text: str) -> str | None:
    """The column key of a header cell, or None when it is not one of ours."""
    return _KEY_BY_HEADER.get(_header_key(text))


MAX_LEDGER_BYTES = 50 * 1024 * 1024
# Inside the zip: what each part and all parts may inflate to. A real ledger of 10,000 topics is a
# few MB; a part that claims more is a zip bomb (a shared-strings part of 2 GiB was tried).
MAX_PART_BYTES = 100 * 1024 * 1024
MAX_INFLATED_BYTES = 200 * 1024 * 1024
_DTD_SCAN = 4096


def _check_signature(path: Path, head: bytes) -> None:
    if not head:
        raise LedgerFileError(f"文件“{path.name}”是空的，没有可导入的内容。")
    if head.startswith(_OLE_MAGIC):
        raise LedgerFileError(
            f"文件“{path.name}”设置了打开密码，或是旧版 .xls 格式。"
            "请在 Excel 中取消密码，并“另存为” .xlsx 格式后再导入。"
        )
    if not head.startswith(b"PK"):
        raise LedgerFileError(f"文件“{path.name}”不是有效的 Excel（.xlsx）文件，可能已损坏。")


def _check_parts(path: Path, data: bytes) -> None:
    """Refuse a zip bomb by the sizes it declares (zipfile never inflates past them), and any XML
    part with a document type declaration (entity expansion), before openpyxl parses anything."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            total = 0
            for part in parts:
                total += part.file_size
                if part.file_size > MAX_PART_BYTES or total > MAX_INFLATED_BYTES:
                    claimed = f"其中“{part.filename}”声明 {part.file_size // 2**20} MB"
                    raise LedgerFileError(
                        f"文件“{path.name}”解压后过大（{claimed}），不是正常的台账文件，没有导入。"
                    )
            for part in parts:
                if part.filename.endswith((".xml", ".rels", ".vml")):
                    with archive.open(part) as handle:
                        if b"<!DOCTYPE" in handle.read(_DTD_SCAN).upper():
                            raise LedgerFileError(
                                f"文件“{path.name}”中含有 DTD 声明（{part.filename}），"
                                "正常的 Excel 文件不会有，可能被改动过，没有导入。"
                            )
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError) as exc:
        raise LedgerFileError(f"无法打开文件“{path.name}”，它可能已损坏或不是 Excel 文件。") from exc


def _load_cells(path: Path) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """Every sheet's rows as plain values; the only place openpyxl parses the file."""
    if not path.exists() and not path.is_symlink():
        raise LedgerFileError(f"找不到文件：{path}")
    try:
        data = read_regular(path, MAX_LEDGER_BYTES)
    except UnreadableInputError as exc:
        raise LedgerFileError(exc.message) from exc
    _check_signature(path, data[:8])
    _check_parts(path, data)
    # Workbooks made by Excel or WPS often carry extensions openpyxl warns about; they do not matter here.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _read_sheets(path, data)


_BROKEN = (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, zlib.error, SyntaxError, IndexError)


def _read_sheets(path: Path, data: bytes) -> list[tuple[str, list[tuple[Any, ...]]]]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, *_BROKEN) as exc:
        raise LedgerFileError(f"无法打开文件“{path.name}”，它可能已损坏或不是 Excel 文件。") from exc
    try:
        sheets: list[tuple[str, list[tuple[Any, ...]]]] = []
        names = list(book.sheetnames)
        # The template's sheet first; otherwise the clerk's own sheets in their order.
        names.sort(key=lambda name: name != LEDGER_SHEET)
        for name in names:
            if name in (HELP_SHEET, CHOICES_SHEET):
                continue
            rows: list[tuple[Any, ...]] = []
            blank_run = 0
            for values in book[name].iter_rows(values_only=True):
                rows.append(tuple(values))
                blank_run = 0 if any(v not in (None, "") for v in values) else blank_run + 1
                if blank_run > _MAX_BLANK_RUN:
                    break
            sheets.append((name, rows))
        return sheets
    except _BROKEN as exc:
        raise LedgerFileError(f"读取文件“{path.name}”时出错，它可能已损坏。") from exc
    finally:
        book.close()


def _find_header(rows: list[tuple[Any, ...]]) -> int | None:
    for index, values in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        keys = {column_for_header(v) for v in values if isinstance(v, str)}
        if "title" in keys and len(keys - {None}) >= 2:
            return index
    return None


def _from_serial(value: object, kind: str) -> object:
    """A number in a date column inside the serial range is an Excel date that lost its format."""
    if kind not in ("date", "datetime") or isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if not _SERIAL_MIN <= value <= _SERIAL_MAX:
        return value
    moment = _EXCEL_EPOCH + timedelta(days=float(value))
    return moment.replace(second=0, microsecond=0) if kind == "datetime" else moment.date()


def _columns(header: tuple[Any, ...], row_number: int) -> tuple[dict[int, str], list[str]]:
    by_index: dict[int, str] = {}
    warnings: list[str] = []
    for index, value in enumerate(header):
        if value is None or not str(value).strip():
            continue
        key = column_for_header(str(value))
        if key is None:
            warnings.append(f"第{row_number}行的列“{str(value).strip()}”不是台账的列，已忽略。")
        elif key in by_index.values():
            raise LedgerFileError(f"列“{COLUMN_BY_KEY[key].label}”出现了不止一次，请删去多余的一列。")
        else:
            by_index[index] = key
    missing = [COLUMN_BY_KEY[k].label for k in REQUIRED_KEYS if k not in by_index.values()]
    if missing:
        raise LedgerFileError(f"台账缺少必填的列：{'、'.join(missing)}。请使用导出的模板填写。")
    return by_index, warnings


def read_xlsx(path: Path) -> SheetRows:
    """The data rows of the ledger sheet, values keyed by column; row numbers as Excel shows them."""
    for _name, rows in _load_cells(path):
        header_at = _find_header(rows)
        if header_at is None:
            continue
        by_index, warnings = _columns(rows[header_at], header_at + 1)
        result = SheetRows(warnings=warnings)
        for offset, values in enumerate(rows[header_at + 1 :], start=header_at + 2):
            data = {
                key: _from_serial(values[i], COLUMN_BY_KEY[key].kind)
                for i, key in by_index.items()
                if i < len(values)
            }
            result.rows.append((offset, data))
        return result
    raise LedgerFileError(
        f"在文件“{path.name}”中没有找到台账的表头（应有“议题名称”“所属领域”等列名）。请使用导出的模板填写。"
    )
