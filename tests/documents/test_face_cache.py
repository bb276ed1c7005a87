"""Parsed faces come back from the cache folder exactly as reportlab parses them, and a damaged,
stale or unwritable cache costs a parse, never a wrong or failed print."""

from __future__ import annotations

import io
import lzma
import os
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from station_app import paths
from station_app.documents import build_minutes, face_cache, font_sources, fonts
from station_app.documents.font_files import FontFile

from .pdfcheck import embedded_font_files, page_texts, squash
from .samples import minutes

SHIPPED = {(f.path.name, f.index): f for f in font_sources.shipped_candidates()}
# A TrueType collection whose metrics mix ints and floats, the body face, a tiny face.
FACES = [("wqy-microhei.ttc.xz", 0), ("FandolFang-Regular.ttf.xz", 0), ("FandolSong-Numbers.ttf.xz", 0)]


def _state(face: TTFontFace) -> dict[str, Any]:
    """Every attribute, with sequences as lists, so a cached face compares with a parsed one."""
    state = {k: v for k, v in vars(face).items() if k not in ("_pdfScale", "_pending")}
    for name in ("hmetrics", "glyphPos"):
        state[name] = list(getattr(face, name))
    state["glyphToChar"] = face.glyphToChar
    return state


def _types(value: Any) -> Any:
    if isinstance(value, dict):
        return [(type(k), _types(v)) for k, v in value.items()]
    if isinstance(value, (list, tuple)):
        return [_types(v) for v in value]
    return type(value)


def _cache_files() -> list[Path]:
    return sorted((paths.cache_dir() / face_cache.FACES_DIR).glob("*.face"))


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(file: FontFile) -> TTFontFace:
        raise AssertionError(f"parsed {file.path.name}")

    monkeypatch.setattr(face_cache, "parse_face", refuse)


@pytest.mark.parametrize(("name", "index"), FACES)
def test_a_cached_face_is_the_parsed_face(name: str, index: int, monkeypatch: pytest.MonkeyPatch) -> None:
    file = SHIPPED[(name, index)]
    parsed = face_cache.parse_face(file)
    first = face_cache.load_face(file)  # parses and stores
    assert type(first) is TTFontFace and len(_cache_files()) == 1
    _no_parsing(monkeypatch)
    cached = face_cache.load_face(file)
    assert isinstance(cached, face_cache.CachedFace)
    expected, got = _state(parsed), _state(cached)
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        assert got[key] == value, key
        assert _types(got[key]) == _types(value), key  # 500 stays an int, 500.0 a float
    assert cached._pdfScale(1000) == parsed._pdfScale(1000)
    assert cached.hmetrics[-1] == parsed.hmetrics[-1] and cached.hmetrics[:2] == parsed.hmetrics[:2]


def test_a_font_around_a_cached_face_is_what_reportlab_makes() -> None:
    file = SHIPPED[("FandolSong-Numbers.ttf.xz", 0)]
    made = face_cache.ttfont("N-1", face_cache.parse_face(file))
    reference = TTFont("N-1", io.BytesIO(lzma.decompress(file.path.read_bytes())))
    skip = ("face", "state", "encoding")
    assert {k: v for k, v in vars(made).items() if k not in skip} == {
        k: v for k, v in vars(reference).items() if k not in skip
    }
    assert vars(made).keys() == vars(reference).keys()
    assert type(made.encoding) is type(reference.encoding)
    assert vars(made.encoding) == vars(reference.encoding)
    assert type(made.state) is type(reference.state)
    assert made.stringWidth("— 12 —", 14) == reference.stringWidth("— 12 —", 14)


def test_minutes_from_cached_faces_are_the_same_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rl_config, "invariant", 1)
    data = minutes(statements=3)
    fonts.reset_font_set()
    parsed = build_minutes(data)
    assert len(_cache_files()) >= 4  # title, body, both headings, page numbers
    fonts.reset_font_set()  # a new process, as far as the fonts know
    _no_parsing(monkeypatch)
    cached = build_minutes(data)
    assert cached == parsed
    assert all(embedded_font_files(cached).values())
    assert "协商议事会议纪要" in squash("".join(page_texts(cached)))
    fonts.reset_font_set()


@pytest.mark.parametrize(
    "damage",
    ["truncate", "flip", "garbage", "empty", "header"],
)
def test_a_damaged_cache_file_is_parsed_again_and_replaced(damage: str) -> None:
    file = SHIPPED[("FandolSong-Numbers.ttf.xz", 0)]
    face_cache.load_face(file)
    (entry,) = _cache_files()
    data = bytearray(entry.read_bytes())
    if damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "flip":
        data[len(data) // 2] ^= 0x40
    elif damage == "garbage":
        data = bytearray(os.urandom(len(data)))
    elif damage == "empty":
        data = bytearray()
    else:  # a well-formed file whose header is not JSON: its checksum is made to match
        rest = b"{not json\n" + bytes(data[face_cache._HEAD.size :])
        data = bytearray(struct.pack("<8sII", face_cache.MAGIC, zlib.crc32(rest), 10) + rest)
    entry.write_bytes(bytes(data))
    face = face_cache.load_face(file)
    assert type(face) is TTFontFace  # parsed again
    assert face.charToGlyph == face_cache.parse_face(file).charToGlyph
    again = face_cache.load_face(file)
    assert isinstance(again, face_cache.CachedFace)  # and the entry written afresh
    assert again.charWidths == face.charWidths


def test_a_changed_font_file_is_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine's own (uncompressed) font: its bytes are not copied into the cache, and a change
    to the file (size or time) makes the entry stale."""
    ttf = tmp_path / "dejavu.ttf"
    ttf.write_bytes(lzma.decompress(SHIPPED[("DejaVuSansMono.ttf.xz", 0)].path.read_bytes()))
    system = FontFile(ttf, 0, "dejavu sans mono")
    face_cache.load_face(system)
    (entry,) = _cache_files()
    assert entry.stat().st_size < ttf.stat().st_size  # the font itself stays where it is
    cached = face_cache.load_face(system)
    assert isinstance(cached, face_cache.CachedFace) and cached._ttf_data == ttf.read_bytes()
    stat = ttf.stat()
    os.utime(ttf, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert type(face_cache.load_face(system)) is TTFontFace
    assert isinstance(face_cache.load_face(system), face_cache.CachedFace)
    # Cut short but given back its old time: the size tells.
    ttf.write_bytes(ttf.read_bytes()[:-4])
    os.utime(ttf, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert type(face_cache.load_face(system)) is TTFontFace


def test_an_unwritable_cache_still_prints(monkeypatch: pytest.MonkeyPatch) -> None:
    cache = paths.cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    (cache / face_cache.FACES_DIR).write_text("a file where the folder should be", "utf-8")
    file = SHIPPED[("FandolSong-Numbers.ttf.xz", 0)]
    assert type(face_cache.load_face(file)) is TTFontFace
    assert type(face_cache.load_face(file)) is TTFontFace  # parsed each time, without an error
    assert not list(cache.glob("**/*.tmp"))

    def no_cache() -> Path:
        raise OSError("no data folder")

    monkeypatch.setattr(paths, "cache_dir", no_cache)
    assert type(face_cache.load_face(file)) is TTFontFace
    fonts.reset_font_set()
    assert build_minutes(minutes(statements=1)).startswith(b"%PDF")
    fonts.reset_font_set()


def test_a_face_the_format_cannot_hold_is_not_stored(monkeypatch: pytest.MonkeyPatch) -> None:
    file = SHIPPED[("FandolSong-Numbers.ttf.xz", 0)]
    real_parse = face_cache.parse_face

    def odd_parse(found: FontFile) -> TTFontFace:
        face = real_parse(found)
        face.extra = object()  # what a later reportlab might add
        return face

    monkeypatch.setattr(face_cache, "parse_face", odd_parse)
    assert face_cache.load_face(file).extra is not None
    assert _cache_files() == []
