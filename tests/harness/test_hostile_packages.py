"""Hostile packages: every mutation of a real package is refused with a Chinese reason, the hub's
database stays exactly as it was, and nothing but a KnownError escapes."""

from __future__ import annotations

import re
import traceback
from collections import Counter
from pathlib import Path

from sqlalchemy import select

from station_app.domain.progress import run_to_end
from station_app.hub.importer import ACCEPTED, ALREADY, REFUSED, import_packages
from station_app.hub.keys import ensure_hub_keys
from station_app.services import keys
from station_app.storage.engine import Database
from station_app.storage.models import Base as Model
from tests.hub.hub_world import DAFO, Hub, Station, fill, make_hub, make_station, using

from . import report, scaled
from .hostile import Base, generate

CJK = re.compile(r"[\u4e00-\u9fff]")


def dump(db: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every table, rows ordered by primary key."""
    found: dict[str, list[tuple[object, ...]]] = {}
    with db.engine.connect() as connection:
        for table in Model.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            found[table.name] = [tuple(r) for r in connection.execute(select(table).order_by(*order))]
    return found


def _world(root: Path, template: Path) -> tuple[Hub, Station, Base]:
    hub = make_hub(template, root, role="county", county="511102")
    station = make_station(template, root, DAFO, [hub.key_file])
    fill(station, 6, 1)
    (root / "out").mkdir()
    first = station.export(root / "out")
    fill(station, 3, 2)
    second = station.export(root / "out")
    with using(hub.folder):
        outcomes = run_to_end(import_packages(hub.db, [first], trust_new=True))
        assert [o.status for o in outcomes] == [ACCEPTED]
        identity = ensure_hub_keys().identity
    with using(station.folder):
        signing = keys.ensure_station_keys()
    return hub, station, Base.make(second.read_bytes(), first.read_bytes(), signing, identity)


def test_hostile_packages_are_refused_and_change_nothing(tmp_path: Path, migrated_template: Path) -> None:
    count = scaled(100, 2000)
    hub, _station, base = _world(tmp_path, migrated_template)
    before = dump(hub.db)
    folder = tmp_path / "cases"
    folder.mkdir()
    tried = refused = retried = 0
    by_family: Counter[str] = Counter()
    problems: list[str] = []
    with using(hub.folder):
        for index, case in enumerate(generate(base, count, seed=8)):
            tried += 1
            by_family[case.family] += 1
            retried += case.note.count("(retried)")
            path = folder / f"{index:05d}.jzsync"
            path.write_bytes(case.data)
            label = f"#{index} {case.family} ({case.note})"
            try:
                outcomes = run_to_end(import_packages(hub.db, [path]))
            except Exception:  # anything at all escaping is what this test is for
                problems.append(f"{label}: escaped {traceback.format_exc(limit=3)}")
                continue
            finally:
                path.unlink()
            [outcome] = outcomes
            if outcome.status != REFUSED:
                problems.append(f"{label}: {outcome.status} {outcome.reason_zh}")
            elif not CJK.search(outcome.reason_zh):
                problems.append(f"{label}: reason without Chinese: {outcome.reason_zh!r}")
            else:
                refused += 1
            if dump(hub.db) != before:
                problems.append(f"{label}: the hub database changed")
                break
        assert problems == [], "\n".join(problems[:30])
        # Controls: the untouched package re-imports as a no-op, then the real next package is accepted.
        replay = folder / "replay.jzsync"
        replay.write_bytes(base.imported)
        [again] = run_to_end(import_packages(hub.db, [replay]))
        assert again.status == ALREADY and dump(hub.db) == before
        good = folder / "good.jzsync"
        good.write_bytes(base.data)
        [accepted] = run_to_end(import_packages(hub.db, [good]))
    report(
        "hostile packages",
        tried=tried,
        refused=refused,
        lost=tried - refused,
        families=dict(sorted(by_family.items())),
        benign_mutants_redrawn=retried,
        problems=len(problems),
    )
    assert accepted.status == ACCEPTED, accepted.reason_zh
    assert problems == [], "\n".join(problems[:30])
    assert refused == tried
