"""Station packages made once per module from real station databases; a fresh hub per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from station_app.services.consultations import TopicInput, update_topic
from station_app.storage.records import Consultation
from tests.hub.hub_world import (
    DAFO,
    TODAY,
    TONGJIANG,
    YUJIN,
    Hub,
    Station,
    fill,
    make_hub,
    make_station,
    using,
)


@dataclass
class World:
    template: Path
    hub_keys: Path  # the city hub's keys folder the packages are encrypted to
    county_keys: Path  # the 市中区 hub's keys folder
    stations: dict[str, Station]
    a: list[Path]  # 大佛街道: three packages, the second and third change earlier records
    b: list[Path]  # 通江街道 (市中区)
    c: list[Path]  # 玉津镇 (犍为县)


def _edit_first_topic(station: Station) -> None:
    with station.db.session() as session:
        row = session.scalars(select(Consultation).order_by(Consultation.number).limit(1)).one()
        topic = TopicInput(
            row.title + "（修改）",
            row.source,
            row.field,
            row.proposed_on or date(2026, 3, 1),
            row.village,
            row.proposer,
            row.description,
        )
        cid = row.id
    with using(station.folder):
        assert update_topic(station.db, cid, topic, today=TODAY)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> Iterator[World]:
    yield from build_world(tmp_path_factory, migrated_template)


def build_world(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> Iterator[World]:
    """Three real stations, each exporting real packages encrypted to the city and county hubs."""
    root = tmp_path_factory.mktemp("world")
    city = make_hub(migrated_template, root / "city")
    county = make_hub(migrated_template, root / "county", role="county", county="511102")
    city.db.dispose()
    county.db.dispose()
    out = root / "packages"
    out.mkdir()
    stations = {
        DAFO: make_station(migrated_template, root, DAFO, [county.key_file, city.key_file]),
        TONGJIANG: make_station(migrated_template, root, TONGJIANG, [county.key_file, city.key_file]),
        YUJIN: make_station(migrated_template, root, YUJIN, [city.key_file]),
    }
    a = stations[DAFO]
    fill(a, 10, 1)
    a.export(out)
    fill(a, 2, 2)
    _edit_first_topic(a)
    a.export(out)
    _edit_first_topic(a)
    a.export(out)
    for code, seed in ((TONGJIANG, 3), (YUJIN, 4)):
        fill(stations[code], 4, seed)
        stations[code].export(out)
    yield World(
        migrated_template,
        city.folder / "keys",
        county.folder / "keys",
        stations,
        list(a.packages),
        list(stations[TONGJIANG].packages),
        list(stations[YUJIN].packages),
    )
    for station in stations.values():
        station.db.dispose()


def fresh_hub(world: World, root: Path, *, role: str = "city", url: str | None = None) -> Hub:
    """A new hub database holding the keys the world's packages were encrypted to."""
    keys = world.hub_keys if role == "city" else world.county_keys
    folder = root / "hub"
    shutil.copytree(keys, folder / "keys")
    return make_hub(world.template, root, role=role, county="511102" if role == "county" else "", url=url)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def hub(request: pytest.FixtureRequest, world: World, tmp_path: Path) -> Iterator[Hub]:
    url = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    made = fresh_hub(world, tmp_path, url=url)
    with using(made.folder):
        yield made
    made.db.dispose()
