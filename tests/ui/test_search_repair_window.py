"""The window repairs an old database's search index as it opens, showing its progress."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from station_app import logsetup
from station_app.domain.progress import Progress, run_to_end
from station_app.services.search import search
from station_app.storage.migrate import open_database
from station_app.storage.search_audit import audit_index
from station_app.ui import app as app_module
from station_app.ui import search_repair, worker
from station_app.ui.main_window import MainWindow

from .helpers import Shown

BROKEN = Path(__file__).resolve().parents[1] / "storage" / "snapshots" / "broken_search_0005.sqlite3"


def _windows_shown(qapp: QApplication) -> list[MainWindow]:
    """This run's window: other tests' closed windows may still exist until Qt deletes them."""
    return [w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]


def test_an_old_database_is_repaired_with_progress_before_the_window_fills(
    shown: Shown, monkeypatch: pytest.MonkeyPatch, qapp: QApplication, tmp_path: Path
) -> None:
    monkeypatch.setattr(logsetup, "setup_logging", lambda *a, **k: None)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    work = tmp_path / "station.sqlite3"
    shutil.copyfile(BROKEN, work)
    steps: list[tuple[str, Progress, bool]] = []
    real_run_job = worker.run_job

    def recording(
        parent: Any, title: str, make_job: Any, on_done: Any, on_error: Any = None, **_: Any
    ) -> Any:
        def seen(step: Progress) -> None:
            attached = any(w.is_attached for w in _windows_shown(qapp))
            steps.append((title, step, attached))

        return real_run_job(parent, title, make_job, on_done, on_error, on_progress=seen)

    monkeypatch.setattr(worker, "run_job", recording)
    filled: dict[str, str] = {}

    def quit_when_filled() -> None:
        windows = [w for w in _windows_shown(qapp) if w.is_attached]
        if windows and windows[0].pages["consultations"].isVisible():
            filled["title"] = windows[0].windowTitle()
            filled["status"] = windows[0].statusBar().currentMessage()
            windows[0].hide()
            qapp.exit(0)
        else:
            QTimer.singleShot(10, quit_when_filled)

    QTimer.singleShot(0, quit_when_filled)
    assert app_module.run_gui(f"sqlite:///{work}") == 0
    assert shown.errors == [] and "大佛街道" in filled["title"]
    assert steps and {title for title, _s, _a in steps} == {search_repair.TITLE}
    assert steps[0][1].message == "正在修复检索索引……" and not any(a for _t, _s, a in steps)
    assert "缺少 2 条记录" in steps[-1][1].message and "已修复" in steps[-1][1].message
    # The dialog closes at once; the status bar keeps the outcome, worded as an update, not a fault.
    assert filled["status"] == "升级后的一次性检查：检索索引已按本版规则更新（共 3 条记录），现在都能搜到。"
    db = open_database(f"sqlite:///{work}", repair_search=False)
    try:
        assert run_to_end(audit_index(db)).ok
        assert [hit.title for hit in search(db, "集市")] == ["集市占道经营整治"]
    finally:
        db.dispose()


def test_nothing_is_due_on_a_current_database(station_db: Any, qapp: QApplication) -> None:
    called: list[Callable[[], None]] = []
    due = search_repair.start_if_due(None, station_db, lambda: called.append(lambda: None))  # type: ignore[arg-type]
    assert due is False
    assert called == []
