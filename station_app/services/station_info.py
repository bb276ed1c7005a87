"""Who this installation is: plain data, importable before the database layer is."""

from __future__ import annotations

from dataclasses import dataclass

from station_app.domain.classifications import ROLE_STATION, ROLES


@dataclass(frozen=True)
class StationInfo:
    role: str
    township_code: str
    township_name: str
    county_code: str
    county_name: str
    station_name: str
    head_name: str
    clerk_name: str
    phone: str = ""
    address: str = ""

    @property
    def is_hub(self) -> bool:
        return self.role != ROLE_STATION

    @property
    def role_label(self) -> str:
        return ROLES[self.role]

    @property
    def code(self) -> str:
        """The code that identifies this installation in packages and records."""
        return self.township_code if self.role == ROLE_STATION else self.county_code
