"""Printing made ready in the background a second after the window shows its station.

The clerk's first print of a session would otherwise wait for reportlab and the faces to load
(:mod:`station_app.documents.warmup`). It runs on a plain daemon thread: it touches no widget, and
a program closed meanwhile does not wait for it.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QTimer

# After the first screen is painted and idle, so the start-up itself is not slowed; well before the
# earliest a clerk can ask for a print (three clicks, see documents.warmup).
DELAY_MS = 1000

_started = False
SETTLE = True  # tests running the window in their own process leave the collector alone


def schedule(owner: QObject, delay_ms: int = DELAY_MS) -> None:
    """Warm up printing once per process, ``delay_ms`` after now (nothing if ``owner`` is gone)."""
    QTimer.singleShot(delay_ms, owner, _start)


def _start() -> None:
    global _started
    if _started:
        return
    _started = True
    threading.Thread(target=_prepare, name="print-warmup", daemon=True).start()


def _prepare() -> None:
    from station_app.documents.warmup import settle, warm_up

    warm_up()
    if SETTLE:
        settle()
