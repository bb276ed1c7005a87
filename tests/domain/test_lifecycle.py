"""The status rules of a consultation, checked against a table written out by hand."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_app.domain.lifecycle import (
    INITIAL_STATUS,
    PATH,
    STAGE_OF,
    ConsultationFacts,
    Stage,
    Status,
    Transition,
    TransitionError,
    TransitionKind,
    allowed_transitions,
    check_transition,
    describe_transition,
    is_final,
    missing_requirements,
    possible_transitions,
    stage_of,
    statuses_of,
)
from station_app.errors import KnownError

S = Status
FORWARD = {
    (S.COLLECTING, S.ACCEPTED),
    (S.ACCEPTED, S.RESEARCHING),
    (S.RESEARCHING, S.AWAITING),
    (S.AWAITING, S.CONSULTED),
    (S.CONSULTED, S.SUBMITTED),
    (S.SUBMITTED, S.HANDLING),
    (S.SUBMITTED, S.FED_BACK),
    (S.HANDLING, S.FED_BACK),
    (S.FED_BACK, S.EVALUATED),
    (S.EVALUATED, S.ARCHIVED),
}
BACK = {
    (S.ACCEPTED, S.COLLECTING),
    (S.RESEARCHING, S.ACCEPTED),
    (S.AWAITING, S.RESEARCHING),
    (S.CONSULTED, S.AWAITING),
    (S.SUBMITTED, S.CONSULTED),
    (S.HANDLING, S.SUBMITTED),
    (S.FED_BACK, S.HANDLING),
    (S.EVALUATED, S.FED_BACK),
    (S.REJECTED, S.COLLECTING),
}
REJECT = {(S.COLLECTING, S.REJECTED)}
# 已撤销 = withdrawn after 立题 (README): never from 征集中 or 不予立题.
REVOKE = {(s, S.REVOKED) for s in Status if s not in (S.ARCHIVED, S.REVOKED, S.COLLECTING, S.REJECTED)}
ALLOWED = FORWARD | BACK | REJECT | REVOKE

COMPLETE = ConsultationFacts(
    title="修缮村道",
    source="群众点题",
    field="交通出行",
    proposed_on=date(2026, 3, 5),
    research_findings="路面破损约300米",
    meeting_count=1,
    finalised_minutes_count=1,
    consensus="由镇交通办牵头修缮",
    output_type="协商意见书",
    sent_to="镇党委、镇政府",
    sent_on=date(2026, 4, 1),
    result_code="A",
    reply_text="已完成修缮",
    reply_on=date(2026, 5, 1),
    evaluation_count=2,
)


def test_stages_and_statuses() -> None:
    assert INITIAL_STATUS is S.COLLECTING
    assert [s.value for s in Stage] == ["选题", "调研", "协商", "转化", "评价"]
    assert stage_of(S.REVOKED) is None
    assert stage_of(S.HANDLING) is Stage.CONVERSION
    assert statuses_of(Stage.SELECTION) == (S.COLLECTING, S.ACCEPTED, S.REJECTED)
    assert statuses_of(Stage.RESEARCH) == (S.RESEARCHING, S.AWAITING)
    assert statuses_of(Stage.CONSULTATION) == (S.CONSULTED,)
    assert statuses_of(Stage.CONVERSION) == (S.SUBMITTED, S.HANDLING, S.FED_BACK)
    assert statuses_of(Stage.EVALUATION) == (S.EVALUATED, S.ARCHIVED)
    assert set(STAGE_OF) == set(Status) - {S.REVOKED}
    assert PATH[0] is INITIAL_STATUS and PATH[-1] is S.ARCHIVED
    assert is_final(S.ARCHIVED) and is_final(S.REVOKED) and not is_final(S.REJECTED)


def test_possible_transitions_match_the_table() -> None:
    found = {(t.source, t.target) for s in Status for t in possible_transitions(s)}
    assert found == ALLOWED


@pytest.mark.parametrize(("current", "target"), sorted(itertools.product(Status, Status)))
def test_every_pair(current: Status, target: Status) -> None:
    if (current, target) in ALLOWED:
        t = check_transition(current, target, COMPLETE, reason="情况有变")
        assert (t.source, t.target) == (current, target)
    else:
        with pytest.raises(TransitionError):
            check_transition(current, target, COMPLETE, reason="情况有变")


def test_kinds_labels_and_reasons() -> None:
    for s in Status:
        for t in possible_transitions(s):
            pair = (t.source, t.target)
            expected = (
                TransitionKind.FORWARD
                if pair in FORWARD
                else TransitionKind.BACK
                if pair in BACK
                else TransitionKind.REJECT
                if pair in REJECT
                else TransitionKind.REVOKE
            )
            assert t.kind is expected
            assert t.needs_reason == (expected is not TransitionKind.FORWARD)
            assert t.label
    labels = {(t.source, t.target): t.label for s in Status for t in possible_transitions(s)}
    assert labels[(S.COLLECTING, S.ACCEPTED)] == "立题"
    assert labels[(S.COLLECTING, S.REJECTED)] == "不予立题"
    assert labels[(S.RESEARCHING, S.AWAITING)] == "调研完成"
    assert labels[(S.HANDLING, S.FED_BACK)] == labels[(S.SUBMITTED, S.FED_BACK)] == "登记反馈"
    assert labels[(S.EVALUATED, S.ARCHIVED)] == "归档"
    assert labels[(S.CONSULTED, S.AWAITING)] == "退回上一步"
    assert labels[(S.HANDLING, S.REVOKED)] == "撤销"


def test_not_allowed_message() -> None:
    with pytest.raises(TransitionError) as caught:
        check_transition(S.COLLECTING, S.CONSULTED, COMPLETE)
    assert caught.value.message == "不能从“征集中”直接变为“已协商”。"
    assert isinstance(caught.value, KnownError)


def test_final_statuses_cannot_move() -> None:
    for target in Status:
        for final in (S.ARCHIVED, S.REVOKED):
            with pytest.raises(TransitionError, match=r"不能再改变状态|已经是"):
                check_transition(final, target, COMPLETE, reason="恢复")
    assert possible_transitions(S.ARCHIVED) == []
    assert possible_transitions(S.REVOKED) == []


def test_same_status_is_refused() -> None:
    with pytest.raises(TransitionError, match="已经是“调研中”"):
        check_transition(S.RESEARCHING, S.RESEARCHING, COMPLETE)


@pytest.mark.parametrize(("current", "target"), sorted(BACK | REJECT | REVOKE))
def test_reason_required(current: Status, target: Status) -> None:
    for empty in ("", "   ", "\n\t"):
        with pytest.raises(TransitionError, match="需要填写理由"):
            check_transition(current, target, COMPLETE, reason=empty)
    # A reason is enough, even when nothing else has been filled in.
    assert check_transition(current, target, ConsultationFacts(), reason="填错了").target is target


def test_back_reason_message() -> None:
    with pytest.raises(TransitionError) as caught:
        check_transition(S.RESEARCHING, S.ACCEPTED, COMPLETE)
    assert caught.value.message == "退回上一步需要填写理由。"


def test_reason_too_long() -> None:
    with pytest.raises(TransitionError, match="不能超过500字"):
        check_transition(S.RESEARCHING, S.ACCEPTED, COMPLETE, reason="长" * 501)
    check_transition(S.RESEARCHING, S.ACCEPTED, COMPLETE, reason="长" * 500)


REQUIREMENTS: list[tuple[Status, Status, dict[str, object], str]] = [
    (S.COLLECTING, S.ACCEPTED, {"title": "  "}, "尚未填写议题名称"),
    (S.COLLECTING, S.ACCEPTED, {"source": ""}, "尚未选择议题来源"),
    (S.COLLECTING, S.ACCEPTED, {"source": "网上留言"}, "议题来源“网上留言”不在规定范围内"),
    (S.COLLECTING, S.ACCEPTED, {"field": ""}, "尚未选择所属领域"),
    (S.COLLECTING, S.ACCEPTED, {"field": "天文"}, "所属领域“天文”不在规定范围内"),
    (S.COLLECTING, S.ACCEPTED, {"proposed_on": None}, "尚未填写提出日期"),
    (S.RESEARCHING, S.AWAITING, {"research_findings": ""}, "尚未填写调研结论"),
    (S.AWAITING, S.CONSULTED, {"meeting_count": 0}, "尚未记录协商会议"),
    (S.AWAITING, S.CONSULTED, {"consensus": " "}, "尚未填写形成的共识"),
    (S.CONSULTED, S.SUBMITTED, {"output_type": ""}, "尚未选择成果形式"),
    (S.CONSULTED, S.SUBMITTED, {"output_type": "报告"}, "成果形式“报告”不在规定范围内"),
    (S.CONSULTED, S.SUBMITTED, {"sent_to": ""}, "尚未填写报送对象"),
    (S.CONSULTED, S.SUBMITTED, {"sent_on": None}, "尚未填写报送日期"),
    (S.HANDLING, S.FED_BACK, {"result_code": ""}, "尚未选择办理结果（A/B/C/D）"),
    (S.SUBMITTED, S.FED_BACK, {"result_code": "E"}, "办理结果“E”不在规定范围内"),
    (S.HANDLING, S.FED_BACK, {"reply_text": ""}, "尚未填写反馈内容"),
    (S.SUBMITTED, S.FED_BACK, {"reply_on": None}, "尚未填写反馈日期"),
    (S.FED_BACK, S.EVALUATED, {"evaluation_count": 0}, "尚未登记满意度评价"),
    (S.EVALUATED, S.ARCHIVED, {"evaluation_count": 0}, "尚未登记满意度评价"),
]


@pytest.mark.parametrize(("current", "target", "change", "message"), REQUIREMENTS)
def test_requirements(current: Status, target: Status, change: dict[str, object], message: str) -> None:
    facts = replace(COMPLETE, **change)  # type: ignore[arg-type]
    assert missing_requirements(target, facts) == [message]
    with pytest.raises(TransitionError) as caught:
        check_transition(current, target, facts)
    assert message in caught.value.message
    assert caught.value.missing == (message,)
    assert target not in {t.target for t in allowed_transitions(current, facts)}
    # Going back, rejecting or revoking never waits for requirements.
    away = S.REJECTED if current is S.COLLECTING else S.REVOKED
    assert check_transition(current, away, facts, reason="不再需要").kind in (
        TransitionKind.REVOKE,
        TransitionKind.REJECT,
    )


def test_missing_requirements_are_all_listed() -> None:
    with pytest.raises(TransitionError) as caught:
        check_transition(S.COLLECTING, S.ACCEPTED, ConsultationFacts())
    assert caught.value.message == (
        "还不能“立题”：尚未填写议题名称；尚未选择议题来源；尚未选择所属领域；尚未填写提出日期。"
    )
    assert len(caught.value.missing) == 4


def test_targets_without_requirements() -> None:
    empty = ConsultationFacts()
    for target in (S.COLLECTING, S.RESEARCHING, S.HANDLING, S.REJECTED, S.REVOKED):
        assert missing_requirements(target, empty) == []
    assert check_transition(S.ACCEPTED, S.RESEARCHING, empty).label == "开始调研"
    assert check_transition(S.SUBMITTED, S.HANDLING, empty).label == "开始办理"


def test_complete_facts_allow_everything_possible() -> None:
    for s in Status:
        assert allowed_transitions(s, COMPLETE) == possible_transitions(s)


def test_allowed_transitions_for_a_new_topic() -> None:
    allowed = {(t.target, t.kind) for t in allowed_transitions(S.COLLECTING, ConsultationFacts())}
    assert allowed == {(S.REJECTED, TransitionKind.REJECT)}  # no 撤销 before 立题


def test_string_statuses_are_accepted() -> None:
    assert check_transition("征集中", "已立题", COMPLETE).target is S.ACCEPTED
    with pytest.raises(TransitionError, match="未知的状态“办结”"):
        check_transition("征集中", "办结", COMPLETE)


def test_whole_path_walk() -> None:
    status = INITIAL_STATUS
    for target in PATH[1:]:
        status = check_transition(status, target, COMPLETE).target
    assert status is S.ARCHIVED


def test_describe_transition() -> None:
    back = check_transition(S.RESEARCHING, S.ACCEPTED, COMPLETE, reason="需补充材料")
    assert describe_transition(back, " 需补充材料 ") == "状态由“调研中”退回“已立题”，理由：需补充材料"
    forward = check_transition(S.COLLECTING, S.ACCEPTED, COMPLETE)
    assert describe_transition(forward, "") == "状态由“征集中”变为“已立题”（立题）"
    assert (
        describe_transition(forward, "站务会决定") == "状态由“征集中”变为“已立题”（立题），说明：站务会决定"
    )
    revoke = Transition(S.HANDLING, S.REVOKED, TransitionKind.REVOKE, "撤销", True)
    assert describe_transition(revoke, "重复议题") == "状态由“办理中”变为“已撤销”，理由：重复议题"
    reject = check_transition(S.COLLECTING, S.REJECTED, COMPLETE, reason="不属于协商范围")
    assert (
        describe_transition(reject, "不属于协商范围") == "状态由“征集中”变为“不予立题”，理由：不属于协商范围"
    )


optional_date = st.none() | st.dates()
facts_strategy = st.builds(
    ConsultationFacts,
    title=st.text(max_size=5),
    source=st.sampled_from(["", "群众点题", "乱写"]),
    field=st.sampled_from(["", "教育", "乱写"]),
    proposed_on=optional_date,
    research_findings=st.text(max_size=3),
    meeting_count=st.integers(-1, 3),
    consensus=st.text(max_size=3),
    output_type=st.sampled_from(["", "建议案", "乱写"]),
    sent_to=st.text(max_size=3),
    sent_on=optional_date,
    result_code=st.sampled_from(["", "A", "D", "Z"]),
    reply_text=st.text(max_size=3),
    reply_on=optional_date,
    evaluation_count=st.integers(-1, 3),
)
status_like = st.sampled_from(list(Status)) | st.sampled_from([s.value for s in Status]) | st.text(max_size=4)


@given(status_like, status_like, facts_strategy, st.text(max_size=8))
def test_check_transition_only_raises_transition_error(
    current: str, target: str, facts: ConsultationFacts, reason: str
) -> None:
    try:
        t = check_transition(current, target, facts, reason)
    except TransitionError as error:
        assert error.message
    else:
        assert t in possible_transitions(Status(current))
        assert t in allowed_transitions(Status(current), facts)
        assert not t.needs_reason or reason.strip()


@given(st.sampled_from(list(Status)), facts_strategy)
def test_allowed_is_possible_minus_unmet(status: Status, facts: ConsultationFacts) -> None:
    allowed = allowed_transitions(status, facts)
    for t in possible_transitions(status):
        unmet = t.kind is TransitionKind.FORWARD and bool(missing_requirements(t.target, facts))
        assert (t in allowed) == (not unmet)
