from __future__ import annotations

from pathlib import Path

import pytest

from station_app.domain.townships import (
    Township,
    counties,
    load_townships,
    proposed_station_name,
    short_name,
    township_by_code,
    townships_of,
)
from station_app.errors import InputError

HEADER = "county_code,county_name,township_code,township_name,kind\n"


def test_shipped_list() -> None:
    townships = load_townships()
    assert len(townships) == 132
    codes = [t.code for t in townships]
    assert len(set(codes)) == 132
    assert all(len(code) == 9 and code.isdigit() for code in codes)
    assert all(t.code.startswith(t.county_code) for t in townships)
    assert {t.kind for t in townships} <= {"镇", "乡", "街道"}
    assert load_townships() is townships  # cached


def test_counties() -> None:
    found = counties()
    assert len(found) == 11
    assert found[0] == ("511102", "市中区")
    assert ("511181", "峨眉山市") in found
    assert sum(len(townships_of(code)) for code, _ in found) == 132


def test_lookup_and_names() -> None:
    dafo = township_by_code(" 511102004 ")
    assert dafo == Township("511102", "市中区", "511102004", "大佛街道", "街道")
    assert short_name(dafo) == "大佛街道"
    assert proposed_station_name(dafo) == "市中区大佛街道政协工作联络站"
    assert dafo in townships_of("511102")
    assert townships_of("999999") == []
    with pytest.raises(InputError, match="没有找到区划代码为 511102999 的乡镇（街道）"):
        township_by_code("511102999")


def test_load_from_path(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(HEADER + "511102,市中区,511102004,大佛街道,街道\n\n", encoding="utf-8")
    assert load_townships(path) == (Township("511102", "市中区", "511102004", "大佛街道", "街道"),)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("a,b,c\n", "表头不正确"),
        (HEADER + "511102,市中区,51110200,大佛街道,街道\n", "区划代码或名称不正确"),
        (HEADER + "511102,市中区,511111004,大佛街道,街道\n", "区划代码或名称不正确"),
        (HEADER + "511102,市中区,511102004,大佛街道\n", "列数不对"),
        (HEADER + "511102,市中区,511102004,大佛街道,街道\n" * 2, "重复"),
    ],
)
def test_bad_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "list.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_townships(path)


def test_missing_or_misencoded_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="无法读取"):
        load_townships(tmp_path / "nothing.csv")
    path = tmp_path / "gbk.csv"
    path.write_bytes((HEADER + "511102,市中区,511102004,大佛街道,街道\n").encode("gbk"))
    with pytest.raises(InputError, match="UTF-8"):
        load_townships(path)
