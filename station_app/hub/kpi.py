"""Key figures for a period and a scope (the city, one county, or one station).

The same functions serve the hub's KPI board and a station's own 统计 page (scope = its code).
Definitions (written into the report as well):

* **议题数** (consultations): topics whose 提出日期 (``proposed_on``) lies in the period, not deleted,
  not 不予立题 and not 已撤销 — the topics the station took up. Rejected and revoked topics are
  counted separately.
* **协商会议数** (meetings): meetings held in the period (``held_at``), not deleted, of such topics.
* **民生议题占比**: topics whose 领域 is a 民生 field ÷ 议题数; **民主监督议题占比** likewise
  (``domain.classifications``); the city's work report asks for at least 30% each.
* **成果转化率**: topics that reached 已报送 or later (已报送, 办理中, 已反馈, 已评价, 已归档) ÷ topics
  that reached 已协商 or later (those plus 已协商). A topic still in 已协商 is not yet converted.
* **办理结果**: number of topics with result code A, B, C, D.
* **满意率**: ratings 满意 + 基本满意 ÷ all ratings (评价) of the period's topics.
* **参与委员数**: distinct members (``member_id``) among the participants of the period's meetings
  who attended (出席 or 列席; 请假 does not count).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.domain import townships
from station_app.domain.classifications import FIELD_NAMES, RESULT_CODES, SATISFACTION, field_by_name
from station_app.domain.lifecycle import Stage, Status, stage_of
from station_app.errors import InputError
from station_app.storage.records import Consultation, Evaluation, Meeting, Participant

TARGET_SHARE = 0.30
CONSULTED_OR_LATER = frozenset(
    {Status.CONSULTED, Status.SUBMITTED, Status.HANDLING, Status.FED_BACK, Status.EVALUATED, Status.ARCHIVED}
)
SUBMITTED_OR_LATER = CONSULTED_OR_LATER - {Status.CONSULTED}
NOT_TAKEN_UP = frozenset({Status.REJECTED, Status.REVOKED})
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


PERIOD_FIRST = date(2000, 1, 1)
PERIOD_LAST = date(2100, 12, 31)


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InputError("统计期间的结束日期早于开始日期，请重新选择。")
        if self.start < PERIOD_FIRST or self.end > PERIOD_LAST:
            raise InputError(
                f"统计期间应在{PERIOD_FIRST:%Y年%m月%d日}至{PERIOD_LAST:%Y年%m月%d日}之间，请重新选择。"
            )

    def label(self) -> str:
        return f"{self.start:%Y年%m月%d日}至{self.end:%Y年%m月%d日}"


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31))


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class Kpis:
    scope: Scope
    period: Period
    consultations: int = 0
    not_taken_up: int = 0  # 不予立题 + 已撤销 among the period's topics
    meetings: int = 0
    minsheng: int = 0
    supervision: int = 0
    consulted: int = 0  # reached 已协商 or later
    converted: int = 0  # reached 已报送 or later
    ratings: Counter[str] = field(default_factory=Counter)
    results: Counter[str] = field(default_factory=Counter)
    by_stage: Counter[str] = field(default_factory=Counter)
    by_field: Counter[str] = field(default_factory=Counter)
    members: int = 0

    @property
    def minsheng_share(self) -> float | None:
        return share(self.minsheng, self.consultations)

    @property
    def supervision_share(self) -> float | None:
        return share(self.supervision, self.consultations)

    @property
    def conversion_rate(self) -> float | None:
        return share(self.converted, self.consulted)

    @property
    def satisfaction_rate(self) -> float | None:
        satisfied = self.ratings.get(SATISFACTION[0], 0) + self.ratings.get(SATISFACTION[1], 0)
        return share(satisfied, sum(self.ratings.values()))


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _in_scope(column: object, codes: list[str]) -> object:
    return column.in_(codes)  # type: ignore[attr-defined]


def compute(session: Session, scope: Scope, period: Period) -> Kpis:
    """Every figure of the board for ``scope`` and ``period`` (a few grouped queries)."""
    codes = scope.township_codes()
    topic_filter = (
        Consultation.deleted.is_(False),
        Consultation.origin.in_(codes),
        Consultation.proposed_on >= period.start,
        Consultation.proposed_on <= period.end,
    )
    by_status: Counter[str] = Counter()
    by_field: Counter[str] = Counter()
    results: Counter[str] = Counter()
    query = (
        select(Consultation.status, Consultation.field, Consultation.result_code, func.count())
        .where(*topic_filter)
        .group_by(Consultation.status, Consultation.field, Consultation.result_code)
    )
    minsheng = supervision = 0
    for status, field_name, result, count in session.execute(query):
        by_status[status] += count
        if status in NOT_TAKEN_UP:
            continue
        by_field[field_name] += count
        if result in RESULT_CODES:
            results[result] += count
        if field_name in FIELD_NAMES:
            minsheng += count if field_by_name(field_name).minsheng else 0
            supervision += count if field_by_name(field_name).supervision else 0
    taken = select(Consultation.id).where(*topic_filter, Consultation.status.not_in(NOT_TAKEN_UP))
    ratings: Counter[str] = Counter(
        dict(
            session.execute(  # type: ignore[arg-type]
                select(Evaluation.rating, func.count())
                .where(Evaluation.deleted.is_(False), Evaluation.consultation_id.in_(taken))
                .group_by(Evaluation.rating)
            ).all()
        )
    )
    start = datetime.combine(period.start, time.min)
    end = datetime.combine(period.end + timedelta(days=1), time.min)
    meeting_ids = select(Meeting.id).where(
        Meeting.deleted.is_(False),
        Meeting.origin.in_(codes),
        Meeting.held_at >= start,
        Meeting.held_at < end,
        Meeting.consultation_id.in_(taken),
    )
    meetings = int(session.scalar(select(func.count()).select_from(meeting_ids.subquery())) or 0)
    members = session.scalar(
        select(func.count(func.distinct(Participant.member_id))).where(
            Participant.deleted.is_(False),
            Participant.member_id.is_not(None),
            Participant.attendance != "请假",
            Participant.meeting_id.in_(meeting_ids),
        )
    )
    stages: Counter[str] = Counter()
    for status, count in by_status.items():
        try:
            stage = None if status in NOT_TAKEN_UP else stage_of(Status(status))
        except ValueError:
            stage = None
        stages[stage.value if stage else status] += count
    return Kpis(
        scope=scope,
        period=period,
        consultations=sum(n for s, n in by_status.items() if s not in NOT_TAKEN_UP),
        not_taken_up=sum(n for s, n in by_status.items() if s in NOT_TAKEN_UP),
        meetings=meetings,
        minsheng=minsheng,
        supervision=supervision,
        consulted=sum(n for s, n in by_status.items() if s in CONSULTED_OR_LATER),
        converted=sum(n for s, n in by_status.items() if s in SUBMITTED_OR_LATER),
        ratings=ratings,
        results=results,
        by_stage=stages,
        by_field=by_field,
        members=int(members or 0),
    )


def stage_order() -> list[str]:
    return [stage.value for stage in Stage] + [Status.REJECTED.value, Status.REVOKED.value]
