"""委员履职记录 — one CPPCC member's participation over a period (「委员交作业」)."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from station_app.documents import layout
from station_app.documents.data import MemberRecordData, strings_of
from station_app.documents.fonts import ensure_printable
from station_app.documents.layout import cells, para, styles, table

DOC_TITLE = "委员履职记录"


def record_story(data: MemberRecordData) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = []
    if data.station_name:
        story.append(para(data.station_name, s.number))
    story.append(para(DOC_TITLE, s.title))
    story.append(Spacer(1, 10))
    period = f"{layout.cn_date(data.period_from)}至{layout.cn_date(data.period_to)}"
    info = [
        [
            para("姓名", s.head),
            para(data.member_name, s.cell),
            para("界别", s.head),
            para(data.sector, s.cell),
        ],
        [para("工作单位", s.head), para(data.unit, s.cell), para("统计期间", s.head), para(period, s.cell)],
    ]
    story.append(table(info, [22 * mm, 44 * mm, 22 * mm, 68 * mm], header=False))

    story.append(Spacer(1, 8))
    story.extend(layout.heading("一、履职统计", s.h1))
    totals: list[list[Any]] = [cells(["类别", "次数"], s.head)]
    for kind, count in data.totals:
        totals.append([para(kind, s.cell_center), para(str(count), s.cell_center)])
    totals.append([para("履职合计（不含请假）", s.head), para(str(data.performed), s.cell_center)])
    story.append(table(totals, [78 * mm, 40 * mm]))

    story.append(Spacer(1, 8))
    story.extend(layout.heading("二、履职明细", s.h1))
    if not data.rows:
        story.append(para("本期间无履职记录。", s.body))
        return [*story, *_sign_off(data)]
    rows: list[list[Any]] = [cells(["序号", "日期", "类别", "事项", "角色或备注"], s.head)]
    for i, row in enumerate(sorted(data.rows, key=lambda r: r.on), 1):
        rows.append(
            [
                para(str(i), s.cell_center),
                para(layout.cn_date(row.on), s.cell_center),
                para(row.kind, s.cell_center),
                para(row.title, s.cell),
                para(row.role_or_note, s.cell),
            ]
        )
    story.append(table(rows, [12 * mm, 33 * mm, 29 * mm, 54 * mm, 28 * mm]))
    return [*story, *_sign_off(data)]


def _sign_off(data: MemberRecordData) -> list[Flowable]:
    """The station's name over the day the record was made (落款), kept together."""
    return [
        KeepTogether(
            [Spacer(1, layout.BODY_LEADING), *layout.signature_block(data.station_name, data.made_on)]
        )
    ]


def build_member_record(data: MemberRecordData) -> bytes:
    ensure_printable(strings_of(data))
    return layout.render(
        record_story(data),
        title=f"{data.member_name}{DOC_TITLE}",
        author=data.station_name,
        subject=f"{DOC_TITLE}：{data.member_name}",
    )
