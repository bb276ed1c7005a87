"""Leshan's township and county codes on the command line: the list, and what to type instead of
a code that is not one."""

from __future__ import annotations

import argparse

from station_app.cli.columns import display_width, padded
from station_app.domain.classifications import ROLE_COUNTY, ROLE_STATION
from station_app.domain.townships import counties, load_townships
from station_app.errors import InputError
from station_app.services.station import SetupRequest


def code_hint(request: SetupRequest) -> str:
    """What to type instead of a code that is not one: the code of a township typed by name, the
    role a county's code is for, or how to look codes up."""
    typed = (request.township_code if request.role == ROLE_STATION else request.county_code).strip()
    named = [t for t in load_townships() if typed and typed in t.name]
    if request.role == ROLE_STATION and 0 < len(named) <= 5:
        codes = "、".join(f"{t.county_name}{t.name} {t.code}" for t in named)
        one = "这个" if len(named) == 1 else "其中一个"
        return f"按名称找到：{codes}，请用 --township-code 加{one}9位代码。"
    if request.role == ROLE_COUNTY:
        by_name = [(code, name) for code, name in counties() if typed and typed in name]
        if 0 < len(by_name) <= 3:
            found = "、".join(f"{name} {code}" for code, name in by_name)
            return f"按名称找到：{found}，请用 --county-code 加6位代码。"
        town = next((t for t in load_townships() if t.code == typed), None)
        if town is not None:
            return f"{typed} 是{town.name}的乡镇代码，它所在的{town.county_name}是 {town.county_code}。"
    county = dict(counties()).get(typed)
    if request.role == ROLE_STATION and county:
        return (
            f"{typed} 是{county}（县级）的代码：乡镇联络站要用乡镇（街道）的9位代码"
            f"（station-app townships {county} 可查）；"
            f"县（区）政协汇总请用 --role county --county-code {typed}。"
        )
    return "可用 station-app townships 名称（如 townships 牟子）查代码。"


def cmd_townships(args: argparse.Namespace) -> int:
    """The shipped list, or the townships and counties whose name or code holds ``word``."""
    word = args.word.strip()
    if word in ("乐山", "乐山市"):  # the list is Leshan's: its name alone asks for all of it
        word = ""
    found = [
        t
        for t in load_townships()
        if not word or word in t.name or word in t.county_name or word in t.code or word in t.county_code
    ]
    if not found:
        raise InputError(
            f"乐山市没有名称或代码含「{word}」的乡镇（街道）（名单只有乐山市的 11 个县（市、区））。"
            "不带名称运行 station-app townships 列出全部。"
        )
    rows = [("乡镇代码", "乡镇（街道）", "县代码", "县（市、区）")]
    rows += [(t.code, t.name, t.county_code, t.county_name) for t in found]
    widths = [max(display_width(row[i]) for row in rows) for i in range(3)]
    for row in rows:  # lined up in a terminal, where a Chinese character takes two columns
        print("  ".join([*(padded(cell, width) for cell, width in zip(row, widths, strict=False)), row[3]]))
    counties = len({t.county_code for t in found})
    print(f"共 {len(found)} 个乡镇（街道），属 {counties} 个县（市、区）")
    return 0
