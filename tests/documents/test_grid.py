"""The body sits on the GB/T 9704 grid: 28 characters × 22 lines, justified, measured from the PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from station_app.documents import build_minutes
from station_app.documents.line_breaking import CANNOT_END, CANNOT_START

from .pdfcheck import MM, page_chars
from .samples import STATEMENT_TEXT, minutes

LEFT = 28 * MM
RIGHT = (28 + 156) * MM
TOP = 37 * MM
# A paragraph without punctuation or digits: every full line holds exactly 28 characters.
PLAIN = "联络站组织政协委员群众代表开展实地调研走访住户收集意见建议" * 30


def _body_lines(pdf: bytes) -> list[list[list[dict[str, Any]]]]:
    """Per page, the lines of 16 pt text (characters grouped by baseline), top to bottom."""
    pages = []
    for _w, _h, chars in page_chars(pdf):
        rows: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for c in chars:
            if c["text"].strip() and abs(c["size"] - 16) < 0.5:
                rows[round(c["bottom"])].append(c)
        pages.append([sorted(row, key=lambda c: c["x0"]) for _, row in sorted(rows.items())])
    return pages


def _text(line: list[dict[str, Any]]) -> str:
    return "".join(c["text"] for c in line)


def _long_minutes(text: str = PLAIN) -> bytes:
    return build_minutes(replace(minutes(statements=0), background=text))


def test_full_lines_hold_28_characters_and_full_pages_22_lines() -> None:
    pages = _body_lines(_long_minutes())
    full_page = pages[1]  # page 2 holds only the long paragraph
    assert len(full_page) == 22
    texts = [_text(line) for line in full_page]
    assert all(len(t) == 28 for t in texts), [len(t) for t in texts]
    first = next(line for line in pages[0] if _text(line).startswith("联络站组织"))
    assert len(_text(first)) == 26  # indented two characters
    assert first[0]["x0"] == pytest.approx(LEFT + 2 * 156 * MM / 28, abs=0.05)


def test_margins_are_those_of_the_standard() -> None:
    pdf = _long_minutes()
    _w, _h, chars = page_chars(pdf)[1]
    body = [c for c in chars if abs(c["size"] - 16) < 0.5]
    assert min(c["x0"] for c in body) == pytest.approx(LEFT, abs=0.05)
    # The first line's characters stand on the first line of the type area (37 mm from the top).
    assert min(c["top"] for c in body) == pytest.approx(TOP, abs=2.5)
    assert max(c["x1"] for c in body) <= RIGHT + 0.05


def _poppler_lines(pdf: bytes, tmp_path: Path) -> list[tuple[float, float, str]]:
    """(xMin, xMax, text) of each line as poppler lays it out (it applies character spacing
    after every glyph, as printers do; pdfminer omits it after the last glyph of each run)."""
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.fail("pdftotext (poppler-utils) is needed to measure line ends")
    source = tmp_path / "m.pdf"
    source.write_bytes(pdf)
    html = subprocess.run([exe, "-bbox-layout", str(source), "-"], capture_output=True, text=True).stdout
    lines = []
    for m in re.finditer(
        r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</line>', html, re.S
    ):
        words = "".join(re.findall(r">([^<]*)</word>", m.group(3)))
        lines.append((float(m.group(1)), float(m.group(2)), words))
    return lines


def test_lines_are_justified_with_punctuation_kept_by_the_rules(tmp_path: Path) -> None:
    text = (STATEMENT_TEXT * 6).replace("\n", "")
    pdf = _long_minutes(text)
    pages = _body_lines(pdf)
    paragraph = [_text(line) for page in pages for line in page]
    start = next(i for i, t in enumerate(paragraph) if t.startswith("我们小区"))
    end = next(i for i, t in enumerate(paragraph) if t.startswith("二、协商情况"))
    body = paragraph[start:end]
    for line in body:
        assert line[0] not in CANNOT_START, line
        assert line[-1] not in CANNOT_END, line
    ends = {t: x_max for _x, x_max, t in _poppler_lines(pdf, tmp_path)}
    justified = body[:-1]  # the paragraph's last line stays as short as it is
    assert len(justified) > 10 and any(len(t) != 28 for t in justified)
    for line in justified:
        assert ends[line] == pytest.approx(RIGHT, abs=0.6), line
