"""签到表: blank rows for walk-ins fill the last page, never a page of their own (read from the PDF)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

import pytest

from station_app.documents import build_signin_sheet
from station_app.documents.data import Participant, SignInData

from .pdfcheck import MM, page_chars

LEFT = 28 * MM
BOTTOM = (297 - 37 - 225) * MM  # the type area's lower edge, from the page's foot
ROW = 15 * MM


def _sheet(people: int) -> SignInData:
    return SignInData(
        station_name="乐山市市中区大佛街道政协工作联络站",
        title="关于推进海棠社区电动自行车充电安全的议题",
        held_at=datetime(2026, 3, 28, 15, 0),
        place="海棠社区议事室",
        form="议事室协商",
        participants=tuple(Participant(f"参会人{n}", "群众代表", "海棠社区") for n in range(1, people + 1)),
    )


def _rows(people: int) -> list[list[tuple[int, bool, float]]]:
    """Per page, the numbered rows: (number, whether a name is printed in it, row baseline from the foot)."""
    pages = []
    for _w, height, chars in page_chars(build_signin_sheet(_sheet(people))):
        lines: dict[int, list[dict[str, object]]] = defaultdict(list)
        for c in chars:
            if c["size"] == pytest.approx(12, abs=0.5):
                lines[round(float(c["bottom"]))].append(c)  # type: ignore[arg-type]
        rows = []
        for bottom, row in sorted(lines.items()):
            number = "".join(str(c["text"]) for c in row if float(c["x1"]) < LEFT + 12 * MM)  # type: ignore[arg-type]
            if number.isdigit():
                named = any(str(c["text"]) == "参" for c in row)
                rows.append((int(number), named, height - bottom))
        pages.append(rows)
    return pages


@pytest.mark.parametrize("people", [0, 1, 6, 7, 8, 9, 10, 11, 20, 22, 23, 24, 33, 40])
def test_blank_rows_fill_the_last_page_and_never_stand_alone(people: int) -> None:
    pages = _rows(people)
    numbers = [n for page in pages for n, _named, _y in page]
    assert numbers == list(range(1, len(numbers) + 1))  # every row numbered, in order
    assert [n for page in pages for n, named, _y in page if named] == list(range(1, people + 1))
    for page in pages[1:] if people else pages:
        if people:
            assert any(named for _n, named, _y in page), "a page of blank rows only"
    blank = len(numbers) - people
    assert blank >= SignInData.spare_rows  # always room for walk-ins
    last_row_foot = pages[-1][-1][2]
    # The blank rows run down to the foot of the last page: no room for another row (the number
    # stands in the middle of its row).
    assert last_row_foot - ROW / 2 - BOTTOM < ROW


def test_attendees_that_fill_the_first_page_exactly_take_the_last_one_along() -> None:
    full = max(n for n, _named, _y in _rows(0)[0])  # the rows the first page holds
    pages = _rows(full)
    assert len(pages) == 2
    assert [named for _n, named, _y in pages[1]][:2] == [True, False]  # the last attendee, then blanks
    assert all(named for _n, named, _y in pages[0])
