"""``layout.para`` builds plain paragraphs' fragments itself; they must be what reportlab's parser makes."""

from __future__ import annotations

from typing import Any

import pytest
from reportlab.platypus import Paragraph

from station_app.documents import fonts, layout
from station_app.documents.fonts import FontRole

from .test_fonts import _fallback_only

TEXTS = [
    "协商议事会议纪要",
    "关于“嘉州社区停车难”的建议（第2次）——A&B <c> 'd' \"e\"",
    "  前后有空格  ",
    "中\t间 有  多个   空格",
    "ABC 123 abc-def/ghi,jkl.mno;pqr:stu!vwx?yz",
    "，。、；：？！……—",
    "电话：13800138000",
    "x",
]


def _merged(frags: list[Any]) -> list[tuple[str, str]]:
    """(font, text) with neighbouring fragments of one font joined (where the parser splits runs)."""
    out: list[tuple[str, str]] = []
    for f in frags:
        if out and out[-1][0] == f.fontName:
            out[-1] = (f.fontName, out[-1][1] + f.text)
        else:
            out.append((f.fontName, f.text))
    return out


def _attributes(frags: list[Any]) -> set[tuple[tuple[str, Any], ...]]:
    return {
        tuple(sorted((k, repr(v)) for k, v in vars(f).items() if k not in ("text", "__tag__", "fontName")))
        for f in frags
    }


def _lines(paragraph: Paragraph, width: float) -> list[tuple[float, list[tuple[str, str]]]]:
    paragraph.wrap(width, 10_000)
    return [(round(line.extraSpace, 3), _merged(line.words)) for line in paragraph.blPara.lines]


@pytest.mark.parametrize("text", [*TEXTS, "王{rare}明，来自{rare}家坝。" * 6])
@pytest.mark.parametrize("name", ["body", "cell", "h1", "title"])
def test_fragments_match_the_parser(text: str, name: str) -> None:
    if "{rare}" in text:
        text = text.format(rare=_fallback_only())
    style = getattr(layout.styles(), name)
    ours = layout.para(text, style, prefix="（一）", prefix_role=FontRole.HEADING1)
    parsed = Paragraph(ours.text, style.style)
    assert _merged(ours.frags) == _merged(parsed.frags)
    assert _attributes(ours.frags) == _attributes(parsed.frags)
    assert _lines(ours, 120) == _lines(parsed, 120)


def test_text_with_line_breaks_still_goes_through_the_parser() -> None:
    paragraph = layout.para("第一行\n第二行", layout.styles().body)
    assert "<br/>" in paragraph.text
    assert any(hasattr(f, "lineBreak") for f in paragraph.frags)


def test_untagged_runs_use_the_style_font() -> None:
    style = layout.styles().body
    assert fonts.markup("协商", FontRole.BODY, untagged=style.style.fontName) == "协商"
    assert fonts.markup("协商", FontRole.BODY).startswith('<font name="')


def test_character_widths_are_reportlabs() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from station_app.documents.line_breaking import char_widths

    text = "协商议事 ABC，123“（）”" + _fallback_only()
    for role in (FontRole.BODY, FontRole.HEADING1):
        name = fonts.font_set().primary(role)
        for size in (12.0, 16.0, 22.0):
            assert char_widths(text, name, size) == [stringWidth(c, name, size) for c in text]
    assert char_widths("Ab", "Helvetica", 10) == [stringWidth(c, "Helvetica", 10) for c in "Ab"]
