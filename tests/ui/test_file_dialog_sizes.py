"""Qt's file dialog as the program starts it shows 「KB」 sizes, never 「KiB」, and wide columns."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

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


def test_print_dialog_browse_button_has_a_label_and_the_path_room(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QApplication, QLineEdit, QToolButton

    from station_app.ui import file_dialog_look

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    file_dialog_look.install(app)
    printer = QPrinter()
    target = str(tmp_path / "乐山市市中区牟子镇政协工作联络站协商议事会议纪要.pdf")
    printer.setOutputFileName(target)
    dialog = QPrintDialog(printer)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    browse = dialog.findChild(QToolButton, "fileBrowser")
    path = dialog.findChild(QLineEdit, "filename")
    assert browse is not None and browse.text() == "浏览…"
    assert path is not None and path.width() >= 420 and path.toolTip() == target
    dialog.reject()
