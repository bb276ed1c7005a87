"""Subsets cut by ``subset_maker`` are byte for byte the ones reportlab's ``makeSubset`` cuts."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfbase.ttfonts import TTFontFace

from station_app.documents import font_subsets
from station_app.documents.fonts import FontRole, font_set
from station_app.documents.subset_maker import make_subset

ROLES = [FontRole.BODY, FontRole.HEADING1, FontRole.HEADING2, FontRole.TITLE, FontRole.PAGE_NUMBER]
ROLES.append(FontRole.MONO)


def _face(role: FontRole) -> Any:
    return getFont(font_set().primary(role)).face


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(role=st.sampled_from(ROLES), data=st.data())
def test_the_same_bytes_as_reportlab(role: FontRole, data: st.DataObject) -> None:
    face = _face(role)
    known = sorted(face.charToGlyph)
    # Subsets as reportlab's state makes them: code 0 first, up to 256 codes, some the face lacks.
    codes = data.draw(
        st.lists(st.one_of(st.sampled_from(known), st.integers(1, 0x10FFFF)), max_size=255, unique=True)
    )
    subset = [0, *codes]
    assert make_subset(face, subset) == TTFontFace.makeSubset(face, subset)


def test_composite_glyphs_are_renumbered_alike() -> None:
    """The heading face (WenQuanYi) builds most of its glyphs from components."""
    face = _face(FontRole.HEADING1)
    start = face.get_table_pos("glyf")[0]
    data = face._ttf_data
    at = face.glyphPos

    def contours(glyph: int) -> int:  # negative for a composite glyph
        return int.from_bytes(data[start + at[glyph] : start + at[glyph] + 2], "big", signed=True)

    drawn = sorted((code, glyph) for code, glyph in face.charToGlyph.items() if at[glyph + 1] > at[glyph])
    composite = [code for code, glyph in drawn if contours(glyph) < 0]
    assert len(composite) > 1000
    subset = [0, *composite[::97][:255]]
    assert make_subset(face, subset) == TTFontFace.makeSubset(face, subset)


def test_a_face_with_its_own_cut_keeps_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """A face whose class cuts subsets otherwise (or holds its bytes in another form) is left to it."""
    face = _face(FontRole.BODY)

    class Other(type(face)):  # type: ignore[misc]
        def makeSubset(self, subset: list[int]) -> bytes:
            return b"its own"

    other = Other.__new__(Other)
    other.__dict__.update(face.__dict__)
    font_subsets._made.clear()
    assert font_subsets.subset_bytes(other, [0, 0x4E00])[0] == b"its own"
    assert font_subsets.subset_bytes(face, [0, 0x4E00])[0] == TTFontFace.makeSubset(face, [0, 0x4E00])
