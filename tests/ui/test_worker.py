from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from station_app.domain.progress import CancelToken, Job, Progress, run_to_end
from station_app.errors import Cancelled, DiskFullError
from station_app.ui import worker

from .helpers import Shown

TIMEOUT_MS = 5000


def counting_job(token: CancelToken, steps: int = 3) -> Job[int]:
    for done in range(1, steps + 1):
        token.raise_if_cancelled()
        yield Progress(done, steps, f"正在处理第{done}项")
    return steps * 10


def on_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def test_the_job_itself_runs_without_qt() -> None:
    assert run_to_end(counting_job(CancelToken())) == 30


def test_threaded_job_delivers_progress_and_result_on_the_main_thread(qtbot: QtBot, shown: Shown) -> None:
    ran_on: list[str] = []
    steps: list[tuple[Progress, bool, int]] = []
    results: list[tuple[int, bool]] = []

    def job(token: CancelToken) -> Job[int]:
        ran_on.append(threading.current_thread().name)
        return (yield from counting_job(token))

    handle = worker.run_job(
        None,
        "测试",
        job,
        lambda r: results.append((r, on_main_thread())),
        on_progress=lambda p: steps.append((p, on_main_thread(), handle.dialog.value())),
    )
    with qtbot.waitSignal(handle.finished, timeout=TIMEOUT_MS):
        pass
    assert ran_on and ran_on[0] != threading.main_thread().name
    assert [(p.done, p.total) for p, _, _ in steps] == [(1, 3), (2, 3), (3, 3)]
    assert all(main for _, main, _ in steps)
    assert [value for _, _, value in steps] == [1, 2, 3]  # the dialog showed each step
    assert results == [(30, True)]
    assert shown.errors == [] and shown.crashes == []
    assert handle not in worker._running


@pytest.mark.parametrize("checks_token", [True, False], ids=["job-checks", "job-forgets"])
def test_cancel_button_stops_the_job(qtbot: QtBot, shown: Shown, checks_token: bool) -> None:
    release = threading.Event()
    cleaned_up = threading.Event()
    steps: list[Progress] = []
    done: list[object] = []

    def endless(token: CancelToken) -> Iterator[Progress]:
        try:
            count = 0
            while True:
                count += 1
                yield Progress(count, 0, "请稍候")
                release.wait(0.02)
                if checks_token:
                    token.raise_if_cancelled()
        finally:
            cleaned_up.set()

    handle = worker.run_job(None, "长任务", endless, done.append, on_progress=steps.append)
    qtbot.waitUntil(lambda: handle.dialog.isVisible() and len(steps) > 0, timeout=TIMEOUT_MS)
    cancel = handle.dialog.findChild(QPushButton)
    assert cancel.text() == "取消"
    with qtbot.waitSignal(handle.finished, timeout=TIMEOUT_MS):
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert handle.token.cancelled
    assert cleaned_up.is_set()
    assert done == []
    assert shown.errors == [] and shown.crashes == []  # cancelling is quiet


def test_known_error_goes_to_show_known_error(qtbot: QtBot, shown: Shown) -> None:
    def failing(token: CancelToken) -> Job[None]:
        yield Progress(1, 2)
        raise DiskFullError("U盘")

    done: list[object] = []
    handle = worker.run_job(None, "写入U盘", failing, done.append)
    with qtbot.waitSignal(handle.finished, timeout=TIMEOUT_MS):
        pass
    assert [type(e) for e in shown.known] == [DiskFullError]
    assert "磁盘空间不足（U盘）" in shown.known[0].message
    assert shown.crashes == [] and done == []


def test_a_bug_goes_to_the_crash_dialog(shown: Shown) -> None:
    def buggy(token: CancelToken) -> Job[None]:
        yield Progress(1, 2)
        raise ZeroDivisionError("bug")

    with worker.synchronous():
        worker.run_job(None, "出错的任务", buggy, lambda _r: None)
    assert [type(e) for e in shown.crashes] == [ZeroDivisionError]
    assert shown.crashes[0].__traceback__ is not None  # the report can show where it happened
    assert shown.known == []


def test_on_error_replaces_the_default_handling(shown: Shown) -> None:
    def failing(token: CancelToken) -> Job[None]:
        raise DiskFullError()
        yield Progress(0, 0)  # pragma: no cover - makes this a generator

    errors: list[BaseException] = []
    with worker.synchronous():
        worker.run_job(None, "任务", failing, lambda _r: None, on_error=errors.append)
    assert [type(e) for e in errors] == [DiskFullError]
    assert shown.known == []


def test_synchronous_mode_finishes_before_run_job_returns(shown: Shown) -> None:
    results: list[int] = []
    steps: list[Progress] = []
    with worker.synchronous():
        handle = worker.run_job(None, "同步", counting_job, results.append, on_progress=steps.append)
    assert results == [30] and len(steps) == 3
    assert not handle.running
    assert worker.SYNCHRONOUS is False  # restored after the block


def test_cancel_before_start_is_quiet(shown: Shown) -> None:
    errors: list[BaseException] = []

    def job(token: CancelToken) -> Job[int]:
        token.cancel()  # as if the clerk clicked 取消 at once
        return (yield from counting_job(token))

    with worker.synchronous():
        worker.run_job(None, "任务", job, lambda _r: None, on_error=errors.append)
    assert [type(e) for e in errors] == [Cancelled]
