"""The shortcuts a print takes give what the long way gives: a text's font runs, reportlab's cleaned
markup, a subset's checksum, the remembered character widths (also after a face changes)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from reportlab.lib.rl_accel import calcChecksum
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus.paragraph import cleanBlockQuotedText

from station_app.documents import fonts, layout
from station_app.documents.cjk_lines import char_widths
from station_app.documents.fonts import FontRole, MissingGlyphsError, font_set
from station_app.documents.subset_maker import checksum

from .test_fonts import _fallback_only


def _runs_one_by_one(text: str, role: FontRole) -> list[tuple[str, str]]:
    """``fonts.runs`` as it was: every character looked up."""
    found = font_set()
    current = found.primary(role)
    out: list[tuple[str, str]] = []
    buffer: list[str] = []
    for char in text:
        if char == " " or ord(char) < 0x20:
            name = current
        else:
            drawn = found.draw_font(char, role)
            if drawn is None:
                raise MissingGlyphsError(char)
            name = drawn
        if name != current and buffer:
            out.append((current, "".join(buffer)))
            buffer = []
        current = name
        buffer.append(char)
    if buffer:
        out.append((current, "".join(buffer)))
    return out


@pytest.fixture(scope="module")
def rare() -> Iterator[str]:
    yield _fallback_only()


@settings(max_examples=80, deadline=None)
@given(
    pieces=st.lists(
        st.sampled_from(["协商", "议事", " ", "\t", "A1", "，", "R", "—", "\n", "𠀀"]), max_size=9
    ),
    role=st.sampled_from([FontRole.BODY, FontRole.HEADING1, FontRole.HEADING2, FontRole.TITLE]),
)
def test_runs_are_those_found_character_by_character(pieces: list[str], role: FontRole, rare: str) -> None:
    text = "".join(rare if p == "R" else p for p in pieces)
    for _ in range(2):  # characters first met, then known
        try:
            expected: object = _runs_one_by_one(text, role)
        except MissingGlyphsError as exc:
            expected = exc.characters
        try:
            got: object = list(fonts.runs(text, role))
        except MissingGlyphsError as exc:
            got = exc.characters
        assert got == expected


BLANKS = "\t\n\r\x0b\x0c\x1c\x85\xa0\u200b\u2028\u3000"


@given(st.text(alphabet=st.sampled_from(f"协商 A，{BLANKS}"), max_size=30))
@example("协  商")
@example(" 协商")
@example("协商 ")
@example("协\u200b商")
@example("协\xa0商")
@example("协 商")
def test_markup_left_alone_only_when_reportlab_would_leave_it(markup: str) -> None:
    assert layout._changed_by_cleaning(markup) == (cleanBlockQuotedText(markup) != markup)


def test_the_folded_blanks_are_reportlabs_and_pythons() -> None:
    from reportlab.platypus.paragraph import _wsc

    every = {chr(c) for c in range(0x110000)}
    assert {c for c in every if c != " " and (c.isspace() or c in _wsc)} == layout._FOLDED


@given(st.binary(max_size=70))
def test_checksums_are_reportlabs(data: bytes) -> None:
    assert checksum(data) == calcChecksum(data)


def test_widths_follow_a_face_put_under_the_same_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """A name that comes to stand for another face (reportlab keeps the first registration, but a
    test or a reset may swap it) is measured with that face, not with the widths remembered."""
    body = pdfmetrics.getFont(font_set().primary(FontRole.BODY))
    heading = pdfmetrics.getFont(font_set().primary(FontRole.HEADING1))
    text = "协商议事ABC，1"
    name = "ShortcutTest-Face"
    for font in (body, heading, body):
        monkeypatch.setitem(pdfmetrics._fonts, name, font)
        assert char_widths(text, name, 16.0) == [pdfmetrics.stringWidth(c, font.fontName, 16.0) for c in text]
    assert char_widths(text, body.fontName, 16.0) != char_widths(text, heading.fontName, 16.0)


def test_runs_after_a_face_turns_out_unreadable(monkeypatch: pytest.MonkeyPatch, rare: str) -> None:
    """A fallback face that cannot be read after all is dropped: the characters already known are
    looked up again, and a text in the primary face is still one run."""
    fonts.reset_font_set()
    found = font_set()
    common = "协商议事，会议纪要"
    assert list(fonts.runs(common, FontRole.BODY)) == [(found.primary(FontRole.BODY), common)]
    fallback = found.font_for(rare, FontRole.BODY)
    assert fallback is not None and fallback.name != found.primary(FontRole.BODY)

    def unreadable() -> bool:
        fallback.broken = True
        return False

    monkeypatch.setattr(fallback, "register", unreadable)
    text = common + rare + common
    try:
        expected: object = _runs_one_by_one(text, FontRole.BODY)
    except MissingGlyphsError as exc:
        expected = exc.characters
    try:
        got: object = list(fonts.runs(text, FontRole.BODY))
    except MissingGlyphsError as exc:
        got = exc.characters
    assert got == expected
    assert all(name != fallback.name for name, _ in (got if isinstance(got, list) else []))
    assert list(fonts.runs(common, FontRole.BODY)) == [(found.primary(FontRole.BODY), common)]
    monkeypatch.undo()
    fonts.reset_font_set()
