"""协商成果报送单 — sends a consultation's results to the township Party committee and government."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from station_app.documents import layout
from station_app.documents.data import ResultReportData, strings_of
from station_app.documents.fonts import ensure_printable
from station_app.documents.layout import para, styles, table
from station_app.documents.minutes import cn_number

DOC_TITLE = "协商成果报送单"
_LABEL_WIDTH = 32 * mm
NOTE = "注：办理结果按 A 已解决、B 正在解决、C 以后解决、D 留作参考 填写。"
_BEFORE_SEAL = 8.0  # pt: a form, not a letter; a little room keeps a full form on one sheet


_VALUE_WIDTH = (layout.TYPE_WIDTH - 2 * _LABEL_WIDTH) / 2
_WIDTHS = [_LABEL_WIDTH, _VALUE_WIDTH, _LABEL_WIDTH, _VALUE_WIDTH]
_COMPACT: list[tuple[Any, ...]] = [
    ("TOPPADDING", (0, 0), (-1, -1), 3.5),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
]


def _cell(value: str | list[Flowable]) -> Any:
    return value if isinstance(value, list) else para(value, styles().form)


def _form(rows: list[tuple[Any, ...]]) -> list[Flowable]:
    """A form whose rows are 「label | value」 over the full width or two such pairs side by side.

    Runs of rows of one kind make one table each, stacked edge to edge (reportlab cannot split a
    row of a table with spanned cells, and a long reply must be able to run over a page).
    """
    s = styles()
    tables: list[Flowable] = []
    for pairs, group in itertools.groupby(rows, key=len):
        if pairs == 2:
            cells = [[para(r[0], s.form_head), _cell(r[1])] for r in group]
            widths = [_LABEL_WIDTH, layout.TYPE_WIDTH - _LABEL_WIDTH]
        else:
            head = s.form_head
            cells = [[para(r[0], head), _cell(r[1]), para(r[2], head), _cell(r[3])] for r in group]
            widths = _WIDTHS
        form = table(cells, widths, header=False, split_in_row=True)
        form.setStyle(_COMPACT)
        tables.append(form)
    return tables


def closing_date(data: ResultReportData) -> date | None:
    """The date under the seal is the day the station sends the form (报送日期): the county office
    files a form by the day it was sent. A reply that comes later carries its own 答复日期 in the
    form's reply rows. A form not yet sent leaves the date to be written by hand."""
    return data.sent_on


def report_story(data: ResultReportData) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = []
    if data.station_name:
        story.append(para(data.station_name, s.title))
    story.append(para(DOC_TITLE, s.title))
    story.append(Spacer(1, 6))
    if data.number:
        story.append(para(f"编号：{data.number}", s.right))
    story.append(Spacer(1, 4))

    consensus: list[Flowable] = [
        para(f"（{cn_number(i)}）{point}", s.form) for i, point in enumerate(data.consensus, 1)
    ] or [para("无", s.form)]
    result = f"{data.result_code}（{data.result_meaning}）" if data.result_meaning else data.result_code

    def paragraphs(text: str) -> list[Flowable]:
        return [para(t.strip(), s.form) for t in text.split("\n") if t.strip()] or [para("", s.form)]

    story.extend(
        _form(
            [
                ("报送对象", data.recipients),
                ("议题名称", data.title),
                ("议题来源", data.source, "所属领域", data.field),
                ("协商日期", layout.cn_date(data.meeting_date), "成果形式", data.output_type),
                ("协商共识", consensus),
                ("意见建议", paragraphs(data.suggestions)),
                ("报送日期", layout.cn_date(data.sent_on), "办理时限", layout.cn_date(data.deadline)),
                ("牵头办理单位", data.lead_unit),
                ("办理回复", paragraphs(data.reply_text)),
            ]
        )
    )
    # The last row, the note and the sign-off stay on one page: the seal never stands alone.
    story.append(
        KeepTogether(
            [
                *_form([("办理结果", result, "答复日期", layout.cn_date(data.reply_on))]),
                Spacer(1, 4),
                para(NOTE, s.form),
                Spacer(1, _BEFORE_SEAL),
                *layout.signature_block(f"{data.station_name}（盖章）", closing_date(data)),
            ]
        )
    )
    return story


def build_result_report(data: ResultReportData) -> bytes:
    ensure_printable(strings_of(data))
    ensure_printable([data.recipients])
    return layout.render(
        report_story(data),
        title=f"{DOC_TITLE}：{data.title}",
        author=data.station_name,
        subject=f"{DOC_TITLE}：{data.title}",
    )
