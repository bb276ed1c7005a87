"""What the window shows first: the station and the first page of its 协商议题 list.

Read with ``storage.quick_read`` (the standard library's sqlite3) so that the rows are painted
with the window's first paint, before SQLAlchemy and the models have loaded. ``None`` means
"take the usual way": a server database, a new or unset-up station, a migration due, a hub (whose
first page is the overview), or any trouble reading; the usual way handles each of those.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import date

from station_app import paths
from station_app.services.list_rows import ConsultationRow, stage_text
from station_app.services.station_info import StationInfo
from station_app.storage.quick_read import QuickReader, sqlite_file

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FirstScreen:
    info: StationInfo
    rows: list[ConsultationRow]  # the list's first page in its default order


def read_first_screen(database_url: str | None, page_size: int) -> FirstScreen | None:
    path = sqlite_file(database_url, paths.database_file())
    if path is None:
        return None
    reader = QuickReader(path)
    try:
        if not reader.usable:
            return None
        station = reader.station()
        if station is None:
            return None
        info = StationInfo(**station)
        if info.is_hub:
            return None
        found = reader.first_consultations(page_size)
    except (sqlite3.Error, TypeError, ValueError, KeyError) as error:
        log.info("first screen not read ahead (%s); opening the usual way", error)
        return None
    finally:
        reader.close()
    return FirstScreen(info, [_row(item) for item in found])


def _row(item: dict[str, object]) -> ConsultationRow:
    status = str(item["status"])
    proposed = item["proposed_on"]
    return ConsultationRow(
        id=str(item["id"]),
        number=str(item["number"]),
        title=str(item["title"]),
        status=status,
        stage=stage_text(status),
        field=str(item["field"]),
        source=str(item["source"]),
        village=str(item["village"]),
        proposer=str(item["proposer"] or ""),
        proposed_on=date.fromisoformat(str(proposed)) if proposed else None,
        year=int(str(item["year"])),
        seq=int(str(item["seq"])),
        origin=str(item["origin"] or ""),
    )
