"""The faster reportlab helpers give what reportlab's own give: the numbers' text, the runs, the PDF."""

from __future__ import annotations

import io
import sys
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab import rl_config
from reportlab.lib.abag import ABag
from reportlab.pdfbase import pdfdoc, pdfmetrics, ttfonts
from reportlab.platypus import paragraph

from station_app.documents import build_minutes, fonts, reportlab_speedups
from station_app.documents.fonts import FontRole
from station_app.documents.reportlab_speedups import (
    original_format,
    original_fp_str,
    original_pdfdoc_enc,
    original_same_frag,
    original_split_string,
    original_string_width,
    same_frag,
)

from .samples import minutes

numbers = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e7, max_value=1e7),
    st.integers(min_value=-(10**7), max_value=10**7),
    st.sampled_from([0.0, -0.0, 1e-8, -1e-7, 0.5, 1, 1.0, 841.8897637795277, 28.346456692913385]),
)


def test_the_speedups_are_installed_where_reportlab_looks() -> None:
    from reportlab.pdfgen import canvas, textobject

    assert paragraph.sameFrag is same_frag
    assert canvas.fp_str is textobject.fp_str is not original_fp_str
    assert pdfdoc.format is not original_format
    assert ttfonts.instanceStringWidthTTF is not original_string_width
    assert pdfdoc.pdfdocEnc is not original_pdfdoc_enc
    assert ttfonts.TTFont.splitString is not original_split_string


@given(st.lists(numbers, min_size=1, max_size=6), st.booleans())
def test_numbers_are_written_as_reportlab_writes_them(values: list[float], as_sequence: bool) -> None:
    from reportlab.pdfgen import canvas

    fast = canvas.fp_str
    for _ in range(2):  # the first time formatted, the second remembered
        if as_sequence:
            assert fast(values) == original_fp_str(values)
            assert fast(tuple(values)) == original_fp_str(tuple(values))
        else:
            assert fast(*values) == original_fp_str(*values)


fields = st.fixed_dictionaries(
    {"fontName": st.sampled_from(["Body", "Title"]), "fontSize": st.sampled_from([16, 16.0, 14])},
    optional={
        "cbDefn": st.just(ABag()),
        "lineBreak": st.just(1),
        "rise": st.sampled_from([0, 1]),
        "link": st.just([]),
    },
)


@given(fields, fields, st.booleans())
def test_runs_are_grouped_as_reportlab_groups_them(
    f: dict[str, object], g: dict[str, object], same: bool
) -> None:
    first = ABag(**f)
    second = first if same else ABag(**g)
    assert same_frag(first, second) == original_same_frag(first, second)
    assert bool(same_frag(first, second)) == bool(original_same_frag(first, second))


elements = st.one_of(
    numbers,
    st.booleans(),
    st.text(max_size=80),
    st.text(alphabet="/ABCabc019 .-_", max_size=70),
    st.binary(max_size=20),
    st.builds(pdfdoc.PDFName, st.text(alphabet="ABCabc#()<> /é", min_size=1, max_size=10)),
    st.builds(pdfdoc.PDFString, st.text(max_size=10)),
    st.lists(numbers, max_size=12).map(pdfdoc.PDFArray),
    st.dictionaries(st.sampled_from(["Type", "W", "Name", "Length"]), numbers).map(pdfdoc.PDFDictionary),
)


@given(st.lists(elements, min_size=1, max_size=5))
def test_objects_are_written_as_reportlab_writes_them(values: list[object]) -> None:
    document = pdfdoc.PDFDocument()
    for _ in range(2):  # the first time formatted, the second remembered
        for value in values:
            try:
                expected: object = original_format(value, document)
            except UnicodeEncodeError as exc:  # text the PDF codec cannot write: the same refusal
                expected = type(exc)
            try:
                got: object = pdfdoc.format(value, document)
            except UnicodeEncodeError as exc:
                got = type(exc)
            assert got == expected


@given(
    st.one_of(st.text(alphabet=st.characters(max_codepoint=0x7F)), st.text(max_size=8), st.binary(max_size=8))
)
def test_text_is_encoded_as_reportlab_encodes_it(text: str | bytes) -> None:
    outcomes = []
    for encode in (pdfdoc.pdfdocEnc, original_pdfdoc_enc):
        try:
            outcomes.append(encode(text))
        except UnicodeEncodeError as exc:
            outcomes.append(type(exc))
    assert outcomes[0] == outcomes[1]


def _some_characters(role: FontRole, count: int) -> str:
    face = pdfmetrics.getFont(fonts.font_set().primary(role)).face
    return "".join(
        chr(c) for c in sorted(face.charToGlyph)[:: max(1, len(face.charToGlyph) // count)][:count]
    )


@settings(deadline=None, max_examples=60)
@given(st.data(), st.sampled_from([FontRole.BODY, FontRole.HEADING1, FontRole.PAGE_NUMBER]))
def test_strings_are_split_as_reportlab_splits_them(data: st.DataObject, role: FontRole) -> None:
    """Pieces per subset, codes given on first use: the same in a document as reportlab's, over
    more characters than one subset holds, with no-break spaces and characters the face lacks."""
    alphabet = _some_characters(role, 400) + "\xa0 \U0002a6d6"
    texts = data.draw(st.lists(st.text(alphabet=st.sampled_from(alphabet), max_size=60), max_size=12))
    font = pdfmetrics.getFont(fonts.font_set().primary(role))
    outcomes = []
    for split in (ttfonts.TTFont.splitString, original_split_string):
        document = pdfdoc.PDFDocument()
        outcomes.append([split(font, text, document) for text in [*texts, *texts]])
    assert outcomes[0] == outcomes[1]


@settings(deadline=None)  # the first example loads the faces
@given(
    st.text(
        alphabet=st.sampled_from("协商议事，。ABC 123（）“”—\xa0")
        | st.characters(exclude_categories=("Cs",)),
        max_size=40,
    ),  # no lone surrogates: the encoded form is compared too, and they have none
    st.sampled_from([FontRole.BODY, FontRole.HEADING1, FontRole.TITLE]),
    st.sampled_from([9, 12.0, 16.0, 22]),
)
def test_string_widths_are_reportlabs(text: str, role: FontRole, size: float) -> None:
    font = pdfmetrics.getFont(fonts.font_set().primary(role))
    assert ttfonts.instanceStringWidthTTF(font, text, size) == original_string_width(font, text, size)
    assert font.stringWidth(text.encode(), size) == original_string_width(font, text.encode(), size)


def test_the_minutes_are_the_same_file_without_the_speedups(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rl_config, "invariant", 1)
    data = minutes(statements=6)
    fonts.reset_font_set()
    faster = build_minutes(data)
    fonts.reset_font_set()
    for name in reportlab_speedups._USERS:
        if hasattr(sys.modules[name], "fp_str"):
            monkeypatch.setattr(sys.modules[name], "fp_str", original_fp_str)
    monkeypatch.setattr(paragraph, "sameFrag", original_same_frag)
    monkeypatch.setattr(pdfdoc, "format", original_format)
    monkeypatch.setattr(pdfdoc, "pdfdocEnc", original_pdfdoc_enc)
    monkeypatch.setattr(ttfonts.TTFont, "splitString", original_split_string)
    monkeypatch.setattr(ttfonts, "instanceStringWidthTTF", original_string_width)
    plain = build_minutes(data)
    assert plain == faster
    fonts.reset_font_set()


def test_streams_are_deflated_at_the_quick_level_and_read_back() -> None:
    """Page and font streams at deflate level 1: a valid stream, a little larger than level 6."""
    reportlab_speedups.install_speedups()
    assert pdfdoc.PDFStreamFilterZCompress.encode is reportlab_speedups.flate
    text = "BT /F1 12 Tf 72 720 Td (协商议事 minutes) Tj ET\n" * 200
    packed = pdfdoc.PDFZCompress.encode(text)
    assert zlib.decompress(packed) == text.encode("utf8")
    assert packed == zlib.compress(text.encode("utf8"), 1) != zlib.compress(text.encode("utf8"))
    pdf = build_minutes(minutes(statements=6))
    assert PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
