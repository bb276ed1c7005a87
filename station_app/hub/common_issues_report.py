"""The briefing on common issues marked 「拟列入专题协商」: PDF in 公文 style (the documents layer)
and .xlsx, for the office's leadership."""

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
from station_app.documents.output import write_pdf_atomically
from station_app.errors import InputError
from station_app.hub.common_issues import MARK_LABEL, Mark, TopicRow, topics_of
from station_app.storage.backup import timestamp
from station_app.storage.engine import Database

DOC_TITLE = "关于多个乡镇（街道）共性问题的情况报告"
_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class MarkedIssue:
    mark: Mark
    topics: Sequence[TopicRow]


@dataclass(frozen=True)
class Briefing:
    office_name: str
    issues: Sequence[MarkedIssue]
    made_on: date


def briefing_data(db: Database, office_name: str, made_on: date | None = None) -> Briefing:
    marks = []
    from station_app.hub.common_issues import list_marks

    for mark in list_marks(db):
        marks.append(MarkedIssue(mark, topics_of(db, mark.consultations)))
    if not marks:
        raise InputError(f"还没有标记为「{MARK_LABEL}」的共性问题，请先在共性问题页中标记。")
    return Briefing(office_name, marks, made_on or date.today())


def _numeral(n: int) -> str:
    return _NUMERALS[n - 1] if n <= len(_NUMERALS) else str(n)


def _summary(issue: MarkedIssue) -> str:
    m = issue.mark
    return (
        f"涉及{'、'.join(m.township_names())}等 {len(m.townships)} 个乡镇（街道）的 "
        f"{len(m.consultations)} 个议题，"
        f"领域为{'、'.join(m.fields)}，关键词：{'、'.join(m.key_terms)}。"
    )


def _story(data: Briefing) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [para(data.office_name, s.number), para(DOC_TITLE, s.title), Spacer(1, 6)]
    towns = {code for issue in data.issues for code in issue.mark.townships}
    story.append(
        para(
            f"经对各联络站报送议题的归并分析，现将 {len(data.issues)} 个涉及 {len(towns)} 个乡镇（街道）、"
            f"拟列入专题协商的共性问题报告如下。",
            s.body,
        )
    )
    for number, issue in enumerate(data.issues, 1):
        story.extend(layout.heading(f"{_numeral(number)}、{issue.mark.title}", s.h1))
        story.append(para(_summary(issue), s.body))
        if issue.mark.note:
            story.append(para(f"办公室意见：{issue.mark.note}", s.body))
        rows: list[list[Any]] = [cells(["乡镇（街道）", "议题编号", "议题", "状态"], s.head)]
        for topic in issue.topics:
            rows.append(
                [
                    para(topic.township_name, s.cell),
                    para(topic.number, s.cell_center),
                    para(topic.title, s.cell),
                    para(topic.status, s.cell_center),
                ]
            )
        story.append(table(rows, [34 * mm, 44 * mm, 58 * mm, 20 * mm]))
        story.append(Spacer(1, 4))
    story.append(Spacer(1, 12))
    story.extend(layout.signature_block(data.office_name, data.made_on))
    return story


def build_briefing_pdf(data: Briefing) -> bytes:
    strings = [data.office_name]
    for issue in data.issues:
        strings += [issue.mark.title, issue.mark.note, _summary(issue)]
        strings += [t for topic in issue.topics for t in (topic.title, topic.township_name, topic.status)]
    ensure_printable(strings)
    return layout.render(_story(data), title=DOC_TITLE, author=data.office_name, subject=DOC_TITLE)


def build_briefing_xlsx(data: Briefing) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "共性问题"
    sheet.append([DOC_TITLE])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["序号", "共性问题", "乡镇（街道）数", "议题数", "领域", "关键词", "相似度", "办公室意见"])
    for number, issue in enumerate(data.issues, 1):
        m = issue.mark
        sheet.append(
            [
                number,
                m.title,
                len(m.townships),
                len(m.consultations),
                "、".join(m.fields),
                "、".join(m.key_terms),
                m.score,
                m.note,
            ]
        )
    topics = book.create_sheet("议题明细")
    topics.append(["序号", "共性问题", "乡镇（街道）", "议题编号", "议题", "领域", "状态", "提出日期"])
    for number, issue in enumerate(data.issues, 1):
        for topic in issue.topics:
            topics.append(
                [
                    number,
                    issue.mark.title,
                    topic.township_name,
                    topic.number,
                    topic.title,
                    topic.field,
                    topic.status,
                    topic.proposed_on,
                ]
            )
    for sheet_, widths in ((sheet, (6, 28, 14, 8, 20, 30, 8, 40)), (topics, (6, 24, 24, 12, 40, 12, 10, 12))):
        for column, width in zip("ABCDEFGH", widths, strict=True):
            sheet_.column_dimensions[column].width = width
        for cell in sheet_[2 if sheet_ is sheet else 1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_briefing(data: Briefing, out: Path) -> Path:
    """PDF or .xlsx, by the file name's ending; the target holds the old file or the whole new one."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix == ".pdf":
        return write_pdf_atomically(build_briefing_pdf(data), out)
    if suffix != ".xlsx":
        raise InputError("简报文件名应以 .pdf 或 .xlsx 结尾。")
    part = out.with_name(f".{out.name}.{timestamp()}.part")
    try:
        part.write_bytes(build_briefing_xlsx(data))
        part.replace(out)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise InputError(f"无法写入简报文件：{out}") from exc
    return out
