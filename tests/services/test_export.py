"""Exporting sync packages: read back and verify, incremental content, encryption, failures."""

from __future__ import annotations

import errno
import hashlib
import json
import shutil
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from station_app.domain.progress import CancelToken, run_to_end
from station_app.errors import Cancelled, DeviceGoneError, DiskFullError, KnownError, ReadOnlyError
from station_app.services import export, keys
from station_app.services.attachments import store_bytes
from station_app.services.consultations import TopicInput, create_topic, delete_consultation, update_topic
from station_app.services.export import (
    MSG_NOT_ENCRYPTED,
    NothingToExportError,
    export_log,
    export_package,
    plan_export,
)
from station_app.storage.engine import Database, current_change
from station_app.storage.local import ExportLogEntry
from station_app.storage.records import SYNCED_MODELS, Attachment, Meeting, MinutesVersion
from station_app.sync import drives
from station_app.sync.crypto import AgeIdentity, OfficeKeyFile, SigningKey, write_office_key_file
from station_app.sync.errors import NotForThisOfficeError, VerifyFailedError
from station_app.sync.package import open_package

TODAY = date(2026, 11, 26)
PHOTO = b"\xff\xd8\xff\xe0photo" + bytes(range(256)) * 40
MINUTES_PDF = b"%PDF-1.4\n% minutes v1\n" + "协商议事会议纪要".encode() * 50


@pytest.fixture
def db(station_db: Database) -> Database:
    return station_db


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    folder = tmp_path / "U盘 KINGSTON"
    folder.mkdir()
    return folder


class Office:
    def __init__(self, folder: Path, name: str, code: str, role: str) -> None:
        self.identity = AgeIdentity.generate()
        self.signing = SigningKey.generate()
        self.key = OfficeKeyFile.create(name, code, role, self.identity, self.signing)  # type: ignore[arg-type]
        self.file = folder / f"{code}.json"
        write_office_key_file(self.file, self.key)


@pytest.fixture
def county(tmp_path: Path) -> Office:
    return Office(tmp_path, "乐山市市中区政协办公室", "511102", "county")


@pytest.fixture
def city(tmp_path: Path) -> Office:
    return Office(tmp_path, "乐山市政协办公室", "511100", "city")


def topic(db: Database, title: str) -> str:
    return create_topic(db, TopicInput(title, "群众点题", "养老服务", date(2026, 3, 5)), today=TODAY)


def sync_state(db: Database) -> tuple[Any, ...]:
    """Everything an export may change, or must leave alone when it fails."""
    with db.session() as session:
        log_rows = [
            (e.sequence, e.package_id, e.sha256, e.change_upto)
            for e in session.scalars(select(ExportLogEntry).order_by(ExportLogEntry.sequence))
        ]
        rows = []
        for model in SYNCED_MODELS:
            rows += [(r.id, r.revision, r.change_seq, r.deleted) for r in session.scalars(select(model))]
        return (tuple(log_rows), tuple(sorted(rows)), current_change(session))


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def run_export(db: Database, stick: Path, *, full: bool = False) -> export.ExportResult:
    return run_to_end(export_package(db, stick, full=full))


def add_minutes_pdf(db: Database, consultation_id: str) -> str:
    sha = store_bytes(MINUTES_PDF)
    with db.session() as session:
        meeting = Meeting(
            origin="511102004",
            consultation_id=consultation_id,
            form="院坝",
            held_at=datetime(2026, 4, 1, 9, 30),
        )
        session.add(meeting)
        session.flush()
        session.add(
            MinutesVersion(
                origin="511102004", meeting_id=meeting.id, version=1, snapshot="{}", pdf_sha256=sha
            )
        )
    return sha


def add_photo(db: Database, consultation_id: str, data: bytes = PHOTO) -> str:
    sha = store_bytes(data)
    with db.session() as session:
        session.add(
            Attachment(
                origin="511102004",
                owner_kind="consultation",
                owner_id=consultation_id,
                filename="现场照片.jpg",
                sha256=sha,
                size=len(data),
                media_type="image/jpeg",
            )
        )
    return sha


def test_export_reads_back_with_every_hash_and_the_signature(
    db: Database, stick: Path, county: Office
) -> None:
    first = topic(db, "院坝老年食堂怎么办")
    topic(db, "通组路硬化协商")
    photo = add_photo(db, first)
    pdf = add_minutes_pdf(db, first)
    keys.add_recipient(county.file)
    plan = plan_export(db, full=False)
    assert plan.sequence == 1 and plan.previous_sha256 is None and plan.encrypted
    assert plan.counts == {"consultation": 2, "attachment": 1, "meeting": 1, "minutes_version": 1}

    result = run_export(db, stick)

    assert files(stick) == [result.path.name]
    assert result.path.name.startswith("511102004-000001-")
    data = result.path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == result.sha256
    opened = open_package(result.path, identities=[county.identity])  # checks signature and every hash
    manifest = opened.manifest
    assert opened.signer_fingerprint == keys.ensure_station_keys().fingerprint()
    assert manifest.package_kind == "station-data" and manifest.sequence == 1
    assert manifest.previous_sha256 is None and manifest.encrypted
    assert manifest.station.township_code == "511102004" and manifest.station.county_code == "511102"
    assert manifest.schema_revision and manifest.counts == plan.counts
    assert opened.attachments == {photo: PHOTO}
    assert opened.documents == {"大佛街道〔2026〕1号-v1.pdf": MINUTES_PDF}
    assert hashlib.sha256(opened.documents["大佛街道〔2026〕1号-v1.pdf"]).hexdigest() == pdf
    titles = {r.data["title"] for r in opened.records if r.kind == "consultation"}
    assert titles == {"院坝老年食堂怎么办", "通组路硬化协商"}
    record = next(r for r in opened.records if r.uuid == first)
    assert record.revision == 1 and not record.deleted
    assert record.data["proposed_on"] == "2026-03-05" and "change_seq" not in record.data
    meeting = next(r for r in opened.records if r.kind == "meeting")
    assert meeting.data["held_at"] == "2026-04-01T09:30:00"
    # Logged only now, with the file's hash for the next package's previous_sha256.
    [entry] = export_log(db)
    assert (entry.sequence, entry.file_name, entry.counts) == (1, result.path.name, plan.counts)
    assert entry.acknowledged_at is None
    assert result.warnings == []


def test_incremental_export_carries_exactly_the_changes(db: Database, stick: Path) -> None:
    ids = [topic(db, f"议题{i}") for i in range(4)]
    first = run_export(db, stick)
    assert first.counts == {"consultation": 4}

    update_topic(db, ids[1], TopicInput("议题1（改）", "群众点题", "养老服务", date(2026, 3, 5)), today=TODAY)
    delete_consultation(db, ids[2], reason="重复录入")
    plan = plan_export(db, full=False)
    assert plan.counts == {"consultation": 2} and plan.sequence == 2
    assert plan.previous_sha256 == first.sha256

    second = run_export(db, stick)
    opened = open_package(second.path)
    assert {(r.uuid, r.revision, r.deleted) for r in opened.records} == {
        (ids[1], 2, False),
        (ids[2], 2, True),
    }
    assert opened.manifest.sequence == 2 and opened.manifest.previous_sha256 == first.sha256
    assert not opened.manifest.full
    with pytest.raises(NothingToExportError, match="自上次导出以来没有新的变化"):
        run_export(db, stick)
    assert plan_export(db, full=False).nothing_to_export

    full = run_export(db, stick, full=True)
    opened = open_package(full.path)
    assert opened.manifest.full and opened.manifest.sequence == 3
    assert {r.uuid for r in opened.records} == set(ids)  # tombstones included
    assert [e.sequence for e in export_log(db)] == [3, 2, 1]


def test_unencrypted_export_warns(db: Database, stick: Path) -> None:
    topic(db, "河道垃圾清理")
    result = run_export(db, stick)
    assert not result.encrypted and result.warnings == [MSG_NOT_ENCRYPTED]
    assert not open_package(result.path).manifest.encrypted
    assert "河道垃圾清理".encode() in _unzipped(result.path)


def _unzipped(path: Path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())


def test_encrypted_to_one_office_opens_only_with_its_key(db: Database, stick: Path, county: Office) -> None:
    topic(db, "河道垃圾清理")
    keys.add_recipient(county.file)
    result = run_export(db, stick)
    assert result.encrypted and result.recipients == ("乐山市市中区政协办公室",)
    assert "河道垃圾清理".encode() not in _unzipped(result.path)
    assert open_package(result.path, identities=[county.identity]).records[0].data["title"] == "河道垃圾清理"
    with pytest.raises(NotForThisOfficeError):
        open_package(result.path, identities=[AgeIdentity.generate()])
    with pytest.raises(NotForThisOfficeError):
        open_package(result.path)


def test_encrypted_to_two_offices(db: Database, stick: Path, county: Office, city: Office) -> None:
    topic(db, "河道垃圾清理")
    keys.add_recipient(county.file)
    keys.add_recipient(city.file)
    result = run_export(db, stick)
    manifest = open_package(result.path, identities=[city.identity]).manifest
    assert set(manifest.recipients) == {county.identity.recipient, city.identity.recipient}
    assert len(open_package(result.path, identities=[county.identity]).records) == 1
    with pytest.raises(NotForThisOfficeError):
        open_package(result.path, identities=[AgeIdentity.generate()])


def test_missing_attachment_file_is_reported_not_fatal(db: Database, stick: Path) -> None:
    first = topic(db, "河道垃圾清理")
    sha = add_photo(db, first)
    from station_app.services.attachments import blob_path

    blob_path(sha).unlink()
    result = run_export(db, stick)
    assert any("现场照片.jpg" in w for w in result.warnings)
    assert open_package(result.path).attachments == {}


# --- failures at each step of writing leave everything as it was --------------------------------


def _no_space(monkeypatch: pytest.MonkeyPatch, stick: Path) -> None:
    monkeypatch.setattr(drives, "free_space", lambda path: 1024)


def _full_while_writing(monkeypatch: pytest.MonkeyPatch, stick: Path) -> None:
    def full(fd: int, data: memoryview) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(drives, "_write_all", full)


def _read_only(monkeypatch: pytest.MonkeyPatch, stick: Path) -> None:
    def refuse(src: object, dst: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(drives.os, "replace", refuse)


def _pulled_out(monkeypatch: pytest.MonkeyPatch, stick: Path) -> None:
    real = drives._write_all

    def pull_out(fd: int, data: memoryview) -> None:
        real(fd, data)
        shutil.rmtree(stick, ignore_errors=True)

    monkeypatch.setattr(drives, "_write_all", pull_out)


def _read_back_differs(monkeypatch: pytest.MonkeyPatch, stick: Path) -> None:
    real = drives._read_file_chunks

    def corrupted(path: Path) -> Iterator[bytes]:
        for index, chunk in enumerate(real(path)):
            yield chunk if index else b"Q" + chunk[1:]

    monkeypatch.setattr(drives, "_read_file_chunks", corrupted)


def _log_write_fails(monkeypatch: pytest.MonkeyPatch, stick: Path) -> None:
    def locked(*_args: object) -> None:
        raise KnownError("数据库正被另一个程序占用")

    monkeypatch.setattr(export, "_record", locked)


FAILURES: dict[str, tuple[Callable[[pytest.MonkeyPatch, Path], None], type[BaseException]]] = {
    "no-space": (_no_space, DiskFullError),
    "full-while-writing": (_full_while_writing, DiskFullError),
    "read-only": (_read_only, ReadOnlyError),
    "pulled-out": (_pulled_out, DeviceGoneError),
    "read-back-differs": (_read_back_differs, VerifyFailedError),
    "log-write-fails": (_log_write_fails, KnownError),
}


@pytest.mark.parametrize("failure", list(FAILURES))
def test_a_failed_write_changes_nothing_and_the_next_export_is_complete(
    db: Database, stick: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    ids = [topic(db, f"议题{i}") for i in range(3)]
    run_export(db, stick)
    update_topic(db, ids[0], TopicInput("议题0（改）", "群众点题", "养老服务", date(2026, 3, 5)), today=TODAY)
    delete_consultation(db, ids[1], reason="重复录入")
    (stick / "old").mkdir()
    before = sync_state(db)
    before_files = files(stick)
    inject, error = FAILURES[failure]
    with monkeypatch.context() as patch:
        inject(patch, stick)
        with pytest.raises(error) as caught:
            run_export(db, stick)
    assert isinstance(caught.value, KnownError) and caught.value.message
    assert sync_state(db) == before
    assert files(stick) == (before_files if stick.exists() else [])

    stick.mkdir(exist_ok=True)
    result = run_export(db, stick)
    assert result.sequence == 2
    records = open_package(result.path).records
    assert {(r.uuid, r.revision) for r in records} == {(ids[0], 2), (ids[1], 2)}


@pytest.mark.parametrize("steps", [0, 1, 3])
def test_cancel_changes_nothing(db: Database, stick: Path, steps: int) -> None:
    first = topic(db, "议题")
    add_photo(db, first, bytes(range(256)) * 12_000)  # about 3 MiB: several write steps
    before = sync_state(db)
    token = CancelToken()
    job = export_package(db, stick, cancel=token)
    for _ in range(steps):
        next(job)
    token.cancel()
    with pytest.raises(Cancelled):
        run_to_end(job)
    assert sync_state(db) == before and files(stick) == []
    assert run_export(db, stick).counts == {"consultation": 1, "attachment": 1}


def test_abandoned_job_after_writing_leaves_no_unlogged_file(db: Database, stick: Path) -> None:
    topic(db, "议题")
    job = export_package(db, stick)
    steps = []
    for step in job:
        steps.append(step)
        if step.message == drives.MSG_DONE:
            break
    job.close()
    assert files(stick) == [] and export_log(db) == []


def test_missing_target_folder(db: Database, tmp_path: Path) -> None:
    topic(db, "议题")
    with pytest.raises(DeviceGoneError, match="U盘可能已被拔出"):
        run_to_end(export_package(db, tmp_path / "不存在"))
    assert export_log(db) == []


def test_counts_are_kept_in_the_log(db: Database, stick: Path) -> None:
    topic(db, "议题")
    run_export(db, stick)
    with db.session() as session:
        entry = session.scalars(select(ExportLogEntry)).one()
        assert json.loads(entry.counts) == {"consultation": 1} and not entry.full
