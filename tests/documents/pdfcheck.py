"""Reading generated PDFs back for the document tests."""

from __future__ import annotations

import io
import re
import zlib
from collections import defaultdict
from typing import Any

import pdfplumber
from pypdf import PdfReader

MM = 72 / 25.4


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [page.extract_text() or "" for page in doc.pages]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_chars(pdf: bytes) -> list[tuple[float, float, list[dict[str, Any]]]]:
    """(width, height, chars) of every page."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [(float(p.width), float(p.height), list(p.chars)) for p in doc.pages]


def lines_of(chars: list[dict[str, Any]]) -> list[str]:
    """Visible lines, left to right, from characters grouped by baseline."""
    rows: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for c in chars:
        if c["text"].strip():
            rows[round(c["bottom"])].append(c)
    return ["".join(c["text"] for c in sorted(row, key=lambda c: c["x0"])) for _, row in sorted(rows.items())]


def embedded_font_files(pdf: bytes) -> dict[str, bool]:
    """Base font name → whether its descriptor carries /FontFile2 (embedded TrueType)."""
    result: dict[str, bool] = {}
    for page in reader(pdf).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            name = str(font.get("/BaseFont"))
            result[name] = bool(descriptor and "/FontFile2" in descriptor.get_object())
    return result


_STREAM = re.compile(rb"/Length (\d+)((?: /Length1 \d+)?)\n>>\nstream\r?\n")


def unpacked(pdf: bytes) -> bytes:
    """The file with its Flate streams decompressed and without its cross-reference table and
    trailer (byte offsets and the digest): equal for two files that say the same in every object,
    however their streams were compressed."""
    out, pos = [], 0
    while (found := _STREAM.search(pdf, pos)) is not None:
        start = found.end()
        end = start + int(found.group(1))
        head = pdf[max(0, found.start() - 200) : found.start()]
        data = pdf[start:end]
        if b"/FlateDecode" in head[head.rfind(b"<<") :]:
            data = zlib.decompress(data)
        out += [pdf[pos : found.start()], b"/Length ?", found.group(2), b"\n>>\nstream\n", data]
        pos = end
    tail = pdf[pos:]
    return b"".join([*out, tail[: tail.find(b"\nxref\n")]])
