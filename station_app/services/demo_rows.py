"""Rows of demonstration data as plain dicts, ready for Core executemany.

A :class:`Plan` fixes what a topic is and how far it got (drawn first for all topics, so numbers
follow dates); :class:`Builder` then writes the topic with the data its status needs.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from station_app.documents.data import default_addressee
from station_app.domain.classifications import (
    ATTENDANCE,
    OUTPUT_TYPES,
    RATER_TYPES,
    REPORT_CONVERTED,
    RESEARCH_METHODS,
    SATISFACTION,
    SOURCE_FROM_REPORT,
    SOURCES,
)
from station_app.domain.lifecycle import Status
from station_app.services import demo_text as text
from station_app.services.demo_plan import (
    AWAITING,
    CONSULTED,
    EVALUATED,
    FED_BACK,
    HANDLING,
    RESEARCHING,
    SUBMITTED,
    MemberRef,
    Plan,
    Weighted,
)
from station_app.services.demo_text import Locale, Topic, between, pick, some
from station_app.storage.base import Synced
from station_app.storage.records import (
    ActionItem,
    Consultation,
    Evaluation,
    Meeting,
    Member,
    MinutesVersion,
    Participant,
    ProgressNote,
    Report,
    ResearchMember,
    Statement,
)

SOURCE_WEIGHTS = Weighted({s: w for s, w in zip(SOURCES, (40, 30, 15, 15, 0), strict=True)})
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
OUTPUT_WEIGHTS = Weighted(dict(zip(OUTPUT_TYPES, (40, 35, 15, 10), strict=True)))
RESULT_WEIGHTS = Weighted({"A": 50, "B": 30, "C": 12, "D": 8})
REPORT_STATUS_WEIGHTS = Weighted({"草稿": 10, "已报送": 40, "已采用": 30, "未采用": 20})
RATINGS = Weighted(dict(zip(SATISFACTION, (70, 25, 5), strict=True)))
RATINGS_LOW = Weighted(dict(zip(SATISFACTION, (40, 45, 15), strict=True)))
PARTICIPANT_COUNTS = (5, 5, 6, 6, 6, 7, 7, 7, 8, 8, 9, 10, 11, 12)  # small meetings are the common ones
EXPERT_UNITS = ("乐山师范学院", "乐山职业技术学院", "{county}农业农村局", "{county}人民医院")
COMPANIES = ("农业开发", "建筑工程", "旅游开发", "茶业", "竹业")
CAUSES = (
    "资金投入不足，日常管护责任不明确",
    "群众反映渠道不畅，有关部门掌握情况不够及时",
    "历史遗留问题较多，缺乏统筹规划",
)


@dataclass
class Rows:
    """One batch of rows per model, in an order that satisfies the foreign keys."""

    tables: dict[type[Synced], list[dict[str, Any]]] = field(default_factory=lambda: {m: [] for m in ORDER})
    report_links: list[dict[str, Any]] = field(default_factory=list)


ORDER: tuple[type[Synced], ...] = (
    Member,
    Report,
    Consultation,
    ResearchMember,
    Meeting,
    Participant,
    Statement,
    ActionItem,
    MinutesVersion,
    ProgressNote,
    Evaluation,
)


@dataclass
class World:
    """What every row of one fill shares."""

    locale: Locale
    members: list[MemberRef]
    chair: str
    chair_phone: str
    recorder: str
    today: date
    rng: random.Random


class Builder:
    """Writes the rows of one topic, with the data its status needs."""

    def __init__(self, world: World, rows: Rows, ids: Iterator[str]) -> None:
        self.w = world
        self.rows = rows
        self.rng = world.rng
        self.loc = world.locale
        self._rendered: dict[Topic, tuple[str, list[str]]] = {}
        self._ids = ids

    def _new_id(self) -> str:
        return next(self._ids)

    def _add(self, model: type[Synced], values: dict[str, Any]) -> dict[str, Any]:
        row = {"id": self._new_id(), **values}
        self.rows.tables[model].append(row)
        return row

    def _topic(self, topic: Topic) -> tuple[str, list[str]]:
        rendered = self._rendered.get(topic)
        if rendered is None:
            rendered = self._rendered[topic] = (
                self.loc.render(topic.problem),
                [self.loc.render(m) for m in topic.measures],
            )
        return rendered

    def _person(self) -> str:
        return text.person_name(self.rng, self.loc)

    def consultation(self, plan: Plan, number: str, year: int, seq: int) -> str:
        rng, loc, topic = self.rng, self.loc, plan.topic
        where = loc.township if topic.wide else plan.village
        problem, measures = self._topic(topic)
        lead = loc.unit(topic.lead, plan.village)
        values: dict[str, Any] = {
            "number": number,
            "year": year,
            "seq": seq,
            "title": plan.title,
            "field": topic.field,
            "village": "" if topic.wide else plan.village,
            "proposed_on": plan.proposed_on,
            "status": plan.status.value,
            "status_reason": "",
            "report_id": None,
            "research_start": None,
            "research_end": None,
            "research_method": "",
            "research_findings": "",
            "output_type": "",
            "sent_to": "",
            "sent_on": None,
            "lead_unit": "",
            "deadline": None,
            "result_code": "",
            "reply_text": "",
            "reply_on": None,
        }
        if plan.from_report:
            report_id, reporter, parts = self._report(plan, where, problem, measures)
            values.update(
                source=SOURCE_FROM_REPORT,
                report_id=report_id,
                proposer=reporter,
                description="\n".join(parts),
            )
        else:
            source = SOURCE_WEIGHTS.pick(rng)
            values.update(
                source=source,
                proposer=self._proposer(source, lead),
                description=f"{where}{problem}，群众反映较多，希望通过协商推动解决。",
            )
        if plan.status is Status.REJECTED:
            values["status_reason"] = pick(rng, text.REJECT_REASONS).format(township=loc.township)
        elif plan.status is Status.REVOKED:
            values["status_reason"] = pick(rng, text.REVOKE_REASONS).format(lead=lead)
        day = plan.proposed_on
        off = plan.offsets
        consultation_id = self._new_id()
        if plan.reached >= RESEARCHING:
            values.update(
                research_start=day + timedelta(off[RESEARCHING]),
                research_method=pick(rng, RESEARCH_METHODS[:-1]),
            )
            self._research_members(consultation_id)
        if plan.reached >= AWAITING:
            values.update(
                research_end=day + timedelta(off[AWAITING]),
                research_findings=(
                    f"通过{values['research_method']}，走访群众{between(rng, 12, 80)}户，"
                    f"召开座谈会{between(rng, 1, 3)}次。"
                    f"调研发现，{where}{problem}。群众普遍希望{measures[0]}，{measures[1]}。"
                ),
            )
        result = RESULT_WEIGHTS.pick(rng) if plan.reached >= FED_BACK else ""
        if plan.reached >= CONSULTED:
            finalised = plan.reached >= SUBMITTED or rng.random() < 0.5
            self._meeting(consultation_id, plan, problem, measures, lead, finalised, result)
        if plan.reached >= SUBMITTED:
            sent = day + timedelta(off[SUBMITTED])
            output = OUTPUT_WEIGHTS.pick(rng)
            sent_to = default_addressee(loc.township)
            if output == "社情民意信息":
                sent_to = f"{loc.county}政协办公室"
            values.update(
                output_type=output,
                sent_to=sent_to,
                sent_on=sent,
                lead_unit=lead,
                deadline=sent + timedelta(between(rng, 30, 90)),
            )
        if plan.reached >= FED_BACK:
            values.update(
                result_code=result,
                reply_on=day + timedelta(off[FED_BACK]),
                reply_text=text.REPLIES[result].format(lead=lead, m=measures[0]),
            )
        if plan.reached >= HANDLING or (plan.reached >= FED_BACK and rng.random() < 0.5):
            self._notes(consultation_id, plan, lead, measures)
        if plan.reached >= EVALUATED:
            self._evaluations(consultation_id, day + timedelta(off[EVALUATED]), result)
        self.rows.tables[Consultation].append({"id": consultation_id, **values})
        if plan.from_report:
            self.rows.report_links.append({"id": values["report_id"], "consultation_id": consultation_id})
        return consultation_id

    def _proposer(self, source: str, lead: str) -> str:
        if source == "委员荐题":
            return pick(self.rng, self.w.members).name
        if source == "部门出题":
            return lead
        if source == "党委政府交题":
            return self.loc.party_committee
        return self._person()

    def _report(
        self, plan: Plan, where: str, problem: str, measures: list[str]
    ) -> tuple[str, str, list[str]]:
        """The 社情民意信息 a topic came from; linked back once the topic row exists."""
        rng = self.rng
        reported = max(plan.proposed_on - timedelta(between(rng, 3, 20)), date(self.w.today.year - 1, 1, 1))
        values = self.report_values(where, problem, measures, REPORT_CONVERTED, reported, plan.title)
        parts = [values["situation"], f"原因分析：{values['cause']}", f"意见建议：{values['suggestion']}"]
        return self._add(Report, values)["id"], values["reporter"], parts

    def report_values(
        self, where: str, problem: str, measures: list[str], status: str, reported: date | None, title: str
    ) -> dict[str, Any]:
        rng = self.rng
        if rng.random() < 0.6:
            member = pick(rng, self.w.members)
            reporter, unit, member_id = member.name, member.unit, member.id
        else:
            village = pick(rng, self.loc.villages)
            reporter, unit, member_id = self._person(), self.loc.unit("村委", village), None
        return {
            "title": title,
            "reporter": reporter,
            "reporter_unit": unit,
            "member_id": member_id,
            "situation": f"{where}{problem}。",
            "cause": pick(rng, CAUSES),
            "suggestion": "；".join(measures) + "。",
            "status": status,
            "reported_on": reported,
            "consultation_id": None,
        }

    def other_report(self) -> None:
        """A report that was not turned into a topic (yet)."""
        rng, loc = self.rng, self.loc
        topic = pick(rng, text.topics_for(loc))
        village = pick(rng, loc.villages)
        where = loc.township if topic.wide else village
        status = REPORT_STATUS_WEIGHTS.pick(rng)
        start = date(self.w.today.year - 1, 1, 1)
        reported = start + timedelta(rng.randrange((self.w.today - start).days + 1))
        title = f"关于{where}{loc.render(topic.subject)}的建议"
        measures = [loc.render(m) for m in topic.measures]
        problem = loc.render(topic.problem)
        sent_on = None if status == "草稿" else reported  # a draft has not been sent yet
        self._add(Report, self.report_values(where, problem, measures, status, sent_on, title))

    def _research_members(self, consultation_id: str) -> None:
        for i, member in enumerate(some(self.rng, self.w.members, between(self.rng, 1, 3))):
            self._add(
                ResearchMember,
                {
                    "consultation_id": consultation_id,
                    "member_id": member.id,
                    "role": "调研组长" if i == 0 else "调研组成员",
                },
            )

    def _place(self, form: str, village: str) -> str:
        loc = self.loc
        if form == "院坝协商":
            if village.endswith("村"):
                return f"{village}{between(self.rng, 1, 9)}组院坝"
            return f"{village}居民院落"
        return {
            "广场协商": f"{village}文化广场",
            "议事室协商": f"{loc.township}政协工作联络站议事室",
            "社区协商": f"{village}党群服务中心",
            "园区协商": f"{loc.stem}现代农业园区服务中心",
            "校园协商": f"{loc.unit('学校', village)}会议室",
        }.get(form, "线上视频会议（联络站主会场）")

    def _participants(self, meeting_id: str, village: str, lead: str) -> list[dict[str, Any]]:
        rng, loc = self.rng, self.loc
        committee = f"{loc.township}{'党工委' if loc.street else '党委'}"
        people: list[tuple[str, str, str, str, str | None]] = [
            (self.w.chair, "党政领导", committee, self.w.chair_phone, None)
        ]
        for member in some(rng, self.w.members, between(rng, 1, 3)):
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
            people.append((self._person(), category, unit, text.phone(rng), None))
        rows = []
        for position, (name, category, unit, phone, member_id) in enumerate(people):
            attendance = ATTENDANCE[0]
            if position and rng.random() < 0.08:
                attendance = ATTENDANCE[1]
            elif category == "部门代表" and rng.random() < 0.4:
                attendance = ATTENDANCE[2]
            rows.append(
                self._add(
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

    def _meeting(
        self,
        consultation_id: str,
        plan: Plan,
        problem: str,
        measures: list[str],
        lead: str,
        finalised: bool,
        result: str,
    ) -> None:
        rng, loc, village = self.rng, self.loc, plan.village
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
            "place": self._place(form, village),
            "chair": self.w.chair,
            "recorder": self.w.recorder,
            "consensus": consensus,
            "background": f"{where}{problem}。{loc.township}政协工作联络站经前期调研，组织委员、群众代表和"
            "有关部门开展协商。",
            "disagreements": pick(rng, text.DISAGREEMENTS) if rng.random() < 0.3 else "",
            "finalised": finalised,
            "minutes_version": 1 if finalised else 0,
        }
        meeting_id = self._add(Meeting, values)["id"]
        people = self._participants(meeting_id, village, lead)
        statements = self._statements(meeting_id, people, village, problem, measures)
        items = self._action_items(meeting_id, day, measures, lead, village, plan.reached, result)
        if finalised:
            snapshot = {
                **{
                    k: v
                    for k, v in values.items()
                    if k not in ("consultation_id", "finalised", "minutes_version")
                },
                "held_at": str(held_at),
                "participants": [_pick(p, PARTICIPANT_KEYS) for p in people],
                "statements": [_pick(s, STATEMENT_KEYS) for s in statements],
                "action_items": [
                    {**_pick(a, ITEM_KEYS), "due_on": str(a["due_on"]), "done_on": None} for a in items
                ],
            }
            self._add(
                MinutesVersion,
                {
                    "meeting_id": meeting_id,
                    "version": 1,
                    "pdf_sha256": "",
                    "snapshot": json.dumps(snapshot, ensure_ascii=False, sort_keys=True),
                },
            )

    def _statements(
        self, meeting_id: str, people: list[dict[str, Any]], village: str, problem: str, measures: list[str]
    ) -> list[dict[str, Any]]:
        rng = self.rng
        present = [p for p in people[1:] if p["attendance"] != ATTENDANCE[1]]
        speakers = [*some(rng, present, between(rng, 1, 4)), people[0]]
        rows = []
        for position, person in enumerate(speakers):
            said = pick(rng, text.STATEMENTS[person["category"]]).format(
                village=village, problem=problem, m=pick(rng, measures), township=self.loc.township
            )
            rows.append(
                self._add(
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

    def _action_items(
        self,
        meeting_id: str,
        day: date,
        measures: list[str],
        lead: str,
        village: str,
        reached: int,
        result: str,
    ) -> list[dict[str, Any]]:
        rng, today = self.rng, self.w.today
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
                self._add(
                    ActionItem,
                    {
                        "meeting_id": meeting_id,
                        "position": position,
                        "matter": matter + "。",
                        "unit": lead if position == 0 else self.loc.unit("村委", village),
                        "person": self._person(),
                        "due_on": due,
                        "done_on": done,
                    },
                )
            )
        return rows

    def _notes(self, consultation_id: str, plan: Plan, lead: str, measures: list[str]) -> None:
        rng = self.rng
        sent = plan.proposed_on + timedelta(plan.offsets[SUBMITTED])
        last = plan.offsets[FED_BACK if plan.reached >= FED_BACK else HANDLING] - plan.offsets[SUBMITTED]
        for gap in sorted({between(rng, 1, last) for _ in range(between(rng, 1, 3))}):
            note = pick(rng, text.NOTES).format(
                lead=lead, m=measures[0], money=between(rng, 2, 60), pct=pick(rng, (30, 50, 70, 80))
            )
            self._add(
                ProgressNote,
                {"consultation_id": consultation_id, "noted_on": sent + timedelta(gap), "text": note},
            )

    def _evaluations(self, consultation_id: str, rated_on: date, result: str) -> None:
        rng = self.rng
        ratings = RATINGS_LOW if result in ("C", "D") else RATINGS
        for rater in some(rng, RATER_TYPES, between(rng, 1, 3)):
            rating = ratings.pick(rng)
            self._add(
                Evaluation,
                {
                    "consultation_id": consultation_id,
                    "rater_type": rater,
                    "rater_name": self._person(),
                    "rating": rating,
                    "rated_on": rated_on,
                    "comments": pick(rng, text.EVALUATION_COMMENTS[rating]),
                },
            )


PARTICIPANT_KEYS = ("attendance", "category", "id", "member_id", "name", "phone", "unit")
STATEMENT_KEYS = ("category", "id", "speaker", "text")
ITEM_KEYS = ("id", "matter", "person", "unit")


def _pick(row: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: row[k] for k in keys}
