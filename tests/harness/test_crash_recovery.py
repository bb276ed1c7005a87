"""Crash harness: a busy station killed with SIGKILL at random moments loses nothing it reported.

After every kill: the database passes ``PRAGMA integrity_check`` and reopens; every transaction the
worker reported committed is there (at that revision or later); no file with a package's final name
verifies unless the export log has its sequence and hash (a ``.part`` never passes as a package);
and the next export carries every change since the last logged export.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from station_app import paths
from station_app.domain.classifications import FIELD_NAMES, SOURCES
from station_app.domain.progress import run_to_end
from station_app.errors import KnownError
from station_app.hub.importer import package_files
from station_app.services import consultations, export_pending, keys
from station_app.services.consultations import TopicInput
from station_app.services.export import NothingToExportError, export_package
from station_app.services.station import SetupRequest, setup_station
from station_app.storage.engine import Database
from station_app.storage.local import ExportLogEntry
from station_app.storage.migrate import head_revision, open_database
from station_app.storage.records import SYNCED_MODELS, Consultation, Meeting
from station_app.sync.crypto import AgeIdentity, OfficeKeyFile, SigningKey, write_office_key_file
from station_app.sync.manifest import StationInfo as PackageStation
from station_app.sync.package import (
    PackageContent,
    PackageHeader,
    build_package,
    open_package,
    verify_package_bytes,
)
from station_app.sync.records import SyncRecord

from . import report, scaled

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

REPO = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 26)
MODELS = {"consultation": Consultation, "meeting": Meeting}


@dataclass
class Tally:
    kills: int = 0
    committed: int = 0
    lost: int = 0
    exports_reported: int = 0
    imports_reported: int = 0
    part_files: int = 0
    orphans: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def _feedback_packages(folder: Path, office_signing: SigningKey, topic_ids: list[str]) -> None:
    """Two signed 办理反馈 packages from the county office to this station (sequence 1 and 2)."""
    folder.mkdir()
    previous: str | None = None
    for sequence in (1, 2):
        now = datetime.now(UTC)
        records = [
            SyncRecord(
                "receipt",
                str(uuid.uuid4()),
                1,
                now,
                False,
                {
                    "package_id": str(uuid.uuid4()),
                    "sequence": sequence,
                    "received_at": "2026-11-20T08:00:00Z",
                },
            ),
            *(
                SyncRecord(
                    "feedback",
                    str(uuid.uuid5(uuid.NAMESPACE_URL, cid)),
                    sequence,
                    now,
                    False,
                    {
                        "consultation_id": cid,
                        "result_code": "AB"[sequence - 1],
                        "reply_text": f"第{sequence}次答复",
                        "reply_on": "2026-11-20",
                        "author": "县政协",
                        "progress_note": f"进展{sequence}",
                    },
                )
                for cid in topic_ids
            ),
        ]
        header = PackageHeader(
            package_kind="hub-feedback",
            station=PackageStation("511102004", "大佛街道", "511102"),
            sequence=sequence,
            previous_sha256=previous,
            app_version="test",
            schema_revision=head_revision(),
            full=False,
        )
        data = build_package(PackageContent(header, records), office_signing)
        (folder / header.file_name).write_bytes(data)
        previous = hashlib.sha256(data).hexdigest()


def _prepare(data_dir: Path) -> tuple[Database, AgeIdentity, Path]:
    data_dir.mkdir(parents=True, exist_ok=True)
    db = open_database(None)
    setup_station(db, SetupRequest(township_code="511102004", head_name="李明", clerk_name="王芳"))
    keys.ensure_station_keys()
    office_identity, office_signing = AgeIdentity.generate(), SigningKey.generate()
    key_file = data_dir.parent / "office-key.json"
    write_office_key_file(
        key_file,
        OfficeKeyFile.create("市中区政协办公室", "511102", "county", office_identity, office_signing),
    )
    keys.add_recipient(key_file)
    topic_ids = [
        consultations.create_topic(
            db,
            TopicInput(title=f"起始议题{i}", source=SOURCES[0], field=FIELD_NAMES[0], proposed_on=TODAY),
            today=TODAY,
        )
        for i in range(3)
    ]
    feedback = data_dir.parent / "feedback"
    _feedback_packages(feedback, office_signing, topic_ids)
    return db, office_identity, feedback


def _run_and_kill(stick: Path, feedback: Path, seed: int, rng: random.Random) -> list[str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # start-up is most of each round; keep compiled modules
    env.setdefault("PYTHONPYCACHEPREFIX", str(Path(paths.data_dir()).parent / "pycache"))
    command = [sys.executable, "-m", "tests.harness.crash_worker", str(stick), str(feedback), str(seed)]
    errors_file = stick.parent / "worker-stderr.txt"
    lines: list[str] = []
    ready = threading.Event()
    with (
        errors_file.open("w", encoding="utf-8") as errors,
        subprocess.Popen(
            command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=errors, text=True
        ) as child,
    ):

        def reader() -> None:
            assert child.stdout is not None
            for line in child.stdout:
                lines.append(line.strip())
                if line.startswith("READY"):
                    ready.set()

        thread = threading.Thread(target=reader, daemon=True)
        thread.start()
        started = ready.wait(60)
        if started:
            time.sleep(rng.uniform(0.02, 1.5))
        child.send_signal(signal.SIGKILL)
        child.wait(30)
        thread.join(10)
    text = errors_file.read_text("utf-8")
    assert started, f"the worker did not start:\n{text[-3000:]}"
    assert child.returncode == -signal.SIGKILL, f"the worker stopped by itself:\n{text[-3000:]}"
    return lines


def _check_database(db_file: Path, lines: list[str], tally: Tally) -> Database:
    with sqlite3.connect(db_file) as raw:
        result = raw.execute("PRAGMA integrity_check").fetchall()
    if result != [("ok",)]:
        tally.failures.append(f"integrity_check: {result[:5]}")
    db = open_database(None)
    with db.session() as session:
        for line in lines:
            if not line.startswith("COMMITTED "):
                continue
            _, kind, row_id, revision = line.split()
            tally.committed += 1
            row = session.get(MODELS[kind], row_id)
            if row is None or row.revision < int(revision):
                tally.lost += 1
                tally.failures.append(f"lost {line} (found revision {None if row is None else row.revision})")
    tally.exports_reported += sum(line.startswith("EXPORTED ") for line in lines)
    tally.imports_reported += sum(line.startswith("IMPORTED ") for line in lines)
    return db


def _check_stick(db: Database, stick: Path, tally: Tally) -> None:
    # What the program does first on its next export: settle an export cut between rename and log.
    export_pending.settle(db)
    with db.session() as session:
        logged = {row.sequence: row.sha256 for row in session.scalars(select(ExportLogEntry))}
    listed = set(package_files([stick]))
    for path in sorted(stick.iterdir()):
        if path.name.endswith(".part"):
            tally.part_files += 1
            if path in listed:
                tally.failures.append(f"a .part file is taken for a package: {path.name}")
            path.unlink()  # what the clerk's next export overwrites anyway
            continue
        if not path.name.endswith(".jzsync"):
            continue  # a probe file left by a kill: removed by the next export's target check
        data = path.read_bytes()
        try:
            manifest = verify_package_bytes(data)
        except KnownError as error:
            tally.failures.append(f"a file with a final name does not verify: {path.name}: {error.message}")
            continue
        if logged.get(manifest.sequence) != hashlib.sha256(data).hexdigest():
            tally.orphans.append(f"{path.name} (sequence {manifest.sequence} not in the export log)")
            path.unlink()


def _check_next_export(db: Database, stick: Path, identity: AgeIdentity, tally: Tally) -> None:
    with db.session() as session:
        upto = int(session.scalar(select(func.max(ExportLogEntry.change_upto))) or 0)
        expected = {
            (model.kind, row.id, row.revision)
            for model in SYNCED_MODELS
            for row in session.scalars(select(model).where(model.change_seq > upto))
        }
    try:
        result = run_to_end(export_package(db, stick))
    except NothingToExportError:
        if expected:
            tally.failures.append(f"nothing exported, but {len(expected)} changes wait")
        return
    opened = open_package(result.path, identities=[identity])
    carried = {(r.kind, r.uuid, r.revision) for r in opened.records}
    if not expected <= carried:
        missing = sorted(expected - carried)[:5]
        tally.failures.append(f"the next export misses {len(expected - carried)} changes, e.g. {missing}")


def test_sigkill_at_random_moments_loses_nothing_committed(data_dir: Path) -> None:
    rounds = scaled(5, 200)
    rng = random.Random(20261126)
    db, identity, feedback = _prepare(data_dir)
    db.dispose()
    stick = data_dir.parent / "stick"
    stick.mkdir()
    tally = Tally()
    for index in range(rounds):
        lines = _run_and_kill(stick, feedback, rng.randrange(1 << 30), rng)
        tally.kills += 1
        db = _check_database(paths.database_file(), lines, tally)
        try:
            _check_stick(db, stick, tally)
            if index % 2 == 0:  # every other round the clerk exports again before going on
                _check_next_export(db, stick, identity, tally)
        finally:
            db.dispose()
    report(
        "crash",
        kills=tally.kills,
        committed_checked=tally.committed,
        lost=tally.lost,
        exports=tally.exports_reported,
        imports=tally.imports_reported,
        part_files_left=tally.part_files,
        orphan_packages=len(tally.orphans),
        failures=len(tally.failures),
    )
    assert tally.committed > 0 and tally.exports_reported > 0
    assert tally.failures == []
    assert tally.orphans == [], "a killed export left a verifying package the export log lacks"
