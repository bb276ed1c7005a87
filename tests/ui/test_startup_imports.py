"""The window's first paint must not wait for modules it does not show.

Run in a new process, so that what other tests imported does not hide a regression.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

# Heavy modules that only later pages, dialogs or documents need.
DEFERRED = (
    "openpyxl",
    "reportlab",
    "pypinyin",
    "alembic",
    "PySide6.QtCharts",
    "PySide6.QtPdf",
    "station_app.documents",
    "station_app.services.ledger",
    "station_app.ui.editor.consultation_editor",
    "station_app.ui.pages.documents_page",
    "station_app.ui.pages.statistics_page",
    "station_app.ui.pages.sync_page",
    "station_app.ui.pages.hub_import_page",
    "station_app.hub.importer",
)

SET_UP = """
from datetime import date
from station_app import paths
from station_app.services.demo import fill_demo
from station_app.domain.progress import run_to_end
from station_app.services.station import SetupRequest, setup_station
from station_app.storage.migrate import open_database

paths.configure(None)
db = open_database(None)
setup_station(db, SetupRequest(township_code="511102004", head_name="李明", clerk_name="王芳"))
run_to_end(fill_demo(db, count=12, seed=1, today=date(2026, 11, 26)))
db.dispose()
"""

START = """
import json, sys
from station_app.services.station import load_station
from station_app.storage.migrate import open_database
from station_app.ui.app import make_application
from station_app.ui.main_window import MainWindow

app = make_application()
db = open_database(None)
window = MainWindow(db, load_station(db))
rows = window.pages["consultations"].model.rowCount()
loaded = sorted(m for m in sys.modules if any(m == d or m.startswith(d + ".") for d in DEFERRED))
print(json.dumps({"loaded": loaded, "rows": rows}))
window.close()
db.dispose()
"""


def test_the_first_page_loads_without_the_heavy_modules(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "STATION_APP_DATA_DIR": str(tmp_path / "data"),
        "HOME": str(tmp_path / "home"),
    }
    subprocess.run([sys.executable, "-c", SET_UP], env=env, timeout=300, check=True)
    script = f"DEFERRED = {DEFERRED!r}\n{START}"
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["rows"] == 12  # the first page shows its data
    assert report["loaded"] == []


def test_the_window_frame_needs_no_database_modules() -> None:
    """run_gui paints the window before the database is opened: SQLAlchemy, the models and the
    keys (cryptography) load after the first paint."""
    script = (
        "import sys, json\n"
        "import station_app.ui.app, station_app.logsetup\n"
        "heavy = ('sqlalchemy', 'station_app.storage', 'station_app.services', 'cryptography', 'pyrage')\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(heavy))))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
