"""The command line's help lines up by what a terminal shows: a Chinese character takes two columns."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_app.cli.argparse_zh import ChineseHelpFormatter
from station_app.cli.columns import display_width
from station_app.cli.main import main


@pytest.mark.parametrize(
    "command", [[], ["hub", "common-issues"], ["setup"], ["export"], ["hub", "report"], ["minutes"]]
)
def test_help_columns_line_up_and_fit_80_columns(
    command: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit):
        main([*command, "--help"])
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert "选项：" in lines and "选项:" not in lines  # headings end with a Chinese colon
    options = lines[next(i for i, line in enumerate(lines) if line.startswith("选项")) + 1 :]
    starts = set()
    for line in options:
        found = re.match(r"(  -\S.*?)( {2,})(\S.*)", line)
        if found:  # an option with its help on the same line: where the help starts, in columns
            starts.add(display_width(found.group(1) + found.group(2)))
    assert len(starts) == 1, options
    assert all(display_width(line) <= 80 for line in lines), out
    # The usage's continuation lines start under its first option, counted in columns.
    usage = lines[: lines.index("")]
    first = usage[0].index(" [") if " [" in usage[0] else usage[0].index(" ")
    for line in usage[1:]:
        assert display_width(line) - display_width(line.lstrip()) == display_width(usage[0][: first + 1]), out


HAN = "数据目录默认为本机用户乡镇街道协商议题"
WORDS = st.one_of(
    st.text(alphabet=HAN, min_size=1, max_size=8), st.sampled_from(["--data-dir", "2026-01-01", "PDF"])
)
MARKS = st.sampled_from(
    ["", "", "，", "。", "、", "）", " "]
)  # as help texts are written: no space before a mark


@given(st.lists(st.tuples(WORDS, MARKS), min_size=1, max_size=24), st.integers(10, 60))
def test_wrapped_lines_fit_their_width(pieces: list[tuple[str, str]], width: int) -> None:
    text = "".join(word + mark for word, mark in pieces)
    formatter = ChineseHelpFormatter("station-app")
    lines = formatter._split_lines(text, width)
    assert "".join(lines).replace(" ", "") == "".join(text.split())
    for (
        line
    ) in lines:  # a closing mark stays on its line (two columns over at most); a long word is never cut
        assert display_width(line) <= width + 2 or " " not in line.strip(), (line, width)
    assert all(line[0] not in "）。，、" for line in lines[1:] if line)
