"""Fonts are read once per machine, not once per process, and never twice for one file."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from station_app import paths
from station_app.documents import font_faces, fonts
from station_app.documents.font_files import CoverageCache, FontFile, distinct_faces
from station_app.documents.fonts import FontRole, FontSet

SHIPPED = paths.resources_dir() / "fonts" / fonts.SHIPPED_FONT


def _comparable(font: TTFont) -> dict[str, object]:
    face = {k: v for k, v in vars(font.face).items() if k != "_pdfScale"}
    own = {k: v for k, v in vars(font).items() if k not in ("face", "state", "encoding")}
    return {"face": face, "font": own, "encoding": type(font.encoding)}


def test_a_stored_face_is_the_parsed_face() -> None:
    parsed = TTFont("probe-parsed", str(SHIPPED), subfontIndex=0)
    first = font_faces.load_face("probe-parsed", SHIPPED, 0)  # parses and stores
    assert list((paths.cache_dir() / "fonts").glob("*.face"))
    stored = font_faces.load_face("probe-parsed", SHIPPED, 0)  # from the cache
    assert isinstance(stored.face, font_faces._StoredFace)
    assert _comparable(first) == _comparable(parsed) == _comparable(stored)
    assert stored.stringWidth("协商议事ABC", 16) == parsed.stringWidth("协商议事ABC", 16)
    assert stored.face.makeSubset(list(range(1, 40))) == parsed.face.makeSubset(list(range(1, 40)))


def test_a_changed_font_file_is_parsed_again(tmp_path: Path) -> None:
    copy = tmp_path / "copy.ttc"
    shutil.copyfile(SHIPPED, copy)
    font_faces.load_face("probe-copy", copy, 0)
    stat = copy.stat()
    os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    again = font_faces.load_face("probe-copy", copy, 0)
    assert not isinstance(again.face, font_faces._StoredFace)


def test_a_damaged_cache_entry_is_ignored() -> None:
    font_faces.load_face("probe-damaged", SHIPPED, 0)
    for stored in (paths.cache_dir() / "fonts").glob("*.face"):
        stored.write_bytes(b"\x00garbage")
    font = font_faces.load_face("probe-damaged", SHIPPED, 0)
    assert font.face.charToGlyph


def test_copies_of_a_font_file_are_dropped_before_parsing(tmp_path: Path) -> None:
    copy = tmp_path / "system-copy.ttc"
    shutil.copyfile(SHIPPED, copy)
    other = tmp_path / "other.ttf"
    other.write_bytes(b"x" * 100)
    candidates = [
        FontFile(SHIPPED, 0, "wenquanyi micro hei"),
        FontFile(SHIPPED, 1, "wenquanyi micro hei mono"),
        FontFile(copy, 0, "wenquanyi micro hei"),
        FontFile(copy, 1, "wenquanyi micro hei mono"),
        FontFile(other, 0, "other"),
        FontFile(SHIPPED, 0, "wenquanyi micro hei"),
    ]
    assert distinct_faces(candidates) == [candidates[0], candidates[1], candidates[4]]
    cache = CoverageCache()
    assert distinct_faces(candidates, cache.digest) == [candidates[0], candidates[1], candidates[4]]
    assert cache.digest(copy) == cache.digest(SHIPPED)


def test_only_the_faces_drawn_with_are_parsed() -> None:
    fresh = FontSet(fonts.system_candidates(), fonts.shipped_candidates())
    assert fresh.draw_font("协", FontRole.BODY) == fresh.primary(FontRole.BODY)
    parsed = [f for f in [*fresh._loaded, *fresh._shipped] if f._ttf is not None]
    assert [f.name for f in parsed] == [fresh.primary(FontRole.BODY)]


def test_coverage_comes_from_the_cache_in_a_new_font_set() -> None:
    first = FontSet(fonts.system_candidates(), fonts.shipped_candidates())
    expected = {f.name: f.glyphs for f in first.chain(FontRole.BODY)}
    second = FontSet(fonts.system_candidates(), fonts.shipped_candidates())
    assert {f.name: f.glyphs for f in second._chains[FontRole.BODY]} == expected
    assert all(f._ttf is None for f in second._chains[FontRole.BODY])  # nothing parsed for it


@pytest.mark.parametrize("role", list(FontRole))
def test_chains_keep_their_order(role: FontRole) -> None:
    chain = fonts.font_set().chain(role)
    assert chain and chain[0].name == fonts.font_set().primary(role)
