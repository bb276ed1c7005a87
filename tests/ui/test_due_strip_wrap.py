"""The reminder strip's counts are links that are never cut between two lines, whatever the width."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from station_app.services.queries import DueItem
from station_app.ui.pages.due_label import DueLabel
from station_app.ui.pages.due_strip import whole

TODAY = date(2026, 11, 26)


def _items(late: int, soon: int) -> list[DueItem]:
    made = []
    for n in range(late + soon):
        due = TODAY - timedelta(days=n + 1) if n < late else TODAY + timedelta(days=n - late)
        matter = f"征集住户意见第{n + 1}次汇总上报"
        made.append(DueItem(f"c{n}", f"大佛街道〔2026〕{n + 1}号", matter, "社区", due))
    return made


def _cut_links(label: DueLabel, width: int, links: list[str]) -> list[str]:
    """The links laid out over two lines when the strip's text is ``width`` pixels wide."""
    document = QTextDocument()
    document.setDefaultFont(label.font())
    document.setHtml(label.text())
    document.setTextWidth(width)
    document.documentLayout().documentSize()  # lays the text out
    block = document.firstBlock()
    text = block.text()
    layout = block.layout()
    lines = [(layout.lineAt(i).textStart(), layout.lineAt(i).textLength()) for i in range(layout.lineCount())]
    cut = []
    for link in links:
        at = text.find(link)
        assert at >= 0, link
        first = next(i for i, (s, n) in enumerate(lines) if s <= at < s + n)
        last = next(i for i, (s, n) in enumerate(lines) if s <= at + len(link) - 1 < s + n)
        if first != last:
            cut.append(link)
    return cut


def test_no_count_is_cut_between_lines_at_any_width(qtbot: QtBot) -> None:
    label = DueLabel()
    qtbot.addWidget(label)
    label.show_items(_items(late=12, soon=2), TODAY)
    assert "已逾期 12 项" in label.shown_text() and "查看全部 14 项" in label.shown_text()
    links = [whole("已逾期 12 项"), whole("7天内到期 2 项"), whole("查看全部 14 项")]
    cut = {w: _cut_links(label, w, links) for w in range(200, 1400, 3)}
    assert not any(cut.values()), {w: c for w, c in cut.items() if c}


def test_no_measure_number_or_day_count_is_cut_at_the_widths_a_window_has(qtbot: QtBot) -> None:
    """「〔2025〕25」/「号」 and 「逾期355」/「天」 read wrong; a measure's link cut after one character
    too. The window is at least about 1,100 pixels wide, the strip a little narrower."""
    label = DueLabel()
    qtbot.addWidget(label)
    items = _items(late=12, soon=2)
    label.show_items(items, TODAY)
    shown = items[:2]
    pieces = [whole(f"大佛街道〔2026〕{n}号") for n in (1, 2)] + [whole(f"逾期{n}天") for n in (1, 2)]
    pieces += [whole(item.matter) for item in shown]  # short enough to be shown whole
    cut = {w: _cut_links(label, w, pieces) for w in range(600, 1400, 3)}
    assert not any(cut.values()), {w: c for w, c in cut.items() if c}


def test_the_strip_reads_as_plain_text() -> None:
    pass
    label = DueLabel()
    label.show_items(_items(late=1, soon=0), TODAY)
    assert "已逾期 1 项" in label.shown_text() and "\u2060" not in label.shown_text()


def test_the_items_have_their_own_label_and_no_doubled_stop() -> None:
    """Next to 「7天内到期 1 项」 an overdue measure read as the one due soon; and a measure written
    with its full stop showed 「。（」."""
    late = DueItem("c1", "大佛街道〔2025〕22号", "组织志愿者送餐上门。", "社区", TODAY - timedelta(days=368))
    soon = DueItem("c2", "大佛街道〔2026〕25号", "汛前组织防洪演练", "社区", TODAY)
    label = DueLabel()
    label.show_items([late, soon], TODAY)
    text = label.shown_text()
    assert (
        "已逾期 1 项，7天内到期 1 项。逾期最久的：组织志愿者送餐上门（大佛街道〔2025〕22号，逾期368天）"
        in text
    )
    assert "。（" not in text


def test_with_nothing_overdue_the_items_are_the_first_due() -> None:
    soon = DueItem("c2", "大佛街道〔2026〕25号", "汛前组织防洪演练", "社区", TODAY + timedelta(days=2))
    label = DueLabel()
    label.show_items([soon], TODAY)
    expected = "7天内到期 1 项。最先到期的：汛前组织防洪演练（大佛街道〔2026〕25号，2天后到期）"
    assert expected in label.shown_text()
