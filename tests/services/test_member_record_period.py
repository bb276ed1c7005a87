"""委员履职记录: counted up to today at most, and signed off with the station's name and the day made."""

from __future__ import annotations

import io
from datetime import date

import pdfplumber
import pytest

from station_app.documents.member_record import build_member_record
from station_app.errors import InputError
from station_app.services import printing
from station_app.storage.engine import Database
from tests.services.test_printing import member, record

__all__ = ["member", "record"]


def test_a_future_end_is_counted_to_today_and_the_record_is_dated(
    station_db: Database, record: tuple[str, str], member: str
) -> None:
    data = printing.member_record_data(
        station_db, member, date(2026, 1, 1), date(2027, 12, 31), today=date(2026, 6, 1)
    )
    assert data.period_to == date(2026, 6, 1) and data.made_on == date(2026, 6, 1)
    with pdfplumber.open(io.BytesIO(build_member_record(data))) as doc:
        lines = [
            line.replace(" ", "") for page in doc.pages for line in (page.extract_text() or "").splitlines()
        ]
    assert any("2026年1月1日至2026年6月1日" in line for line in lines)
    body = [line for line in lines if not line.startswith("—")]
    assert body[-2:] == ["市中区大佛街道政协工作联络站", "2026年6月1日"]
    assert not any("2027" in line for line in lines)


def test_a_period_starting_after_today_is_refused(station_db: Database, member: str) -> None:
    with pytest.raises(InputError, match="晚于今天"):
        printing.member_record_data(
            station_db, member, date(2026, 7, 1), date(2026, 12, 31), today=date(2026, 6, 1)
        )
