"""The one way to run long work off the UI thread.

A job is a plain generator (``station_app.domain.progress.Job``) that yields ``Progress`` and
returns its result; it gets a ``CancelToken``. :func:`run_job` runs it on ``QThreadPool`` and
hands progress, the result or the error back to the main thread through queued signals, so no
widget is ever touched from the worker. The job must open its own short database sessions.

Tests can set ``SYNCHRONOUS = True`` (or use :func:`synchronous`) to run jobs inline.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from station_app.domain.progress import CancelToken, Job, Progress
from station_app.errors import Cancelled, KnownError
from station_app.ui import crash_dialog, messages

log = logging.getLogger(__name__)
T = TypeVar("T")

SYNCHRONOUS = False  # tests: run the job on the calling thread instead of the pool
SHOW_AFTER_MS = 400  # quick jobs finish without a flashing dialog
CANCEL_TEXT = "取消"
CANCELLING_TEXT = "正在取消，请稍候……"

_running: set[JobHandle[Any]] = set()  # keeps handles alive until their job has reported back


@contextmanager
def synchronous() -> Iterator[None]:
    global SYNCHRONOUS
    before, SYNCHRONOUS = SYNCHRONOUS, True
    try:
        yield
    finally:
        SYNCHRONOUS = before


def report_error(parent: QWidget | None, error: BaseException) -> None:
    """The default handling: cancel is quiet, known errors in Chinese, anything else is a bug."""
    if isinstance(error, Cancelled):
        log.info("job cancelled")
    elif isinstance(error, KnownError):
        messages.show_known_error(parent, error)
    else:
        crash_dialog.show_crash(parent, type(error), error, error.__traceback__)


class _JobRunnable(QRunnable):
    """Runs on a pool thread; talks to the main thread only through the handle's signals."""

    def __init__(self, handle: JobHandle[Any], make_job: Callable[[CancelToken], Job[Any]]) -> None:
        super().__init__()
        self._handle = handle
        self._make_job = make_job

    def run(self) -> None:
        handle, token = self._handle, self._handle.token
        try:
            job = self._make_job(token)
            while True:
                try:
                    step = next(job)
                except StopIteration as stop:
                    result = stop.value
                    break
                handle.progressed.emit(step)
                if token.cancelled:
                    # Also stops a job that forgot to check: its finally blocks run on close().
                    job.close()
                    raise Cancelled()
        except BaseException as error:  # every failure, even a bug, must reach the main thread
            handle.failed.emit(error)
        else:
            handle.succeeded.emit(result)


class JobHandle(QObject, Generic[T]):
    """Lives on the main thread; its slots run there because the signals are queued."""

    progressed = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()  # after on_done / on_error ran, success or not

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None,
        on_progress: Callable[[Progress], None] | None = None,
    ) -> None:
        super().__init__()
        self.token = CancelToken()
        self.running = True
        self._parent = parent
        self._on_done = on_done
        self._on_error = on_error
        self._on_progress_cb = on_progress
        self.dialog = QProgressDialog(title, CANCEL_TEXT, 0, 0, parent)
        self.dialog.setObjectName("job_progress")
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.setValue(0)  # starts the show timer with our delay (Qt's own default is 4 s)
        self.dialog.setAutoReset(False)
        self.dialog.setAutoClose(False)
        self.dialog.setMinimumWidth(420)
        self.dialog.canceled.connect(self.cancel)
        self.progressed.connect(self._on_progress)
        self.succeeded.connect(self._on_succeeded)
        self.failed.connect(self._on_failed)

    @Slot()
    def cancel(self) -> None:
        self.token.cancel()
        if self.running:
            self.dialog.setLabelText(CANCELLING_TEXT)

    @Slot(object)
    def _on_progress(self, step: Progress) -> None:
        if not self.running:
            return
        if step.total > 0:
            self.dialog.setMaximum(step.total)
            self.dialog.setValue(min(step.done, step.total))
        else:
            self.dialog.setMaximum(0)  # unknown length: a busy bar
        if step.message and not self.token.cancelled:
            self.dialog.setLabelText(step.message)
        if self._on_progress_cb is not None:
            self._on_progress_cb(step)

    @Slot(object)
    def _on_succeeded(self, result: T) -> None:
        self._stop()
        try:
            self._on_done(result)
        finally:
            self._finish()

    @Slot(object)
    def _on_failed(self, error: BaseException) -> None:
        self._stop()
        try:
            if self._on_error is not None:
                self._on_error(error)
            else:
                report_error(self._parent, error)
        finally:
            self._finish()

    def _stop(self) -> None:
        self.running = False
        self.dialog.canceled.disconnect(self.cancel)
        self.dialog.close()
        self.dialog.deleteLater()

    def _finish(self) -> None:
        _running.discard(self)
        self.finished.emit()


def run_job(
    parent: QWidget | None,
    title: str,
    make_job: Callable[[CancelToken], Job[T]],
    on_done: Callable[[T], None],
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[Progress], None] | None = None,
) -> JobHandle[T]:
    """Run ``make_job(token)`` off the UI thread with a progress dialog.

    ``on_done(result)`` runs on the main thread. ``on_error``, when given, receives every
    failure (including ``Cancelled``) instead of the default :func:`report_error`.
    ``on_progress`` sees each step on the main thread, after the dialog has shown it.
    The returned handle's ``finished`` signal fires once everything has been delivered.
    """
    handle: JobHandle[T] = JobHandle(parent, title, on_done, on_error, on_progress)
    _running.add(handle)
    runnable = _JobRunnable(handle, make_job)
    if SYNCHRONOUS:
        runnable.run()
    else:
        QThreadPool.globalInstance().start(runnable)
    return handle
