"""The chain 选题 → 调研 → 协商 → 转化 → 评价 as explicit rules.

Every status change goes through :func:`check_transition`, so the window, the command line and
the importer obey the same table. Decisions written down here:

- Going back moves one step along :data:`PATH` and needs a reason; 已反馈 goes back to 办理中
  even when the reply came straight after 已报送 (办理中 is the honest state once a reply is withdrawn).
- 不予立题 can be reopened (back to 征集中) with a reason.
- 撤销 is for a topic withdrawn after 立题 (README: 已撤销 = 立题后中途撤销): a topic still 征集中 is
  turned down with 不予立题, never revoked, so the two counts never overlap.
- 已归档 and 已撤销 are final. A revoked topic that comes up again is entered as a new topic, so the
  history of the old one stays as it was; an archive is the station's closed record.
- Requirements are checked only when moving forward; going back, rejecting or revoking never
  depends on what has been filled in, only on a reason.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from station_app.domain.classifications import FIELD_NAMES, OUTPUT_TYPES, RESULT_CODES, SOURCES
from station_app.errors import KnownError

REASON_MAX_LEN = 500


class Stage(StrEnum):
    SELECTION = "选题"
    RESEARCH = "调研"
    CONSULTATION = "协商"
    CONVERSION = "转化"
    EVALUATION = "评价"


class Status(StrEnum):
    COLLECTING = "征集中"
    ACCEPTED = "已立题"
    REJECTED = "不予立题"
    RESEARCHING = "调研中"
    AWAITING = "待协商"
    CONSULTED = "已协商"
    SUBMITTED = "已报送"
    HANDLING = "办理中"
    FED_BACK = "已反馈"
    EVALUATED = "已评价"
    ARCHIVED = "已归档"
    REVOKED = "已撤销"


class TransitionKind(StrEnum):
    FORWARD = "forward"
    BACK = "back"
    REJECT = "reject"
    REVOKE = "revoke"


INITIAL_STATUS = Status.COLLECTING

# The main path; "one step back" means the previous entry here.
PATH: tuple[Status, ...] = (
    Status.COLLECTING,
    Status.ACCEPTED,
    Status.RESEARCHING,
    Status.AWAITING,
    Status.CONSULTED,
    Status.SUBMITTED,
    Status.HANDLING,
    Status.FED_BACK,
    Status.EVALUATED,
    Status.ARCHIVED,
)
FINAL_STATUSES: frozenset[Status] = frozenset({Status.ARCHIVED, Status.REVOKED})

# 已撤销 belongs to no stage: it can happen in any of them.
STAGE_OF: dict[Status, Stage] = {
    Status.COLLECTING: Stage.SELECTION,
    Status.ACCEPTED: Stage.SELECTION,
    Status.REJECTED: Stage.SELECTION,
    Status.RESEARCHING: Stage.RESEARCH,
    Status.AWAITING: Stage.RESEARCH,
    Status.CONSULTED: Stage.CONSULTATION,
    Status.SUBMITTED: Stage.CONVERSION,
    Status.HANDLING: Stage.CONVERSION,
    Status.FED_BACK: Stage.CONVERSION,
    Status.EVALUATED: Stage.EVALUATION,
    Status.ARCHIVED: Stage.EVALUATION,
}


def stage_of(status: Status) -> Stage | None:
    return STAGE_OF.get(status)


def statuses_of(stage: Stage) -> tuple[Status, ...]:
    return tuple(s for s in Status if STAGE_OF.get(s) is stage)


def is_final(status: Status) -> bool:
    return status in FINAL_STATUSES


@dataclass(frozen=True)
class ConsultationFacts:
    """What the rules need to know about one consultation record (filled in by the services)."""

    title: str = ""
    source: str = ""
    field: str = ""
    proposed_on: date | None = None
    research_findings: str = ""
    meeting_count: int = 0
    finalised_minutes_count: int = 0
    consensus: str = ""
    output_type: str = ""
    sent_to: str = ""
    sent_on: date | None = None
    result_code: str = ""
    reply_text: str = ""
    reply_on: date | None = None
    evaluation_count: int = 0


@dataclass(frozen=True)
class Transition:
    source: Status
    target: Status
    kind: TransitionKind
    label: str  # the verb on the button
    needs_reason: bool


class TransitionError(KnownError):
    """A status change the rules refuse; ``missing`` lists unmet requirements, if that was the cause."""

    def __init__(self, message: str, missing: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.missing = missing


_FORWARD: tuple[tuple[Status, Status, str], ...] = (
    (Status.COLLECTING, Status.ACCEPTED, "立题"),
    (Status.ACCEPTED, Status.RESEARCHING, "开始调研"),
    (Status.RESEARCHING, Status.AWAITING, "调研完成"),
    (Status.AWAITING, Status.CONSULTED, "记录协商"),
    (Status.CONSULTED, Status.SUBMITTED, "报送成果"),
    (Status.SUBMITTED, Status.HANDLING, "开始办理"),
    (Status.SUBMITTED, Status.FED_BACK, "登记反馈"),  # the reply came at once
    (Status.HANDLING, Status.FED_BACK, "登记反馈"),
    (Status.FED_BACK, Status.EVALUATED, "完成评价"),
    (Status.EVALUATED, Status.ARCHIVED, "归档"),
)


# Before 立题 there is nothing to withdraw: these are turned down (不予立题) instead.
NOT_YET_ACCEPTED: frozenset[Status] = frozenset({Status.COLLECTING, Status.REJECTED})


def _build_table() -> dict[Status, tuple[Transition, ...]]:
    table: dict[Status, list[Transition]] = {s: [] for s in Status}
    for source, target, label in _FORWARD:
        table[source].append(Transition(source, target, TransitionKind.FORWARD, label, needs_reason=False))
    table[Status.COLLECTING].append(
        Transition(Status.COLLECTING, Status.REJECTED, TransitionKind.REJECT, "不予立题", needs_reason=True)
    )
    for previous, status in itertools.pairwise(PATH):
        if status not in FINAL_STATUSES:
            table[status].append(Transition(status, previous, TransitionKind.BACK, "退回上一步", True))
    table[Status.REJECTED].append(
        Transition(Status.REJECTED, Status.COLLECTING, TransitionKind.BACK, "重新征集", needs_reason=True)
    )
    for status in Status:
        if status not in FINAL_STATUSES and status not in NOT_YET_ACCEPTED:
            table[status].append(Transition(status, Status.REVOKED, TransitionKind.REVOKE, "撤销", True))
    return {s: tuple(ts) for s, ts in table.items()}


_TABLE = _build_table()


def possible_transitions(status: Status) -> list[Transition]:
    """Every transition the table allows from ``status``, whatever has been filled in."""
    return list(_TABLE[Status(status)])


def _choice_problem(value: str, choices: tuple[str, ...] | dict[str, str], empty: str, label: str) -> str:
    if not value.strip():
        return empty
    if value.strip() not in choices:
        return f"{label}“{value}”不在规定范围内"
    return ""


def missing_requirements(target: Status, facts: ConsultationFacts) -> list[str]:
    """What must be recorded before a record may move forward into ``target`` (empty = nothing)."""
    missing: list[str] = []

    def need(ok: bool, message: str) -> None:
        if not ok:
            missing.append(message)

    if target is Status.ACCEPTED:
        need(bool(facts.title.strip()), "尚未填写议题名称")
        problem = _choice_problem(facts.source, SOURCES, "尚未选择议题来源", "议题来源")
        need(not problem, problem)
        problem = _choice_problem(facts.field, FIELD_NAMES, "尚未选择所属领域", "所属领域")
        need(not problem, problem)
        need(facts.proposed_on is not None, "尚未填写提出日期")
    elif target is Status.AWAITING:
        need(bool(facts.research_findings.strip()), "尚未填写调研结论")
    elif target is Status.CONSULTED:
        need(facts.meeting_count >= 1, "尚未记录协商会议")
        need(bool(facts.consensus.strip()), "尚未填写形成的共识")
    elif target is Status.SUBMITTED:
        problem = _choice_problem(facts.output_type, OUTPUT_TYPES, "尚未选择成果形式", "成果形式")
        need(not problem, problem)
        need(bool(facts.sent_to.strip()), "尚未填写报送对象")
        need(facts.sent_on is not None, "尚未填写报送日期")
    elif target is Status.FED_BACK:
        problem = _choice_problem(facts.result_code, RESULT_CODES, "尚未选择办理结果（A/B/C/D）", "办理结果")
        need(not problem, problem)
        need(bool(facts.reply_text.strip()), "尚未填写反馈内容")
        need(facts.reply_on is not None, "尚未填写反馈日期")
    elif target in (Status.EVALUATED, Status.ARCHIVED):
        need(facts.evaluation_count >= 1, "尚未登记满意度评价")
    return missing


def _requirements_met(t: Transition, facts: ConsultationFacts) -> bool:
    return t.kind is not TransitionKind.FORWARD or not missing_requirements(t.target, facts)


def allowed_transitions(status: Status, facts: ConsultationFacts) -> list[Transition]:
    """The transitions that may be taken now: forward ones only once their requirements are met."""
    return [t for t in possible_transitions(status) if _requirements_met(t, facts)]


def _as_status(value: Status | str) -> Status:
    try:
        return Status(value)
    except ValueError:
        raise TransitionError(f"未知的状态“{value}”。") from None


def check_transition(
    current: Status | str, target: Status | str, facts: ConsultationFacts, reason: str = ""
) -> Transition:
    """Return the transition if the rules allow it now; otherwise raise :class:`TransitionError`."""
    source, goal = _as_status(current), _as_status(target)
    if source is goal:
        raise TransitionError(f"议题已经是“{source}”状态。")
    if source in FINAL_STATUSES:
        raise TransitionError(f"“{source}”的议题不能再改变状态。")
    found = [t for t in _TABLE[source] if t.target is goal]
    if not found:
        raise TransitionError(f"不能从“{source}”直接变为“{goal}”。")
    transition = found[0]
    reason = reason.strip()
    if transition.needs_reason and not reason:
        raise TransitionError(f"{transition.label}需要填写理由。")
    if len(reason) > REASON_MAX_LEN:
        raise TransitionError(f"理由不能超过{REASON_MAX_LEN}字（现有{len(reason)}字）。")
    if transition.kind is TransitionKind.FORWARD:
        missing = missing_requirements(goal, facts)
        if missing:
            raise TransitionError(f"还不能“{transition.label}”：{'；'.join(missing)}。", tuple(missing))
    return transition


def describe_transition(t: Transition, reason: str) -> str:
    """One Chinese sentence for the audit log."""
    verb = "退回" if t.kind is TransitionKind.BACK else "变为"
    text = f"状态由“{t.source}”{verb}“{t.target}”"
    if t.kind is TransitionKind.FORWARD:
        text += f"（{t.label}）"
    reason = reason.strip()
    if reason:
        text += f"，{'理由' if t.needs_reason else '说明'}：{reason}"
    return text
