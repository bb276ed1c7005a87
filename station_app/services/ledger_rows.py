"""One ledger row: the columns, turning cell values into typed values, and checking them.

The checks reuse domain.validation (the same rules as the input forms) and the lifecycle's
requirements, so a row imported from a ledger is as complete as one entered by hand.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

from station_app.domain import lifecycle
from station_app.domain.classifications import RATER_TYPES, RESULT_CODES
from station_app.domain.fieldcheck import Issue, date_problem, datetime_problem, text_problem
from station_app.domain.lifecycle import ConsultationFacts, Status
from station_app.domain.validation import (
    LONG_MAX,
    validate_conversion,
    validate_evaluation,
    validate_meeting,
    validate_topic,
)

Kind = Literal["text", "long", "date", "datetime"]


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool = False
    kind: Kind = "text"
    width: int = 14
    aliases: tuple[str, ...] = ()


# The order of the template's columns.
COLUMNS: tuple[Column, ...] = (
    Column("number", "编号", width=22, aliases=("议题编号", "文号")),
    Column("title", "议题名称", True, width=30, aliases=("议题", "协商议题")),
    Column("source", "议题来源", True),
    Column("field", "所属领域", True, aliases=("领域",)),
    Column("village", "村（社区）", aliases=("村社区", "村(居)", "村（居）")),
    Column("proposer", "提出人"),
    Column("proposed_on", "提出日期", True, "date"),
    Column("status", "状态"),
    Column("description", "议题说明", kind="long", width=30),
    Column("research_method", "调研方式"),
    Column("research_findings", "调研结论", kind="long", width=30),
    Column("meeting_at", "协商日期", kind="datetime", aliases=("协商时间",)),
    Column("meeting_form", "协商形式"),
    Column("meeting_place", "协商地点"),
    Column("chair", "主持人"),
    Column("recorder", "记录人"),
    Column("consensus", "形成共识", kind="long", width=30, aliases=("协商共识", "共识")),
    Column("output_type", "成果形式"),
    Column("sent_to", "报送对象"),
    Column("sent_on", "报送日期", kind="date"),
    Column("lead_unit", "牵头单位", aliases=("牵头办理单位",)),
    Column("deadline", "办理时限", kind="date"),
    Column("result_code", "办理结果"),
    Column("reply_text", "反馈内容", kind="long", width=30),
    Column("reply_on", "反馈日期", kind="date"),
    Column("rating", "满意度"),
    Column("rater", "评价人"),
)
COLUMN_BY_KEY: dict[str, Column] = {c.key: c for c in COLUMNS}
REQUIRED_KEYS: tuple[str, ...] = tuple(c.key for c in COLUMNS if c.required)
# A clerk who keeps the two example rows of the template must not import them.
EXAMPLE_MARK = "示例"

# The validators' own keys, where they differ from the ledger's.
_MEETING_KEYS = {"held_at": "meeting_at", "form": "meeting_form", "place": "meeting_place"}
_EVALUATION_KEYS = {"rating": "rating", "rater_type": "rater", "rater_name": "rater"}
# Ledgers often lack the chair, recorder or place of old meetings; they can be added before
# the minutes are finalised, so a missing one does not stop the import.
_OPTIONAL_MEETING_KEYS = frozenset({"place", "chair", "recorder"})
# Which column a lifecycle requirement names: its label, or one of these words.
_REQUIREMENT_WORDS: tuple[tuple[str, str], ...] = (
    *((c.label, c.key) for c in COLUMNS),
    ("协商会议", "meeting_at"),
    ("共识", "consensus"),
    ("评价", "rating"),
)
_RESULT_WORDS = {label: code for code, label in RESULT_CODES.items()}


@dataclass(frozen=True)
class RowError:
    """A problem in one row, numbered as the clerk sees it (Excel row, or JSON item from 1)."""

    row: int
    field_label: str
    message: str

    @property
    def text(self) -> str:
        return f"第{self.row}行 {self.field_label}：{self.message}"


@dataclass(frozen=True)
class LedgerRow:
    """A row that passed every check, with typed values ready to store."""

    row: int
    number: str
    title: str
    source: str
    field: str
    village: str
    proposer: str
    proposed_on: date
    status: Status
    description: str
    research_method: str
    research_findings: str
    meeting_at: datetime | None
    meeting_form: str
    meeting_place: str
    chair: str
    recorder: str
    consensus: str
    output_type: str
    sent_to: str
    sent_on: date | None
    lead_unit: str
    deadline: date | None
    result_code: str
    reply_text: str
    reply_on: date | None
    rating: str
    rater_type: str
    rater_name: str


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _cell_day(value: object) -> object:
    """A date cell as a ``date`` where possible; text stays text for the validator's message."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _number_text(value)  # 20250305 typed as a number: parsed as text
    return value


def _cell_moment(value: object) -> object:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = _number_text(value)
    if isinstance(value, str) and value.strip():
        day, _ = date_problem(value)
        if day is not None:
            return datetime.combine(day, time())
        moment, _ = datetime_problem(value)
        if moment is not None:
            return moment
    return value


def _moment_problem(raw: str) -> str:
    """Why a 协商日期 could not be read: a bad date is worded as such, not as a missing time."""
    day_problem = date_problem(raw)[1] or "不是有效日期"
    moment_problem = datetime_problem(raw)[1] or day_problem
    return day_problem if "缺少具体时间" in moment_problem else moment_problem


# Excel's error values: a formula that failed is not the text the clerk meant.
EXCEL_ERRORS = frozenset(
    {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#GETTING_DATA", "#SPILL!", "#CALC!"}
)
_FORMULA_HINTS = ("|", "!", "(")


def raw_value_problem(value: object) -> str | None:
    """Why a cell (or JSON) value cannot be taken as the text of a field, or None when it can."""
    if value is None or isinstance(value, str | int | date | time | timedelta):
        if isinstance(value, bool):
            return "应为文字，不能是 true/false"
        if isinstance(value, str):
            text = value.strip()
            if text.upper() in EXCEL_ERRORS:
                return f"是 Excel 的错误值“{text}”（公式算错了），请改正后填入实际内容"
            if text[:1] in ("=", "@") or (text[:1] in ("+", "-") and any(h in text for h in _FORMULA_HINTS)):
                return f"“{text[:20]}”像是公式，不是文字，请去掉开头的“{text[0]}”或填入实际内容"
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else "不是有效的数（NaN 或无穷大）"
    if isinstance(value, list | tuple):
        return "应为文字，不能是列表"
    if isinstance(value, dict):
        return "应为文字，不能是对象（{…}）"
    return f"类型不对（{type(value).__name__}），应为文字"


def normalise_cell(key: str, value: object) -> object:
    """Turn a raw cell (or JSON) value into what the validators expect."""
    if value is None:
        return ""
    kind = COLUMN_BY_KEY[key].kind
    if kind == "date":
        return _cell_day(value)
    if kind == "datetime":
        return _cell_moment(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() != time() else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _number_text(value)
    return value if isinstance(value, str) else str(value)


def is_blank(values: Mapping[str, object]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values())


def is_example(values: Mapping[str, object]) -> bool:
    number = values.get("number")
    return isinstance(number, str) and number.strip().startswith(EXAMPLE_MARK)


def _text(values: Mapping[str, object], key: str) -> str:
    value = values.get(key, "")
    if not isinstance(value, str):
        return ""
    return text_problem(value, max_len=LONG_MAX)[0]


def _day_or_none(values: Mapping[str, object], key: str) -> date | None:
    value = values.get(key)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        return date_problem(value)[0]
    return None


class _Checker:
    """Collects the problems of one row under the ledger's column names."""

    def __init__(self, row: int, values: dict[str, object]) -> None:
        self.row = row
        self.values = values
        self.errors: list[RowError] = []
        self.bad_keys: set[str] = set()

    def add(self, key: str, message: str) -> None:
        if key in self.bad_keys and key != "status":
            return  # one message a column is enough for the clerk
        self.bad_keys.add(key)
        label = COLUMN_BY_KEY[key].label if key in COLUMN_BY_KEY else key
        self.errors.append(RowError(self.row, label, message))

    def issues(self, issues: list[Issue], keys: Mapping[str, str] | None = None) -> None:
        for issue in issues:
            self.add((keys or {}).get(issue.field, issue.field), issue.message)


def _result_code(raw: str) -> str:
    """A, b, 已解决, 「A 已解决」 and 「A（已解决）」 all mean the code A."""
    text = unicodedata.normalize("NFKC", raw).strip()
    if text in _RESULT_WORDS:
        return _RESULT_WORDS[text]
    head = text[:1].upper()
    if head in RESULT_CODES and text[1:].strip(" ()、.:：-") in ("", RESULT_CODES[head]):
        return head
    return raw.strip()


def _status(checker: _Checker) -> Status | None:
    raw = _text(checker.values, "status")
    if not raw:
        return lifecycle.INITIAL_STATUS
    try:
        return Status(raw)
    except ValueError:
        checker.add("status", f"“{raw}”不是有效状态，请从列表中选择（{'、'.join(Status)}）")
        return None


def _check_meeting(c: _Checker) -> datetime | None:
    v = c.values
    given = any(_text(v, k) for k in ("meeting_form", "meeting_place", "chair", "recorder", "consensus"))
    raw = v.get("meeting_at")
    if raw in ("", None):
        if given:
            c.add("meeting_at", "填写了协商形式、地点、主持人或共识等内容时，必须填写协商日期")
        return None
    if isinstance(raw, str):
        c.add("meeting_at", _moment_problem(raw))
        return None
    data = {
        "held_at": raw,
        "form": v.get("meeting_form", ""),
        "place": v.get("meeting_place", ""),
        "chair": v.get("chair", ""),
        "recorder": v.get("recorder", ""),
        "consensus": v.get("consensus", ""),
    }
    issues = [
        i
        for i in validate_meeting(data)
        if not (i.field in _OPTIONAL_MEETING_KEYS and i.message == "不能为空")
    ]
    c.issues(issues, _MEETING_KEYS)
    return raw if isinstance(raw, datetime) else None


def _rater(raw: str) -> tuple[str, str]:
    if not raw:
        return "", ""
    if raw in RATER_TYPES:
        return raw, ""
    return "其他", raw


def check_row(row: int, values: dict[str, object], *, today: date) -> tuple[LedgerRow | None, list[RowError]]:
    """Check one row (values already normalised); a LedgerRow only when nothing is wrong."""
    c = _Checker(row, values)
    v = values
    c.issues(validate_topic(v, today=today))
    for column in COLUMNS:  # hidden characters in any text column, not only the validated ones
        raw = v.get(column.key)
        if column.kind in ("text", "long") and isinstance(raw, str) and raw:
            problem = text_problem(raw, max_len=LONG_MAX)[1]
            if problem and not problem.startswith("不能超过"):
                c.add(column.key, problem)
    status = _status(c)
    method, problem = text_problem(_text(v, "research_method"), max_len=40, single_line=True)
    if problem:
        c.add("research_method", problem)
    meeting_at = _check_meeting(c)

    result_code = _result_code(_text(v, "result_code"))
    conversion = {k: v.get(k, "") for k in ("output_type", "sent_to", "sent_on", "lead_unit", "deadline")}
    conversion.update(result_code=result_code, reply_text=v.get("reply_text", ""), reply_on=v.get("reply_on"))
    # An empty 成果形式 is only a problem from 已报送 on, which the lifecycle check reports.
    c.issues(
        [
            i
            for i in validate_conversion(conversion, today=today)
            if not (i.field == "output_type" and not _text(v, "output_type"))
        ]
    )

    rating, rater = _text(v, "rating"), _text(v, "rater")
    rater_type, rater_name = _rater(rater)
    if rating or rater:
        evaluation = {"rater_type": rater_type, "rater_name": rater_name, "rating": rating}
        c.issues(validate_evaluation(evaluation, today=today), _EVALUATION_KEYS)

    if status is not None:
        facts = ConsultationFacts(
            title=_text(v, "title"),
            source=_text(v, "source"),
            field=_text(v, "field"),
            proposed_on=_day_or_none(v, "proposed_on"),
            research_findings=_text(v, "research_findings"),
            meeting_count=1 if meeting_at is not None else 0,
            consensus=_text(v, "consensus"),
            output_type=_text(v, "output_type"),
            sent_to=_text(v, "sent_to"),
            sent_on=_day_or_none(v, "sent_on"),
            result_code=result_code.upper(),
            reply_text=_text(v, "reply_text"),
            reply_on=_day_or_none(v, "reply_on"),
            evaluation_count=1 if rating else 0,
        )
        _check_lifecycle(c, status, facts)

    if c.errors or status is None:
        return None, c.errors
    proposed_on = _day_or_none(v, "proposed_on")
    assert proposed_on is not None  # required and checked above
    return (
        LedgerRow(
            row=row,
            number=_text(v, "number"),
            title=_text(v, "title"),
            source=_text(v, "source"),
            field=_text(v, "field"),
            village=_text(v, "village"),
            proposer=_text(v, "proposer"),
            proposed_on=proposed_on,
            status=status,
            description=_text(v, "description"),
            research_method=method,
            research_findings=_text(v, "research_findings"),
            meeting_at=meeting_at,
            meeting_form=_text(v, "meeting_form"),
            meeting_place=_text(v, "meeting_place"),
            chair=_text(v, "chair"),
            recorder=_text(v, "recorder"),
            consensus=_text(v, "consensus"),
            output_type=_text(v, "output_type"),
            sent_to=_text(v, "sent_to"),
            sent_on=_day_or_none(v, "sent_on"),
            lead_unit=_text(v, "lead_unit"),
            deadline=_day_or_none(v, "deadline"),
            result_code=result_code.upper(),
            reply_text=_text(v, "reply_text"),
            reply_on=_day_or_none(v, "reply_on"),
            rating=rating,
            rater_type=rater_type,
            rater_name=rater_name,
        ),
        [],
    )


def _check_lifecycle(c: _Checker, status: Status, facts: ConsultationFacts) -> None:
    """A row must hold what every step of the main path up to its status requires."""
    if status not in lifecycle.PATH:
        return  # 不予立题 and 已撤销 need only a valid topic
    steps = lifecycle.PATH[1 : lifecycle.PATH.index(status) + 1]
    for step in steps:
        for message in lifecycle.missing_requirements(step, facts):
            key = next((k for words, k in _REQUIREMENT_WORDS if words in message), "status")
            c.add(key, f"{message}（状态为“{status}”时必填）")
