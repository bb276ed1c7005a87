"""Validation of what the clerk types, with Chinese messages that name the field.

Record validators take a plain mapping (form values keyed by the English field names below; values
may be text as typed or already ``date``/``datetime`` objects) and return every :class:`Issue` at
once, so a dialog can mark all bad fields together. ``today`` is always passed in: the rules never
read the clock, which keeps them testable. Call :func:`ensure_valid` to turn issues into an error.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, datetime, timedelta

from station_app.domain.classifications import (
    ATTENDANCE,
    FIELD_NAMES,
    MEETING_FORMS,
    OUTPUT_TYPES,
    PARTICIPANT_CATEGORIES,
    RATER_TYPES,
    REPORT_STATUSES,
    RESEARCH_METHODS,
    RESULT_CODES,
    SATISFACTION,
    SECTORS,
    SOURCES,
)
from station_app.domain.fieldcheck import (
    YEAR_MAX,
    YEAR_MIN,
    DeadlineState,
    Issue,
    ValidationError,
    check_phone,
    check_range,
    clean_text,
    date_problem,
    datetime_problem,
    deadline_state,
    ensure_valid,
    format_date,
    format_datetime,
    parse_date,
    parse_datetime,
    phone_problem,
    text_problem,
)

__all__ = [
    "LONG_MAX",
    "NAME_MAX",
    "TITLE_MAX",
    "UNIT_MAX",
    "DeadlineState",
    "Issue",
    "ValidationError",
    "check_phone",
    "check_range",
    "clean_text",
    "deadline_state",
    "ensure_valid",
    "format_date",
    "format_datetime",
    "parse_date",
    "parse_datetime",
    "validate_action_item",
    "validate_conversion",
    "validate_evaluation",
    "validate_meeting",
    "validate_member",
    "validate_participant",
    "validate_report",
    "validate_research",
    "validate_topic",
]

TITLE_MAX = 100
NAME_MAX = 30
UNIT_MAX = 100
MATTER_MAX = 500
COMMENT_MAX = 2000
LONG_MAX = 5000
# A clock a day fast, or a meeting that ran past midnight, must not block the clerk.
FUTURE_GRACE = timedelta(days=1)


class _Form:
    """Collects issues while reading one record's values."""

    def __init__(self, data: Mapping[str, object]) -> None:
        self.data = data
        self.issues: list[Issue] = []

    def add(self, key: str, label: str, message: str) -> None:
        self.issues.append(Issue(key, label, message))

    def text(
        self, key: str, label: str, *, max_len: int, required: bool = False, single_line: bool = True
    ) -> str:
        value = self.data.get(key)
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.add(key, label, "格式不正确，应为文字")
            return ""
        text, problem = text_problem(value, required=required, max_len=max_len, single_line=single_line)
        if problem:
            self.add(key, label, problem)
        return text

    def choice(
        self, key: str, label: str, choices: Collection[str], *, required: bool = True, upper: bool = False
    ) -> str:
        text = self.text(key, label, max_len=200)
        if upper:
            text = text.upper()
        if not text:
            if required and not any(i.field == key for i in self.issues):
                self.add(key, label, "请从列表中选择")
            return ""
        if text not in choices:
            listed = f"（{'、'.join(choices)}）" if len(choices) <= 8 else "，请从列表中选择"
            self.add(key, label, f"“{text}”不在可选范围内{listed}")
            return ""
        return text

    def day(self, key: str, label: str, *, required: bool = False, today: date | None = None) -> date | None:
        """A date; with ``today`` it may not lie in the future (beyond a day's grace)."""
        value = self.data.get(key)
        result: date | None
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(key, label, "不能为空")
            return None
        if isinstance(value, datetime):
            result = value.date()
        elif isinstance(value, date):
            result = value
        elif isinstance(value, str):
            parsed, problem = date_problem(value)
            if parsed is None:
                self.add(key, label, problem or "不是有效日期")
                return None
            result = parsed
        else:
            self.add(key, label, "格式不正确，应为日期")
            return None
        if not YEAR_MIN <= result.year <= YEAR_MAX:
            self.add(key, label, f"年份“{result.year}”不合理，应在{YEAR_MIN}—{YEAR_MAX}年之间")
            return None
        if today is not None and result > today + FUTURE_GRACE:
            self.add(key, label, f"“{format_date(result)}”是将来的日期，请检查")
            return None
        return result

    def moment(self, key: str, label: str, *, required: bool = False) -> datetime | None:
        value = self.data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(key, label, "不能为空")
            return None
        if isinstance(value, datetime):
            return value
        if isinstance(value, str):
            result, problem = datetime_problem(value)
            if problem:
                self.add(key, label, problem)
            return result
        self.add(key, label, "格式不正确，应为日期和时间（如 2026-03-05 14:30）")
        return None

    def phone(self, key: str, label: str) -> str:
        text = self.text(key, label, max_len=40)
        number, problem = phone_problem(text)
        if problem:
            self.add(key, label, problem)
        return number

    def order(
        self, start: date | None, end: date | None, start_label: str, end_key: str, end_label: str
    ) -> None:
        issue = check_range(start, end, start_label, end_label, field=end_key)
        if issue:
            self.issues.append(issue)


def validate_topic(data: Mapping[str, object], *, today: date) -> list[Issue]:
    """选题: title, source, field, village/community, proposer, proposed_on, description."""
    f = _Form(data)
    f.text("title", "议题名称", max_len=TITLE_MAX, required=True)
    f.choice("source", "议题来源", SOURCES)
    f.choice("field", "所属领域", FIELD_NAMES)
    f.text("village", "村（社区）", max_len=50)
    f.text("proposer", "提出人", max_len=NAME_MAX)
    f.day("proposed_on", "提出日期", required=True, today=today)
    f.text("description", "议题说明", max_len=LONG_MAX, single_line=False)
    return f.issues


def validate_research(data: Mapping[str, object], *, today: date) -> list[Issue]:
    """调研: research_method, research_start, research_end, research_findings."""
    f = _Form(data)
    f.choice("research_method", "调研方式", RESEARCH_METHODS)
    start = f.day("research_start", "调研开始日期", required=True, today=today)
    end = f.day("research_end", "调研结束日期", today=today)
    f.order(start, end, "调研开始日期", "research_end", "调研结束日期")
    f.text("research_findings", "调研结论", max_len=LONG_MAX, single_line=False)
    return f.issues


def validate_meeting(data: Mapping[str, object]) -> list[Issue]:
    """协商会议: form, held_at, place, chair, recorder, consensus, disagreements.

    ``held_at`` may lie in the future: the sign-in sheet is printed before the meeting.
    """
    f = _Form(data)
    f.choice("form", "协商形式", MEETING_FORMS)
    start = f.moment("held_at", "协商时间", required=True)
    end = f.moment("ended_at", "结束时间")
    f.order(start, end, "协商时间", "ended_at", "结束时间")
    f.text("place", "协商地点", max_len=UNIT_MAX, required=True)
    f.text("chair", "主持人", max_len=NAME_MAX, required=True)
    f.text("recorder", "记录人", max_len=NAME_MAX, required=True)
    f.text("consensus", "形成共识", max_len=LONG_MAX, single_line=False)
    f.text("disagreements", "不同意见", max_len=LONG_MAX, single_line=False)
    return f.issues


def validate_participant(data: Mapping[str, object]) -> list[Issue]:
    """参加人员: name, category, attendance, unit, phone."""
    f = _Form(data)
    f.text("name", "姓名", max_len=NAME_MAX, required=True)
    f.choice("category", "人员类别", PARTICIPANT_CATEGORIES)
    f.choice("attendance", "出席情况", ATTENDANCE)
    f.text("unit", "工作单位", max_len=UNIT_MAX)
    f.phone("phone", "联系电话")
    return f.issues


def validate_action_item(data: Mapping[str, object], *, today: date) -> list[Issue]:
    """下步措施: matter, unit, person, due_on, done_on."""
    f = _Form(data)
    f.text("matter", "事项", max_len=MATTER_MAX, required=True, single_line=False)
    f.text("unit", "责任单位", max_len=UNIT_MAX, required=True)
    f.text("person", "责任人", max_len=NAME_MAX)
    f.day("due_on", "完成时限", required=True)
    f.day("done_on", "完成日期", today=today)
    return f.issues


def validate_conversion(data: Mapping[str, object], *, today: date) -> list[Issue]:
    """转化: output_type, sent_to, sent_on, lead_unit, deadline, result_code, reply_text, reply_on."""
    f = _Form(data)
    f.choice("output_type", "成果形式", OUTPUT_TYPES)
    f.text("sent_to", "报送对象", max_len=UNIT_MAX)
    sent = f.day("sent_on", "报送日期", today=today)
    f.text("lead_unit", "牵头办理单位", max_len=UNIT_MAX)
    deadline = f.day("deadline", "办理时限")
    f.order(sent, deadline, "报送日期", "deadline", "办理时限")
    # Clerks type a/b/c/d as often as A/B/C/D.
    f.choice("result_code", "办理结果", tuple(RESULT_CODES), required=False, upper=True)
    f.text("reply_text", "反馈内容", max_len=LONG_MAX, single_line=False)
    reply = f.day("reply_on", "反馈日期", today=today)
    f.order(sent, reply, "报送日期", "reply_on", "反馈日期")
    return f.issues


def validate_evaluation(data: Mapping[str, object], *, today: date) -> list[Issue]:
    """评价: rater_type, rater_name, rating, comments, rated_on."""
    f = _Form(data)
    f.choice("rater_type", "评价人类别", RATER_TYPES)
    f.text("rater_name", "评价人", max_len=NAME_MAX)
    f.choice("rating", "满意度", SATISFACTION)
    f.text("comments", "评价意见", max_len=COMMENT_MAX, single_line=False)
    f.day("rated_on", "评价日期", today=today)
    return f.issues


def validate_member(data: Mapping[str, object]) -> list[Issue]:
    """委员名册: name, sector, unit, position, phone."""
    f = _Form(data)
    f.text("name", "姓名", max_len=NAME_MAX, required=True)
    f.choice("sector", "界别", SECTORS)
    f.text("unit", "工作单位", max_len=UNIT_MAX)
    f.text("position", "职务", max_len=UNIT_MAX)
    f.phone("phone", "联系电话")
    return f.issues


def validate_report(data: Mapping[str, object], *, today: date) -> list[Issue]:
    """社情民意信息: title, reporter, reporter_unit, phone, situation, cause, suggestion, status,
    reported_on."""
    f = _Form(data)
    f.text("title", "标题", max_len=TITLE_MAX, required=True)
    f.text("reporter", "反映人", max_len=NAME_MAX, required=True)
    f.text("reporter_unit", "反映人单位", max_len=UNIT_MAX)
    f.phone("phone", "联系电话")
    f.text("situation", "基本情况", max_len=LONG_MAX, required=True, single_line=False)
    f.text("cause", "原因分析", max_len=LONG_MAX, single_line=False)
    f.text("suggestion", "意见建议", max_len=LONG_MAX, single_line=False)
    f.choice("status", "状态", REPORT_STATUSES, required=False)
    f.day("reported_on", "报送日期", today=today)
    return f.issues
