"""Every new or changed synced record gets a new revision and change number, at flush time.

Imported with the first session (``Database.session``), so the listener is in place before any
record can be written.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from station_app.storage.base import Synced, utcnow
from station_app.storage.engine import REPLICATING
from station_app.storage.local import Counter


def _next_change(session: Session) -> int:
    value = session.execute(
        update(Counter)
        .where(Counter.name == "change")
        .values(value=Counter.value + 1)
        .returning(Counter.value)
    ).scalar_one_or_none()
    if value is None:
        session.add(Counter(name="change", value=1))
        value = 1
    return value


@event.listens_for(Session, "before_flush")
def _stamp_changes(session: Session, _context: Any, _instances: Any) -> None:
    """Give every new or changed synced record a new revision and change number."""
    if session.info.get(REPLICATING):
        return
    changed = [obj for obj in session.new if isinstance(obj, Synced)]
    changed += [
        obj
        for obj in session.dirty
        if isinstance(obj, Synced) and session.is_modified(obj, include_collections=False)
    ]
    if not changed:
        return
    seq = _next_change(session)
    now = utcnow()
    for obj in changed:
        if obj in session.new:
            obj.revision = obj.revision or 1
        else:
            obj.revision = (obj.revision or 0) + 1
        obj.updated_at = now
        obj.change_seq = seq


def current_change(session: Session) -> int:
    value = session.scalar(select(Counter.value).where(Counter.name == "change"))
    return int(value or 0)
