"""The one moment a crash can split: the package is renamed onto the stick, the log not yet written.

Before the rename a small marker is written to the data folder; the export log commit removes it.
If the program dies in between, the next export settles the marker first:
- the package is on the stick and intact: it is logged as exported (nothing is lost or repeated);
- the stick is there but the package is not: the rename never happened, the number is free again;
- the stick is elsewhere: the number is taken (a valid package may exist), but its changes go
  again in the next package, so the county office gets everything either way.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app import paths
from station_app.storage.engine import Database
from station_app.storage.local import ExportLogEntry
from station_app.sync.errors import error_for_os

log = logging.getLogger(__name__)

MARKER = "export-pending.json"


@dataclass(frozen=True)
class PendingExport:
    sequence: int
    package_id: str
    path: str
    sha256: str
    change_upto: int
    full: bool
    counts: dict[str, int] = field(default_factory=dict)


def marker_path() -> Path:
    return paths.data_dir() / MARKER


def write_marker(pending: PendingExport) -> None:
    # Written in place: a marker cut short is read as "nothing was renamed", which is then true.
    try:
        with open(marker_path(), "w", encoding="utf-8") as handle:
            json.dump(asdict(pending), handle, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as error:
        raise error_for_os(error, marker_path()) from error


def clear_marker() -> None:
    marker_path().unlink(missing_ok=True)


def read_marker() -> PendingExport | None:
    try:
        raw = json.loads(marker_path().read_text("utf-8"))
        return PendingExport(**raw)
    except FileNotFoundError:
        return None
    except (ValueError, TypeError) as error:  # a marker cut short by the crash itself: nothing was renamed
        log.warning("ignoring an unreadable export marker: %s", error)
        clear_marker()
        return None


def add_log_entry(session: Session, pending: PendingExport) -> None:
    session.add(
        ExportLogEntry(
            sequence=pending.sequence,
            package_id=pending.package_id,
            file_name=Path(pending.path).name,
            sha256=pending.sha256,
            change_upto=pending.change_upto,
            full=pending.full,
            counts=json.dumps(pending.counts, ensure_ascii=False, sort_keys=True),
        )
    )


def _intact(path: Path, sha256: str) -> bool:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == sha256
    except OSError:
        return False


def settle(db: Database) -> str:
    """Resolve a marker left by a crash; returns what was decided ("" when there was none)."""
    pending = read_marker()
    if pending is None:
        return ""
    target = Path(pending.path)
    with db.session() as session:
        logged = session.scalar(select(ExportLogEntry.id).where(ExportLogEntry.sequence == pending.sequence))
        if logged is not None:
            outcome = "already logged"
        elif _intact(target, pending.sha256):
            add_log_entry(session, pending)
            outcome = "adopted"
        elif target.parent.is_dir():
            outcome = "never written"
        else:
            watermark = int(session.scalar(select(func.max(ExportLogEntry.change_upto))) or 0)
            add_log_entry(session, PendingExport(**{**asdict(pending), "change_upto": watermark}))
            outcome = "number taken, changes resent"
    clear_marker()
    log.info("settled interrupted export #%d: %s", pending.sequence, outcome)
    return outcome
