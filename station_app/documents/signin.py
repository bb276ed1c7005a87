"""签到表 — the sign-in sheet printed before a meeting, signed on paper."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from station_app.documents import layout
from station_app.documents.data import WITHDRAWN_MARK, SignInData, strings_of
from station_app.documents.fonts import FontRole, ensure_printable
from station_app.documents.layout import cells, para, styles, table
from station_app.documents.privacy import mask_phone

DOC_TITLE = "签到表"
HEADERS = ("序号", "姓名", "类别", "单位", "联系电话", "签名")
_WIDTHS = (12 * mm, 22 * mm, 33 * mm, 37 * mm, 27 * mm, 25 * mm)  # 「村（社区）干部」 on one line
_ROW_HEIGHT = 15 * mm  # room for a handwritten signature


def signin_story(data: SignInData) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = []
    if data.station_name:
        story.append(para(data.station_name, s.number))
    story.append(para(DOC_TITLE, s.title))
    story.append(Spacer(1, 8))
    for label, value in (
        ("议题：", data.title),
        ("时间：", layout.cn_datetime(data.held_at)),
        ("地点：", data.place),
        ("形式：", data.form),
    ):
        story.append(para(value, s.info, prefix=label, prefix_role=FontRole.HEADING1))
    story.append(Spacer(1, 8))

    header_row = cells(list(HEADERS), s.head)
    rows: list[list[Any]] = [header_row]
    for i, p in enumerate(data.participants, 1):
        rows.append(
            [
                para(str(i), s.cell_center),
                para(p.name, s.cell_center),
                para(p.category, s.cell_center),
                para(p.unit, s.cell),
                para(mask_phone(p.phone), s.cell_center),
                "",
            ]
        )
    people = len(data.participants)
    spare = _spare_rows(story, header_row, people, max(0, data.spare_rows))
    for i in range(spare):
        rows.append([para(str(people + 1 + i), s.cell_center), "", "", "", "", ""])
    heights: list[float | None] = [None] + [_ROW_HEIGHT] * (len(rows) - 1)
    sheet = table(rows, _WIDTHS, row_heights=heights)
    if people and spare:
        # The last attendee goes along with the first blank rows: a page never holds blank rows only.
        last = min(spare, max(0, data.spare_rows))
        sheet.setStyle([("NOSPLIT", (0, people), (-1, people + last))])
    story.append(sheet)
    return story


def _spare_rows(above: list[Flowable], header_row: list[Any], people: int, least: int) -> int:
    """Blank rows for walk-ins: as many as fill the page the last attendee is on, and at least
    ``least`` (none when ``least`` is 0). When fewer than ``least`` fit below the last attendee, he
    moves on to the next page together with the blank rows, which then fill that page."""
    if least == 0:
        return 0
    used = 0.0
    for flowable in above:
        _w, height = flowable.wrap(layout.TYPE_WIDTH, layout.TYPE_HEIGHT)
        used += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    head = table([header_row], _WIDTHS, header=False)
    _w, head_height = head.wrap(layout.TYPE_WIDTH, layout.TYPE_HEIGHT)
    first_page = int((layout.TYPE_HEIGHT - used - head_height) // _ROW_HEIGHT)
    later_page = int((layout.TYPE_HEIGHT - head_height) // _ROW_HEIGHT)
    if people <= first_page:
        room = first_page - people
    else:
        room = -(people - first_page) % later_page
    if room >= least:
        return room
    # The last attendee starts the next page; the blank rows fill the rest of it.
    return later_page - 1 if people else room


def build_signin_sheet(data: SignInData) -> bytes:
    """The sign-in sheet as PDF bytes: expected participants, then blank rows for walk-ins."""
    ensure_printable(strings_of(data))
    return layout.render(
        signin_story(data),
        title=f"{data.title}{DOC_TITLE}",
        author=data.station_name,
        subject=f"{DOC_TITLE}：{data.title}" + (f"（议题{WITHDRAWN_MARK}）" if data.withdrawn else ""),
        watermark=WITHDRAWN_MARK if data.withdrawn else "",
    )
