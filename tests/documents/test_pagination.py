"""Pagination of the minutes and the result report, read back from the PDFs."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from station_app.documents import build_minutes, build_result_report
from station_app.documents.data import ActionItem, ResultReportData, Statement

from .pdfcheck import MM, lines_of, page_chars
from .samples import STATEMENT_TEXT, minutes

LEFT = 28 * MM
GRID = 156 * MM / 28


def _pages(pdf: bytes) -> list[list[dict[str, Any]]]:
    return [chars for _w, _h, chars in page_chars(pdf)]


def _lines(chars: list[dict[str, Any]]) -> list[str]:
    return [line for line in lines_of(chars) if not line.startswith("—")]  # without the page number


@pytest.mark.parametrize("statements", range(0, 15))
def test_the_sign_off_never_stands_alone(statements: int) -> None:
    pdf = build_minutes(minutes(statements=statements))
    pages = [_lines(chars) for chars in _pages(pdf)]
    signed = next(lines for lines in pages if any(line.startswith("主持人（签字）") for line in lines))
    assert any(line.startswith("列席：") for line in signed)
    assert signed[-1] == "2026年3月6日"


@pytest.mark.parametrize("background", [1, 3, 5, 8, 12])
def test_a_heading_keeps_its_first_lines(background: int) -> None:
    data = replace(minutes(statements=2), background="\n".join([STATEMENT_TEXT] * background))
    for lines in (_lines(chars) for chars in _pages(build_minutes(data))):
        if lines and lines[-1][:2] in ("一、", "二、", "三、", "四、"):
            pytest.fail(f"a heading ends a page: {lines[-1]}")


def test_attachment_starts_a_page_with_its_label_in_heiti() -> None:
    pages = _pages(build_minutes(minutes(statements=3)))
    at = next(i for i, chars in enumerate(pages) if _lines(chars)[:2] == ["附件", "参会人员名单"])
    label = [c for c in pages[at] if c["text"] in "附件" and abs(c["size"] - 16) < 0.5][:2]
    assert {c["fontname"].split("+")[1] for c in label} == {"WenQuanYiMicroHei-0"}
    assert label[0]["x0"] == pytest.approx(LEFT, abs=0.05)
    assert not any("序号" in line for line in _lines(pages[at - 1]))


def _line_starts(pdf: bytes) -> dict[str, float]:
    starts: dict[str, float] = {}
    for chars in _pages(pdf):
        rows: dict[int, list[dict[str, Any]]] = {}
        for c in chars:
            if c["text"].strip() and abs(c["size"] - 16) < 0.5:
                rows.setdefault(round(c["bottom"]), []).append(c)
        for row in rows.values():
            row.sort(key=lambda c: c["x0"])
            starts["".join(c["text"] for c in row)] = row[0]["x0"]
    return starts


def test_every_paragraph_of_a_statement_is_indented() -> None:
    said = Statement("王建国", "政协委员", "第一段说明情况。\n第二段提出建议，请街道协调。\n第三段表示感谢。")
    starts = _line_starts(build_minutes(replace(minutes(statements=0), statements=(said,))))
    assert starts["王建国（政协委员）：第一段说明情况。"] == pytest.approx(LEFT + 2 * GRID, abs=0.05)
    assert starts["第二段提出建议，请街道协调。"] == pytest.approx(LEFT + 2 * GRID, abs=0.05)
    assert starts["第三段表示感谢。"] == pytest.approx(LEFT + 2 * GRID, abs=0.05)


def test_attendance_lists_hang_after_the_colon() -> None:
    starts = _line_starts(build_minutes(minutes(statements=1)))
    present = next(line for line in starts if line.startswith("出席："))
    assert starts[present] == pytest.approx(LEFT + 2 * GRID, abs=0.05)
    lines = list(starts)
    following = lines[lines.index(present) + 1]
    assert not following.startswith("请假：")  # the list runs over more than one line
    assert starts[following] == pytest.approx(LEFT + 5 * GRID, abs=0.3)


def test_dates_stay_whole_in_table_cells_and_no_cell_ends_with_a_lone_character() -> None:
    items = tuple(
        ActionItem(f"第{i}项整改事项", "大佛街道党政综合办公室", "赵志强", date(2026, 12, 22))
        for i in range(3)
    )
    pdf = build_minutes(replace(minutes(statements=0), action_items=items))
    lines = [line for chars in _pages(pdf) for line in lines_of(chars)]
    assert sum("2026年12月22日" in line for line in lines) == 3
    assert not any(line.strip() in ("室", "日", "22日") for line in lines)


def _report(**changes: Any) -> ResultReportData:
    base = ResultReportData(
        station_name="乐山市五通桥区竹根镇政协工作联络站",
        township_name="竹根镇",
        number="竹根镇〔2026〕3号",
        title="关于改善竹根镇农贸市场周边交通秩序和环境卫生的协商",
        source="委员荐题",
        field="生态环境",
        meeting_date=date(2026, 2, 1),
        consensus=(
            "由镇综合行政执法办牵头，每日早晚高峰安排专人疏导市场周边交通，规范占道经营。",
            "市场管理方每日清扫两次，增设垃圾分类设施和临时停车区。",
            "联络站每季度组织委员和群众代表开展一次民主监督，结果向群众公开。",
        ),
        suggestions="建议镇政府安排专项资金，用于市场周边道路划线和停车设施建设。\n"
        "建议将市场环境卫生纳入村（社区）年度考核，建立长效管理机制。",
        sent_on=date(2026, 2, 5),
        lead_unit="竹根镇综合行政执法办公室",
        deadline=date(2026, 5, 1),
        result_code="B",
        result_meaning="正在解决",
        reply_text="已完成市场周边道路划线，增设临时停车位40个；专项资金已列入镇年度预算。",
        reply_on=date(2026, 4, 28),
    )
    return replace(base, **changes)


def test_the_common_result_report_fits_one_page_dated_by_its_sending() -> None:
    pages = _pages(build_result_report(_report()))
    assert len(pages) == 1
    lines = _lines(pages[0])
    assert lines[-2:] == ["乐山市五通桥区竹根镇政协工作联络站（盖章）", "2026年2月5日"]


@pytest.mark.parametrize("reply_length", [1, 10, 20, 30, 60])
def test_the_seal_always_has_the_last_rows_with_it(reply_length: int) -> None:
    pages = [
        _lines(chars) for chars in _pages(build_result_report(_report(reply_text="已完成。" * reply_length)))
    ]
    sealed = next(lines for lines in pages if "乐山市五通桥区竹根镇政协工作联络站（盖章）" in lines)
    assert any(line.startswith("办理结果") for line in sealed)


def test_a_full_form_with_four_points_each_still_fits_one_sheet() -> None:
    """Four consensus points, four two-line suggestions and a two-line reply: one sheet, not two."""
    suggestion = (
        "建设集中充电桩和停放棚（责任单位：大佛街道社会治安和应急管理办公室；"
        "责任人：许红英；时限：2025年6月30日）。"
    )
    report = _report(
        consensus=(
            "建设集中充电桩和停放棚。",
            "开展楼道飞线充电专项整治。",
            "加强消防安全宣传。",
            "由政协工作联络站跟踪督促，定期向群众通报办理进展。",
        ),
        suggestions="\n".join(f"{n}. {suggestion}" for n in range(1, 5)),
        reply_text="经研究，大佛街道社会治安和应急管理办公室已建设集中充电桩和停放棚，"
        "相关工作已全部完成，问题得到解决。",
    )
    pages = _pages(build_result_report(report))
    assert len(pages) == 1
    assert _lines(pages[0])[-1] == "2026年2月5日"
