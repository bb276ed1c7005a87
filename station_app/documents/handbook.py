"""The handbook as a printable A4 PDF (same text and pictures as 帮助 → 使用说明)."""

from __future__ import annotations

from pathlib import Path

from reportlab.platypus import Flowable, Image, Spacer

from station_app.documents import layout
from station_app.documents.layout import TYPE_WIDTH, para, render, styles
from station_app.services.handbook import Block, handbook_dir, load_handbook

PICTURE_WIDTH = TYPE_WIDTH


def _picture(path: Path) -> Image:
    picture = Image(str(path))
    scale = min(1.0, PICTURE_WIDTH / picture.imageWidth)
    picture.drawWidth = picture.imageWidth * scale
    picture.drawHeight = picture.imageHeight * scale
    return picture


def handbook_pdf(blocks: list[Block] | None = None, folder: Path | None = None) -> bytes:
    blocks = load_handbook() if blocks is None else blocks
    folder = handbook_dir() if folder is None else folder
    s = styles()
    story: list[Flowable] = []
    for block in blocks:
        if block.kind == "title":
            story.append(para(block.text, s.title))
        elif block.kind == "section":
            story += layout.heading(block.text, s.h1)
        elif block.kind == "item":
            story.append(para(block.text, s.plain, prefix="· "))
        elif block.kind == "picture":
            story += [Spacer(1, 6), _picture(folder / block.file), para(f"图：{block.text}", s.cell_center)]
        else:
            story.append(para(block.text, s.body))
    return render(story, title="使用说明", author="政协工作联络站", subject="有事来协商 · 使用说明")
