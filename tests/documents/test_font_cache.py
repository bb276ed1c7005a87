"""Fonts are parsed only when drawn with, what they cover is remembered, and copies are dropped."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from station_app import paths
from station_app.documents import fonts
from station_app.documents.font_files import CoverageCache, FontFile, distinct_faces
from station_app.documents.fonts import FontRole, FontSet

SHIPPED = paths.resources_dir() / "fonts" / fonts.SHIPPED_FONT


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


def test_a_changed_or_damaged_cache_is_not_trusted(tmp_path: Path) -> None:
    copy = tmp_path / "copy.ttc"
    shutil.copyfile(SHIPPED, copy)
    face = FontFile(copy, 0, "wenquanyi micro hei")
    CoverageCache().put(face, frozenset({0x4E00, 0x4E01, 0x4E03}))
    assert CoverageCache().get(face) == frozenset({0x4E00, 0x4E01, 0x4E03})
    stat = copy.stat()
    os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert CoverageCache().get(face) is None  # the file changed: read it again
    (paths.cache_dir() / "font-coverage.json").write_text("{not json", "utf-8")
    assert CoverageCache().get(face) is None
    CoverageCache().put(face, frozenset({0x41}))  # and the cache is written afresh
    assert CoverageCache().get(face) == frozenset({0x41})


def test_a_damaged_shipped_font_is_refused_when_used(tmp_path: Path) -> None:
    broken = tmp_path / fonts.SHIPPED_FONT
    broken.write_bytes(b"not a font at all" * 100)
    shipped = [FontFile(broken, 0, "wenquanyi micro hei"), FontFile(broken, 1, "wenquanyi micro hei mono")]
    damaged = FontSet([], shipped)
    with pytest.raises(fonts.KnownError, match="程序自带的中文字体缺失或已损坏"):
        damaged.primary(FontRole.BODY)
    with pytest.raises(fonts.KnownError, match="程序自带的中文字体缺失或已损坏"):
        FontSet([], [FontFile(tmp_path / "gone.ttc", 0, "wenquanyi micro hei")])
