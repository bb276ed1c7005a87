"""Embedded font subsets are made once per process and reused by later documents."""

from __future__ import annotations

import zlib

import pytest
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFontFace

from station_app.documents import build_minutes, font_subsets
from station_app.documents.fonts import FontRole, font_set

from .pdfcheck import embedded_font_files, page_texts, squash
from .samples import minutes


def test_reportlab_takes_subsets_from_the_cache() -> None:
    assert TTFontFace.addSubsetObjects is font_subsets._add_subset_objects


def test_a_subset_is_made_once_and_matches_reportlab() -> None:
    face = pdfmetrics.getFont(font_set().primary(FontRole.BODY)).face
    codes = [ord(c) for c in "协商议事会议纪要"]
    raw, packed = font_subsets.subset_bytes(face, codes)
    assert raw == face.makeSubset(codes)
    assert zlib.decompress(packed) == raw
    again = font_subsets.subset_bytes(face, list(codes))
    assert again[0] is raw and again[1] is packed
    other = font_subsets.subset_bytes(face, codes[::-1])
    assert other[0] is not raw


def test_the_cache_is_bounded() -> None:
    face = pdfmetrics.getFont(font_set().primary(FontRole.BODY)).face
    for i in range(font_subsets.KEPT + 5):
        font_subsets.subset_bytes(face, [0x4E00 + i])
    assert len(font_subsets._made) <= font_subsets.KEPT


def test_packed_filter_compresses_other_content() -> None:
    packed = font_subsets._Packed(b"abc", b"not used")
    assert zlib.decompress(packed.encode(b"xyz")) == b"xyz"
    assert packed.decode(zlib.compress(b"q")) == b"q"


def test_a_reprint_is_the_same_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rl_config, "invariant", 1)
    data = minutes(statements=3)
    first, second = build_minutes(data), build_minutes(data)
    assert first == second
    assert all(embedded_font_files(second).values())


def test_a_document_with_other_characters_gets_its_own_subset() -> None:
    build_minutes(minutes(statements=2))
    pdf = build_minutes(minutes(statements=2, extra_name="鑫"))
    assert "鑫" in squash("".join(page_texts(pdf)))
    assert all(embedded_font_files(pdf).values())
