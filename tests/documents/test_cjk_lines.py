"""The line breaker working on plain lists gives the very lines the one built on reportlab's per-
character objects gave (``reference_line_breaking``): same breaks, same words, same numbers."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.paraparser import ParaParser

from station_app.documents import layout
from station_app.documents.fonts import FontRole, font_set
from station_app.documents.line_breaking import cjk_frag_split

from . import reference_line_breaking

# Characters of every kind the breaker treats apart: Chinese, closing and opening punctuation,
# Latin letters and digits, spaces, dates' parts, brackets kept whole, organisation units.
PIECES = [
    "协商",
    "议事",
    "会议纪要",
    "，",
    "。",
    "、",
    "；",
    "：",
    "？",
    "！",
    "）",
    "（",
    "「",
    "」",
    "“",
    "”",
    "《",
    "》",
    "…",
    "—",
    "A",
    "bc",
    "Road ",
    "123",
    "4.5",
    " ",
    "2026年12月22日",
    "12月3日",
    "2026-01-02",
    "村（社区）",
    "经济发展办公室",
    "大佛街道",
    "居民委员会",
    "责任单位",
    "%",
    "&",
]
texts = st.lists(st.sampled_from(PIECES), min_size=1, max_size=60).map("".join)


def _markup(chunks: list[tuple[str, int]], names: list[str], breaks: list[bool], anchors: list[bool]) -> str:
    parts = []
    for i, (text, face) in enumerate(chunks):
        body = text.replace("&", "&amp;")
        parts.append(f'<font name="{names[face % len(names)]}">{body}</font>')
        if breaks[i % len(breaks)]:
            parts.append("<br/>")
        if anchors[i % len(anchors)]:
            parts.append(f'<a name="n{i}"/>')
    return "".join(parts)


def _outcome(split: Any, *args: Any, **kwargs: Any) -> Any:
    """The lines, or the error where a paragraph cannot be broken (an anchor where a line must
    be cut: neither breaker handles one; the documents make none)."""
    try:
        return _shape(split(*args, **kwargs))
    except TypeError as exc:
        return type(exc), str(exc)


def _shape(paralines: Any) -> list[dict[str, Any]]:
    """Everything a line carries, its words as their attributes."""
    out = []
    for line in paralines.lines:
        values = {k: v for k, v in vars(line).items() if k != "words"}
        values["words"] = [sorted((k, repr(v)) for k, v in vars(w).items()) for w in line.words]
        out.append(values)
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    chunks=st.lists(st.tuples(texts, st.integers(0, 3)), min_size=1, max_size=4),
    breaks=st.lists(st.booleans(), min_size=1, max_size=3),
    anchors=st.lists(st.booleans(), min_size=1, max_size=3),
    widths=st.lists(st.floats(8, 460), min_size=1, max_size=3),
    size=st.sampled_from([9.0, 12.0, 16.0]),
    justified=st.booleans(),
    bounds=st.booleans(),
    keep=st.lists(st.tuples(st.integers(0, 40), st.integers(1, 6)), max_size=3),
)
def test_the_same_lines_as_the_reference(
    chunks: list[tuple[str, int]],
    breaks: list[bool],
    anchors: list[bool],
    widths: list[float],
    size: float,
    justified: bool,
    bounds: bool,
    keep: list[tuple[int, int]],
) -> None:
    fonts = font_set()
    roles = (FontRole.BODY, FontRole.HEADING1, FontRole.HEADING2, FontRole.TITLE)
    names = [fonts.primary(role) for role in roles]
    style = ParagraphStyle(
        "t", fontName=names[0], fontSize=size, leading=size * 1.5, wordWrap="CJK",
        alignment=TA_JUSTIFY if justified else TA_LEFT,
    )  # fmt: skip
    frags = ParaParser().parse(_markup(chunks, names, breaks, anchors), style)[1]
    spans = [(a, a + n) for a, n in keep]
    ours = _outcome(cjk_frag_split, frags, widths, bounds, keep=spans, justified=justified)
    reference = _outcome(
        reference_line_breaking.cjk_frag_split, frags, widths, bounds, keep=spans, justified=justified
    )
    assert ours == reference


def test_the_document_paragraphs_break_alike() -> None:
    """The paragraphs the documents make (prefix in another face, kept names, hanging indents)."""
    s = layout.styles()
    text = "政协委员：彭磊、吕永刚；群众代表：唐静（乐山师院）、王芳；村（社区）干部：李明。" * 3
    for style in (s.body, s.hanging, s.cell, s.cell_center, s.title, s.right):
        made = layout.para(text, style, prefix="出席：", prefix_role=FontRole.HEADING1, keep=[(0, 7)])
        for width in (60.0, 150.0, 442.0):
            justified = style.style.alignment == TA_JUSTIFY
            spans = made.keep_spans
            ours = cjk_frag_split(made.frags, [width], False, keep=spans, justified=justified)
            reference = reference_line_breaking.cjk_frag_split(
                made.frags, [width], False, keep=spans, justified=justified
            )
            assert _shape(ours) == _shape(reference)
            assert len(ours.lines) > 1 or width == 442.0
