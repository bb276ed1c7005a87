"""What the 协商议题 list shows and filters by: plain data, importable before the database is.

``services.queries`` reads these rows; the window's start-up (``services.first_screen``) reads the
first page of them before SQLAlchemy has loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from station_app.domain.lifecycle import Status, stage_of


@dataclass(frozen=True)
class ConsultationFilter:
    status: str = ""
    stage: str = ""
    field: str = ""
    source: str = ""
    village: str = ""
    year: int | None = None
    search: str = ""
    township: str = ""  # a station's township code (at a hub: whose records)

    @property
    def is_empty(self) -> bool:
        return self == ConsultationFilter()


@dataclass(frozen=True)
class ConsultationRow:
    id: str
    number: str
    title: str
    status: str
    stage: str
    field: str
    source: str
    village: str
    proposed_on: date | None
    year: int
    seq: int
    proposer: str = ""
    origin: str = ""  # the township code whose record it is (at a hub)


def stage_text(status: str) -> str:
    try:
        stage = stage_of(Status(status))
    except ValueError:
        return ""
    return stage.value if stage else ""
