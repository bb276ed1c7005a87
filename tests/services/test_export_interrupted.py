"""A crash between putting the package on the stick and logging it: the next export settles it."""

from __future__ import annotations

import hashlib
import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from station_app.domain.progress import run_to_end
from station_app.services import export, export_pending
from station_app.services.consultations import TopicInput, create_topic
from station_app.services.export import NothingToExportError, export_package
from station_app.storage.engine import Database
from station_app.storage.local import ExportLogEntry
from station_app.sync import drives
from station_app.sync.package import verify_package_bytes

TODAY = date(2026, 11, 26)


class Killed(BaseException):
    """Stands for SIGKILL: no cleanup code of the program runs after it."""


def _topic(db: Database, title: str) -> str:
    return create_topic(db, TopicInput(title, "群众点题", "养老服务", date(2026, 3, 5)), today=TODAY)


def _crash_after_rename(db: Database, stick: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run an export that dies right after the rename, before the log is written."""
    with monkeypatch.context() as patch:
        patch.setattr(export, "_record", lambda *_: (_ for _ in ()).throw(Killed()))
        patch.setattr(export, "_remove_quietly", lambda path: None)
        patch.setattr(export_pending, "clear_marker", lambda: None)
        with pytest.raises(Killed):
            run_to_end(export_package(db, stick))
    (package,) = sorted(stick.glob("*.jzsync"))
    return package


def _log(db: Database) -> list[tuple[int, str]]:
    with db.session() as session:
        rows = session.scalars(select(ExportLogEntry).order_by(ExportLogEntry.sequence))
        return [(row.sequence, row.sha256) for row in rows]


def test_a_package_on_the_stick_is_adopted(
    station_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stick = tmp_path / "U盘"
    stick.mkdir()
    _topic(station_db, "院坝老年食堂")
    package = _crash_after_rename(station_db, stick, monkeypatch)
    assert export_pending.marker_path().exists() and _log(station_db) == []
    with pytest.raises(NothingToExportError):  # settled first: the changes already left in #1
        run_to_end(export_package(station_db, stick))
    assert _log(station_db) == [(1, hashlib.sha256(package.read_bytes()).hexdigest())]
    assert not export_pending.marker_path().exists()
    _topic(station_db, "通组路硬化")
    second = run_to_end(export_package(station_db, stick))
    assert second.sequence == 2 and second.counts == {"consultation": 1}


def test_a_rename_that_never_happened_frees_the_number(
    station_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stick = tmp_path / "U盘"
    stick.mkdir()
    _topic(station_db, "院坝老年食堂")
    _crash_after_rename(station_db, stick, monkeypatch).unlink()  # died before the rename
    result = run_to_end(export_package(station_db, stick))
    assert result.sequence == 1 and result.counts == {"consultation": 1}


def test_a_stick_taken_away_keeps_the_number_and_resends_the_changes(
    station_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first_stick, second_stick = tmp_path / "U盘一", tmp_path / "U盘二"
    first_stick.mkdir()
    second_stick.mkdir()
    _topic(station_db, "院坝老年食堂")
    orphan = _crash_after_rename(station_db, first_stick, monkeypatch)
    kept = tmp_path / "别处" / orphan.name
    kept.parent.mkdir()
    shutil.move(orphan, kept)
    shutil.rmtree(first_stick)  # the stick is not here any more
    result = run_to_end(export_package(station_db, second_stick))
    assert result.sequence == 2 and result.counts == {"consultation": 1}
    manifest = verify_package_bytes(result.path.read_bytes())
    assert manifest.previous_sha256 == hashlib.sha256(kept.read_bytes()).hexdigest()
    assert [seq for seq, _ in _log(station_db)] == [1, 2]


def test_leftovers_of_an_interrupted_write_are_cleared(tmp_path: Path) -> None:
    stick = tmp_path / "U盘"
    stick.mkdir()
    (stick / f"{drives.PROBE_PREFIX}dead.tmp").write_bytes(b"")
    (stick / "511102004-000003-abcd1234.jzsync.part").write_bytes(b"half")
    (stick / "别人的文件.part").write_bytes(b"keep")
    drives.check_target(stick, 0)
    assert sorted(p.name for p in stick.iterdir()) == ["别人的文件.part"]
