"""The GB/T 9704 geometry, measured from the PDFs, on a machine without Chinese system fonts (CI's)
and on a "Windows" machine whose font folder provides the system faces."""

from __future__ import annotations

import pytest

from station_app.documents import build_minutes, build_result_report

from .samples import minutes
from .test_grid import LEFT, RIGHT, TOP, _body_lines, _long_minutes, _text
from .test_pagination import _lines, _pages, _report

MACHINES = ["no_system_fonts", "windows_fonts"]


@pytest.fixture(params=MACHINES)
def machine(request: pytest.FixtureRequest) -> str:
    request.getfixturevalue(request.param)
    return str(request.param)


def test_28_characters_a_line_22_lines_a_page_within_the_margins(machine: str) -> None:
    pages = _body_lines(_long_minutes())
    full_page = pages[1]
    assert len(full_page) == 22
    assert [len(_text(line)) for line in full_page] == [28] * 22
    chars = [c for line in full_page for c in line]
    assert min(c["x0"] for c in chars) == pytest.approx(LEFT, abs=0.05)
    assert max(c["x1"] for c in chars) <= RIGHT + 0.05
    assert min(c["top"] for c in chars) == pytest.approx(TOP, abs=2.5)


@pytest.mark.parametrize("statements", [0, 3, 6, 9, 12])
def test_no_page_holds_only_the_sign_off(machine: str, statements: int) -> None:
    for lines in (_lines(chars) for chars in _pages(build_minutes(minutes(statements=statements)))):
        if any(line.startswith("主持人（签字）") for line in lines):
            assert any(line.startswith("列席：") for line in lines)  # with the lists, never alone
            assert lines.index(next(x for x in lines if x.startswith("主持人（签字）"))) > 0


def test_the_result_report_keeps_to_one_sheet_with_its_seal(machine: str) -> None:
    pages = [_lines(chars) for chars in _pages(build_result_report(_report()))]
    assert len(pages) == 1 and pages[0][-2].endswith("（盖章）")
