"""Every font of every printed document is embedded: none is left to the reader's machine."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, NameObject

from station_app.documents.handbook import handbook_pdf
from station_app.hub import kpi, report
from station_app.services.station import require_station
from station_app.storage.engine import Database

from .samples import minutes
from .test_lines_and_cells import _documents

STANDARD_14 = {
    "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique",
    "Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique",
    "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "Symbol", "ZapfDingbats",
}  # fmt: skip


def fonts_of(pdf: bytes) -> dict[str, bool]:
    """Every font object of the file (not only those a page names): base name → embedded outlines."""
    reader = PdfReader(io.BytesIO(pdf))
    found: dict[str, bool] = {}
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            obj = reader.get_object(number)
        except Exception:  # a free entry
            continue
        if not isinstance(obj, DictionaryObject) or obj.get("/Type") != NameObject("/Font"):
            continue
        if obj.get("/Subtype") == NameObject("/CIDFontType2") or "/DescendantFonts" in obj:
            continue  # judged through the font that names it / its descriptor below
        descriptor = obj.get("/FontDescriptor")
        embedded = descriptor is not None and any(
            key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
        )
        found[str(obj.get("/BaseFont"))] = embedded
    return found


def _drafts() -> bytes:
    from station_app.documents import build_minutes

    return build_minutes(replace(minutes(statements=2), finalised=False))  # the 「草稿」 mark


@pytest.mark.parametrize("kind", ["minutes", "signin", "report", "member", "key", "draft", "handbook"])
def test_every_document_embeds_every_font(kind: str) -> None:
    makers: dict[str, Callable[[], bytes]] = {"draft": _drafts, "handbook": handbook_pdf}
    pdf = makers[kind]() if kind in makers else _documents()[kind]
    fonts = fonts_of(pdf)
    assert fonts, "no font found"
    assert not {name.lstrip("/").split("+")[-1] for name in fonts} & STANDARD_14, fonts
    assert all(fonts.values()), fonts


def test_the_statistics_report_embeds_every_font(station_db: Database) -> None:
    info = require_station(station_db)
    data = report.report_data(station_db, info, kpi.station_scope(info.township_code), kpi.year_period(2026))
    fonts = fonts_of(report.build_report_pdf(data))
    assert fonts and all(fonts.values()) and not {n.split("+")[-1] for n in fonts} & STANDARD_14
