"""Driving a long job from the command line, with progress on stderr."""

from __future__ import annotations

import sys
from typing import TypeVar

from station_app.domain.progress import Job

T = TypeVar("T")


def drive(job: Job[T], *, quiet: bool = False) -> T:
    show = not quiet and sys.stderr.isatty()
    last = -1
    while True:
        try:
            progress = next(job)
        except StopIteration as stop:
            if show:
                print(file=sys.stderr)
            return stop.value  # type: ignore[no-any-return]
        percent = int(progress.fraction * 100)
        if show and percent != last:
            last = percent
            print(f"\r{progress.message} {percent}%", end="", file=sys.stderr, flush=True)
