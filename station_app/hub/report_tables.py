"""The tables of the statistics report as plain data: the PDF, the .xlsx and the KPI board's
township comparison all render these, so they cannot disagree.

A cell keeps its value (int, fraction for a rate, text) and how to show it; each table names the
figures it shows so its footnote can print their definitions from ``domain.figures``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from station_app.domain.classifications import RESULT_CODES
from station_app.domain.figures import TARGET_SHARE, Figures, label, percent, stage_order
from station_app.hub.status import NEVER_SENT

INT = "int"
RATE = "rate"
TEXT = "text"


@dataclass(frozen=True)
class Cell:
    value: int | float | str | None
    kind: str = TEXT

    def text(self) -> str:
        if self.kind == RATE:
            return percent(self.value if isinstance(self.value, float) else None)
        return "" if self.value is None else str(self.value)


@dataclass(frozen=True)
class Table:
    title: str
    sheet: str  # the .xlsx sheet name (≤ 31 characters)
    headers: tuple[str, ...]
    rows: Sequence[tuple[Cell, ...]]
    figures: tuple[str, ...] = ()  # the figure keys whose definitions go in the footnote
    widths: tuple[float, ...] = field(default=())  # relative column widths


def _n(value: int) -> Cell:
    return Cell(value, INT)


def _rate(value: float | None) -> Cell:
    return Cell(value, RATE)


def kpi_table(f: Figures) -> Table:
    target = f"目标不低于{TARGET_SHARE:.0%}"
    rows = [
        (Cell(label("total")), _n(f.total), Cell("")),
        (Cell(label("active")), _n(f.active), Cell("")),
        (Cell(label("not_taken_up")), _n(f.not_taken_up), Cell("")),
        (Cell(label("revoked")), _n(f.revoked), Cell("")),
        (Cell(label("minsheng_share")), _rate(f.minsheng_share), Cell(f"民生议题 {f.minsheng} 个；{target}")),
        (
            Cell(label("supervision_share")),
            _rate(f.supervision_share),
            Cell(f"民主监督议题 {f.supervision} 个；{target}"),
        ),
        (Cell(label("conversion_rate")), _rate(f.conversion_rate), Cell(f"{f.converted}/{f.consulted}")),
        (
            Cell(label("satisfaction_rate")),
            _rate(f.satisfaction_rate),
            Cell(f"{f.satisfied}/{f.rated} 份评价"),
        ),
        (Cell(label("overdue_actions")), _n(f.overdue_actions), Cell("")),
        (Cell(label("meetings")), _n(f.meetings), Cell("")),
        (Cell(label("members")), _n(f.members), Cell("")),
    ]
    keys = (
        "total",
        "active",
        "not_taken_up",
        "revoked",
        "minsheng_share",
        "supervision_share",
        "conversion_rate",
        "satisfaction_rate",
        "overdue_actions",
        "meetings",
        "members",
    )
    return Table("主要指标", "主要指标", ("指标", "数值", "说明"), rows, keys, (5, 3, 5))


def stage_table(f: Figures) -> Table:
    stages = f.by_stage
    rows = [(Cell(name), _n(stages.get(name, 0))) for name in stage_order()]
    rows += [(Cell(name), _n(n)) for name, n in stages.items() if name not in stage_order()]
    rows.append((Cell("合计"), _n(f.total)))
    return Table("各阶段议题数", "各阶段", ("阶段", "议题数"), rows, ("by_stage",), (1, 1))


def result_table(f: Figures) -> Table:
    rows = [(Cell(f"{code} {name}"), _n(f.results.get(code, 0))) for code, name in RESULT_CODES.items()]
    return Table("办理结果", "办理结果", ("办理结果", "议题数"), rows, ("results",), (1, 1))


STATION_HEADERS = (
    "县（市、区）",
    "乡镇（街道）",
    "最近包号",
    "缺号",
    label("total"),
    label("active"),
    label("minsheng_share"),
    label("supervision_share"),
    label("conversion_rate"),
    label("satisfaction_rate"),
    label("overdue_actions"),
)
# The words of each head, where a narrow column may break it onto a second line (never inside a
# word: 「最近包/号」 reads as nonsense).
HEAD_WORDS: dict[str, tuple[str, ...]] = {
    "县（市、区）": ("县", "（市、区）"),
    "乡镇（街道）": ("乡镇", "（街道）"),
    "最近包号": ("最近", "包号"),
    label("total"): ("议题", "总数"),
    label("active"): ("有效", "议题"),
    label("minsheng_share"): ("民生议题", "占比"),
    label("supervision_share"): ("民主监督", "议题占比"),
    label("conversion_rate"): ("成果", "转化率"),
    label("satisfaction_rate"): ("群众", "满意率"),
    label("overdue_actions"): ("逾期", "事项"),
}
STATION_FIGURES = (
    "total",
    "active",
    "minsheng_share",
    "supervision_share",
    "conversion_rate",
    "satisfaction_rate",
    "overdue_actions",
)


class StationFigures(Protocol):
    """What the station table needs of a hub's station row (``hub.status.StationRow`` fits)."""

    @property
    def county_name(self) -> str: ...
    @property
    def township_name(self) -> str: ...
    @property
    def last_sequence(self) -> int | None: ...
    @property
    def gaps(self) -> tuple[int, ...]: ...
    @property
    def figures(self) -> Figures: ...


def station_cells(
    county: str, town: str, last: int | None, gaps: tuple[int, ...], f: Figures
) -> tuple[Cell, ...]:
    return (
        Cell(county),
        Cell(town),
        Cell(NEVER_SENT) if last is None else _n(last),
        Cell("、".join(map(str, gaps)) or "无"),
        _n(f.total),
        _n(f.active),
        _rate(f.minsheng_share),
        _rate(f.supervision_share),
        _rate(f.conversion_rate),
        _rate(f.satisfaction_rate),
        _n(f.overdue_actions),
    )


def station_table(rows: Sequence[StationFigures]) -> Table:
    cells = [station_cells(r.county_name, r.township_name, r.last_sequence, r.gaps, r.figures) for r in rows]
    widths = (18, 21, 12, 12, 11, 11, 15, 15, 13, 13, 11)  # mm at 9 pt: each head's longest word fits
    return Table("各联络站情况", "各联络站", STATION_HEADERS, cells, STATION_FIGURES, widths)
