from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from station_app.domain.progress import CancelToken, Progress, run_to_end
from station_app.errors import Cancelled, DeviceGoneError, DiskFullError, ReadOnlyError
from station_app.sync import drives
from station_app.sync.drives import MSG_DONE, check_target, list_candidate_drives, write_verified
from station_app.sync.errors import VerifyFailedError
from station_app.sync.package import build_package, open_package

from .sync_factory import make_content, signing_key

NAME = "511102004-000001-2b7e1516.jzsync"


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    folder = tmp_path / "KINGSTON"
    folder.mkdir()
    return folder


@pytest.fixture
def big_package() -> bytes:
    """About 3 MiB, so writing takes several 1 MiB chunks."""
    return build_package(make_content(extra=os.urandom(3 * 1024 * 1024)), signing_key())


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_write_verified_reports_progress_and_leaves_one_file(stick: Path, big_package: bytes) -> None:
    steps: list[Progress] = []
    job = write_verified(stick, NAME, big_package)
    while True:
        try:
            steps.append(next(job))
        except StopIteration as stop:
            final = stop.value
            break
    assert final == stick / NAME
    assert leftovers(stick) == [NAME]
    assert final.read_bytes() == big_package
    assert [s.done for s in steps] == sorted(s.done for s in steps)
    assert steps[-1] == Progress(2 * len(big_package), 2 * len(big_package), MSG_DONE)
    assert len(steps) >= 8
    assert len(open_package(final).records) == 4


def test_disk_full_while_writing(stick: Path, big_package: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    real = drives._write_all

    def full(fd: int, data: memoryview) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd, data)

    monkeypatch.setattr(drives, "_write_all", full)
    with pytest.raises(DiskFullError, match="磁盘空间不足"):
        run_to_end(write_verified(stick, NAME, big_package))
    assert leftovers(stick) == []


def test_read_only_at_rename(stick: Path, big_package: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    def read_only(src: object, dst: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(drives.os, "replace", read_only)
    with pytest.raises(ReadOnlyError, match="只读"):
        run_to_end(write_verified(stick, NAME, big_package))
    assert leftovers(stick) == []


def test_stick_pulled_out_mid_way(stick: Path, big_package: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    real = drives._write_all

    def pull_out(fd: int, data: memoryview) -> None:
        real(fd, data)
        shutil.rmtree(stick, ignore_errors=True)

    monkeypatch.setattr(drives, "_write_all", pull_out)
    with pytest.raises(DeviceGoneError, match="U盘可能已被拔出"):
        run_to_end(write_verified(stick, NAME, big_package))
    assert not stick.exists()


def test_fsync_io_error(stick: Path, big_package: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(drives.os, "fsync", broken)
    with pytest.raises(DeviceGoneError):
        run_to_end(write_verified(stick, NAME, big_package))
    assert leftovers(stick) == []


def test_read_back_differs(stick: Path, big_package: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    real = drives._read_file_chunks

    def corrupted(path: Path) -> Iterator[bytes]:
        for index, chunk in enumerate(real(path)):
            yield chunk if index != 1 else b"\x00" + chunk[1:]

    monkeypatch.setattr(drives, "_read_file_chunks", corrupted)
    with pytest.raises(VerifyFailedError, match="校验失败"):
        run_to_end(write_verified(stick, NAME, big_package))
    assert leftovers(stick) == []


def test_data_that_is_not_a_package_fails_verification(stick: Path) -> None:
    with pytest.raises(VerifyFailedError):
        run_to_end(write_verified(stick, NAME, b"not a package"))
    assert leftovers(stick) == []


@pytest.mark.parametrize("cancel_after", [1, 2, 5])
def test_cancel_leaves_nothing(stick: Path, big_package: bytes, cancel_after: int) -> None:
    token = CancelToken()
    job = write_verified(stick, NAME, big_package, token)
    for _ in range(cancel_after):
        next(job)
    token.cancel()
    with pytest.raises(Cancelled):
        run_to_end(job)
    assert leftovers(stick) == []


def test_abandoned_job_leaves_nothing(stick: Path, big_package: bytes) -> None:
    job = write_verified(stick, NAME, big_package)
    next(job)
    job.close()
    assert leftovers(stick) == []


def test_check_target_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(DeviceGoneError):
        check_target(tmp_path / "gone", 10)


def test_check_target_read_only(stick: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def refuse(path: object, flags: int, mode: int = 0o777) -> int:
        if ".station-app-probe-" in str(path):
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, flags, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(drives.os, "open", refuse)
    with pytest.raises(ReadOnlyError):
        check_target(stick, 10)
    assert leftovers(stick) == []


def test_check_target_disk_full(stick: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(drives, "free_space", lambda path: 5 * 1024 * 1024)
    check_target(stick, 100)
    with pytest.raises(DiskFullError):
        check_target(stick, 2 * 1024 * 1024)
    with pytest.raises(DiskFullError):
        run_to_end(write_verified(stick, NAME, b"x" * (2 * 1024 * 1024)))
    assert leftovers(stick) == []


def test_list_candidate_drives_finds_mounted_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mounted = tmp_path / "media" / "clerk" / "U盘"
    mounted.mkdir(parents=True)
    monkeypatch.setattr(
        drives.glob, "glob", lambda pattern: [str(mounted)] if pattern == "/media/*/*" else []
    )
    monkeypatch.setattr(drives.os.path, "ismount", lambda path: Path(path) == mounted)
    found = list_candidate_drives()
    assert [(d.path, d.label) for d in found] == [(mounted, "U盘")]
    assert found[0].free_bytes > 0
