"""Disk full and stick pulled out during export and backup, injected at the file-system calls.

Every Nth call to os.open / os.write / os.fsync / os.replace / open / shutil.copyfile (for N over the
calls one clean run makes) raises OSError with ENOSPC, EIO or ENOENT. Each run must either succeed
completely (a fault the program may ignore, such as an fsync of the folder) or raise a KnownError
with a Chinese message, leave the database (with the export log, the sync state) exactly as it was,
and leave no partial or unverified file in the target folder.
"""

from __future__ import annotations

import builtins
import errno
import os
import random
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from station_app.domain.progress import run_to_end
from station_app.errors import KnownError
from station_app.services.backups import backup_to
from station_app.services.demo import fill_demo
from station_app.services.export import export_package
from station_app.storage.engine import Database
from station_app.storage.models import Base as Model
from station_app.sync.package import verify_package_bytes

from . import report, scaled

CJK = re.compile(r"[\u4e00-\u9fff]")
ERRNOS = (errno.ENOSPC, errno.EIO, errno.ENOENT)
PATCHED = ("open", "write", "fsync", "replace")


def dump(db: Database) -> dict[str, list[tuple[object, ...]]]:
    found: dict[str, list[tuple[object, ...]]] = {}
    with db.engine.connect() as connection:
        for table in Model.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            found[table.name] = [tuple(r) for r in connection.execute(select(table).order_by(*order))]
    return found


class Faults:
    """Counts the file-system calls under ``root`` (all fd calls) and fails the ``fail_at``-th one."""

    def __init__(self, root: Path, fail_at: int = 0, code: int = errno.ENOSPC) -> None:
        self.root = str(root)
        self.fail_at = fail_at
        self.code = code
        self.calls = 0
        self.hit = ""

    def _ours(self, args: tuple[Any, ...]) -> bool:
        first = args[0] if args else None
        if isinstance(first, int):
            return True  # a file descriptor: os.write / os.fsync
        return isinstance(first, str | os.PathLike) and os.fspath(first).startswith(self.root)

    def wrap(self, name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            if self._ours(args):
                self.calls += 1
                if self.calls == self.fail_at:
                    self.hit = name
                    raise OSError(self.code, os.strerror(self.code), str(args[0]))
            return real(*args, **kwargs)

        return call


@contextmanager
def injected(monkeypatch: pytest.MonkeyPatch, faults: Faults) -> Iterator[Faults]:
    with monkeypatch.context() as patch:
        for name in PATCHED:
            patch.setattr(os, name, faults.wrap(f"os.{name}", getattr(os, name)))
        patch.setattr(builtins, "open", faults.wrap("open", builtins.open))
        patch.setattr(shutil, "copyfile", faults.wrap("shutil.copyfile", shutil.copyfile))
        yield faults


def _points(total: int, rng: random.Random) -> list[tuple[int, int]]:
    """(call number, errno) pairs: every call with every errno at full count, a sample otherwise."""
    every = [(n, code) for n in range(1, total + 1) for code in ERRNOS]
    wanted = scaled(12, len(every))
    return every if wanted >= len(every) else sorted(rng.sample(every, wanted))


def _left_over(folder: Path, before: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in before)


@pytest.fixture
def busy_station(station_db: Database) -> Database:
    run_to_end(fill_demo(station_db, count=12, seed=3, today=date(2026, 11, 26)))
    return station_db


def test_export_survives_disk_full_and_a_pulled_stick(
    busy_station: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = busy_station
    stick = tmp_path / "stick"
    stick.mkdir()
    with injected(monkeypatch, Faults(tmp_path)) as counting:
        clean = run_to_end(export_package(db, stick, full=True))
    clean.path.unlink()
    with db.engine.begin() as connection:  # forget the clean run: every faulty run starts alike
        connection.exec_driver_sql("DELETE FROM export_log")
    total = counting.calls
    assert total > 5
    tried = refused = succeeded = 0
    problems: list[str] = []
    for fail_at, code in _points(total, random.Random(4)):
        before = dump(db)
        files = {p.name for p in stick.iterdir()}
        tried += 1
        label = f"call {fail_at}/{total} {errno.errorcode[code]}"
        try:
            with injected(monkeypatch, Faults(tmp_path, fail_at, code)) as faults:
                result = run_to_end(export_package(db, stick, full=True))
        except KnownError as error:
            refused += 1
            if not CJK.search(error.message):
                problems.append(f"{label} at {faults.hit}: message without Chinese {error.message!r}")
            if dump(db) != before:
                problems.append(f"{label} at {faults.hit}: the database changed")
            if _left_over(stick, files):
                problems.append(f"{label} at {faults.hit}: left {_left_over(stick, files)}")
        except Exception as error:  # anything else is a bug
            problems.append(f"{label} at {faults.hit}: {type(error).__name__}: {error}")
        else:
            succeeded += 1  # the fault hit a call the program may tolerate: the result must be whole
            verify_package_bytes(result.path.read_bytes())
            if _left_over(stick, files) != [result.path.name]:
                problems.append(f"{label}: succeeded but left {_left_over(stick, files)}")
            result.path.unlink()
            with db.engine.begin() as connection:
                connection.exec_driver_sql("DELETE FROM export_log")
    report("fs faults: export", calls=total, tried=tried, refused=refused, tolerated=succeeded, lost=0)
    assert problems == [], "\n".join(problems[:20])
    assert refused > 0


def test_backup_survives_disk_full_and_a_pulled_stick(
    busy_station: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = busy_station
    db_file = tmp_path / "station.sqlite3"
    stick = tmp_path / "stick"
    stick.mkdir()
    with injected(monkeypatch, Faults(tmp_path)) as counting:
        backup_to(db_file, stick).unlink()
    total = counting.calls
    tried = refused = succeeded = 0
    problems: list[str] = []
    before = dump(db)
    points = _points(total, random.Random(5))
    # The copy itself is SQLite's own writing: a full disk there shows as sqlite3.OperationalError.
    points += [(-1, code) for code in (errno.ENOSPC,)]
    real_connect = sqlite3.connect
    for fail_at, code in points:
        tried += 1
        label = f"call {fail_at}/{total} {errno.errorcode[code]}"
        try:
            with injected(monkeypatch, Faults(tmp_path, fail_at, code)) as faults:
                if fail_at == -1:

                    def full_disk(target: object, *args: Any, **kwargs: Any) -> sqlite3.Connection:
                        if str(target).endswith(".part"):
                            raise sqlite3.OperationalError("database or disk is full")
                        return real_connect(target, *args, **kwargs)  # type: ignore[arg-type]

                    monkeypatch.setattr(sqlite3, "connect", full_disk)
                made = backup_to(db_file, stick)
        except KnownError as error:
            refused += 1
            if not CJK.search(error.message):
                problems.append(f"{label} at {faults.hit}: message without Chinese {error.message!r}")
            if list(stick.iterdir()):
                problems.append(f"{label} at {faults.hit}: left {sorted(p.name for p in stick.iterdir())}")
        except Exception as error:
            problems.append(f"{label} at {faults.hit}: {type(error).__name__}: {error}")
        else:
            succeeded += 1
            made.unlink()
        finally:
            monkeypatch.setattr(sqlite3, "connect", real_connect)
        if dump(db) != before:
            problems.append(f"{label}: the database changed")
    report("fs faults: backup", calls=total, tried=tried, refused=refused, tolerated=succeeded, lost=0)
    assert problems == [], "\n".join(problems[:20])
    assert refused > 0
