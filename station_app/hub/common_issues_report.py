"""The briefing on common issues marked 「拟列入专题协商」: PDF in 公文 style (the documents layer)
and .xlsx, for the office's leadership."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table

from station_app.documents import layout
from station_app.documents.closing import Closing
from station_app.documents.fonts import ensure_printable
from station_app.documents.layout import CELL_PADDING, cells, para, styles, table
from station_app.documents.output import write_pdf_atomically
from station_app.documents.text_styles import TYPE_HEIGHT, TextStyle
from station_app.domain.figures import Period, chinese_date
from station_app.domain.similarity.counted import COUNTED_RULE, EXCLUDED_LABEL
from station_app.errors import InputError
from station_app.hub.closeness import CLOSENESS_HEADER, closeness
from station_app.hub.common_issues import MARK_LABEL, Mark, TopicRow, topics_of, with_county
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

    @property
    def period(self) -> Period:
        """From the earliest to the latest day of the marked groups' periods."""
        return Period(
            min(i.mark.period.start for i in self.issues), max(i.mark.period.end for i in self.issues)
        )

    def periods_differ(self) -> bool:
        return len({i.mark.period for i in self.issues}) > 1

    def period_text(self) -> str:
        """The period the report covers; marks made over different periods each state theirs (a
        span from the earliest to the latest would name years no group was found in)."""
        if self.periods_differ():
            return "各问题的统计期间分别注明（按议题提出日期）"
        return f"{self.period.label()}（按议题提出日期）"

    def heading_lines(self) -> list[tuple[str, str]]:
        return [
            ("报送单位", self.office_name),
            ("统计期间", self.period_text()),
            ("统计口径", COUNTED_RULE),
            ("制表日期", chinese_date(self.made_on)),
        ]


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


def _summary(issue: MarkedIssue, own_period: bool = False, county: bool = True) -> str:
    m = issue.mark
    when = f"{m.period.label()}，" if own_period else ""
    return (
        # 公文 sets figures without spaces: a line broken at a space would start one in.
        f"{when}涉及{'、'.join(m.township_names(county))}等{len(m.townships)}个乡镇（街道）的"
        f"{len(m.consultations)}个议题，"
        f"领域为{'、'.join(m.fields)}，关键词：{'、'.join(m.key_terms)}；"
        f"{CLOSENESS_HEADER}（按用词估计）：{closeness(m.score)}。"
    )


def _story(data: Briefing) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [para(data.office_name, s.number), para(DOC_TITLE, s.title), Spacer(1, 6)]
    towns = {code for issue in data.issues for code in issue.mark.townships}
    own_period = data.periods_differ()
    when = "" if own_period else data.period.label()
    story.append(
        para(
            f"经对各联络站{when}提出的有效议题（按提出日期，不含{EXCLUDED_LABEL}的议题）进行归并分析，"
            f"现将涉及{len(towns)}个乡镇（街道）的{len(data.issues)}个拟列入专题协商的共性问题报告如下。"
            f"各问题所注{CLOSENESS_HEADER}，是程序按议题用词估计的归并可靠程度，分高、中、低三档，"
            "“低”的问题中可能混有场所或对象相同、问题不同的议题，仅供参考。",
            s.body,
        )
    )
    county = with_county(towns)
    last = len(data.issues)
    for number, issue in enumerate(data.issues, 1):
        heading = para(f"{_numeral(number)}、{issue.mark.title}", s.h1)
        section: list[Flowable] = [heading, para(_summary(issue, own_period, county), s.body)]
        if issue.mark.note:
            section.append(para(f"办公室意见：{issue.mark.note}", s.body))
        topics = _topic_table(issue, county)
        start = SectionStart(section, topics)  # the heading never stands apart from its table
        section.append(topics)
        if number < last:
            story += [start, *section, Spacer(1, layout.BODY_LEADING / 2)]
            continue
        # The last section and the sign-off are paged as one (documents/closing.py): the name and
        # date never stand alone on a page, and the page before is filled rather than left empty.
        story.append(start)
        tail = [Spacer(1, 12), *layout.signature_block(data.office_name, data.made_on)]
        story.append(Closing(section, tail, headings=section[:-1]))  # no break before the table
    return story


class SectionStart(CondPageBreak):  # type: ignore[misc]
    """A new page unless a section's heading, its text and the first row of its table fit on this
    one: a heading and its 办公室意见 never end a page with their table on the next."""

    def __init__(self, lead: Sequence[Flowable], topics: Table) -> None:
        super().__init__(0)
        self.lead = list(lead)
        self.topics = topics

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.topics.wrap(availWidth, TYPE_HEIGHT)
        first_rows = sum(self.topics._rowHeights[:2])
        self.height = sum(f.wrap(availWidth, TYPE_HEIGHT)[1] for f in self.lead) + first_rows
        return super().wrap(availWidth, availHeight)  # type: ignore[no-any-return]


def _topic_table(issue: MarkedIssue, county: bool) -> Table:
    s = styles()
    rows: list[list[Any]] = [cells(["乡镇（街道）", "议题编号", "议题", "状态"], s.head)]
    for topic in issue.topics:
        rows.append(
            [
                para(topic.township_label(county), s.cell),
                para(topic.number, s.cell_center, keep=[(0, len(topic.number))]),
                para(topic.title, s.cell),
                para(topic.status, s.cell_center),
            ]
        )
    return table(rows, _widths([t.number for t in issue.topics], s.cell_center))


def _widths(numbers: Sequence[str], style: TextStyle) -> list[float]:
    """A topic's number on one line (「大佛街道〔2026〕11号」 split after 「1」 reads as another
    number); the title column gives up the width it takes."""
    longest = max((stringWidth(n, style.style.fontName, style.style.fontSize) for n in numbers), default=0.0)
    number = min(max(44 * mm, longest + 2 * CELL_PADDING + 2), 62 * mm)
    return [34 * mm, number, 112 * mm - number, 20 * mm]


def build_briefing_pdf(data: Briefing) -> bytes:
    strings = [data.office_name]
    for issue in data.issues:
        strings += [issue.mark.title, issue.mark.note, _summary(issue, True)]
        strings += [t for topic in issue.topics for t in (topic.title, topic.township_name, topic.status)]
    ensure_printable(strings)
    return layout.render(_story(data), title=DOC_TITLE, author=data.office_name, subject=DOC_TITLE)


def write_briefing(data: Briefing, out: Path) -> Path:
    """PDF or .xlsx, by the file name's ending; the target holds the old file or the whole new one."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix == ".pdf":
        return write_pdf_atomically(build_briefing_pdf(data), out)
    if suffix != ".xlsx":
        raise InputError("情况报告文件名应以 .pdf 或 .xlsx 结尾。")
    part = out.with_name(f".{out.name}.{timestamp()}.part")
    try:
        from station_app.hub.common_issues_xlsx import build_briefing_xlsx

        part.write_bytes(build_briefing_xlsx(data))
        part.replace(out)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise InputError(f"无法写入情况报告文件：{out}") from exc
    return out
