"""Hostile backups: ``restore --yes`` refuses every backup that is not this station's own, sound
database of our own schema, and keeps the current data byte for byte.

Families (made from a real backup of the station): a trigger on a table (full run: five kinds on
every table), a view or an extra index (full run: on every table), an extra table, a dropped table
or index, a foreign-key break, an unknown revision, a missing station row, another township's
backup, a county hub's backup, a damaged file. A clean backup restores, and another station's
backup restores only with ``--move``.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from station_app.services.restore_check import identity_of
from tests.people import COUNTY_SETUP

from . import report, scaled
from .probe import run_cli, snapshot

Mutation = Callable[[sqlite3.Connection], None]


@dataclass(frozen=True)
class Case:
    family: str
    note: str
    mutate: Mutation | None = None
    source: str = "own"  # own / other / county
    words: str = "不能用这个文件恢复"


def _sql(*statements: str) -> Mutation:
    def mutate(con: sqlite3.Connection) -> None:
        con.execute("PRAGMA foreign_keys=OFF")
        for statement in statements:
            con.execute(statement)
        con.commit()

    return mutate


def _extra_index(table: str) -> Mutation:
    def mutate(con: sqlite3.Connection) -> None:
        first = con.execute(f'PRAGMA table_info("{table}")').fetchone()[1]
        con.execute(f'CREATE INDEX "ix_extra_{table}" ON "{table}" ("{first}")')
        con.commit()

    return mutate


def _tables(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        rows = con.execute(
            "select name from sqlite_master where type='table' and name not like 'sqlite_%'"
            " and name not like 'search_%' and sql not like 'CREATE VIRTUAL%' order by name"
        ).fetchall()
    finally:
        con.close()
    return [str(r[0]) for r in rows]


def cases(template: Path) -> Iterator[Case]:
    tables = _tables(template)
    for table in tables:
        for when in ("AFTER UPDATE", "BEFORE INSERT", "AFTER DELETE", "BEFORE UPDATE", "AFTER INSERT"):
            yield Case(
                "trigger",
                f"{when} ON {table}",
                _sql(
                    f'CREATE TRIGGER "t_{table}" {when} ON "{table}" BEGIN '
                    "UPDATE members SET name = '改掉了'; END"
                ),
            )
    for table in tables:
        yield Case("view", f"view of {table}", _sql(f'CREATE VIEW "v_{table}" AS SELECT * FROM "{table}"'))
        yield Case("extra index", f"index on {table}", _extra_index(table))
    yield Case("view", "view", _sql("CREATE VIEW v AS SELECT * FROM members"))
    yield Case("extra table", "table", _sql("CREATE TABLE mine (x)"))
    yield Case("dropped table", "consultations", _sql("DROP TABLE consultations"))
    yield Case("dropped table", "members", _sql("DROP TABLE research_members", "DROP TABLE members"))
    yield Case("dropped index", "index", _sql("DROP INDEX ix_consultations_status"))
    yield Case(
        "foreign keys",
        "topic of a missing report",
        _sql(
            "UPDATE consultations SET report_id = 'nobody'"
            " WHERE rowid = (SELECT min(rowid) FROM consultations)"
        ),
    )
    yield Case("revision", "unknown", _sql("UPDATE alembic_version SET version_num = 'zz_other'"), words="")
    yield Case("settings", "no station row", _sql("DELETE FROM station_settings"))
    yield Case("foreign station", "another township", source="other")
    yield Case("foreign station", "county hub", source="county")
    yield Case("damaged", "truncated", lambda con: None)


def _mutated(base: Path, case: Case, into: Path) -> Path:
    shutil.copyfile(base, into)
    if case.note == "truncated":
        data = into.read_bytes()
        into.write_bytes(data[: len(data) // 2])
    elif case.mutate is not None:
        con = sqlite3.connect(into)
        try:
            case.mutate(con)
        finally:
            con.close()
    return into


@pytest.fixture
def world(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Path]:
    """The station (大佛街道, with demo data) and a backup of each kind of source."""
    made: dict[str, Path] = {}
    for name, setup in (
        ("own", ["demo", "--township-code", "511102004", "--count", "4"]),
        ("other", ["demo", "--township-code", "511102006", "--count", "2"]),
        (
            "county",
            [*COUNTY_SETUP],
        ),
    ):
        folder = tmp_path / name
        outcome = run_cli(capsys, "--data-dir", str(folder), *setup)
        assert outcome.code == 0, outcome.err
        outcome = run_cli(capsys, "--data-dir", str(folder), "backup", "--out", str(tmp_path))
        assert outcome.code == 0, outcome.err
        made[name] = Path(outcome.out.strip().split("：", 1)[1])
    made["station"] = tmp_path / "own"
    return made


def test_hostile_backups_are_refused_and_keep_the_data(
    world: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    station = world["station"]
    every = list(cases(world["own"]))
    seen: Counter[str] = Counter()
    small = []
    for case in every:  # small run: two triggers, one view, one extra index, every other family
        seen[case.family] += 1
        if seen[case.family] <= {"trigger": 2, "view": 1, "extra index": 1}.get(case.family, 99):
            small.append(case)
    chosen = every if scaled(0, 1) else small
    before = snapshot(station)
    problems: list[str] = []
    families: Counter[str] = Counter()
    for index, case in enumerate(chosen):
        families[case.family] += 1
        hostile = _mutated(world[case.source], case, tmp_path / f"恶意-{index}.sqlite3")
        outcome = run_cli(capsys, "--data-dir", str(station), "restore", str(hostile), "--yes")
        problems += [f"{case.family} {case.note}: {p}" for p in outcome.refused(case.words)]
        if snapshot(station) != before:
            problems.append(f"{case.family} {case.note}: the data folder changed")
            break
    report(
        "hostile backups",
        tried=len(chosen),
        refused=len(chosen) - len(problems),
        lost=len(problems),
        families=dict(sorted(families.items())),
    )
    assert problems == [], "\n".join(problems)


def test_clean_backup_restores_and_a_move_needs_the_flag(
    world: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    station = world["station"]
    outcome = run_cli(capsys, "--data-dir", str(station), "restore", str(world["own"]), "--yes")
    assert outcome.code == 0, outcome.err
    outcome = run_cli(capsys, "--data-dir", str(station), "restore", str(world["other"]), "--yes")
    assert outcome.refused("--move") == []
    outcome = run_cli(capsys, "--data-dir", str(station), "restore", str(world["other"]), "--yes", "--move")
    assert outcome.code == 0, outcome.err
    moved = identity_of(station / "station.sqlite3")
    assert moved is not None and moved.township_code == "511102006"
