"""Each role prints in its own face, read back from the PDF: on a machine without Chinese fonts
(the shipped faces) and on a "Windows" machine whose font folder has the usual faces."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from station_app.documents import build_minutes, fonts
from station_app.documents.data import Participant

from .pdfcheck import page_texts, squash
from .samples import minutes


def _chars(pdf: bytes) -> list[dict[str, Any]]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [c for page in doc.pages for c in page.chars if c["text"].strip()]


def _faces_of(chars: list[dict[str, Any]], text: str, size: float) -> Counter[str]:
    """The faces (embedded names without the subset tag) that drew ``text`` at ``size``."""
    line = "".join(c["text"] for c in chars)
    faces: Counter[str] = Counter()
    start = line.find(text)
    while start >= 0:
        for c in chars[start : start + len(text)]:
            if abs(c["size"] - size) < 0.5:
                faces[c["fontname"].split("+", 1)[1]] += 1
        start = line.find(text, start + 1)
    return faces


def _role_faces(pdf: bytes) -> dict[str, set[str]]:
    chars = _chars(pdf)
    return {
        "title": set(_faces_of(chars, "协商议事会议纪要", 22)),
        "body": set(_faces_of(chars, "老旧管网已经使用了三十多年", 16)),
        "heading1": set(_faces_of(chars, "基本情况", 16)),
        "heading2": set(_faces_of(chars, "（政协委员）：", 16)),
        "page number": {c["fontname"].split("+", 1)[1] for c in chars if abs(c["size"] - 14) < 0.5},
    }


def test_without_chinese_system_fonts_each_role_has_its_shipped_face(no_system_fonts: None) -> None:
    faces = _role_faces(build_minutes(minutes(statements=3)))
    assert faces == {
        "title": {"FandolSong-Bold"},
        "body": {"FandolFang-Regular"},
        "heading1": {"WenQuanYiMicroHei-0"},
        "heading2": {"FandolKai-Regular"},
        "page number": {"FandolSong-Regular"},
    }


def test_the_machines_own_faces_come_first(windows_fonts: Path) -> None:
    faces = _role_faces(build_minutes(minutes(statements=3)))
    assert faces == {
        "title": {"FandolSong-Bold_FZXBSJW"},
        "body": {"FandolFang-Regular_simfang"},
        "heading1": {"WenQuanYiMicroHei_simhei-0"},
        "heading2": {"FandolKai-Regular_simkai"},
        "page number": {"FandolSong-Regular_simsun"},
    }


def test_a_role_falls_back_per_character(windows_fonts: Path) -> None:
    (windows_fonts / "simsun.ttc").unlink()  # no 宋体: page numbers in the shipped 宋体
    (windows_fonts / "FZXBSJW.TTF").unlink()
    fonts.reset_font_set()
    faces = _role_faces(build_minutes(minutes(statements=1)))
    assert faces["page number"] == {"FandolSong-Regular"}
    assert faces["title"] == {"FandolSong-Bold"}
    assert faces["body"] == {"FandolFang-Regular_simfang"}


RARE_NAMES = ("刘䶮", "𠈌家坝", "王𫖯")  # CJK Ext-A, Ext-B, Ext-C


@pytest.mark.parametrize("machine", ["no_system_fonts", "windows_fonts"])
def test_names_with_rare_ideographs_print(machine: str, request: pytest.FixtureRequest) -> None:
    request.getfixturevalue(machine)
    data = minutes(statements=1)
    people = (
        Participant("刘䶮", "政协委员", "嘉州社区", "", "出席"),
        Participant("王𫖯", "群众代表", "𠈌家坝村", "", "列席"),
    )
    data = replace(data, participants=data.participants + people, place="𠈌家坝村委会", chair="刘䶮")
    text = squash("".join(page_texts(build_minutes(data))))
    for name in RARE_NAMES:
        assert name in text
    assert fonts.missing_characters("".join(RARE_NAMES)) == set()
