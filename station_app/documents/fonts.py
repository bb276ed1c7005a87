"""Chinese fonts for the printed documents: a face per role, with per-character fallback.

Each role (title 小标宋, body 仿宋, headings 黑体/楷体, page numbers 宋体) tries the machine's own faces
of its kind first, then the shipped face of its kind, then the shipped fallbacks (仿宋, WenQuanYi,
HanaMin for the rare ideographs of names). reportlab silently drops a glyph its font lacks, so every
text run is split per character and each character is drawn with the first face of its role's
chain that has it.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from station_app.documents import face_cache, font_sources
from station_app.documents.font_files import CoverageCache, distinct_faces
from station_app.documents.font_files import FontFile as FontFile
from station_app.documents.font_sources import SHIPPED_FONT as SHIPPED_FONT
from station_app.documents.font_sources import FontRole as FontRole
from station_app.documents.font_sources import role_rank
from station_app.domain import fieldcheck
from station_app.errors import KnownError

__all__ = [
    "FontFile",
    "FontRole",
    "FontSet",
    "LoadedFont",
    "MissingGlyphsError",
    "font_set",
    "markup",
    "runs",
]

log = logging.getLogger(__name__)

SHIPPED_BROKEN = "程序自带的中文字体缺失或已损坏，请重新安装本程序。"


class MissingGlyphsError(KnownError):
    def __init__(self, characters: Iterable[str]) -> None:
        self.characters = "".join(sorted(set(characters)))
        super().__init__(f"以下字符在本机所有字体中都没有，无法打印：{self.characters}")


def system_candidates() -> list[FontFile]:
    return font_sources.system_candidates()


def shipped_candidates() -> list[FontFile]:
    return font_sources.shipped_candidates()


_generation = 0  # bumped when the fonts are looked for again, so that names are never reused


def _face_name(generation: int, index: int, face: FontFile) -> str:
    """The name a face is registered (and embedded) under, e.g. 「S0-3-FandolFang-Regular」."""
    stem = re.sub(r"[^A-Za-z0-9-]", "", face.path.name.split(".")[0])[:40]
    return f"S{generation}-{index}-{stem or 'Font'}"


class LoadedFont:
    """One face of the process: registered with reportlab (parsed) only when it is drawn with."""

    def __init__(self, name: str, file: FontFile, coverage: CoverageCache, *, shipped: bool) -> None:
        self.name = name  # the name registered with reportlab
        self.file = file
        self.family = file.family
        self.shipped = shipped
        self._coverage = coverage
        self._glyphs: frozenset[int] | None = None
        self._ttf: TTFont | None = None
        self._registered = False
        self.broken = False

    def _parse(self) -> TTFont | None:
        if self._ttf is None and not self.broken:
            try:
                self._ttf = face_cache.ttfont(self.name, face_cache.load_face(self.file))
                stem = re.sub(r"[^A-Za-z0-9]", "", self.file.path.name.split(".")[0])
                if not self.shipped and stem:  # the embedded name tells which file printed it
                    self._ttf.face.name = self._ttf.face.name + b"_" + stem.encode("ascii")
            except Exception as exc:  # CFF outlines, damaged files: skip this face, keep the rest
                log.info("跳过字体 %s#%d：%s", self.file.path, self.file.index, exc)
                self.broken = True
                if self.shipped:  # the last resort itself is gone: the program must be reinstalled
                    raise KnownError(SHIPPED_BROKEN) from exc
        return self._ttf

    @property
    def glyphs(self) -> frozenset[int]:
        """The characters this face draws (from the cache, or by parsing it once)."""
        if self._glyphs is None:
            with _lock:
                if self._glyphs is None:
                    cached = self._coverage.get(self.file)
                    if cached is None:
                        ttf = self._parse()
                        cached = frozenset()
                        if ttf is not None:
                            cached = frozenset(c for c, g in ttf.face.charToGlyph.items() if g)
                            self._coverage.put(self.file, cached)
                    self._glyphs = cached
        return self._glyphs

    def has(self, char: str) -> bool:
        return ord(char) in self.glyphs

    def register(self) -> bool:
        """Make the face usable by name in a document; False when it cannot be read."""
        if not self._registered:
            with _lock:
                if not self._registered:
                    ttf = self._parse()
                    if ttf is None:
                        return False
                    pdfmetrics.registerFont(ttf)
                    self._registered = True
        return True


class FontSet:
    """The fonts of this process and, per role, the order to try them in.

    Nothing is parsed here: the order comes from the family names, coverage from the cache, and a
    face is registered with reportlab the first time a document draws with it.
    """

    def __init__(self, system: list[FontFile], shipped: list[FontFile], *, generation: int = 0) -> None:
        if not any(f.path.is_file() for f in shipped):
            raise KnownError(SHIPPED_BROKEN)
        coverage = CoverageCache()
        faces = distinct_faces([*shipped, *system], coverage.digest)
        fonts = [
            LoadedFont(_face_name(generation, i, f), f, coverage, shipped=f in shipped)
            for i, f in enumerate(faces)
        ]
        self._loaded = [f for f in fonts if not f.shipped]
        self._shipped = [f for f in fonts if f.shipped]
        self._chains = {role: self._chain(role) for role in FontRole}
        self._found: dict[FontRole, dict[str, LoadedFont | None]] = {role: {} for role in FontRole}
        self._names: dict[FontRole, dict[str, str]] = {role: {} for role in FontRole}
        # Per role, the characters its primary face draws (and those that need no glyph): a text of
        # these alone is one run, found without going through it character by character.
        self._plain: dict[FontRole, set[str]] = {role: set(_NO_GLYPH) for role in FontRole}
        self.printable: set[str] = set()  # characters found drawable, so a reprint checks none again

    def _chain(self, role: FontRole) -> tuple[LoadedFont, ...]:
        """The machine's faces of the role, the shipped face of the role, then every other face."""
        ranked = [
            (rank, i, f)
            for i, f in enumerate(self._loaded)
            if (rank := role_rank(f.family, role)) is not None
        ]
        preferred = [f for _, _, f in sorted(ranked, key=lambda t: (t[0], t[1]))]
        own = font_sources.SHIPPED_ROLE[role]
        preferred += [f for f in self._shipped if f.family == own]
        # A monospaced face draws keys, not text: other roles reach it last.
        mono = [f for f in self._shipped if "mono" in f.family and f not in preferred]
        shipped = [f for f in self._shipped if f not in preferred and f not in mono]
        rest = [f for f in self._loaded if f not in preferred]
        return tuple([*preferred, *shipped, *rest, *mono])

    def chain(self, role: FontRole) -> tuple[LoadedFont, ...]:
        """The role's faces, best first, without those found unreadable (the first is the primary)."""
        self.primary(role)
        return tuple(f for f in self._chains[role] if not f.broken)

    def primary(self, role: FontRole) -> str:
        """The registered name of the role's first readable face."""
        for font in self._chains[role]:
            if font.register():
                return font.name
        raise KnownError(SHIPPED_BROKEN)

    def font_for(self, char: str, role: FontRole) -> LoadedFont | None:
        found = self._found[role]
        if char not in found:
            found[char] = next((f for f in self._chains[role] if not f.broken and f.has(char)), None)
        return found[char]

    def draw_font(self, char: str, role: FontRole) -> str | None:
        """The registered name of the face that draws ``char`` in ``role``, None when none has it."""
        font = self.font_for(char, role)
        if font is not None and not font.register():
            for found in self._found.values():
                found.clear()  # it could not be read after all: look again without it
            for names in self._names.values():
                names.clear()
            for plain in self._plain.values():
                plain.intersection_update(_NO_GLYPH)
            self.printable.clear()
            return self.draw_font(char, role)
        if font is not None:
            self._names[role][char] = font.name
            if font.name == self.primary(role):
                self._plain[role].add(char)
        return None if font is None else font.name

    def plain_characters(self, role: FontRole) -> set[str]:
        """Characters met so far that the role's primary face draws, and those needing no glyph."""
        return self._plain[role]

    def drawn_names(self, role: FontRole) -> dict[str, str]:
        """Character → registered face name for the role, for the characters met so far."""
        return self._names[role]

    @property
    def families(self) -> list[str]:
        return [f.family for f in [*self._loaded, *self._shipped]]


_lock = threading.RLock()


@functools.cache
def _font_set() -> FontSet:
    return FontSet(system_candidates(), shipped_candidates(), generation=_generation)


def reset_font_set() -> None:
    """Look for fonts again (tests that stand in a machine with other fonts)."""
    from station_app.documents import layout, text_styles

    global _generation
    with _lock:
        _generation += 1
        _font_set.cache_clear()
        text_styles.reset_styles()
        layout.forget_fragments()


def font_set() -> FontSet:
    """The fonts of this process, found and registered once."""
    with _lock:
        return _font_set()


def _needs_no_glyph(char: str) -> bool:
    # Line breaks and the like are layout, not glyphs.
    return char in "\n\r\t" or (ord(char) < 0x20)


# Spaces and what needs no glyph stay in the running face (see runs()).
_NO_GLYPH = frozenset(" " + "".join(chr(c) for c in range(0x20)))


def missing_characters(text: str) -> set[str]:
    """Characters of ``text`` that no available font can draw."""
    fonts = font_set()
    missing: set[str] = set()
    for char in set(text) - fonts.printable:
        if _needs_no_glyph(char) or fonts.font_for(char, FontRole.BODY) is not None:
            fonts.printable.add(char)
        else:
            missing.add(char)
    return missing


fieldcheck.check_printable_with(missing_characters)


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
    current = fonts.primary(role)
    if fonts.plain_characters(role).issuperset(text):  # all in the primary face: one run
        if text:
            yield current, text
        return
    known = fonts.drawn_names(role)
    buffer: list[str] = []
    for char in text:
        if char == " " or _needs_no_glyph(char):
            name = current  # keep spaces in the running font so runs stay long
        else:
            found = known.get(char) or fonts.draw_font(char, role)
            if found is None:
                raise MissingGlyphsError(char)
            name = found
        if name != current and buffer:
            yield current, "".join(buffer)
            buffer = []
        current = name
        buffer.append(char)
    if buffer:
        yield current, "".join(buffer)


def markup(text: str, role: FontRole, *, untagged: str | None = None) -> str:
    """Paragraph markup for ``text`` with one ``<font>`` tag per run; newlines become breaks.

    Runs in the face ``untagged`` (the paragraph style's own font) are left without a tag.
    """
    return markup_of(runs(text, role), untagged=untagged)


def markup_of(text_runs: Iterable[tuple[str, str]], *, untagged: str | None = None) -> str:
    """The markup of (font name, text) runs, as :func:`markup` makes it."""
    parts: list[str] = []
    for name, chunk in text_runs:
        body = escape(chunk).replace("\n", "<br/>")
        parts.append(body if name == untagged else f'<font name="{name}">{body}</font>')
    return "".join(parts)
