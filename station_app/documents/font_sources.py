"""Where the print faces come from: the machine's own fonts, then the faces shipped with the program.

Each document role (title 小标宋, body 仿宋, level-1 headings 黑体, level-2 headings 楷体, page
numbers 宋体) has its own order of candidates, recognised by family name (fontconfig) or by file name
(Windows). The shipped faces (resources/fonts, made by its convert_fonts.py) give every role a face
of its kind on a machine without Chinese fonts, and HanaMin covers the rare ideographs of names.
"""

from __future__ import annotations

import enum
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from station_app import paths
from station_app.documents.font_files import FontFile

SHIPPED_FONT = "wqy-microhei.ttc.xz"


class FontRole(enum.Enum):
    BODY = "仿宋"
    HEADING1 = "黑体"
    HEADING2 = "楷体"
    TITLE = "小标宋"
    PAGE_NUMBER = "宋体"
    MONO = "等宽"


# Family-name fragments (lower case) that mark a face as suited to a role, best first. The
# machine's faces come before the shipped ones of the same role (see ``role_rank``).
ROLE_HINTS: dict[FontRole, tuple[str, ...]] = {
    FontRole.BODY: ("仿宋_gb2312", "fangsong_gb2312", "fangsong", "仿宋", "simfang", "fzfangsong"),
    FontRole.HEADING1: ("simhei", "黑体", "heiti", "fzhei", "zen hei", "micro hei"),
    FontRole.HEADING2: ("楷体_gb2312", "kaiti_gb2312", "kaiti", "楷体", "simkai", "fzkai", "ukai"),
    FontRole.TITLE: ("xiaobiaosong", "小标宋", "fzxbs"),
    FontRole.PAGE_NUMBER: ("simsun", "宋体", "songti", "nsimsun", "fzshusong", "uming"),
    # Keys are printed in the shipped DejaVu Sans Mono (dotted zero) on every machine.
    FontRole.MONO: (),
}

# The shipped face of each role (family names as below).
SHIPPED_ROLE = {
    FontRole.BODY: "fandol fangsong",
    FontRole.HEADING1: "wenquanyi micro hei",
    FontRole.HEADING2: "fandol kaiti",
    FontRole.TITLE: "fandol song bold",
    FontRole.PAGE_NUMBER: "fandol song numbers",
    FontRole.MONO: "dejavu sans mono",
}

# Shipped faces in the order a character missing from a role's own faces is looked for.
_SHIPPED: tuple[tuple[str, int, str], ...] = (
    (SHIPPED_FONT, 0, "wenquanyi micro hei"),
    ("FandolFang-Regular.ttf.xz", 0, "fandol fangsong"),
    ("HanaMinA-Rare.ttf.xz", 0, "hanazono mincho a"),
    ("HanaMinB-Rare.ttf.xz", 0, "hanazono mincho b"),
    ("FandolSong-Bold.ttf.xz", 0, "fandol song bold"),
    ("FandolKai-Regular.ttf.xz", 0, "fandol kaiti"),
    ("FandolSong-Numbers.ttf.xz", 0, "fandol song numbers"),
    ("DejaVuSansMono.ttf.xz", 0, "dejavu sans mono"),
    (SHIPPED_FONT, 1, "wenquanyi micro hei mono"),
)

# Windows: file name → family hint. Names are matched without regard to case.
_WINDOWS_FILES: tuple[tuple[str, int, str], ...] = (
    ("方正小标宋简体.ttf", 0, "xiaobiaosong"),
    ("FZXBSJW.TTF", 0, "xiaobiaosong"),
    ("方正小标宋_GBK.ttf", 0, "xiaobiaosong"),
    ("仿宋_GB2312.ttf", 0, "仿宋_gb2312"),
    ("FS_GB2312.ttf", 0, "仿宋_gb2312"),
    ("simfang.ttf", 0, "fangsong"),
    ("simhei.ttf", 0, "simhei"),
    ("楷体_GB2312.ttf", 0, "楷体_gb2312"),
    ("KT_GB2312.ttf", 0, "楷体_gb2312"),
    ("simkai.ttf", 0, "kaiti"),
    ("simsun.ttc", 0, "simsun"),
    ("msyh.ttc", 0, "microsoft yahei"),
    # SimSun-ExtB covers CJK Extension B, where rare names live.
    ("simsunb.ttf", 0, "simsun-extb"),
)


def windows_folders() -> list[Path]:
    folders = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    local = os.environ.get("LOCALAPPDATA")
    if local:  # fonts installed for one user only (Windows 10 1809 and later)
        folders.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return folders


def windows_candidates(folders: Iterable[Path]) -> list[FontFile]:
    found: list[FontFile] = []
    for folder in folders:
        try:
            present = {p.name.lower(): p for p in folder.iterdir() if p.is_file()}
        except OSError:
            continue
        for name, index, family in _WINDOWS_FILES:
            path = present.get(name.lower())
            if path is not None:
                found.append(FontFile(path, index, family))
    return found


def fontconfig_candidates() -> list[FontFile]:
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
        return windows_candidates(windows_folders())
    return fontconfig_candidates()


def shipped_candidates() -> list[FontFile]:
    """The shipped faces, WenQuanYi first (the program's window uses it too)."""
    folder = paths.resources_dir() / "fonts"
    return [FontFile(folder / name, index, family) for name, index, family in _SHIPPED]


def role_rank(family: str, role: FontRole) -> int | None:
    for rank, hint in enumerate(ROLE_HINTS[role]):
        if hint in family:
            return rank
    return None
