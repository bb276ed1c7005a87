"""Make the shipped print faces in resources/fonts from their upstream files.

    .venv/bin/pip install "fonttools>=4.50"
    .venv/bin/python resources/fonts/convert_fonts.py SOURCE_FOLDER

SOURCE_FOLDER holds the upstream files (Debian: ``texlive-lang-chinese`` installs Fandol under
/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol, ``fonts-hanazono`` installs HanaMin
under /usr/share/fonts/truetype/hanazono):

- FandolFang/Hei/Kai-Regular.otf, FandolSong-Bold.otf, FandolSong-Regular.otf (GPL v3 with font
  exception): CFF outlines, which reportlab cannot embed, so the outlines are converted to
  TrueType quadratics (cu2qu, error ≤ 1/1000 em). Layout tables and hinting are dropped: the
  documents draw plain horizontal text at 12–22 pt.
- HanaMinA.ttf / HanaMinB.ttf (花园明朝, SIL OFL 1.1): only the rare ideographs are kept (Ext-A and
  the compatibility ideographs from A; from B the Ext-B to Ext-F ideographs that have a recorded
  reading), without hinting, at 256 units per em; the common ideographs come from the role faces
  and WenQuanYi.

- DejaVuSansMono.ttf (Bitstream Vera licence, fonts-dejavu-core): printable ASCII only.

The Linux bundle must stay under 160 MB, so the faces are cut to what their role prints (仿宋 the
6,763 hanzi of GB 2312, 楷体 the 3,755 commonest, the title face the station names and document
titles, the page-number face digits and dashes; any other character falls back per character to
仿宋, WenQuanYi, HanaMin) and stored xz-compressed; the program decompresses a face in memory when
it first draws with it.

The output is deterministic for the same inputs, so a rerun changes nothing in git.
"""

from __future__ import annotations

import argparse
import lzma
import sys
from collections.abc import Callable
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.scaleUpem import scale_upem

OUT = Path(__file__).resolve().parent  # resources/fonts


def _gb2312(last_row: int) -> list[tuple[int, int]]:
    """GB 2312 hanzi up to ``last_row`` (0xD7: the 3,755 of level 1; 0xF7: all 6,763)."""
    chars = []
    for row in range(0xB0, last_row + 1):
        for cell in range(0xA1, 0xFF):
            try:
                chars.append(ord(bytes([row, cell]).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return [(c, c) for c in chars]


def _title_characters() -> list[tuple[int, int]]:
    """What titles print: every station name (the township list) and the documents' names."""
    root = Path(__file__).resolve().parents[2]  # the repository
    text = (root / "resources" / "leshan_townships.csv").read_text("utf-8")
    text += "乐山市政协工作联络站协商议事会议纪要签到表成果报送单委员履职记录密钥登记表附件参会人员名单"
    text += "〔〕（）〈〉《》“”·—0123456789"
    return [(ord(c), ord(c)) for c in sorted(set(text)) if ord(c) > 0x20]


def _ext_b_to_f() -> list[tuple[int, int]]:
    """Ext-B to F ideographs with a recorded Mandarin reading (what input methods offer), and a
    few seen in names and place names without one."""
    from pypinyin.pinyin_dict import pinyin_dict

    known = {cp for cp in pinyin_dict if 0x20000 <= cp <= 0x2FA1F}
    known |= {ord(c) for c in EXTRA_RARE}
    return [(c, c) for c in sorted(known)]


# Characters seen in real names and place names that no reading dictionary lists (e.g. 𠈌家坝).
EXTRA_RARE = "𠈌"

NON_HAN = [(0x20, 0x2FFF), (0x3000, 0x33FF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF)]
ASCII_AND_DASHES = [(0x20, 0x7E), (0x2014, 0x2015), (0x3000, 0x3000)]
# output name: (source file, unicode ranges kept or None for every mapped character, units per em)
FACES: dict[str, tuple[str, Callable[[], list[tuple[int, int]] | None], int | None]] = {
    "FandolFang-Regular.ttf": ("FandolFang-Regular.otf", lambda: NON_HAN + _gb2312(0xF7), 500),
    "FandolKai-Regular.ttf": ("FandolKai-Regular.otf", lambda: NON_HAN + _gb2312(0xD7), 500),
    "FandolSong-Bold.ttf": ("FandolSong-Bold.otf", _title_characters, None),
    "FandolSong-Numbers.ttf": ("FandolSong-Regular.otf", lambda: ASCII_AND_DASHES, None),
    # Keys and fingerprints: a dotted zero, so 0 and O never look alike.
    "DejaVuSansMono.ttf": ("DejaVuSansMono.ttf", lambda: [(0x20, 0x7E)], None),
    "HanaMinA-Rare.ttf": ("HanaMinA.ttf", lambda: [(0x3400, 0x4DBF), (0xF900, 0xFAFF)], 256),
    "HanaMinB-Rare.ttf": ("HanaMinB.ttf", _ext_b_to_f, 256),
}

DROPPED = ["BASE", "GPOS", "GSUB", "GDEF", "VORG", "vhea", "vmtx", "FFTM", "prop", "DSIG"]


def _subset(font: TTFont, ranges: list[tuple[int, int]] | None) -> None:
    mapped = set(font.getBestCmap())
    if ranges is not None:
        mapped = {cp for cp in mapped if any(a <= cp <= b for a, b in ranges)}
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.drop_tables += DROPPED
    options.glyph_names = False
    options.notdef_outline = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    options.recalc_timestamp = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(mapped))
    subsetter.subset(font)


def _cff_to_truetype(font: TTFont, max_err: float = 1.0) -> None:
    """Replace the CFF table by glyf/loca with the same shapes in quadratic curves."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        # CFF contours run counter-clockwise, TrueType's clockwise.
        glyph_set[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    del font["CFF "]
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}
    font.sfntVersion = "\x00\x01\x00\x00"


def convert(source: Path, target: Path, ranges: list[tuple[int, int]] | None, upem: int | None) -> None:
    """Subset, convert and store ``source`` as ``target`` + ``.xz`` (read back with :mod:`lzma`)."""
    font = TTFont(source, recalcTimestamp=False)
    _subset(font, ranges)
    if "CFF " in font:
        _cff_to_truetype(font, max_err=2.0)
    if upem is not None:
        # 1/256 em is 0.06 pt at 16 pt (1/500 em 0.03 pt): far below what a printer shows, and
        # the file is smaller.
        scale_upem(font, upem)
    plain = target.with_suffix(".tmp")
    font.save(plain)
    packed = lzma.compress(plain.read_bytes(), preset=9 | lzma.PRESET_EXTREME)
    plain.unlink()
    target.with_name(target.name + ".xz").write_bytes(packed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Make resources/fonts from the upstream faces.")
    parser.add_argument("source", type=Path, help="folder with the upstream Fandol and HanaMin files")
    parser.add_argument("--only", action="append", default=[], help="make only this output file")
    args = parser.parse_args(argv)
    for name, (source, ranges, upem) in FACES.items():
        if args.only and name not in args.only:
            continue
        target = OUT / name
        convert(args.source / source, target, ranges(), upem)
        size = target.with_name(target.name + ".xz").stat().st_size
        print(f"{name}.xz: {size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
