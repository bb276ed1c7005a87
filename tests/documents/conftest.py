"""Machines for the document tests: one without Chinese system fonts (CI's) and a "Windows" one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from station_app import paths
from station_app.documents import fonts
from station_app.documents.font_files import face_bytes
from station_app.documents.font_sources import windows_candidates


@pytest.fixture
def no_system_fonts(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(fonts, "system_candidates", list)
    fonts.reset_font_set()
    yield
    monkeypatch.undo()
    fonts.reset_font_set()


def _shipped(name: str) -> bytes:
    return face_bytes(paths.resources_dir() / "fonts" / name)


@pytest.fixture
def windows_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A Windows font folder with 方正小标宋, 仿宋, 黑体, 楷体 and 宋体 (made of other faces' bytes)."""
    folder = tmp_path / "Fonts"
    folder.mkdir()
    for name, source in (
        ("FZXBSJW.TTF", "FandolSong-Bold.ttf.xz"),
        ("simfang.ttf", "FandolFang-Regular.ttf.xz"),
        ("simhei.ttf", "wqy-microhei.ttc.xz"),
        ("simkai.ttf", "FandolKai-Regular.ttf.xz"),
        ("simsun.ttc", "FandolSong-Numbers.ttf.xz"),
        ("notes.txt", None),
    ):
        (folder / name).write_bytes(_shipped(source) if source else b"not a font")
    monkeypatch.setattr(fonts, "system_candidates", lambda: windows_candidates([folder]))
    fonts.reset_font_set()
    yield folder
    monkeypatch.undo()
    fonts.reset_font_set()
