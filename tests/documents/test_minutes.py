from __future__ import annotations

import re
from dataclasses import replace

import pytest

from station_app.documents import build_minutes
from station_app.documents.data import Statement, strings_of
from station_app.documents.layout import (
    CANNOT_END,
    CANNOT_START,
    MARGIN_LEFT,
    MARGIN_TOP,
    TYPE_HEIGHT,
    TYPE_WIDTH,
)
from station_app.documents.minutes import cn_number

from .pdfcheck import MM, embedded_font_files, lines_of, page_chars, page_texts, reader, squash
from .samples import minutes


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    return build_minutes(minutes(statements=12))


def test_pages_are_a4(long_pdf: bytes) -> None:
    for page in reader(long_pdf).pages:
        assert float(page.mediabox.width) == pytest.approx(595.28, abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(841.89, abs=0.5)


def test_every_page_is_numbered(long_pdf: bytes) -> None:
    texts = page_texts(long_pdf)
    assert len(texts) >= 3
    for n, text in enumerate(texts, 1):
        assert re.search(rf"—\s*{n}\s*—", text), f"page {n} lacks its number"


def test_page_numbers_sit_below_the_type_area_on_the_outer_side(long_pdf: bytes) -> None:
    for n, (width, _height, chars) in enumerate(page_chars(long_pdf), 1):
        number = [c for c in chars if c["top"] > MARGIN_TOP + TYPE_HEIGHT]
        assert number, f"page {n}"
        top = min(c["top"] for c in number)
        assert top >= MARGIN_TOP + TYPE_HEIGHT + 5 * MM
        middle = (min(c["x0"] for c in number) + max(c["x1"] for c in number)) / 2
        assert (middle > width / 2) == (n % 2 == 1)


def test_type_area_within_margins(long_pdf: bytes) -> None:
    tolerance = 1 * MM
    for _width, _height, chars in page_chars(long_pdf):
        body = [c for c in chars if c["top"] < MARGIN_TOP + TYPE_HEIGHT and c["text"].strip()]
        assert body
        assert min(c["x0"] for c in body) >= MARGIN_LEFT - tolerance
        assert max(c["x1"] for c in body) <= MARGIN_LEFT + TYPE_WIDTH + tolerance
        assert min(c["top"] for c in body) >= MARGIN_TOP - tolerance
        assert max(c["bottom"] for c in body) <= MARGIN_TOP + TYPE_HEIGHT + tolerance


def test_about_22_body_lines_a_page(long_pdf: bytes) -> None:
    # Page 2 holds statements only: full body lines, 28.9 pt apart.
    _width, _height, chars = page_chars(long_pdf)[1]
    body = [c for c in chars if c["top"] < MARGIN_TOP + TYPE_HEIGHT]
    assert 20 <= len(lines_of(body)) <= 22


def test_every_character_of_the_record_is_printed() -> None:
    data = minutes(statements=5)
    text = squash("".join(page_texts(build_minutes(data, mask_phones=False))))
    for value in strings_of(data):
        for char in squash(value):
            assert char in text, f"{char!r} from {value!r} is missing"
    for part in (
        "一、基本情况",
        "二、协商情况",
        "三、形成共识",
        "四、下步措施",
        "（三）",
        "协商议事会议纪要",
        "主持人（签字）",
        "记录人（签字）",
        "出席：",
        "请假：",
        "列席：",
        "2026年3月6日",
    ):
        assert part in text


def test_statements_and_groups_are_laid_out_as_minutes() -> None:
    data = minutes(statements=2)
    text = squash("".join(page_texts(build_minutes(data))))
    first = data.statements[0]
    assert squash(f"{first.speaker}（{first.category}）：第1位发言") in text
    assert re.search(r"出席：[^。]*政协委员：[^；。]+、", text)


def test_fonts_are_embedded(long_pdf: bytes) -> None:
    fonts = embedded_font_files(long_pdf)
    assert fonts
    assert all(fonts.values()), fonts


def test_no_line_breaks_against_the_rules(long_pdf: bytes) -> None:
    checked = 0
    for _, _, chars in page_chars(long_pdf):
        body = [c for c in chars if c["top"] < MARGIN_TOP + TYPE_HEIGHT]  # not the page number
        for line in lines_of(body):
            checked += 1
            assert line[0] not in CANNOT_START, line
            assert line[-1] not in CANNOT_END, line
    assert checked > 50


def test_phones_masked_by_default() -> None:
    data = minutes(statements=3)
    text = squash("".join(page_texts(build_minutes(data))))
    phone = data.participants[1].phone
    assert phone not in text
    assert f"{phone[:3]}****{phone[-4:]}" in text
    assert "13812345001" in text  # a number quoted in a statement is printed as said


def test_phones_shown_when_asked() -> None:
    data = minutes(statements=3)
    text = squash("".join(page_texts(build_minutes(data, mask_phones=False))))
    assert data.participants[1].phone in text
    assert "****" not in text


def test_only_phone_fields_are_masked() -> None:
    said = Statement("王建国", "政协委员", "请拨打街道值班电话0833-2123456或13812345678反映。")
    data = replace(minutes(statements=0), statements=(said,), background="热线0833-2123456。")
    text = squash("".join(page_texts(build_minutes(data))))
    assert "0833-2123456或13812345678" in text and "热线0833-2123456" in text
    phone = data.participants[0].phone
    assert phone not in text and f"{phone[:3]}****{phone[-4:]}" in text


def test_metadata(long_pdf: bytes) -> None:
    meta = reader(long_pdf).metadata
    assert meta is not None
    assert meta.title == "乐山市市中区大佛街道政协工作联络站协商议事会议纪要"
    assert meta.author == "乐山市市中区大佛街道政协工作联络站"
    assert meta.creator == "station-app"
    assert "老旧小区" in (meta.subject or "")
    assert meta.creation_date is not None


def _big_text(pdf: bytes) -> str:
    return "".join(c["text"] for _, _, chars in page_chars(pdf) for c in chars if c["size"] > 40)


def test_draft_is_marked_on_every_page_and_final_is_not() -> None:
    draft = build_minutes(minutes(statements=8, finalised=False))
    assert _big_text(draft) == "草稿" * len(reader(draft).pages)
    assert _big_text(build_minutes(minutes(statements=8, finalised=True))) == ""


@pytest.mark.parametrize(("n", "text"), [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (35, "三十五")])
def test_cn_number(n: int, text: str) -> None:
    assert cn_number(n) == text
