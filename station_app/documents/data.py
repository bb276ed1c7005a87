"""Plain data the documents are printed from; services fill these, builders only read them."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from station_app.domain import duties

ATTENDANCE_PRESENT = "出席"
ATTENDANCE_EXCUSED = "请假"
ATTENDANCE_OBSERVER = "列席"
WITHDRAWN_MARK = "已撤销"  # across every page of a withdrawn topic's documents


@dataclass(frozen=True)
class Statement:
    speaker: str
    category: str  # 政协委员、群众代表、部门负责人…
    text: str


@dataclass(frozen=True)
class ActionItem:
    matter: str
    unit: str
    person: str
    due: date | None = None


@dataclass(frozen=True)
class Participant:
    name: str
    category: str
    unit: str = ""
    phone: str = ""
    attendance: str = ATTENDANCE_PRESENT  # 出席 / 请假 / 列席


@dataclass(frozen=True)
class MinutesData:
    station_name: str
    township_name: str
    title: str  # 议题
    number: str  # 大佛街道〔2026〕3号
    source: str  # 议题来源
    form: str  # 协商形式
    held_at: datetime
    place: str
    chair: str
    recorder: str
    background: str  # 一、基本情况
    statements: tuple[Statement, ...] = ()
    consensus: tuple[str, ...] = ()
    disagreements: str = ""
    action_items: tuple[ActionItem, ...] = ()
    participants: tuple[Participant, ...] = ()
    date: dt.date | None = None  # 成文日期; the meeting day when not given
    revision: int = 1
    finalised: bool = False
    withdrawn: bool = False  # the topic is 已撤销: every page says so

    @property
    def dated(self) -> dt.date:
        return self.date or self.held_at.date()


@dataclass(frozen=True)
class SignInData:
    station_name: str
    title: str
    held_at: datetime
    place: str
    form: str
    participants: tuple[Participant, ...] = ()
    # At least this many blank rows for walk-ins; more fill the last page (0: none at all).
    spare_rows: int = 2
    withdrawn: bool = False  # the topic is 已撤销: every page says so


def default_addressee(township_name: str) -> str:
    """The township Party committee and government, named as a 街道 or a 乡/镇 names them."""
    name = township_name.strip() or "××镇"
    if name.endswith("街道"):
        return f"中共{name}工作委员会、{name}办事处"
    return f"中共{name}委员会、{name}人民政府"


@dataclass(frozen=True)
class ResultReportData:
    station_name: str
    township_name: str
    number: str
    title: str
    source: str
    field: str  # 领域
    meeting_date: date
    consensus: tuple[str, ...] = ()
    suggestions: str = ""
    output_type: str = "会议纪要"  # 会议纪要/协商意见书/建议案/社情民意信息
    addressed_to: str = ""  # empty: the township Party committee and government
    sent_on: date | None = None
    lead_unit: str = ""
    deadline: date | None = None
    result_code: str = ""  # A/B/C/D
    result_meaning: str = ""  # 已解决/正在解决/以后解决/留作参考
    reply_text: str = ""
    reply_on: date | None = None
    withdrawn: bool = False  # the topic is 已撤销: every page says so

    @property
    def recipients(self) -> str:
        return self.addressed_to or default_addressee(self.township_name)


@dataclass(frozen=True)
class ParticipationRow:
    on: date
    kind: str  # 参加协商/参与调研/提交社情民意/…
    title: str
    role_or_note: str = ""


@dataclass(frozen=True)
class MemberRecordData:
    station_name: str
    member_name: str
    sector: str  # 界别
    unit: str
    period_from: date
    period_to: date
    rows: tuple[ParticipationRow, ...] = ()
    made_on: date | None = None  # 制表日期, under the station's name at the end

    @property
    def totals(self) -> tuple[tuple[str, int], ...]:
        """Count per kind, in the fixed order of :mod:`station_app.domain.duties`."""
        return tuple(duties.kind_counts(row.kind for row in self.rows))

    @property
    def performed(self) -> int:
        """Duties performed (请假 is not one)."""
        return duties.duties_performed(row.kind for row in self.rows)


@dataclass(frozen=True)
class KeyRegistrationData:
    station_name: str
    township_code: str
    county_name: str
    fingerprint: str  # hex
    public_key: str
    created_at: datetime
    head_name: str  # 站长
    clerk_name: str  # 联络员

    @property
    def fingerprint_grouped(self) -> str:
        digits = "".join(c for c in self.fingerprint.upper() if not c.isspace() and c != ":")
        return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))


def strings_of(value: object) -> Iterator[str]:
    """Every string inside a document's data, to check for unprintable characters up front."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from strings_of(getattr(value, f.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from strings_of(item)
