"""协商成果报送单 — sends a consultation's results to the township Party committee and government."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from station_app.documents import layout
from station_app.documents.data import WITHDRAWN_MARK, ResultReportData, strings_of
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


_LEAST_SPLIT = 60.0  # pt: a row split inside keeps 2 lines of its label 「…（续）」 and value


class _FieldTable(Table):  # type: ignore[misc]
    """「label | value」 rows where a long value takes one row per paragraph, ruled as one cell:
    the table splits between paragraphs (no empty block where reportlab would split inside a cell
    of several paragraphs), and the value carried over to a new page is labelled 「…（续）」."""

    labels: Sequence[str] = ()  # each row's field
    starts: Sequence[bool] = ()  # whether the row shows its label

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        if availHeight < _LEAST_SPLIT:  # too little room to split inside a row and its label
            self._calc(availWidth, availHeight)
            parts: list[Any] = self._splitRows(availHeight, doInRowSplit=0) or []
        else:
            parts = super().split(availWidth, availHeight)
        if len(parts) == 2 and self.labels:
            first, rest = parts
            value = rest._cellvalues[0][1]
            row = next(
                (i for i, r in enumerate(self._cellvalues) if r[1] is value), len(first._cellvalues) - 1
            )
            split_inside = row == len(first._cellvalues) - 1
            # Each page's part is closed by a rule of its own.
            first.setStyle([("LINEBELOW", (0, len(first._cellvalues) - 1), (-1, -1), 0.6, colors.black)])
            rest.setStyle([("LINEABOVE", (0, 0), (-1, 0), 0.6, colors.black)])
            rest.labels, rest.starts = self.labels[row:], [False, *self.starts[row + 1 :]]
            if split_inside or not self.starts[row]:
                rest._cellvalues[0][0] = para(f"{self.labels[row]}（续）", styles().form_head)
            else:
                rest.starts = [True, *rest.starts[1:]]
        return parts


def _field_rows(group: Iterable[tuple[Any, ...]]) -> _FieldTable:
    s = styles()
    cells: list[list[Any]] = []
    labels: list[str] = []
    starts: list[bool] = []
    for label, value in group:
        for i, flowable in enumerate(value if isinstance(value, list) else [_cell(value)]):
            cells.append([para(label, s.form_head) if i == 0 else "", flowable])
            labels.append(label)
            starts.append(i == 0)
    widths = [_LABEL_WIDTH, layout.TYPE_WIDTH - _LABEL_WIDTH]
    form: _FieldTable = table(cells, widths, header=False, split_in_row=True, grid=False, kind=_FieldTable)
    form.labels, form.starts = labels, starts
    rules: list[tuple[Any, ...]] = [
        *_COMPACT,
        ("BOX", (0, 0), (-1, -1), 0.6, colors.black),
        ("LINEAFTER", (0, 0), (0, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (0, -1), "TOP"),
    ]
    # A rule under each field only, not between the paragraphs of one value.
    rules += [
        ("LINEBELOW", (0, r - 1), (-1, r - 1), 0.6, colors.black)
        for r, start in enumerate(starts)
        if start and r
    ]
    # Paragraphs of one value sit as close as the lines of one paragraph would.
    rules += [("TOPPADDING", (0, r), (-1, r), 0) for r, start in enumerate(starts) if not start]
    rules += [("BOTTOMPADDING", (0, r - 1), (-1, r - 1), 0) for r, start in enumerate(starts) if not start]
    form.setStyle(rules)
    return form


def _form(rows: list[tuple[Any, ...]]) -> list[Flowable]:
    """A form whose rows are 「label | value」 over the full width or two such pairs side by side.

    Runs of rows of one kind make one table each, stacked edge to edge (reportlab cannot split a
    row of a table with spanned cells, and a long reply must be able to run over a page).
    """
    s = styles()
    tables: list[Flowable] = []
    for pairs, group in itertools.groupby(rows, key=len):
        if pairs == 2:
            form = _field_rows(group)
        else:
            head = s.form_head
            cells = [[para(r[0], head), _cell(r[1]), para(r[2], head), _cell(r[3])] for r in group]
            form = table(cells, _WIDTHS, header=False, split_in_row=True)
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
        subject=f"{DOC_TITLE}：{data.title}" + (f"（议题{WITHDRAWN_MARK}）" if data.withdrawn else ""),
        watermark=WITHDRAWN_MARK if data.withdrawn else "",
    )
