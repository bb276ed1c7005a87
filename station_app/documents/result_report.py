"""协商成果报送单 — sends a consultation's results to the township Party committee and government."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from station_app.documents import layout
from station_app.documents.data import ResultReportData, strings_of
from station_app.documents.fonts import ensure_printable
from station_app.documents.layout import para, styles, table
from station_app.documents.minutes import cn_number

DOC_TITLE = "协商成果报送单"
_LABEL_WIDTH = 32 * mm
NOTE = "注：办理结果按 A 已解决、B 正在解决、C 以后解决、D 留作参考 填写。"


def _row(label: str, value: str | list[Flowable]) -> list[Any]:
    s = styles()
    cell: Any = value if isinstance(value, list) else para(value, s.cell)
    return [para(label, s.head), cell]


def report_story(data: ResultReportData) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = []
    if data.station_name:
        story.append(para(data.station_name, s.title))
    story.append(para(DOC_TITLE, s.title))
    story.append(Spacer(1, 8))
    if data.number:
        story.append(para(f"编号：{data.number}", s.right))
    story.append(Spacer(1, 4))

    consensus: list[Flowable] = [
        para(f"（{cn_number(i)}）{point}", s.cell) for i, point in enumerate(data.consensus, 1)
    ] or [para("无", s.cell)]
    result = f"{data.result_code}（{data.result_meaning}）" if data.result_meaning else data.result_code
    rows = [
        _row("报送对象", data.recipients),
        _row("议题名称", data.title),
        _row("议题来源", data.source),
        _row("所属领域", data.field),
        _row("协商时间", layout.cn_date(data.meeting_date)),
        _row("成果形式", data.output_type),
        _row("协商共识", consensus),
        _row(
            "意见建议",
            [para(t.strip(), s.cell) for t in data.suggestions.split("\n") if t.strip()]
            or [para("", s.cell)],
        ),
        _row("报送时间", layout.cn_date(data.sent_on)),
        _row("牵头办理单位", data.lead_unit),
        _row("办理时限", layout.cn_date(data.deadline)),
        _row("办理结果", result),
        _row(
            "办理回复",
            [para(t.strip(), s.cell) for t in data.reply_text.split("\n") if t.strip()] or [para("", s.cell)],
        ),
        _row("回复时间", layout.cn_date(data.reply_on)),
    ]
    # A long reply may be taller than a page, so rows may split.
    story.append(
        table(rows, [_LABEL_WIDTH, layout.TYPE_WIDTH - _LABEL_WIDTH], header=False, split_in_row=True)
    )
    story.append(Spacer(1, 6))
    story.append(para(NOTE, s.cell))
    story.append(Spacer(1, 2 * layout.BODY_LEADING))
    story.extend(layout.signature_block(f"{data.station_name}（盖章）", data.sent_on or data.meeting_date))
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
