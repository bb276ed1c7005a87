"""Place names: two topics never become alike because they name the same town or county."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from station_app.domain import townships

_TOWN_ENDING = re.compile(r"(彝族乡|乡|镇|街道)$")
_COUNTY_ENDING = re.compile(r"(彝族自治县|自治县|县|区|市)$")


@cache
def leshan_places() -> frozenset[str]:
    """Every township and county of the list, with and without 镇/乡/街道/县/区."""
    names: set[str] = {"乐山", "乐山市"}
    for town in townships.load_townships():
        names.add(town.name)
        names.add(town.county_name)
        stem = _TOWN_ENDING.sub("", town.name)
        if len(stem) >= 2:
            names.add(stem)
        county = _COUNTY_ENDING.sub("", town.county_name)
        if len(county) >= 2:
            names.add(county)
    return frozenset(names)


def village_names(villages: Iterable[str]) -> set[str]:
    """The villages and communities the topics name (``village`` column), with their stems."""
    names: set[str] = set()
    for village in villages:
        village = village.strip()
        if len(village) < 2:
            continue
        names.add(village)
        stem = re.sub(r"(村民小组|居民小组|社区|村|组)$", "", village)
        if len(stem) >= 2:
            names.add(stem)
    return names
