"""联络站密钥登记表 — the county office checks and files a station's public key on paper."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from station_app.documents import layout
from station_app.documents.data import KeyRegistrationData, strings_of
from station_app.documents.fonts import ensure_printable
from station_app.documents.layout import para, styles, table

DOC_TITLE = "政协工作联络站密钥登记表"
NOTE = (
    "说明：县（市、区）政协办公室收到本表后，应核对“公钥指纹”与联络站电脑上显示的指纹逐位一致，"
    "方可签字盖章并导入该公钥。本表一式两份，联络站和县（市、区）政协办公室各存一份。"
)
_LABEL = 38 * mm  # 「乡镇（街道）代码」 on one line
_BLANK = 12 * mm  # room for a signature or a stamp


def _date_to_write() -> Flowable:
    """「      年    月    日」 with room to write each part by hand (spaces would be folded away)."""
    s = styles()
    blanks = [34 * mm, 6 * mm, 16 * mm, 6 * mm, 16 * mm, 6 * mm]
    cells = [["", para("年", s.cell), "", para("月", s.cell), "", para("日", s.cell)]]
    form = Table(cells, colWidths=blanks, hAlign="RIGHT")
    form.setStyle(
        [
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            # The blank cells would otherwise name reportlab's default, a non-embedded Helvetica.
            ("FONTNAME", (0, 0), (-1, -1), s.cell.style.fontName),
        ]
    )
    return form


def document_title(station_name: str) -> str:
    """「乐山市市中区大佛街道政协工作联络站密钥登记表」: the station's name says 政协工作联络站 once."""
    suffix = (
        DOC_TITLE.removeprefix("政协工作联络站") if station_name.endswith("政协工作联络站") else DOC_TITLE
    )
    return f"{station_name}{suffix}"


def key_story(data: KeyRegistrationData) -> list[Flowable]:
    s = styles()
    value_width = layout.TYPE_WIDTH - _LABEL

    def row(label: str, value: str, style: layout.TextStyle | None = None) -> list[Any]:
        return [para(label, s.head), para(value, style or s.cell)]

    story: list[Flowable] = [para(DOC_TITLE, s.title), Spacer(1, 12)]
    station = table(
        [
            row("联络站名称", data.station_name),
            row("乡镇（街道）代码", data.township_code),
            row("所属县（市、区）", data.county_name),
            row("密钥生成时间", layout.cn_datetime(data.created_at)),
            row("公钥指纹", data.fingerprint_grouped, s.mono),
            row("公钥", data.public_key.strip(), s.mono),
            row("站长（签字）", ""),
            row("联络员（签字）", ""),
        ],
        [_LABEL, value_width],
        header=False,
        row_heights=[None] * 6 + [_BLANK, _BLANK],
    )
    story += [para("一、联络站填写", s.h1), Spacer(1, 4), station, Spacer(1, 12)]

    office = table(
        [
            row("核验人（签字）", ""),
            [para("核验日期", s.head), _date_to_write()],
            row("县（市、区）政协办公室（盖章）", ""),
        ],
        [_LABEL, value_width],
        header=False,
        row_heights=[_BLANK, _BLANK, 26 * mm],
    )
    story += [para("二、县（市、区）政协办公室填写", s.h1), Spacer(1, 4), office, Spacer(1, 10)]
    story.append(para(NOTE, s.cell))
    return story


def build_key_registration(data: KeyRegistrationData) -> bytes:
    ensure_printable(strings_of(data))
    return layout.render(
        key_story(data),
        title=document_title(data.station_name),
        author=data.station_name,
        subject=f"{DOC_TITLE}：{data.fingerprint_grouped}",
    )
