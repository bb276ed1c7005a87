"""The meeting of a demonstration topic: place, participants, statements, action items, minutes."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from station_app.domain.classifications import ATTENDANCE
from station_app.services import demo_text as text
from station_app.services.demo_plan import CONSULTED, SUBMITTED, Plan, Weighted
from station_app.services.demo_text import between, pick, some
from station_app.storage.records import ActionItem, Meeting, MinutesVersion, Participant, Statement

if TYPE_CHECKING:
    from station_app.services.demo_rows import Builder

FORM_WEIGHTS = Weighted(
    {
        "院坝协商": 30,
        "广场协商": 10,
        "议事室协商": 25,
        "社区协商": 20,
        "园区协商": 5,
        "校园协商": 5,
        "远程协商": 5,
    }
)
OTHER_CATEGORIES = Weighted(
    {"群众代表": 5, "村（社区）干部": 2, "部门代表": 2, "企业代表": 1, "专家": 1, "其他": 1}
)
PARTICIPANT_COUNTS = (5, 5, 6, 6, 6, 7, 7, 7, 8, 8, 9, 10, 11, 12)  # small meetings are the common ones
EXPERT_UNITS = ("乐山师范学院", "乐山职业技术学院", "{county}农业农村局", "{county}人民医院")
COMPANIES = ("农业开发", "建筑工程", "旅游开发", "茶业", "竹业")


def meeting_place(b: Builder, form: str, village: str) -> str:
    loc = b.loc
    if form == "院坝协商":
        if village.endswith("村"):
            return f"{village}{between(b.rng, 1, 9)}组院坝"
        return f"{village}居民院落"
    return {
        "广场协商": f"{village}文化广场",
        "议事室协商": f"{loc.township}政协工作联络站议事室",
        "社区协商": f"{village}党群服务中心",
        "园区协商": f"{loc.stem}现代农业园区服务中心",
        "校园协商": f"{loc.unit('学校', village)}会议室",
    }.get(form, "线上视频会议（联络站主会场）")


def add_participants(b: Builder, meeting_id: str, village: str, lead: str) -> list[dict[str, Any]]:
    rng, loc = b.rng, b.loc
    committee = f"{loc.township}{'党工委' if loc.street else '党委'}"
    people: list[tuple[str, str, str, str, str | None]] = [
        (b.w.chair, "党政领导", committee, b.w.chair_phone, None)
    ]
    for member in some(rng, b.w.members, between(rng, 1, 3)):
        people.append((member.name, "政协委员", member.unit, member.phone, member.id))
    for _ in range(pick(rng, PARTICIPANT_COUNTS) - len(people)):
        category = OTHER_CATEGORIES.pick(rng)
        if category == "群众代表":
            unit = f"{village}{between(rng, 1, 9)}组" if village.endswith("村") else village
        elif category == "村（社区）干部":
            unit = loc.unit("村委", village)
        elif category == "部门代表":
            unit = lead if rng.random() < 0.6 else loc.unit(pick(rng, tuple(text.OFFICES)), village)
        elif category == "企业代表":
            unit = f"乐山{loc.stem}{pick(rng, COMPANIES)}有限公司"
        elif category == "专家":
            unit = loc.render(pick(rng, EXPERT_UNITS))
        else:
            unit = village
        people.append((b.person(), category, unit, text.phone(rng), None))
    rows = []
    for position, (name, category, unit, phone, member_id) in enumerate(people):
        attendance = ATTENDANCE[0]
        if position and rng.random() < 0.08:
            attendance = ATTENDANCE[1]
        elif category == "部门代表" and rng.random() < 0.4:
            attendance = ATTENDANCE[2]
        rows.append(
            b.add(
                Participant,
                {
                    "meeting_id": meeting_id,
                    "member_id": member_id,
                    "position": position,
                    "name": name,
                    "category": category,
                    "unit": unit,
                    "phone": phone,
                    "attendance": attendance,
                },
            )
        )
    return rows


def add_meeting(
    b: Builder,
    consultation_id: str,
    plan: Plan,
    problem: str,
    measures: list[str],
    lead: str,
    finalised: bool,
    result: str,
) -> None:
    rng, loc, village = b.rng, b.loc, plan.village
    day = plan.proposed_on + timedelta(plan.offsets[CONSULTED])
    held_at = datetime.combine(day, time(pick(rng, (9, 10, 14, 15)), pick(rng, (0, 30))))
    form = FORM_WEIGHTS.pick(rng)
    where = loc.township if plan.topic.wide else village
    points = [*measures, text.CONSENSUS_EXTRA]
    consensus = "\n".join(p + "。" for p in some(rng, points, between(rng, 2, 4)))
    values = {
        "consultation_id": consultation_id,
        "form": form,
        "held_at": held_at,
        "place": meeting_place(b, form, village),
        "chair": b.w.chair,
        "recorder": b.w.recorder,
        "consensus": consensus,
        "background": f"{where}{problem}。{loc.township}政协工作联络站经前期调研，组织委员、群众代表和"
        "有关部门开展协商。",
        "disagreements": pick(rng, text.DISAGREEMENTS) if rng.random() < 0.3 else "",
        "finalised": finalised,
        "minutes_version": 1 if finalised else 0,
    }
    meeting_id = b.add(Meeting, values)["id"]
    people = add_participants(b, meeting_id, village, lead)
    statements = add_statements(b, meeting_id, people, village, problem, measures)
    items = add_action_items(b, meeting_id, day, measures, lead, village, plan.reached, result)
    if finalised:
        snapshot = {
            **{
                k: v
                for k, v in values.items()
                if k not in ("consultation_id", "finalised", "minutes_version")
            },
            "held_at": str(held_at),
            "participants": [_only(p, PARTICIPANT_KEYS) for p in people],
            "statements": [_only(s, STATEMENT_KEYS) for s in statements],
            "action_items": [
                {**_only(a, ITEM_KEYS), "due_on": str(a["due_on"]), "done_on": None} for a in items
            ],
        }
        b.add(
            MinutesVersion,
            {
                "meeting_id": meeting_id,
                "version": 1,
                "pdf_sha256": "",
                "snapshot": json.dumps(snapshot, ensure_ascii=False, sort_keys=True),
            },
        )


def add_statements(
    b: Builder, meeting_id: str, people: list[dict[str, Any]], village: str, problem: str, measures: list[str]
) -> list[dict[str, Any]]:
    rng = b.rng
    present = [p for p in people[1:] if p["attendance"] != ATTENDANCE[1]]
    speakers = [*some(rng, present, between(rng, 1, 4)), people[0]]
    rows = []
    for position, person in enumerate(speakers):
        said = pick(rng, text.STATEMENTS[person["category"]]).format(
            village=village, problem=problem, m=pick(rng, measures), township=b.loc.township
        )
        rows.append(
            b.add(
                Statement,
                {
                    "meeting_id": meeting_id,
                    "position": position,
                    "speaker": person["name"],
                    "category": person["category"],
                    "text": said,
                },
            )
        )
    return rows


def add_action_items(
    b: Builder,
    meeting_id: str,
    day: date,
    measures: list[str],
    lead: str,
    village: str,
    reached: int,
    result: str,
) -> list[dict[str, Any]]:
    rng, today = b.rng, b.w.today
    matters = [*measures, "向群众公开协商成果和办理进度"]
    rows = []
    for position, matter in enumerate(some(rng, matters, between(rng, 1, 4))):
        due = day + timedelta(between(rng, 15, 120))
        done_chance = {"A": 1.0, "B": 0.5}.get(result, 0.3 if reached >= SUBMITTED else 0.0)
        if reached >= SUBMITTED and (today - due).days > 90:
            done_chance = max(done_chance, 0.9)  # old measures are mostly carried out by now
        done = None
        if rng.random() < done_chance:
            done = min(day + timedelta(between(rng, 7, max(7, (due - day).days))), today)
        rows.append(
            b.add(
                ActionItem,
                {
                    "meeting_id": meeting_id,
                    "position": position,
                    "matter": matter + "。",
                    "unit": lead if position == 0 else b.loc.unit("村委", village),
                    "person": b.person(),
                    "due_on": due,
                    "done_on": done,
                },
            )
        )
    return rows


PARTICIPANT_KEYS = ("attendance", "category", "id", "member_id", "name", "phone", "unit")
STATEMENT_KEYS = ("category", "id", "speaker", "text")
ITEM_KEYS = ("id", "matter", "person", "unit")


def _only(row: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: row[k] for k in keys}
