"""The window's face is decompressed once into the cache folder; a cut, stale or unwritable copy is
never used."""

from __future__ import annotations

import lzma
import os
from pathlib import Path

import pytest

from station_app import paths, shipped_fonts

CONTENT = bytes(range(256)) * 4000  # stands in for a face (the real one is 5 MB)


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "face.ttc.xz"
    path.write_bytes(lzma.compress(CONTENT))
    return path


def _copies() -> list[Path]:
    return sorted((paths.cache_dir() / shipped_fonts.FOLDER).iterdir())


def test_the_copy_is_made_once(source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = shipped_fonts.decompressed_copy(source)
    assert copy is not None and copy.read_bytes() == CONTENT

    def refuse(data: bytes) -> bytes:
        raise AssertionError("decompressed again")

    monkeypatch.setattr(lzma, "decompress", refuse)
    assert shipped_fonts.decompressed_copy(source) == copy
    assert _copies() == [copy]


def test_a_cut_or_stale_copy_is_replaced(source: Path) -> None:
    copy = shipped_fonts.decompressed_copy(source)
    assert copy is not None
    copy.write_bytes(CONTENT[:1000])  # cut short (a damaged disk)
    again = shipped_fonts.decompressed_copy(source)
    assert again == copy and again.read_bytes() == CONTENT
    stat = source.stat()
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # a new version installed
    newer = shipped_fonts.decompressed_copy(source)
    assert newer is not None and newer != copy and newer.read_bytes() == CONTENT
    assert _copies() == [newer]  # the old copy is gone


def test_no_copy_without_a_writable_cache(source: Path, tmp_path: Path) -> None:
    cache = paths.cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    (cache / shipped_fonts.FOLDER).write_text("a file where the folder should be", "utf-8")
    assert shipped_fonts.decompressed_copy(source) is None
    assert shipped_fonts.decompressed_copy(tmp_path / "missing.ttc.xz") is None
    broken = tmp_path / "broken.ttc.xz"
    broken.write_bytes(b"not xz")
    assert shipped_fonts.decompressed_copy(broken) is None
