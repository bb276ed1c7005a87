"""The window makes printing ready in the background, after it shows the station, and only then.

Run in a new process, so that what other tests imported does not hide what the warm-up loads.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import json, sys, threading, time
from PySide6.QtCore import QObject
from station_app.ui.app import make_application
from station_app.ui import print_warmup

app = make_application()
gone = QObject()
print_warmup.schedule(gone, 0)
gone.deleteLater()  # a window closed before its timer fired warms nothing up
owner = QObject()
before = "reportlab" in sys.modules
print_warmup.schedule(owner, 50)
print_warmup.schedule(owner, 60)  # once per process
deadline = time.monotonic() + 120
while time.monotonic() < deadline:
    app.processEvents()
    workers = [t for t in threading.enumerate() if t.name == "print-warmup"]
    if print_warmup._started and not workers:
        break
    time.sleep(0.01)
from station_app.documents import face_cache, fonts
from station_app.documents.fonts import FontRole
from station_app import paths
faces = fonts.font_set()
ready = sorted(
    role.name for role in FontRole
    if any(f._ttf is not None for f in faces._chains[role][:1])
)
print(json.dumps({
    "before": before,
    "minutes": "station_app.documents.minutes" in sys.modules,
    "ready": ready,
    "cached": len(list((paths.cache_dir() / face_cache.FACES_DIR).glob("*.face"))),
    "frozen": __import__("gc").get_freeze_count(),
}))
"""


def test_printing_is_made_ready_in_the_background(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "STATION_APP_DATA_DIR": str(tmp_path / "data"),
        "HOME": str(tmp_path / "home"),
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["before"] is False  # scheduling loads nothing
    assert report["minutes"] is True
    assert report["ready"] == sorted(["TITLE", "BODY", "HEADING1", "HEADING2", "PAGE_NUMBER"])
    assert report["cached"] >= 4  # the next process reads them from the cache folder
    assert report["frozen"] > 1000  # what the start made leaves the collector's generations
