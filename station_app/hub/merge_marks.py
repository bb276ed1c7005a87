"""Which search documents a package's merge changed, indexed once when the merge is done.

The marking triggers of ``storage.search_upkeep`` cost a row in ``search_stale`` for every row a
hub import writes, read back, sorted and deleted again at commit. On SQLite the import lifts them
for its merge (``marked_by_merge``): the merger notes itself, by the triggers' own rules
(``search_upkeep.MARKS``), which documents each of its writes touches, and those documents are
rewritten in one set-based pass before the package commits. Elsewhere (the PostgreSQL hub) the
triggers stay and the notes are not kept.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

from station_app.storage.search_upkeep import MARKS, MEETING, reindex_marked, triggers_dropped

_MARKS = {table: (kind, link) for table, kind, link in MARKS}
_LINK_COLUMN = {"consultation": "consultation_id", "meeting": "meeting_id"}


class MergeMarks:
    """The marks the triggers would have made, by kind (``MEETING``: consultations via a meeting)."""

    def __init__(self, active: bool) -> None:
        self.active = active
        self.marked: dict[str, set[str]] = {}

    def note(
        self, table: str, record_id: str, new: Mapping[str, Any] | None, old: Mapping[str, Any] | None
    ) -> None:
        """A row of ``table`` written: inserted (``old`` None), updated or tombstoned (``new`` None)."""
        mark = _MARKS.get(table) if self.active else None
        if mark is None:
            return
        kind, link = mark
        if link == "self":
            self.marked.setdefault(kind, set()).add(record_id)
            return
        column = _LINK_COLUMN[link]
        target = self.marked.setdefault(kind if link == "consultation" else MEETING, set())
        for row in (new, old):  # an update marks the record before and after, as the triggers do
            if row is not None and row.get(column) is not None:
                target.add(row[column])


@contextmanager
def marked_by_merge(session: Session) -> Iterator[MergeMarks]:
    """Inside: the merger's writes go unmarked by the database (SQLite) and are noted in the
    ``MergeMarks`` yielded; on the way out their documents are rewritten, in the same transaction."""
    with triggers_dropped(session.connection()) as dropped:
        marks = MergeMarks(dropped)
        yield marks
        if dropped:
            session.flush()
            reindex_marked(session, {kind: sorted(ids) for kind, ids in marks.marked.items()})
