from __future__ import annotations

import errno
import itertools
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_app.documents import build_signin_sheet, export_many, mask_phone, write_pdf_atomically
from station_app.documents.layout import CANNOT_END, CANNOT_START, _dumb_split
from station_app.domain.progress import CancelToken, Progress, run_to_end
from station_app.errors import Cancelled, DeviceGoneError, DiskFullError, ReadOnlyError

from .samples import signin


def test_atomic_write_replaces_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "纪要.pdf"
    target.write_bytes(b"old")
    assert write_pdf_atomically(b"%PDF-new", target) == target
    assert target.read_bytes() == b"%PDF-new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["纪要.pdf"]


def _failing(call: str, code: int, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, call, boom)


@pytest.mark.parametrize("call", ["write", "fsync"])
def test_disk_full_keeps_the_old_file_and_no_temp(
    call: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")
    _failing(call, errno.ENOSPC, monkeypatch)
    with pytest.raises(DiskFullError):
        write_pdf_atomically(b"%PDF-" + b"x" * 10_000, target)
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert not (tmp_path / "out.pdf.tmp").exists()


@pytest.mark.parametrize(
    ("code", "error"),
    [
        (errno.EROFS, ReadOnlyError),
        (errno.EACCES, ReadOnlyError),
        (errno.ENOENT, DeviceGoneError),
    ],
)
def test_known_failures_are_typed(
    code: int, error: type[Exception], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _failing("replace", code, monkeypatch)
    with pytest.raises(error):
        write_pdf_atomically(b"%PDF-", tmp_path / "a.pdf")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_means_the_stick_is_gone(tmp_path: Path) -> None:
    with pytest.raises(DeviceGoneError):
        write_pdf_atomically(b"%PDF-", tmp_path / "U盘" / "a.pdf")


def _items(folder: Path, n: int, calls: list[int]) -> list[tuple[Path, Callable[[], bytes]]]:
    def make(i: int) -> Callable[[], bytes]:
        def build() -> bytes:
            calls.append(i)
            return build_signin_sheet(signin(count=1 + i, spare=0))

        return build

    return [(folder / f"签到表{i}.pdf", make(i)) for i in range(n)]


def test_export_many_writes_all_with_progress(tmp_path: Path) -> None:
    calls: list[int] = []
    job = export_many(_items(tmp_path, 3, calls), CancelToken())
    progress: list[Progress] = []
    while True:
        try:
            progress.append(next(job))
        except StopIteration as stop:
            written = stop.value
            break
    assert [p.done for p in progress] == [0, 1, 2, 3]
    assert progress[-1].fraction == 1.0
    assert written == [tmp_path / f"签到表{i}.pdf" for i in range(3)]
    assert all(p.read_bytes().startswith(b"%PDF") for p in written)
    assert run_to_end(export_many([], CancelToken())) == []


def test_export_many_stops_cleanly_when_cancelled(tmp_path: Path) -> None:
    calls: list[int] = []
    cancel = CancelToken()
    job = export_many(_items(tmp_path, 5, calls), cancel)
    next(job)  # about to build the first
    next(job)  # the first is written, about to build the second
    cancel.cancel()
    with pytest.raises(Cancelled):
        next(job)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["签到表0.pdf", "签到表1.pdf"] or names == ["签到表0.pdf"]
    assert not any(n.endswith(".tmp") for n in names)
    assert len(calls) <= 2


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("13812345678", "138****5678"),
        ("电话：138-1234-5678。", "电话：138****5678。"),
        ("+86 139 0000 1111", "+86 139****1111"),
        ("0833-2123456", "0833-****3456"),
        ("编号123456789012345", "编号123456789012345"),
        ("", ""),
    ],
)
def test_mask_phone(raw: str, masked: str) -> None:
    assert mask_phone(raw) == masked


def _breaks_ok(before: str, after: str) -> bool:
    return not (after and after[0] in CANNOT_START) and not (before and before[-1] in CANNOT_END)


@given(
    st.text(alphabet="我们协商议事，。、；：？！（）“”《》—…", max_size=120),
    st.integers(min_value=2, max_value=20),
)
def test_line_splitting_follows_the_rules_where_it_can(text: str, per_line: int) -> None:
    lines = [t for _, t in _dumb_split(text, [10.0] * len(text), [per_line * 10.0])]
    assert "".join(lines) == text
    for line in lines:
        assert len(line) <= per_line
    for prev, nxt in itertools.pairwise(lines):
        if not _breaks_ok(prev, nxt):
            # allowed only when no earlier break inside the line would have been valid
            joined = prev + nxt
            assert not any(_breaks_ok(joined[:k], joined[k:]) for k in range(1, len(prev)))


@given(st.text(alphabet="协商，。（）ab 12", max_size=80), st.integers(min_value=1, max_value=12))
def test_line_splitting_keeps_every_character(text: str, per_line: int) -> None:
    lines = _dumb_split(text, [10.0] * len(text), [per_line * 10.0])
    assert "".join(t for _, t in lines).replace(" ", "") == text.replace(" ", "")
