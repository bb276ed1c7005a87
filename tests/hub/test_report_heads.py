"""The report's per-station table: each column head breaks only between its words, and fits."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

from station_app.documents import layout
from station_app.documents.layout import styles
from station_app.domain.figures import Figures
from station_app.hub import report, report_tables


class _Row:
    county_name = "市中区"
    township_name = "大佛街道"
    last_sequence = None
    gaps: tuple[int, ...] = ()
    figures = Figures()


def test_every_head_breaks_between_words_and_each_line_fits() -> None:
    table = report_tables.station_table([_Row()])
    head = styles().small_head.style
    scale = layout.TYPE_WIDTH / sum(table.widths)
    assert set(table.headers) <= {*report_tables.HEAD_WORDS, "缺号"}
    for text, width in zip(table.headers, table.widths, strict=True):
        room = width * scale - 2 * layout.SMALL_CELL_PADDING
        lines = report.head_lines(text, room, head.fontName, float(head.fontSize))
        words = report_tables.HEAD_WORDS.get(text, (text,))
        assert "".join(lines) == text
        # Each line is whole words: the joins are at word boundaries only.
        bounds = {sum(len(w) for w in words[:i]) for i in range(len(words) + 1)}
        at = 0
        for line in lines:
            at += len(line)
            assert at in bounds, (text, lines)
            assert stringWidth(line, head.fontName, float(head.fontSize)) <= room, (text, line)
    assert report.head_lines("最近包号", 20.0, head.fontName, 9.0) == ["最近", "包号"]


def test_the_pdf_draws_each_head_in_the_lines_chosen() -> None:
    table = report_tables.station_table([_Row()])
    flowable = report._pdf_table(table, wide=True)
    widths = flowable._colWidths
    for column, text in enumerate(table.headers):
        cell = flowable._cellvalues[0][column]
        cell.wrap(widths[column] - 2 * layout.SMALL_CELL_PADDING, 1000)
        shown = ["".join(getattr(frag, "text", "") for frag in line.words) for line in cell.blPara.lines]
        expected = report.head_lines(
            text, widths[column] - 2 * layout.SMALL_CELL_PADDING, styles().small_head.style.fontName, 9.0
        )
        assert shown == expected, (text, shown)
