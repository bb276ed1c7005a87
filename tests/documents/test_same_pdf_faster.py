"""The faster printing path makes the very same files: every demo station's minutes (and sign-in
sheets and result reports) object for object as the line breaker on reportlab's per-character
objects, reportlab's own subset cut and the ORM reader made them. Only the compression of the
embedded faces differs (their outlines are compressed one by one and reused, ``font_subsets``):
streams are compared decompressed."""

from __future__ import annotations

from datetime import date

import pytest
from reportlab import rl_config
from sqlalchemy import select

from station_app.documents import font_subsets, layout
from station_app.documents.minutes import build_minutes
from station_app.domain.progress import run_to_end
from station_app.services import printing
from station_app.services.demo import fill_demo
from station_app.services.minutes_read import read_minutes
from station_app.storage.engine import Database
from station_app.storage.records import Meeting

from . import reference_line_breaking
from .pdfcheck import unpacked


def _meetings(db: Database) -> list[tuple[str, str]]:
    with db.session() as session:
        rows = session.execute(
            select(Meeting.id, Meeting.consultation_id).where(Meeting.deleted.is_(False)).order_by(Meeting.id)
        ).all()
    return [(m, c) for m, c in rows]


def _documents(db: Database, meetings: list[tuple[str, str]]) -> list[bytes]:
    made = []
    for meeting, topic in meetings:
        made.append(build_minutes(read_minutes(db, meeting)))
        made.append(build_minutes(read_minutes(db, meeting), mask_phones=False))
        made.append(printing.signin_pdf(db, meeting))
        made.append(printing.result_report_pdf(db, topic))
    return made


def test_every_demo_document_is_the_same_file(station_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rl_config, "invariant", 1)  # no dates or random ids in the files
    run_to_end(fill_demo(station_db, count=14, seed=5, today=date(2026, 11, 26)))
    meetings = _meetings(station_db)
    assert len(meetings) >= 8
    # The service's reader is the ORM one's equal (tests/services/test_minutes_read.py); here the
    # print service itself is checked against a build from the ORM reader's data.
    for meeting, _ in meetings:
        through_orm = build_minutes(printing.minutes_data(station_db, meeting))
        assert printing.minutes_pdf(station_db, meeting) == through_orm

    font_subsets._made.clear()
    font_subsets._outlines.clear()
    faster = _documents(station_db, meetings)

    font_subsets._made.clear()
    monkeypatch.setattr(layout, "cjk_frag_split", reference_line_breaking.cjk_frag_split)
    monkeypatch.setattr(font_subsets, "_cut_as_reportlab", lambda face: False)
    before = _documents(station_db, meetings)
    font_subsets._made.clear()

    assert len(faster) == len(before)
    for i, (ours, theirs) in enumerate(zip(faster, before, strict=True)):
        assert ours != theirs  # the faces' streams are compressed otherwise …
        assert unpacked(ours) == unpacked(theirs), f"document {i} differs"  # … to the same bytes
