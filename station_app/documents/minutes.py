"""协商议事会议纪要 — the minutes of a consultation meeting."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer
from reportlab.platypus.flowables import HRFlowable

from station_app.documents import layout
from station_app.documents.closing import Closing
from station_app.documents.data import (
    ATTENDANCE_EXCUSED,
    ATTENDANCE_OBSERVER,
    ATTENDANCE_PRESENT,
    WITHDRAWN_MARK,
    MinutesData,
    Participant,
    strings_of,
)
from station_app.documents.fonts import FontRole, ensure_printable
from station_app.documents.layout import cells, para, styles, table
from station_app.documents.privacy import mask_phone
from station_app.domain.classifications import attendance_rank, category_rank

DOC_TITLE = "协商议事会议纪要"
_CN_NUMBERS = "一二三四五六七八九十"


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 25 → 二十五 (enough for any list a meeting produces)."""
    if n <= 10:
        return _CN_NUMBERS[n - 1]
    tens, ones = divmod(n, 10)
    head = "十" if tens == 1 else _CN_NUMBERS[tens - 1] + "十"
    return head + (_CN_NUMBERS[ones - 1] if ones else "")


def _shown_names(everyone: tuple[Participant, ...]) -> dict[int, str]:
    """Each participant's name as listed; two people of one name are told apart by their unit
    (「严刚（乐山师院）」), or by a number when they have none."""
    count: dict[str, int] = {}
    for p in everyone:
        count[p.name] = count.get(p.name, 0) + 1
    shown: dict[int, str] = {}
    seen: dict[str, int] = {}
    for p in everyone:
        if count[p.name] == 1:
            shown[id(p)] = p.name
            continue
        seen[p.name] = seen.get(p.name, 0) + 1
        shown[id(p)] = f"{p.name}（{p.unit.strip() or cn_number(seen[p.name])}）"
    return shown


def _group_by_category(
    people: list[Participant], shown: dict[int, str] | None = None
) -> tuple[str, list[tuple[int, int]]]:
    """「政协委员：彭磊、吕永刚；群众代表：唐静。」 and the spans never broken between lines: each
    name, and each category label with its colon and first name."""
    groups: dict[str, list[str]] = {}
    for p in sorted(people, key=lambda p: category_rank(p.category)):
        groups.setdefault(p.category or "其他", []).append((shown or {}).get(id(p), p.name))
    if not groups:
        return "无。", []
    text = ""
    spans: list[tuple[int, int]] = []
    for category, names in groups.items():
        if text:
            text += "；"
        for i, name in enumerate(names):
            start = len(text)
            text += f"{category}：{name}" if i == 0 else f"、{name}"
            spans.append((start if i == 0 else start + 1, len(text)))
    return text + "。", spans


def _header(data: MinutesData) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = []
    if data.station_name:
        story.append(layout.para(data.station_name, s.title))
    story.append(para(DOC_TITLE, s.title))
    story.append(Spacer(1, 10))
    if data.number:
        story.append(para(data.number, s.number))
    story.append(HRFlowable(width="100%", thickness=1.2, color=colors.black, spaceBefore=4, spaceAfter=14))
    lines = [
        ("时间：", layout.cn_datetime(data.held_at)),
        ("地点：", data.place),
        ("协商形式：", data.form),
        ("主持人：", data.chair),
        ("记录人：", data.recorder),
        ("议题：", data.title),
        ("议题来源：", data.source),
    ]
    for label, value in lines:
        story.append(para(value, s.body, prefix=label, prefix_role=FontRole.HEADING1))
    return story


def _action_table(data: MinutesData) -> Flowable:
    s = styles()
    head = cells(["序号", "事项", "责任单位", "责任人", "时限"], s.head)
    rows: list[list[Any]] = [head]
    for i, item in enumerate(data.action_items, 1):
        rows.append(
            [
                para(str(i), s.cell_center),
                para(item.matter, s.cell),
                para(item.unit, s.cell),
                para(item.person, s.cell_center),
                para(layout.cn_date(item.due) if item.due else "长期", s.cell_center),
            ]
        )
    widths = [12 * mm, 54 * mm, 34 * mm, 22 * mm, 34 * mm]  # a date fits on one line
    return table(rows, widths)


def _participant_table(people: tuple[Participant, ...], clean: Any) -> Flowable:
    s = styles()
    rows: list[list[Any]] = [cells(["序号", "姓名", "类别", "单位", "联系电话", "情况"], s.head)]
    ordered = sorted(people, key=lambda p: (attendance_rank(p.attendance), category_rank(p.category)))
    for i, p in enumerate(ordered, 1):
        rows.append(
            [
                para(str(i), s.cell_center),
                para(p.name, s.cell_center),
                para(p.category, s.cell_center),
                para(p.unit, s.cell),
                para(clean(p.phone), s.cell_center),
                para(p.attendance, s.cell_center),
            ]
        )
    widths = [12 * mm, 22 * mm, 33 * mm, 41 * mm, 32 * mm, 16 * mm]  # 「村（社区）干部」 on one line
    return table(rows, widths)


def minutes_story(data: MinutesData, *, mask_phones: bool = True) -> list[Flowable]:
    s = styles()

    def clean(text: str) -> str:
        # Only the phone column: a number quoted in a statement is what was said.
        return mask_phone(text) if mask_phones else text

    story = _header(data)

    story.extend(layout.heading("一、基本情况", s.h1))
    for block in data.background.split("\n"):
        if block.strip():
            story.append(para(block.strip(), s.body))

    story.extend(layout.heading("二、协商情况", s.h1))
    if not data.statements:
        story.append(para("无。", s.body))
    for st in data.statements:
        who = f"{st.speaker}（{st.category}）：" if st.category else f"{st.speaker}："
        story.extend(_paragraphs(st.text, prefix=who))

    story.extend(layout.heading("三、形成共识", s.h1))
    if not data.consensus:
        story.append(para("本次协商未形成共识。", s.body))
    for i, point in enumerate(data.consensus, 1):
        story.extend(_paragraphs(point, prefix=f"（{cn_number(i)}）"))
    if data.disagreements.strip():
        story.extend(_paragraphs(data.disagreements, prefix="尚存分歧："))

    # 四、下步措施, 出席 and the sign-off are paged together (see closing.py).
    story.append(CondPageBreak(3 * layout.BODY_LEADING))
    heading = para("四、下步措施", s.h1)
    text: list[Flowable] = [heading]
    headings: list[Flowable] = [heading]
    if data.action_items:
        headings.append(Spacer(1, 4))
        text += [headings[-1], _action_table(data), Spacer(1, 10)]
    else:
        text.append(para("无。", s.body))

    people = list(data.participants)
    shown = _shown_names(data.participants)
    attendance: list[Flowable] = []
    for label, kind in (
        ("出席：", ATTENDANCE_PRESENT),
        ("请假：", ATTENDANCE_EXCUSED),
        ("列席：", ATTENDANCE_OBSERVER),
    ):
        names, spans = _group_by_category([p for p in people if p.attendance == kind], shown)
        # Continuation lines hang after the colon; a name or a category is never split.
        attendance.append(para(names, s.hanging, prefix=label, prefix_role=FontRole.HEADING1, keep=spans))
    text.append(attendance[0])
    # 附件说明 under the text, before the sign-off (GB/T 9704 7.3.4).
    annex = [para("附件：参会人员名单", s.body)] if data.participants else []
    tail = [
        *attendance[1:],
        *annex,
        Spacer(1, layout.BODY_LEADING),
        layout.SignatureLines(["主持人（签字）：", "记录人（签字）："], s.plain),
        Spacer(1, layout.BODY_LEADING),
        *layout.signature_block(data.station_name, data.dated),
    ]
    story.append(Closing(text, tail, headings=headings))

    if data.participants:
        # 附件 starts a page: 「附件」 in 黑体 at the top left, its title centred (GB/T 9704 8.1).
        story.append(PageBreak())
        story.append(para("附件", s.attachment))
        story.append(Spacer(1, layout.BODY_LEADING / 2))
        story.append(para("参会人员名单", s.title))
        story.append(Spacer(1, layout.BODY_LEADING / 2))
        story.append(_participant_table(data.participants, clean))
    return story


def _paragraphs(text: str, *, prefix: str) -> list[Flowable]:
    """One paragraph per line of ``text``, each indented two characters; the first opens with
    ``prefix`` (a speaker, a number) in 楷体."""
    s = styles()
    blocks = [b.strip() for b in text.split("\n") if b.strip()] or [""]
    first = para(blocks[0], s.body, prefix=prefix, prefix_role=FontRole.HEADING2)
    return [first, *(para(b, s.body) for b in blocks[1:])]


def build_minutes(data: MinutesData, *, mask_phones: bool = True) -> bytes:
    """The minutes as PDF bytes; a draft carries a 「草稿」 mark on every page."""
    ensure_printable(strings_of(data))
    story = minutes_story(data, mask_phones=mask_phones)
    subject = f"{DOC_TITLE}：{data.title}"
    if not data.finalised:
        subject += f"（草稿，第{data.revision}稿）"
    if data.withdrawn:
        subject += f"（议题{WITHDRAWN_MARK}）"
    return layout.render(
        story,
        title=f"{data.station_name}{DOC_TITLE}",
        author=data.station_name,
        subject=subject,
        watermark=WITHDRAWN_MARK if data.withdrawn else "" if data.finalised else "草稿",
    )


__all__ = ["DOC_TITLE", "build_minutes", "cn_number", "minutes_story"]
