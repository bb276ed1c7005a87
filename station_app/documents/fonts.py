"""Chinese fonts for the printed documents, with per-character fallback.

The machine's own fonts are preferred (Windows: simfang/simhei/simkai/simsun; Linux: what
fontconfig lists); the shipped WenQuanYi Micro Hei is always available as the last resort.
reportlab silently drops a glyph its font lacks, so every text run is split per character
and each character is drawn with the first font of its role's chain that has it.
"""

from __future__ import annotations

import enum
import functools
import logging
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from station_app import paths
from station_app.errors import KnownError

log = logging.getLogger(__name__)

SHIPPED_FONT = "wqy-microhei.ttc"


class FontRole(enum.Enum):
    BODY = "仿宋"
    HEADING1 = "黑体"
    HEADING2 = "楷体"
    TITLE = "小标宋"
    MONO = "等宽"


class MissingGlyphsError(KnownError):
    def __init__(self, characters: Iterable[str]) -> None:
        self.characters = "".join(sorted(set(characters)))
        super().__init__(f"以下字符在本机所有字体中都没有，无法打印：{self.characters}")


@dataclass(frozen=True)
class FontFile:
    """A candidate font face on disk; ``family`` is what the system calls it (lower case)."""

    path: Path
    index: int
    family: str


# Family-name fragments (lower case) that mark a face as suited to a role, best first.
_ROLE_HINTS: dict[FontRole, tuple[str, ...]] = {
    FontRole.BODY: ("fangsong", "仿宋", "simfang"),
    FontRole.HEADING1: ("simhei", "黑体", "heiti", "zen hei", "micro hei"),
    FontRole.HEADING2: ("kaiti", "楷体", "simkai", "ukai", "kai"),
    FontRole.TITLE: ("xiaobiaosong", "小标宋", "simsun", "宋体", "songti", "uming", "nsimsun"),
    FontRole.MONO: ("micro hei mono", "mono"),
}

# Windows: file name → family hint; the order also sets the fallback order.
_WINDOWS_FILES: tuple[tuple[str, int, str], ...] = (
    ("simfang.ttf", 0, "fangsong"),
    ("simhei.ttf", 0, "simhei"),
    ("simkai.ttf", 0, "kaiti"),
    ("simsun.ttc", 0, "simsun"),
    ("FZXBSJW.TTF", 0, "xiaobiaosong"),
    ("方正小标宋简体.ttf", 0, "xiaobiaosong"),
    ("msyh.ttc", 0, "microsoft yahei"),
    # SimSun-ExtB covers CJK Extension B, where rare names live.
    ("simsunb.ttf", 0, "simsun-extb"),
)


@dataclass(frozen=True)
class LoadedFont:
    name: str  # the name registered with reportlab
    family: str
    glyphs: frozenset[int]

    def has(self, char: str) -> bool:
        return ord(char) in self.glyphs


def _windows_candidates() -> list[FontFile]:
    folder = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
    found = [FontFile(folder / name, index, family) for name, index, family in _WINDOWS_FILES]
    return [f for f in found if f.path.is_file()]


def _fontconfig_candidates() -> list[FontFile]:
    """Ask fontconfig for Chinese faces; no fontconfig means no system fonts, not an error."""
    exe = shutil.which("fc-list")
    if exe is None:
        return []
    try:
        out = subprocess.run(
            [exe, ":lang=zh", "--format", "%{file}\t%{index}\t%{family}\n"],
            capture_output=True,
            text=True,
            timeout=20,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    result: list[FontFile] = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) != 3:
            continue
        file, index, family = parts
        path = Path(file)
        # Only TrueType containers can be embedded by reportlab; .otf is almost always CFF.
        if path.suffix.lower() not in (".ttf", ".ttc"):
            continue
        try:
            face = int(index or 0)
        except ValueError:
            face = 0
        result.append(FontFile(path, face, family.lower()))
    return result


def system_candidates() -> list[FontFile]:
    if sys.platform.startswith("win"):
        return _windows_candidates()
    return _fontconfig_candidates()


def shipped_candidates() -> list[FontFile]:
    path = paths.resources_dir() / "fonts" / SHIPPED_FONT
    return [
        FontFile(path, 0, "wenquanyi micro hei"),
        FontFile(path, 1, "wenquanyi micro hei mono"),
    ]


def _role_rank(family: str, role: FontRole) -> int | None:
    for rank, hint in enumerate(_ROLE_HINTS[role]):
        if hint in family:
            return rank
    return None


class FontSet:
    """The registered fonts of this process and, per role, the order to try them in."""

    def __init__(self, system: list[FontFile], shipped: list[FontFile]) -> None:
        self._loaded: list[LoadedFont] = []
        seen: set[tuple[str, int]] = set()
        shipped_loaded: list[LoadedFont] = []
        for candidate in [*shipped, *system]:
            font = self._load(candidate, seen)
            if font is None:
                continue
            (shipped_loaded if candidate in shipped else self._loaded).append(font)
        if not shipped_loaded:
            raise KnownError("程序自带的中文字体缺失或已损坏，请重新安装本程序。")
        self._shipped = shipped_loaded
        self._chains = {role: self._chain(role) for role in FontRole}

    def _load(self, candidate: FontFile, seen: set[tuple[str, int]]) -> LoadedFont | None:
        try:
            ttf = TTFont(f"StationCJK{len(seen)}", str(candidate.path), subfontIndex=candidate.index)
        except Exception as exc:  # CFF outlines, damaged files: skip this face, keep the rest
            log.info("跳过字体 %s#%d：%s", candidate.path, candidate.index, exc)
            return None
        # The same face may be installed twice (shipped copy and system copy).
        key = (
            ttf.face.name.decode("latin-1") if isinstance(ttf.face.name, bytes) else str(ttf.face.name),
            len(ttf.face.charToGlyph),
        )
        if key in seen:
            return None
        seen.add(key)
        pdfmetrics.registerFont(ttf)
        glyphs = frozenset(cp for cp, gid in ttf.face.charToGlyph.items() if gid)
        return LoadedFont(ttf.fontName, candidate.family, glyphs)

    def _chain(self, role: FontRole) -> tuple[LoadedFont, ...]:
        ranked = [
            (rank, i, f)
            for i, f in enumerate(self._loaded)
            if (rank := _role_rank(f.family, role)) is not None
        ]
        preferred = [f for _, _, f in sorted(ranked, key=lambda t: (t[0], t[1]))]
        shipped = sorted(self._shipped, key=lambda f: 0 if _role_rank(f.family, role) is not None else 1)
        if role is not FontRole.MONO:
            shipped = [f for f in shipped if "mono" not in f.family] + [
                f for f in shipped if "mono" in f.family
            ]
        rest = [f for f in self._loaded if f not in preferred]
        return tuple([*preferred, *shipped, *rest])

    def chain(self, role: FontRole) -> tuple[LoadedFont, ...]:
        return self._chains[role]

    def primary(self, role: FontRole) -> str:
        return self._chains[role][0].name

    def font_for(self, char: str, role: FontRole) -> LoadedFont | None:
        for font in self._chains[role]:
            if font.has(char):
                return font
        return None

    @property
    def families(self) -> list[str]:
        return [f.family for f in [*self._loaded, *self._shipped]]


_lock = threading.Lock()


@functools.cache
def _font_set() -> FontSet:
    return FontSet(system_candidates(), shipped_candidates())


def font_set() -> FontSet:
    """The fonts of this process, found and registered once."""
    with _lock:
        return _font_set()


def _needs_no_glyph(char: str) -> bool:
    # Line breaks and the like are layout, not glyphs.
    return char in "\n\r\t" or (ord(char) < 0x20)


def missing_characters(text: str) -> set[str]:
    """Characters of ``text`` that no available font can draw."""
    fonts = font_set()
    return {c for c in set(text) if not _needs_no_glyph(c) and fonts.font_for(c, FontRole.BODY) is None}


def ensure_printable(texts: Iterable[str]) -> None:
    """Raise :class:`MissingGlyphsError` before anything is drawn, naming every lost character."""
    missing: set[str] = set()
    for text in texts:
        missing |= missing_characters(text)
    if missing:
        raise MissingGlyphsError(missing)


def runs(text: str, role: FontRole) -> Iterator[tuple[str, str]]:
    """Split ``text`` into (font name, text) runs, each drawable by its font."""
    fonts = font_set()
    primary = fonts.primary(role)
    current = primary
    buffer: list[str] = []
    for char in text:
        if char == " " or _needs_no_glyph(char):
            name = current  # keep spaces in the running font so runs stay long
        else:
            found = fonts.font_for(char, role)
            if found is None:
                raise MissingGlyphsError(char)
            name = found.name
        if name != current and buffer:
            yield current, "".join(buffer)
            buffer = []
        current = name
        buffer.append(char)
    if buffer:
        yield current, "".join(buffer)


def markup(text: str, role: FontRole) -> str:
    """Paragraph markup for ``text`` with one ``<font>`` tag per run; newlines become breaks."""
    parts: list[str] = []
    for name, chunk in runs(text, role):
        body = escape(chunk).replace("\n", "<br/>")
        parts.append(f'<font name="{name}">{body}</font>')
    return "".join(parts)
