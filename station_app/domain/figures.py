"""Every figure the product shows, defined once: its label, its one-line definition, its rule.

Pages, reports, charts and ``--json`` take their numbers from :class:`Figures` (filled by the one
query module, ``services.figures``) and their captions and tooltips from :data:`DEFINITIONS`, so a
number printed anywhere means the same thing everywhere. Qt-free and SQL-free.

The period of a figure is the topic's 提出日期: a topic belongs to the period in which it was
proposed, and so do its meetings, ratings and action items. Without a period: all time.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from station_app.domain.classifications import FIELD_NAMES, SATISFACTION, field_by_name
from station_app.domain.lifecycle import Stage, Status, stage_of
from station_app.errors import InputError

TARGET_SHARE = 0.30
NOT_ACTIVE = frozenset({Status.REJECTED.value, Status.REVOKED.value})
CONSULTED_OR_LATER = frozenset(
    s.value
    for s in (
        Status.CONSULTED,
        Status.SUBMITTED,
        Status.HANDLING,
        Status.FED_BACK,
        Status.EVALUATED,
        Status.ARCHIVED,
    )
)
SUBMITTED_OR_LATER = CONSULTED_OR_LATER - {Status.CONSULTED.value}
# An action item of a closed topic is no longer anybody's to do (the rule of the station's banner).
SATISFIED = frozenset(SATISFACTION[:2])


@dataclass(frozen=True)
class Definition:
    key: str
    label: str
    text: str  # one line, Chinese, printed under tables and shown as tooltips


_ALL = (
    Definition("total", "议题总数", "提出日期在统计期间内的全部协商议题，不论状态（含不予立题、已撤销）。"),
    Definition("active", "有效议题", "议题总数中除去不予立题和已撤销的议题。"),
    Definition("not_taken_up", "不予立题", "议题总数中状态为不予立题的议题（已撤销的另计）。"),
    Definition("revoked", "已撤销", "议题总数中状态为已撤销的议题（立题后中途撤销；不予立题的另计）。"),
    Definition(
        "by_stage", "各阶段议题数", "议题总数按当前所处阶段分列，不予立题、已撤销单列；各项之和等于议题总数。"
    ),
    Definition("by_status", "各状态议题数", "议题总数按当前状态分列；各项之和等于议题总数。"),
    Definition(
        "minsheng_share",
        "民生议题占比",
        "有效议题中领域属民生（教育、医疗卫生、养老等）的议题数 ÷ 有效议题。",
    ),
    Definition("supervision_share", "民主监督议题占比", "有效议题中领域属民主监督的议题数 ÷ 有效议题。"),
    Definition(
        "conversion_rate", "成果转化率", "有效议题中已报送及以后阶段的议题数 ÷ 已协商及以后阶段的议题数。"
    ),
    Definition(
        "satisfaction_rate", "群众满意率", "有效议题所得评价中“满意”与“基本满意”的份数 ÷ 全部评价份数。"
    ),
    Definition(
        "overdue_actions",
        "逾期事项",
        "期间内议题的下步措施中，没有完成日期、时限已过、议题未归档未撤销且办理结果不是“A已解决”的事项数。",
    ),
    Definition("results", "办理结果", "有效议题按办理结果（A已解决、B正在解决、C以后解决、D留作参考）分列。"),
    Definition("by_field", "议题领域", "有效议题按领域分列。"),
    Definition("ratings", "群众评价", "有效议题所得评价按满意程度分列。"),
    Definition("meetings", "协商会议数", "期间内有效议题的协商会议中，召开日期也在统计期间内的会议数。"),
    Definition("members", "参与委员数", "上述协商会议中出席或列席（请假不计）的不同委员人数。"),
)
DEFINITIONS: dict[str, Definition] = {d.key: d for d in _ALL}


def label(key: str) -> str:
    return DEFINITIONS[key].label


def definition(key: str) -> str:
    return DEFINITIONS[key].text


def footnote(keys: list[str] | tuple[str, ...]) -> list[str]:
    """「标签：定义」 lines for the figures a table or chart shows."""
    return [f"{label(k)}：{definition(k)}" for k in keys]


def chinese_date(value: date) -> str:
    """2026年1月1日 — no zero padding, as official documents write dates."""
    return f"{value.year}年{value.month}月{value.day}日"


PERIOD_FIRST = date(2000, 1, 1)
PERIOD_LAST = date(2100, 12, 31)


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InputError(  # the dates said: one of them may be a default the person did not type
                f"统计期间的结束日期（{chinese_date(self.end)}）早于开始日期（{chinese_date(self.start)}），请改一下日期。"
            )
        if self.start < PERIOD_FIRST or self.end > PERIOD_LAST:
            raise InputError(
                f"统计期间应在{chinese_date(PERIOD_FIRST)}至{chinese_date(PERIOD_LAST)}之间，请重新选择。"
            )

    def label(self) -> str:
        return f"{chinese_date(self.start)}至{chinese_date(self.end)}"


def period_label(period: Period | None) -> str:
    return period.label() if period else "全部时间"


def stage_key(status: str) -> str:
    """The column a topic of ``status`` is counted in: its stage, or 不予立题/已撤销 on their own."""
    if status in NOT_ACTIVE:
        return status
    try:
        stage = stage_of(Status(status))
    except ValueError:
        return status
    return stage.value if stage else status


def stage_order() -> list[str]:
    return [stage.value for stage in Stage] + [Status.REJECTED.value, Status.REVOKED.value]


def status_order() -> list[str]:
    return [status.value for status in Status]


def _ordered(counts: Counter[str], order: list[str]) -> list[str]:
    """The keys with a count, known ones in ``order`` first, unknown (bad data) after them."""
    return [k for k in order if counts.get(k)] + sorted(k for k in counts if k not in order and counts[k])


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


@dataclass
class Figures:
    """The counts behind every figure, for one station or summed over many (counts add up exactly)."""

    by_status: Counter[str] = field(default_factory=Counter)
    by_field: Counter[str] = field(default_factory=Counter)  # active topics
    results: Counter[str] = field(default_factory=Counter)  # active topics
    ratings: Counter[str] = field(default_factory=Counter)  # ratings of active topics
    meetings: int = 0
    members: int = 0
    overdue_actions: int = 0

    def add_topics(self, status: str, field_name: str, result: str, count: int) -> None:
        self.by_status[status] += count
        if status in NOT_ACTIVE:
            return
        self.by_field[field_name] += count
        if result:
            self.results[result] += count

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            self.by_status + other.by_status,
            self.by_field + other.by_field,
            self.results + other.results,
            self.ratings + other.ratings,
            self.meetings + other.meetings,
            self.members + other.members,  # members belong to one station each
            self.overdue_actions + other.overdue_actions,
        )

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def active(self) -> int:
        return sum(n for s, n in self.by_status.items() if s not in NOT_ACTIVE)

    @property
    def not_taken_up(self) -> int:
        return self.by_status[Status.REJECTED.value]

    @property
    def revoked(self) -> int:
        return self.by_status[Status.REVOKED.value]

    @property
    def by_stage(self) -> dict[str, int]:
        counted: Counter[str] = Counter()
        for status, n in self.by_status.items():
            counted[stage_key(status)] += n
        return {k: counted[k] for k in _ordered(counted, stage_order())}

    def _fields_where(self, flag: str) -> int:
        return sum(
            n
            for name, n in self.by_field.items()
            if name in FIELD_NAMES and getattr(field_by_name(name), flag)
        )

    @property
    def minsheng(self) -> int:
        return self._fields_where("minsheng")

    @property
    def supervision(self) -> int:
        return self._fields_where("supervision")

    @property
    def consulted(self) -> int:
        return sum(n for s, n in self.by_status.items() if s in CONSULTED_OR_LATER)

    @property
    def converted(self) -> int:
        return sum(n for s, n in self.by_status.items() if s in SUBMITTED_OR_LATER)

    @property
    def rated(self) -> int:
        return sum(self.ratings.values())

    @property
    def satisfied(self) -> int:
        return sum(n for r, n in self.ratings.items() if r in SATISFIED)

    @property
    def minsheng_share(self) -> float | None:
        return share(self.minsheng, self.active)

    @property
    def supervision_share(self) -> float | None:
        return share(self.supervision, self.active)

    @property
    def conversion_rate(self) -> float | None:
        return share(self.converted, self.consulted)

    @property
    def satisfaction_rate(self) -> float | None:
        return share(self.satisfied, self.rated)

    def to_json(self) -> dict[str, object]:
        """The figures as ``--json`` prints them (rates as fractions, ``null`` when undefined)."""
        return {
            "total": self.total,
            "active": self.active,
            "not_taken_up": self.not_taken_up,
            "revoked": self.revoked,
            "by_stage": self.by_stage,
            "by_status": {s: self.by_status[s] for s in _ordered(self.by_status, status_order())},
            "minsheng": self.minsheng,
            "minsheng_share": self.minsheng_share,
            "supervision": self.supervision,
            "supervision_share": self.supervision_share,
            "consulted": self.consulted,
            "converted": self.converted,
            "conversion_rate": self.conversion_rate,
            "ratings": self.rated,
            "satisfied": self.satisfied,
            "satisfaction_rate": self.satisfaction_rate,
            "overdue_actions": self.overdue_actions,
            "meetings": self.meetings,
            "members": self.members,
        }
