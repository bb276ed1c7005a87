"""A finished command ends its process at once (``station_app.__main__.end_process``) and loses
nothing: what it printed, its exit code, its log and every exit handler's work."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from station_app import __version__


def _run(data_dir: Path, *args: str, script: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "STATION_APP_DATA_DIR": str(data_dir), "HOME": str(data_dir.parent / "home")}
    code = script + "\nimport sys\nfrom station_app.__main__ import main\nsys.exit(main())\n"
    return subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_output_exit_code_and_log_survive(tmp_path: Path) -> None:
    data = tmp_path / "数据"
    version = _run(data, "--version")
    assert version.returncode == 0 and __version__ in version.stdout
    refused = _run(data, "list")  # no station here yet
    assert refused.returncode == 1
    assert "Traceback" not in refused.stderr and refused.stderr.strip()
    log = (data / "logs" / "station-app.log").read_text("utf-8")
    assert "refused" in log  # written by the logging handler, flushed by the exit handlers


def test_exit_handlers_still_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran.txt"
    script = f"import atexit, pathlib\natexit.register(pathlib.Path({str(marker)!r}).write_text, 'yes')\n"
    done = _run(tmp_path / "数据", "--version", script=script)
    assert done.returncode == 0
    assert marker.read_text() == "yes"


def test_a_worker_thread_still_running_is_waited_for(tmp_path: Path) -> None:
    """Only a process with its main thread alone is ended early; otherwise the normal exit joins."""
    marker = tmp_path / "thread.txt"
    script = (
        "import threading, time, pathlib\n"
        f"def work():\n    time.sleep(0.5)\n    pathlib.Path({str(marker)!r}).write_text('done')\n"
        "threading.Thread(target=work).start()\n"
    )
    done = _run(tmp_path / "数据", "--version", script=script)
    assert done.returncode == 0
    assert marker.read_text() == "done"
