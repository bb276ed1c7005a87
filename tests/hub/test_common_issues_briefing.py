"""The 共性问题 briefing states its period (PDF and xlsx), and its sheet is an office sheet."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from station_app.domain.figures import Period
from station_app.domain.progress import run_to_end
from station_app.hub import common_issues as ci
from station_app.hub import common_issues_report as br
from station_app.hub.closeness import closeness
from station_app.hub.kpi import city_scope
from station_app.services.station import SetupRequest, setup_station
from station_app.storage.engine import Database
from tests.bench.common_issues_eval import load_labelled
from tests.hub.common_issues_world import add_topics

FIRST_HALF = Period(date(2026, 1, 1), date(2026, 6, 30))
WHOLE_YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))


def _marked(db: Database, periods: tuple[Period, Period]) -> br.Briefing:
    setup_station(db, SetupRequest(role="city", clerk_name="张敏"))
    add_topics(db, load_labelled("dev"))
    issues = run_to_end(ci.find_common_issues(db, city_scope(), WHOLE_YEAR))
    ci.mark_issue(db, issues[0], periods[0], "建议由社法委牵头开展专题协商，" * 6)
    ci.mark_issue(db, issues[1], periods[1], "")
    return br.briefing_data(db, "乐山市政协办公室", date(2026, 12, 6))


def _pdf_text(path: Path) -> str:
    return "".join(p.extract_text() for p in PdfReader(path).pages).replace("\n", "").replace(" ", "")


def test_the_pdf_states_the_period_and_the_rule(db: Database, tmp_path: Path) -> None:
    data = _marked(db, (WHOLE_YEAR, WHOLE_YEAR))
    assert data.period == WHOLE_YEAR and not data.periods_differ()
    text = _pdf_text(br.write_briefing(data, tmp_path / "简报.pdf"))
    assert "经对各联络站2026年1月1日至2026年12月31日提出的有效议题" in text
    assert "不含不予立题、已撤销" in text
    assert "相近程度，是程序按议题用词估计的归并可靠程度" in text  # what the word means, once
    # each group says how alike its topics are, in the page's word (the office marked it; the
    # leadership reads how sure the grouping was)
    for issue in data.issues:
        assert (
            f"关键词：{'、'.join(issue.mark.key_terms)}；相近程度（按用词估计）：{closeness(issue.mark.score)}。"
            in text
        )


def test_groups_of_different_periods_each_state_theirs(db: Database, tmp_path: Path) -> None:
    data = _marked(db, (FIRST_HALF, WHOLE_YEAR))
    assert data.period == WHOLE_YEAR and data.periods_differ()
    text = _pdf_text(br.write_briefing(data, tmp_path / "简报.pdf"))
    assert "2026年1月1日至2026年6月30日，涉及" in text
    assert "2026年1月1日至2026年12月31日，涉及" in text
    assert "经对各联络站提出的有效议题" in text  # no span of both in the opening


def test_the_sheet_is_an_office_sheet(db: Database, tmp_path: Path) -> None:
    data = _marked(db, (FIRST_HALF, WHOLE_YEAR))
    book = load_workbook(br.write_briefing(data, tmp_path / "简报.xlsx"))
    for name in ("共性问题", "议题明细"):
        sheet = book[name]
        title = br.DOC_TITLE if name == "共性问题" else f"{br.DOC_TITLE}（附：议题明细）"
        assert sheet["A1"].value == title and sheet["A1"].font.bold
        lines = [sheet.cell(row, 1).value for row in range(2, 6)]
        assert lines[0] == "报送单位：乐山市政协办公室"
        # marks of two periods: each group states its own (a span would name a period nobody chose)
        assert lines[1] == "统计期间：各问题的统计期间分别注明（按议题提出日期）"
        assert "不含不予立题、已撤销" in lines[2] and lines[3] == "制表日期：2026年12月6日"
        header = sheet[7]
        assert header[0].value == "序号"
        assert all(c.font.bold and c.fill.fgColor.rgb.endswith("EDEDED") for c in header)
        assert all(c.border.top.style == "thin" for c in header)
        assert sheet.freeze_panes == "A8"
        assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$7:$7"
        assert all(sheet.column_dimensions[c].width >= 6 for c in "ABCDEFGH")
        assert max(sheet.column_dimensions[c].width for c in "ABCDEFGH") >= 24
        body = sheet[8]
        assert all(c.border.left.style == "thin" and c.alignment.wrap_text for c in body)
    # Under the groups, what 相近程度 means (the column's word alone says little to a reader).
    groups = book["共性问题"]
    explained = groups.cell(groups.max_row, 1).value
    assert explained.startswith("相近程度：") and "高——约九成" in explained and "打开议题" in explained
    issues = book["共性问题"]
    assert issues["I8"].value == "2026年1月1日至2026年6月30日"
    assert issues["J8"].value.startswith("建议由社法委")
    assert issues["E8"].value and "、" in issues["E8"].value  # the townships by name
    topics = book["议题明细"]
    assert topics.max_row == 7 + sum(len(i.topics) for i in data.issues)
    assert topics["H8"].number_format == "yyyy-mm-dd"


def test_a_topic_number_is_printed_on_one_line(db: Database, tmp_path: Path) -> None:
    """「和平彝族乡〔2026〕11号」 split after 「1」 would read as two numbers."""
    from sqlalchemy import select

    from station_app.storage.records import Consultation

    _marked(db, (WHOLE_YEAR, WHOLE_YEAR))
    with db.session() as session:
        for row in session.scalars(select(Consultation)):
            row.number = f"和平彝族乡〔2026〕{row.seq}号"
    data = br.briefing_data(db, "乐山市政协办公室", date(2026, 12, 6))
    numbers = [t.number for issue in data.issues for t in issue.topics]
    assert numbers and any(len(n) >= 13 for n in numbers)
    path = br.write_briefing(data, tmp_path / "简报.pdf")
    lines = [line.replace(" ", "") for p in PdfReader(path).pages for line in p.extract_text().splitlines()]
    for number in numbers:
        assert any(number in line for line in lines), number


def test_figures_are_set_without_spaces_as_in_a_公文(db: Database, tmp_path: Path) -> None:
    data = _marked(db, (WHOLE_YEAR, WHOLE_YEAR))
    path = br.write_briefing(data, tmp_path / "简报.pdf")
    text = "".join(p.extract_text() for p in PdfReader(path).pages)
    assert f"的{len(data.issues)}个拟列入专题协商的共性问题报告如下" in text.replace("\n", "")
    assert not re.search(r"\d\s+个|等\s+\d", text), re.findall(r".{6}\d\s+个.{4}", text)


def test_the_sign_off_never_stands_on_a_page_of_its_own(db: Database, tmp_path: Path) -> None:
    """Whatever the length of the office's note, the name and the date share a page with a table."""
    marked = _marked(db, (WHOLE_YEAR, WHOLE_YEAR))
    page_counts = set()
    for n in range(0, 44, 2):
        note = "建议由社法委牵头开展专题协商。" * n
        issues = [br.MarkedIssue(dataclasses.replace(m.mark, note=note), m.topics) for m in marked.issues]
        data = br.Briefing(marked.office_name, issues, marked.made_on)
        path = br.write_briefing(data, tmp_path / f"{n}.pdf")
        pages = [p.extract_text().replace(" ", "") for p in PdfReader(path).pages]
        page_counts.add(len(pages))
        last = pages[-1]
        assert "2026年12月6日" in last and "乐山市政协办公室" in last
        assert "已立题" in last, (n, last[:80])  # a row of a table stands above the sign-off
    assert len(page_counts) >= 2  # the notes did push the sign-off over a page boundary


def test_townships_carry_their_county_only_where_several_counties_show() -> None:
    """One rule for the page, the PDF and the Excel: a county office's briefing says 「苏稽镇」, the
    city's 「市中区苏稽镇」 beside 「井研县竹园镇」."""
    from station_app.hub.common_issues import with_county

    assert not with_county(["511102004", "511102106"])
    assert with_county(["511102106", "511124104"])


def test_long_tables_neither_strand_a_section_nor_the_sign_off(db: Database, tmp_path: Path) -> None:
    """Sections of every length after one another: a section's heading always shares its page with
    its 办公室意见 and the first row of its table, and the sign-off shares its page with rows of
    the last table (a sweep of lengths and opinions that put each break somewhere else)."""
    setup_station(db, SetupRequest(role="city", clerk_name="张敏"))
    add_topics(db, load_labelled("dev"))
    found = run_to_end(ci.find_common_issues(db, city_scope(), WHOLE_YEAR))
    for issue in found[:3]:
        ci.mark_issue(db, issue, WHOLE_YEAR, "")
    marked = br.briefing_data(db, "乐山市政协办公室", date(2026, 12, 6))
    for length, notes in [(n, k) for n in range(3, 30, 2) for k in (0, 2, 5)]:
        issues = []
        for number, m in enumerate(marked.issues, 1):
            topics = [
                dataclasses.replace(
                    m.topics[i % len(m.topics)], number=f"第{number}组{i + 1}号", status="已立题"
                )
                for i in range(length + 3 * number)
            ]
            note = "建议开展专题协商。" * (notes + number)
            issues.append(br.MarkedIssue(dataclasses.replace(m.mark, note=note), topics))
        data = br.Briefing(marked.office_name, issues, marked.made_on)
        path = br.write_briefing(data, tmp_path / f"{length}-{notes}.pdf")
        pages = [p.extract_text().replace(" ", "") for p in PdfReader(path).pages]
        for number, issue in enumerate(issues, 1):
            heading = f"{'一二三'[number - 1]}、{issue.mark.title}"
            after = next(p for p in pages if heading in p).split(heading)[1]
            assert "办公室意见：" in after and f"第{number}组1号" in after, (length, notes, number)
        last = pages[-1]
        assert "2026年12月6日" in last and "已立题" in last, (length, notes, last[:80])
