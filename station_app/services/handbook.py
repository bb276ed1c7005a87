"""The clerk's handbook (帮助 → 使用说明): one small text shipped in resources/handbook, read into
blocks that the window shows as HTML and documents/ prints as a PDF.

The text uses four kinds of line: 「# 」 title, 「## 」 section, 「- 」 list item, 「![说明](图.png)」
picture; other lines are paragraphs (a blank line ends one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Literal

from station_app import paths

HANDBOOK_FILE = "handbook.txt"
BlockKind = Literal["title", "section", "item", "picture", "text"]
_PICTURE = re.compile(r"!\[(?P<caption>[^\]]*)\]\((?P<file>[^)]+)\)")


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str  # the caption of a picture
    file: str = ""  # a picture's file name, in the handbook folder


def handbook_dir() -> Path:
    return paths.resources_dir() / "handbook"


def parse(text: str) -> list[Block]:
    blocks: list[Block] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Block("text", "".join(paragraph)))
            paragraph.clear()

    for raw in text.splitlines():
        line = raw.strip()
        picture = _PICTURE.fullmatch(line)
        if not line:
            flush()
        elif line.startswith("## "):
            flush()
            blocks.append(Block("section", line[3:].strip()))
        elif line.startswith("# "):
            flush()
            blocks.append(Block("title", line[2:].strip()))
        elif line.startswith("- "):
            flush()
            blocks.append(Block("item", line[2:].strip()))
        elif picture is not None:
            flush()
            blocks.append(Block("picture", picture["caption"], picture["file"]))
        else:
            paragraph.append(line)
    flush()
    return blocks


def load_handbook() -> list[Block]:
    return parse((handbook_dir() / HANDBOOK_FILE).read_text("utf-8"))


HUB_SECTION = "汇总单位"  # the words naming the section a county or city office opens at


def section_anchor(title: str) -> str:
    """A section's anchor: its number 一、二、… (stable while sections are reworded)."""
    return "section-" + title.split("、", 1)[0]


def find_section(blocks: list[Block], words: str) -> str:
    """The anchor of the first section whose title contains ``words``, or ''."""
    return next((section_anchor(b.text) for b in blocks if b.kind == "section" and words in b.text), "")


def to_html(blocks: list[Block]) -> str:
    """HTML for a Qt text browser; pictures are named relative to :func:`handbook_dir` and shown at
    their own size (they are taken at the screen's size: scaled down, their text would blur)."""
    out: list[str] = []
    in_list = False
    for block in blocks:
        if block.kind == "item" and not in_list:
            out.append("<ul>")
            in_list = True
        elif block.kind != "item" and in_list:
            out.append("</ul>")
            in_list = False
        text = escape(block.text)
        if block.kind == "title":
            out.append(f"<h1>{text}</h1>")
        elif block.kind == "section":
            out.append(f'<h2><a name="{section_anchor(block.text)}"></a>{text}</h2>')
        elif block.kind == "item":
            out.append(f"<li>{text}</li>")
        elif block.kind == "picture":
            out.append(
                f'<p align="center"><img src="{escape(block.file)}"><br>'
                f'<span style="color:#555555;">图：{text}</span></p>'
            )
        else:
            out.append(f"<p>{text}</p>")
    if in_list:
        out.append("</ul>")
    return "\n".join(out)
