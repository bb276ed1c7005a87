"""Qt's file dialog as the program starts it shows 「KB」 sizes, never 「KiB」, and wide columns."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from station_app.ui.file_dialog_look import size_text

from .test_no_english import FILE_DIALOG_SCRIPT, ROOT


def test_size_text() -> None:
    assert [size_text(n) for n in (0, 1023, 2048, 5 * 1024**2 + 1, 3 * 1024**3)] == [
        "0 字节",
        "1023 字节",
        "2.0 KB",
        "5.0 MB",
        "3.0 GB",
    ]


@pytest.mark.parametrize("mode", ["open", "save"])
def test_the_file_dialog_shows_sizes_in_kb(tmp_path: Path, mode: str) -> None:
    (tmp_path / "子文件夹").mkdir()
    (tmp_path / "台账.xlsx").write_bytes(b"x" * 2048)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8"}
    env.pop("LC_ALL", None)
    result = subprocess.run(
        [sys.executable, "-c", FILE_DIALOG_SCRIPT, str(tmp_path), mode],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    shown = [text for _where, text in json.loads(result.stdout.strip().splitlines()[-1])]
    assert "2.0 KB" in shown, shown
    assert not any("KiB" in text for text in shown)
