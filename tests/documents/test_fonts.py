from __future__ import annotations

import io
from dataclasses import replace

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from station_app import paths
from station_app.documents import MissingGlyphsError, build_minutes, build_signin_sheet, missing_characters
from station_app.documents.font_files import face_bytes
from station_app.documents.fonts import FontRole, font_set, markup, runs
from station_app.errors import KnownError

from .pdfcheck import page_texts, squash
from .samples import minutes, signin


def _shipped_glyphs() -> set[int]:
    path = paths.resources_dir() / "fonts" / "wqy-microhei.ttc.xz"
    face = TTFont("probe-wqy", io.BytesIO(face_bytes(path)), subfontIndex=0).face
    return {cp for cp, gid in face.charToGlyph.items() if gid}


def _absent_everywhere() -> str:
    """A CJK ideograph that the shipped font lacks and no font of this machine draws."""
    shipped = _shipped_glyphs()
    for cp in range(0x20000, 0x2A6E0):
        char = chr(cp)
        if cp not in shipped and missing_characters(char) == {char}:
            return char
    pytest.skip("this machine has fonts for all of CJK Extension B")


def _fallback_only() -> str:
    """A CJK ideograph the body font lacks but some other available font has."""
    first = font_set().chain(FontRole.BODY)[0]
    for cp in [0x4DAE, *range(0x3400, 0x4DC0), *range(0x20000, 0x2A6E0)]:
        char = chr(cp)
        if not first.has(char) and not missing_characters(char):
            return char
    pytest.skip("no font on this machine covers more than the body font")


def test_common_text_is_fully_covered() -> None:
    assert missing_characters("协商议事会议纪要，“有事来协商”——（一）…ABC 123") == set()


def test_rare_character_renders_with_a_fallback_font() -> None:
    rare = _fallback_only()
    data = minutes(statements=1, extra_name=f"王{rare}")
    fonts_used = {name for name, _ in runs(f"王{rare}", FontRole.BODY)}
    assert len(fonts_used) == 2  # the rare one comes from another font
    text = squash("".join(page_texts(build_minutes(data))))
    assert f"王{rare}" in text


def test_character_in_no_font_is_refused_by_name() -> None:
    absent = _absent_everywhere()
    assert ord(absent) not in _shipped_glyphs()
    data = minutes(statements=1, extra_name=f"李{absent}")
    with pytest.raises(MissingGlyphsError) as caught:
        build_minutes(data)
    assert isinstance(caught.value, KnownError)
    assert caught.value.message == f"以下字符在本机所有字体中都没有，无法打印：{absent}"
    assert missing_characters(f"李{absent}明") == {absent}


def test_sign_in_sheet_refuses_missing_glyphs_too() -> None:
    absent = _absent_everywhere()
    data = signin(count=2)
    with pytest.raises(MissingGlyphsError, match=absent):
        build_signin_sheet(replace(data, place=f"{absent}家坝"))


def test_markup_escapes_and_breaks() -> None:
    out = markup("A<B>&C\n第二行", FontRole.BODY)
    assert "&lt;B&gt;&amp;C<br/>" in out
    assert out.startswith('<font name="')


def test_fonts_are_registered_once() -> None:
    assert font_set() is font_set()
    for role in FontRole:
        assert font_set().chain(role)
