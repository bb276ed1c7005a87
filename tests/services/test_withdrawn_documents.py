"""A withdrawn (已撤销) topic: its documents say so on every page, and its meetings leave the
members' records (domain.duties.meeting_on_record), as do meetings whose minutes are drafts."""

from __future__ import annotations

import io
from datetime import date

import pdfplumber

from station_app.domain.lifecycle import Status
from station_app.services import printing
from station_app.services.consultations import change_status
from station_app.services.meetings import finalise_minutes
from station_app.storage.engine import Database
from tests.services.test_printing import member, record

__all__ = ["member", "record"]


def _pages(pdf: bytes) -> list[str]:
    """The large mark across each page (the watermark), read from its characters."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return ["".join(sorted(c["text"] for c in page.chars if c["size"] > 50)) for page in doc.pages]


def _documents(db: Database, cid: str, mid: str) -> list[bytes]:
    return [printing.minutes_pdf(db, mid), printing.signin_pdf(db, mid), printing.result_report_pdf(db, cid)]


def test_every_page_of_a_withdrawn_topics_documents_is_marked(
    station_db: Database, record: tuple[str, str]
) -> None:
    cid, mid = record
    assert not any("撤" in page for pdf in _documents(station_db, cid, mid) for page in _pages(pdf))
    change_status(station_db, cid, Status.ACCEPTED)  # withdrawn is a step after 立题
    change_status(station_db, cid, Status.REVOKED, reason="群众诉求已由村委会解决")
    for pdf in _documents(station_db, cid, mid):
        pages = _pages(pdf)
        assert pages and all(page == "".join(sorted("已撤销")) for page in pages)


def test_only_finalised_meetings_of_standing_topics_count_as_duty(
    station_db: Database, record: tuple[str, str], member: str
) -> None:
    cid, mid = record
    year = (date(2026, 1, 1), date(2026, 12, 31))
    assert printing.member_record_data(station_db, member, *year).performed == 0  # a draft
    finalise_minutes(station_db, mid)
    assert printing.member_record_data(station_db, member, *year).performed == 1
    change_status(station_db, cid, Status.ACCEPTED)  # withdrawn is a step after 立题
    change_status(station_db, cid, Status.REVOKED, reason="群众诉求已由村委会解决")
    assert printing.member_record_data(station_db, member, *year).performed == 0
