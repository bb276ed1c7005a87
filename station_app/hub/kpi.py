"""Scopes (city, county, station) and the key figures of a scope for a period.

The same function serves the hub's KPI board, a station's own 统计 page (scope = its code) and
the report; each figure is defined in ``domain.figures`` and counted in ``services.figures``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from station_app.domain import townships
from station_app.domain.figures import TARGET_SHARE, Figures, Period, percent, stage_order
from station_app.errors import InputError
from station_app.services.figures import figures_for

__all__ = ["TARGET_SHARE", "Figures", "Kpis", "Period", "Scope", "compute", "percent", "stage_order"]
SCOPE_CITY = "city"
SCOPE_COUNTY = "county"
SCOPE_STATION = "station"


@dataclass(frozen=True)
class Scope:
    kind: str  # city | county | station
    code: str = ""  # county code or township code
    label: str = "乐山市"

    def township_codes(self) -> list[str]:
        if self.kind == SCOPE_CITY:
            return [t.code for t in townships.load_townships()]
        if self.kind == SCOPE_COUNTY:
            return [t.code for t in townships.townships_of(self.code)]
        return [self.code]


def city_scope() -> Scope:
    return Scope(SCOPE_CITY, "511100", "乐山市")


def county_scope(code: str) -> Scope:
    names = dict(townships.counties())
    if code not in names:
        raise InputError(f"没有代码为 {code} 的县（市、区）。")
    return Scope(SCOPE_COUNTY, code, names[code])


def station_scope(code: str) -> Scope:
    town = townships.township_by_code(code)
    return Scope(SCOPE_STATION, code, f"{town.county_name}{town.name}")


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31))


@dataclass(frozen=True)
class Kpis:
    """The figures of one scope and period (``domain.figures`` defines each of them)."""

    scope: Scope
    period: Period | None
    figures: Figures


def compute(session: Session, scope: Scope, period: Period | None, today: date | None = None) -> Kpis:
    """Every figure of the board for ``scope`` and ``period`` (``None``: all time)."""
    figures = figures_for(session, scope.township_codes(), period, today or date.today())
    return Kpis(scope, period, figures)
