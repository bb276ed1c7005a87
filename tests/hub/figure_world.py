"""Generated station data for the figure tests, and the figures counted by hand from it.

The specs are plain Python; :func:`write_station` puts them into a real station database (two
packages: the second one tombstones or moves some topics), and :func:`expected` counts every figure
from the specs alone — it shares no code with ``domain.figures`` or ``services.figures``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from hypothesis import strategies as st

from station_app.domain.classifications import FIELD_NAMES, SATISFACTION, is_minsheng, is_supervision
from station_app.storage.engine import Database
from station_app.storage.records import ActionItem, Consultation, Evaluation, Meeting, Member, Participant

STATUSES = ["征集中", "已立题", "不予立题", "调研中", "待协商", "已协商",
            "已报送", "办理中", "已反馈", "已评价", "已归档", "已撤销"]  # fmt: skip
# Written out here on purpose: the test's own reading of the chain, not the product's table.
STAGE = {"征集中": "选题", "已立题": "选题", "调研中": "调研", "待协商": "调研", "已协商": "协商",
         "已报送": "转化", "办理中": "转化", "已反馈": "转化", "已评价": "评价", "已归档": "评价",
         "不予立题": "不予立题", "已撤销": "已撤销"}  # fmt: skip
CONSULTED = {"已协商", "已报送", "办理中", "已反馈", "已评价", "已归档"}
SUBMITTED = {"已报送", "办理中", "已反馈", "已评价", "已归档"}
FIRST = date(2023, 1, 1)
LAST = date(2027, 12, 31)


@dataclass
class ActionSpec:
    due_days: int | None  # relative to today
    done: bool
    deleted: bool


@dataclass
class MeetingSpec:
    held_on: date
    deleted: bool
    participants: list[tuple[int | None, str, bool]]  # (member index, attendance, deleted)
    actions: list[ActionSpec]


@dataclass
class TopicSpec:
    status: str
    field: str
    result: str
    proposed_on: date
    deleted: bool
    ratings: list[tuple[str, bool]]  # (rating, deleted)
    meetings: list[MeetingSpec]
    later: str  # keep | delete | move: what the second package does
    later_status: str
    ids: dict[str, str] = field(default_factory=dict)

    def final_status(self) -> str:
        return self.later_status if self.later == "move" else self.status

    def final_deleted(self) -> bool:
        return self.deleted or self.later == "delete"


_actions = st.builds(
    ActionSpec,
    st.one_of(st.none(), st.integers(-400, 400)),
    st.booleans(),
    st.sampled_from([False, False, False, True]),
)
_meetings = st.builds(
    MeetingSpec,
    st.dates(FIRST, LAST),
    st.sampled_from([False, False, False, True]),
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.integers(0, 3)), st.sampled_from(["出席", "请假", "列席"]), st.booleans()
        ),
        max_size=4,
    ),
    st.lists(_actions, max_size=3),
)
topics = st.builds(
    TopicSpec,
    st.sampled_from(STATUSES),
    st.sampled_from(FIELD_NAMES),
    st.sampled_from(["", "A", "B", "C", "D"]),
    st.dates(FIRST, LAST),  # the hub refuses a topic without 提出日期
    st.sampled_from([False, False, False, False, True]),
    st.lists(st.tuples(st.sampled_from(SATISFACTION), st.sampled_from([False, False, True])), max_size=3),
    st.lists(_meetings, max_size=2),
    st.sampled_from(["keep", "keep", "keep", "delete", "move"]),
    st.sampled_from(STATUSES),
)


def write_topics(db: Database, code: str, specs: list[TopicSpec], today: date) -> None:
    """Insert ``specs`` as the station's records (the change counter stamps them for export)."""
    with db.session() as session:
        members = [Member(origin=code, name=f"委员{i}", sector="农业界") for i in range(4)]
        session.add_all(members)
        session.flush()
        for seq, spec in enumerate(specs, 1):
            topic = Consultation(
                origin=code,
                number=f"T-{seq}",
                year=(spec.proposed_on or today).year,
                seq=seq,
                title=f"议题{seq}",
                source="群众点题",
                field=spec.field,
                status=spec.status,
                result_code=spec.result,
                proposed_on=spec.proposed_on,
                deleted=spec.deleted,
            )
            session.add(topic)
            session.flush()
            spec.ids["topic"] = topic.id
            for rating, deleted in spec.ratings:
                session.add(
                    Evaluation(
                        origin=code,
                        consultation_id=topic.id,
                        rater_type="群众代表",
                        rating=rating,
                        deleted=deleted,
                    )
                )
            for m in spec.meetings:
                meeting = Meeting(
                    origin=code,
                    consultation_id=topic.id,
                    form="院坝协商",
                    held_at=datetime(m.held_on.year, m.held_on.month, m.held_on.day, 9, 30),
                    deleted=m.deleted,
                )
                session.add(meeting)
                session.flush()
                for index, (member, attendance, deleted) in enumerate(m.participants):
                    session.add(
                        Participant(
                            origin=code,
                            meeting_id=meeting.id,
                            member_id=members[member].id if member is not None else None,
                            position=index,
                            name=f"参加人{index}",
                            category="政协委员",
                            attendance=attendance,
                            deleted=deleted,
                        )
                    )
                for index, a in enumerate(m.actions):
                    due = today + timedelta(days=a.due_days) if a.due_days is not None else None
                    session.add(
                        ActionItem(
                            origin=code,
                            meeting_id=meeting.id,
                            position=index,
                            matter=f"事项{index}",
                            due_on=due,
                            done_on=(due or today) if a.done else None,
                            deleted=a.deleted,
                        )
                    )


def apply_later(db: Database, specs: list[TopicSpec]) -> bool:
    """The changes that go in the second package: tombstones and status moves. False: nothing changed."""
    changed = False
    with db.session() as session:
        for spec in specs:
            if spec.later == "keep":
                continue
            topic = session.get(Consultation, spec.ids["topic"])
            assert topic is not None
            if spec.later == "delete":
                changed = changed or not topic.deleted
                topic.deleted = True
            elif spec.later_status != topic.status:
                changed = True
                topic.status = spec.later_status
    return changed


@dataclass
class Counted:
    total: int = 0
    active: int = 0
    by_stage: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    minsheng: int = 0
    supervision: int = 0
    consulted: int = 0
    converted: int = 0
    rated: int = 0
    satisfied: int = 0
    overdue: int = 0
    meetings: int = 0
    members: int = 0

    def rate(self, part: int, whole: int) -> float | None:
        return part / whole if whole else None

    def shares(self) -> dict[str, float | None]:
        return {
            "minsheng_share": self.rate(self.minsheng, self.active),
            "supervision_share": self.rate(self.supervision, self.active),
            "conversion_rate": self.rate(self.converted, self.consulted),
            "satisfaction_rate": self.rate(self.satisfied, self.rated),
        }


def expected(specs: list[TopicSpec], start: date | None, end: date | None, today: date) -> Counted:
    """Every figure counted directly from the specs (final state after the second package)."""
    c = Counted()
    members: set[int] = set()
    for spec in specs:
        if spec.final_deleted():
            continue
        if start is not None and end is not None and not start <= spec.proposed_on <= end:
            continue
        status = spec.final_status()
        c.total += 1
        c.by_stage[STAGE[status]] = c.by_stage.get(STAGE[status], 0) + 1
        c.by_status[status] = c.by_status.get(status, 0) + 1
        for m in spec.meetings:
            if m.deleted or status in ("已归档", "已撤销") or spec.result == "A":  # A: reported resolved
                continue
            for a in m.actions:
                due = today + timedelta(days=a.due_days) if a.due_days is not None else None
                if not a.deleted and not a.done and due is not None and due < today:
                    c.overdue += 1
        if status in ("不予立题", "已撤销"):
            continue
        c.active += 1
        c.minsheng += is_minsheng(spec.field)
        c.supervision += is_supervision(spec.field)
        c.consulted += status in CONSULTED
        c.converted += status in SUBMITTED
        live = [r for r, deleted in spec.ratings if not deleted]
        c.rated += len(live)
        c.satisfied += sum(r in ("满意", "基本满意") for r in live)
        for m in spec.meetings:
            if m.deleted or (start is not None and end is not None and not start <= m.held_on <= end):
                continue
            c.meetings += 1
            for member, attendance, deleted in m.participants:
                if member is not None and not deleted and attendance != "请假":
                    members.add(member)
    c.members = len(members)
    return c
