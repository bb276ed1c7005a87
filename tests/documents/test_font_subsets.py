"""Embedded font subsets are made once per process and reused by later documents."""

from __future__ import annotations

import shutil
import subprocess
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
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


def _fresh_caches() -> None:
    font_subsets._made.clear()
    font_subsets._outlines.clear()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    role=st.sampled_from([FontRole.BODY, FontRole.HEADING1, FontRole.TITLE]),
    picks=st.lists(st.lists(st.integers(0, 4000), min_size=1, max_size=120), min_size=1, max_size=4),
)
def test_subsets_made_one_after_another_each_unpack_to_their_own_file(
    role: FontRole, picks: list[list[int]]
) -> None:
    """Each outline is compressed once and copied into later subsets; whatever earlier subsets
    left behind, a subset's stream is its own file (the heading face's glyphs are mostly composite,
    which are renumbered per subset and never copied)."""
    _fresh_caches()
    face = pdfmetrics.getFont(font_set().primary(role)).face
    known = sorted(code for code in face.charToGlyph if code >= 0x4E00)
    for pick in picks:
        codes = [0, *dict.fromkeys(known[i % len(known)] for i in pick)]
        raw, packed = font_subsets.subset_bytes(face, codes)
        assert raw == TTFontFace.makeSubset(face, codes)
        assert zlib.decompress(packed) == raw


def test_a_later_subset_copies_the_outlines_an_earlier_one_compressed() -> None:
    _fresh_caches()
    face = pdfmetrics.getFont(font_set().primary(FontRole.BODY)).face
    font_subsets.subset_bytes(face, [0, *map(ord, "协商议事")])
    kept = dict(font_subsets._outlines[id(face)][1])
    assert len(kept) >= 4
    raw, packed = font_subsets.subset_bytes(face, [0, *map(ord, "议事会议纪要")])
    for char in "议事":
        assert kept[face.charToGlyph[ord(char)]] in packed
    assert zlib.decompress(packed) == raw


def test_the_kept_outlines_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    _fresh_caches()
    monkeypatch.setattr(font_subsets, "GLYPHS_KEPT", 10)
    face = pdfmetrics.getFont(font_set().primary(FontRole.BODY)).face
    text = "政协工作联络站有事来协商议事会议纪要乐山市中区"
    for start in range(0, len(text), 4):
        raw, packed = font_subsets.subset_bytes(face, [0, *map(ord, text[start : start + 4])])
        assert zlib.decompress(packed) == raw
        assert len(font_subsets._outlines[id(face)][1]) <= 10 + 5


def test_poppler_reads_every_face_of_minutes_made_after_other_minutes(tmp_path: Path) -> None:
    """The outlines copied between documents make streams a PDF reader other than ours accepts."""
    exe, fonts = shutil.which("pdftotext"), shutil.which("pdffonts")
    if exe is None or fonts is None:
        pytest.fail("pdftotext and pdffonts (poppler-utils) are needed")
    _fresh_caches()
    build_minutes(minutes(statements=3))
    source = tmp_path / "m.pdf"
    source.write_bytes(build_minutes(minutes(statements=4, extra_name="鑫")))
    listed = subprocess.run([fonts, str(source)], capture_output=True, text=True, check=True)
    assert listed.stderr == ""
    rows = listed.stdout.splitlines()[2:]
    assert rows and all(" yes yes " in row for row in rows), listed.stdout
    text = subprocess.run([exe, str(source), "-"], capture_output=True, text=True, check=True)
    assert text.stderr == ""
    assert "鑫" in squash(text.stdout) and "会议纪要" in squash(text.stdout)
