"""Many documents at once (e.g. every member's record): a job that yields progress."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from station_app.documents.output import write_pdf_atomically
from station_app.domain.progress import CancelToken, Job, Progress


def export_many(items: Iterable[tuple[Path, Callable[[], bytes]]], cancel: CancelToken) -> Job[list[Path]]:
    """Build and write each document atomically, in order; return the paths written.

    Cancelling stops between documents by raising :class:`~station_app.errors.Cancelled`: the files
    already written stay complete, the current one is never started, nothing is left half-written.
    """
    todo = list(items)
    total = len(todo)
    written: list[Path] = []
    for done, (path, build) in enumerate(todo):
        cancel.raise_if_cancelled()
        yield Progress(done, total, f"正在生成：{path.name}")
        pdf = build()
        cancel.raise_if_cancelled()
        written.append(write_pdf_atomically(pdf, path))
    yield Progress(total, total, f"已生成 {total} 份文件")
    return written
