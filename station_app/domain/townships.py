"""The shipped list of Leshan's 132 乡镇（街道） (NBS 统计用区划代码, 2023 edition).

The file is read, never retyped: ``resources/leshan_townships.csv``.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from station_app import paths
from station_app.errors import InputError, UnknownPlaceError

FILE_NAME = "leshan_townships.csv"
HEADER = ("county_code", "county_name", "township_code", "township_name", "kind")
_COUNTY_CODE_RE = re.compile(r"\d{6}")
_TOWNSHIP_CODE_RE = re.compile(r"\d{9}")


@dataclass(frozen=True)
class Township:
    county_code: str
    county_name: str
    code: str
    name: str
    kind: str  # 镇, 乡 or 街道


def _parse(path: Path) -> tuple[Township, ...]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    except OSError:
        raise InputError(f"无法读取乡镇名单文件：{path}") from None
    except UnicodeDecodeError:
        raise InputError(f"乡镇名单文件不是 UTF-8 编码：{path}") from None
    if not rows or tuple(cell.strip() for cell in rows[0]) != HEADER:
        raise InputError(f"乡镇名单文件的表头不正确，应为 {','.join(HEADER)}：{path}")
    result: list[Township] = []
    seen: set[str] = set()
    for line_no, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # a trailing blank line is harmless
        cells = [cell.strip() for cell in row]
        if len(cells) != len(HEADER):
            raise InputError(f"乡镇名单文件第{line_no}行的列数不对：{path}")
        county_code, county_name, code, name, kind = cells
        if not (
            _COUNTY_CODE_RE.fullmatch(county_code)
            and _TOWNSHIP_CODE_RE.fullmatch(code)
            and code.startswith(county_code)
            and county_name
            and name
        ):
            raise InputError(f"乡镇名单文件第{line_no}行的区划代码或名称不正确：{path}")
        if code in seen:
            raise InputError(f"乡镇名单文件第{line_no}行的区划代码 {code} 重复：{path}")
        seen.add(code)
        result.append(Township(county_code, county_name, code, name, kind))
    return tuple(result)


@functools.lru_cache(maxsize=1)
def _default() -> tuple[Township, ...]:
    return _parse(paths.resources_dir() / FILE_NAME)


def load_townships(path: Path | None = None) -> tuple[Township, ...]:
    """All townships in file order; the shipped list (cached) when ``path`` is not given."""
    return _default() if path is None else _parse(path)


def township_by_code(code: str) -> Township:
    wanted = code.strip()
    for township in load_townships():
        if township.code == wanted:
            return township
    raise UnknownPlaceError(f"没有找到区划代码为 {wanted} 的乡镇（街道）。")


def counties() -> list[tuple[str, str]]:
    """(code, name) of every county-level division, in file order."""
    seen: dict[str, str] = {}
    for township in load_townships():
        seen.setdefault(township.county_code, township.county_name)
    return list(seen.items())


def townships_of(county_code: str) -> list[Township]:
    return [t for t in load_townships() if t.county_code == county_code.strip()]


def short_name(t: Township) -> str:
    """The name used as a document-number prefix, e.g. 大佛街道."""
    return t.name


def proposed_station_name(t: Township) -> str:
    """The default station name, e.g. 市中区大佛街道政协工作联络站."""
    return f"{t.county_name}{t.name}政协工作联络站"
