"""Lines and cells as a 公文 reader sees them, measured from the PDFs: names never split, only full
body lines stretched, ruled signature lines, and room between a cell's text and its borders."""

from __future__ import annotations

import io
import itertools
from collections import defaultdict
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pdfplumber
import pytest

from station_app.documents import (
    KeyRegistrationData,
    MemberRecordData,
    ParticipationRow,
    ResultReportData,
    build_key_registration,
    build_member_record,
    build_minutes,
    build_result_report,
    build_signin_sheet,
)
from station_app.documents.data import Participant

from .pdfcheck import MM, page_chars
from .samples import minutes, signin

GRID = 156 * MM / 28
_SURNAMES = "罗王欧阳李司马赵"
_CATEGORIES = ("村（社区）干部", "政协委员", "群众代表", "利益相关方代表")


def _lines(pdf: bytes, size: float) -> list[list[dict[str, Any]]]:
    """Lines of ``size`` pt text, characters left to right, over every page."""
    found = []
    for _w, _h, chars in page_chars(pdf):
        rows: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for c in chars:
            if abs(c["size"] - size) < 0.5:  # spaces too: two ideographs either side are not neighbours
                rows[round(c["matrix"][5])].append(c)  # by baseline: faces differ in depth
        found += [sorted(row, key=lambda c: c["x0"]) for _, row in sorted(rows.items(), reverse=True)]
    return found


def _text(line: list[dict[str, Any]]) -> str:
    return "".join(c["text"] for c in line).replace(" ", "")


def _people(count: int, shift: int) -> tuple[Participant, ...]:
    names = ("罗桂兰", "欧阳志强", "王芳", "司马相东", "李建国", "赵秀英", "罗明")
    return tuple(
        Participant(
            names[(i + shift) % len(names)],
            _CATEGORIES[(i + shift) % len(_CATEGORIES)],
            attendance=("出席", "出席", "请假", "列席")[i % 4],
        )
        for i in range(count)
    )


@pytest.mark.parametrize(("count", "shift"), [(n, s) for n in (6, 9, 13, 17, 22) for s in range(4)])
def test_a_name_or_category_in_the_attendance_lists_is_never_split(count: int, shift: int) -> None:
    people = _people(count, shift)
    lines = [
        _text(line) for line in _lines(build_minutes(replace(minutes(statements=0), participants=people)), 16)
    ]
    start = next(i for i, t in enumerate(lines) if t.startswith("出席："))
    end = next(i for i, t in enumerate(lines) if t.startswith("主持人（签字）"))
    block = lines[start:end]
    assert len(block) > 3  # the lists run over several lines
    for p in people:
        assert any(p.name in line for line in block), p.name
        assert any(f"{p.category}：" in line for line in block), p.category


def _advances(line: list[dict[str, Any]]) -> list[float]:
    """From one ideograph to the next: its width plus the spacing it was drawn with (within a
    cell: the next column is further away)."""
    return [
        b["x0"] - a["x0"]
        for a, b in itertools.pairwise(line)
        if "\u4e00" <= a["text"] <= "\u9fff" and "\u4e00" <= b["text"] <= "\u9fff"
        if b["x0"] - a["x0"] < 1.6 * a["size"]
    ]


def test_cells_and_short_lines_are_never_letter_spaced() -> None:
    data = replace(
        minutes(statements=2),
        # Its last line would hold one character: the line before stays full rather than short.
        disagreements="部分参会人员认为实施时间偏紧，建议分两步推进。",
        background="2026年12月22日前完成白塔街片区管网改造设计方案，2026年12月22日开工建设。" * 3,
    )
    pdf = build_minutes(data)
    body = [line for line in _lines(pdf, 16) if len(_advances(line)) > 2]
    for line in body:  # at most one character's room is spread over a body line
        assert max(_advances(line)) <= GRID + GRID / 26 + 0.05, _text(line)
    for doc in (pdf, build_signin_sheet(signin(count=9)), build_result_report(_report())):
        for line in _lines(doc, 12):
            assert max(_advances(line), default=12) <= 12.05, _text(line)  # cells: natural spacing
    texts = [_text(line) for line in _lines(pdf, 16)]
    dissent = next(i for i, t in enumerate(texts) if t.startswith("尚存分歧"))
    assert (len(texts[dissent]), texts[dissent + 1]) == (26, "进。")  # full after the indent


def test_the_signatures_are_written_on_ruled_lines_of_a_fixed_width() -> None:
    with pdfplumber.open(io.BytesIO(build_minutes(minutes(statements=1)))) as doc:
        page = next(p for p in doc.pages if "主持人（签字）" in (p.extract_text() or ""))
        assert not any(c["text"] == "_" for p in doc.pages for c in p.chars)
        label = next(c for c in page.chars if c["text"] == "主" and c["size"] == pytest.approx(16))
        ruled = [
            line
            for line in page.lines
            if abs(line["top"] - line["bottom"]) < 0.1 and abs(line["top"] - label["bottom"]) < 8
        ]
    assert len(ruled) == 2
    assert [line["x1"] - line["x0"] for line in ruled] == pytest.approx([26 * MM, 26 * MM], abs=0.1)
    assert ruled[1]["x1"] <= 28 * MM + 156 * MM + 0.1  # inside the type area


def _report() -> ResultReportData:
    return ResultReportData(
        station_name="乐山市五通桥区竹根镇政协工作联络站",
        township_name="竹根镇",
        number="竹根镇〔2026〕3号",
        title="关于改善竹根镇农贸市场周边交通秩序和环境卫生的协商",
        source="委员荐题",
        field="生态环境",
        meeting_date=date(2026, 2, 1),
        consensus=("由镇综合行政执法办牵头，每日早晚高峰安排专人疏导市场周边交通。",),
        suggestions="建议镇政府安排专项资金，用于市场周边道路划线和停车设施建设。",
        sent_on=date(2026, 2, 5),
        lead_unit="竹根镇综合行政执法办公室",
        deadline=date(2026, 5, 1),
        result_code="B",
        result_meaning="正在解决",
        reply_text="已完成市场周边道路划线，增设临时停车位40个。",
        reply_on=date(2026, 4, 28),
    )


def _documents() -> dict[str, bytes]:
    rows = tuple(
        ParticipationRow(date(2025, 3, 1 + i), kind, f"关于第{i}项民生实事的协商会议", "发言")
        for i, kind in enumerate(("参加协商", "提交社情民意", "请假"))
    )
    member = MemberRecordData(
        "乐山市沙湾区嘉农镇政协工作联络站",
        "刘文华",
        "经济界",
        "嘉农镇农业服务中心",
        date(2025, 1, 1),
        date(2025, 12, 31),
        rows,
    )
    key = KeyRegistrationData(
        "乐山市峨眉山市绥山镇政协工作联络站",
        "511181100",
        "峨眉山市",
        "ab12" * 16,
        "age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs7u9n3c",
        datetime(2026, 1, 10, 9, 5),
        "周海燕",
        "孙春梅",
    )
    return {
        "minutes": build_minutes(minutes(statements=1)),
        "signin": build_signin_sheet(signin(count=12)),
        "report": build_result_report(_report()),
        "member": build_member_record(member),
        "key": build_key_registration(key),
    }


def _room_in_cells(pdf: bytes) -> list[tuple[float, float, float, float, str]]:
    """For each character inside a ruled cell: its distance to the left, right, top and bottom rule."""
    found = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            upright = [line for line in page.lines if abs(line["x0"] - line["x1"]) < 0.1]
            level = [line for line in page.lines if abs(line["top"] - line["bottom"]) < 0.1]
            for c in page.chars:
                if not c["text"].strip():
                    continue
                mid_x, mid_y = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
                xs = [line["x0"] for line in upright if line["top"] <= mid_y <= line["bottom"]]
                ys = [line["top"] for line in level if line["x0"] <= mid_x <= line["x1"]]
                left = max((x for x in xs if x <= mid_x), default=None)
                right = min((x for x in xs if x >= mid_x), default=None)
                top = max((y for y in ys if y <= mid_y), default=None)
                bottom = min((y for y in ys if y >= mid_y), default=None)
                if left is None or right is None or top is None or bottom is None:
                    continue  # not in a table
                found.append(
                    (c["x0"] - left, right - c["x1"], c["top"] - top, bottom - c["bottom"], c["text"])
                )
    return found


@pytest.mark.parametrize("kind", ["minutes", "signin", "report", "member", "key"])
def test_text_in_a_cell_keeps_clear_of_its_borders(kind: str) -> None:
    room = _room_in_cells(_documents()[kind])
    assert len(room) > 30
    for left, right, top, bottom, char in room:
        assert min(left, right) >= 4, (char, left, right)
        assert min(top, bottom) >= 3, (char, top, bottom)
