"""Running the real command on hostile input and checking what a clerk would see and what was kept.

``run_cli`` calls the command line's ``main`` in this process (as the cli tests do); ``run_process``
starts ``python -m station_app`` with a timeout, for inputs that could hang (FIFOs, /dev/zero), so a
regression fails instead of hanging the test run. ``snapshot`` hashes every file of a folder (the log
folder aside: refusals are logged; SQLite's ``-shm`` index and an empty ``-wal`` too, as they hold no
data) so a test can say the data folder is byte-identical afterwards.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from station_app import paths
from station_app.cli.main import main

CJK = re.compile(r"[\u4e00-\u9fff]")
GENERIC = "程序出现意外错误"
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str

    def refused(self, words: str = "", *, code: int = 1) -> list[str]:
        """What is wrong with this outcome as a clean refusal (empty when it is one)."""
        problems = []
        text = self.err or self.out  # `hub import` reports each file on stdout
        if self.code != code:
            problems.append(f"exit {self.code}, expected {code}")
        if "Traceback" in self.err or "Traceback" in self.out:
            problems.append("a traceback was printed")
        if GENERIC in text:
            problems.append("the generic error message instead of a reason")
        if not CJK.search(text):
            problems.append("no Chinese message")
        if words and words not in text:
            problems.append(f"the message lacks {words!r}")
        return [f"{p}: {text.strip()[:300]!r}" for p in problems]


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> Outcome:
    try:
        code = main(list(args))
    except SystemExit as exit_:  # argparse usage errors
        code = int(exit_.code or 0)
    finally:
        paths.configure(None)
    out, err = capsys.readouterr()
    return Outcome(code, out, err)


def run_process(*args: str, timeout: float = 60, env: dict[str, str] | None = None) -> Outcome:
    """``station-app ARGS`` in a child process; a hang past ``timeout`` fails the test."""
    environment = dict(os.environ)
    environment.update(env or {})
    try:
        done = subprocess.run(
            [sys.executable, "-m", "station_app", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=ROOT,
            env=environment,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"station-app {' '.join(args)} still running after {timeout} s")
    return Outcome(done.returncode, done.stdout, done.stderr)


def snapshot(folder: Path, *, skip: tuple[str, ...] = ("logs",)) -> dict[str, str]:
    """Relative path -> SHA-256 (or the kind of a special file) for everything under ``folder``."""
    found: dict[str, str] = {}
    if not folder.exists():
        return found
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        dirnames[:] = [d for d in dirnames if not (here == folder and d in skip)]
        for name in sorted(filenames):
            path = here / name
            key = str(path.relative_to(folder))
            info = path.lstat()
            mode = info.st_mode
            if name.endswith("-shm") or (name.endswith("-wal") and info.st_size == 0):
                continue  # SQLite's lock index and an empty log hold no data
            if stat.S_ISREG(mode):
                found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                found[key] = f"special {stat.S_IFMT(mode)}"
        for name in dirnames:
            found[str((here / name).relative_to(folder)) + "/"] = "dir"
    return found
