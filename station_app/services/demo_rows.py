"""Rows of demonstration data as plain dicts, ready for Core executemany.

A :class:`Plan` fixes what a topic is and how far it got (drawn first for all topics, so numbers
follow dates); :class:`Builder` then writes the topic with the data its status needs.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from station_app.documents.data import default_addressee
from station_app.domain.classifications import (
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
from station_app.services.demo_meeting_rows import add_meeting
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
OUTPUT_WEIGHTS = Weighted(dict(zip(OUTPUT_TYPES, (40, 35, 15, 10), strict=True)))
RESULT_WEIGHTS = Weighted({"A": 50, "B": 30, "C": 12, "D": 8})
REPORT_STATUS_WEIGHTS = Weighted({"草稿": 10, "已报送": 40, "已采用": 30, "未采用": 20})
RATINGS = Weighted(dict(zip(SATISFACTION, (70, 25, 5), strict=True)))
RATINGS_LOW = Weighted(dict(zip(SATISFACTION, (40, 45, 15), strict=True)))
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

    def add(self, model: type[Synced], values: dict[str, Any]) -> dict[str, Any]:
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

    def person(self) -> str:
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
            add_meeting(self, consultation_id, plan, problem, measures, lead, finalised, result)
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
        return self.person()

    def _report(
        self, plan: Plan, where: str, problem: str, measures: list[str]
    ) -> tuple[str, str, list[str]]:
        """The 社情民意信息 a topic came from; linked back once the topic row exists."""
        rng = self.rng
        reported = max(plan.proposed_on - timedelta(between(rng, 3, 20)), date(self.w.today.year - 1, 1, 1))
        values = self.report_values(where, problem, measures, REPORT_CONVERTED, reported, plan.title)
        parts = [values["situation"], f"原因分析：{values['cause']}", f"意见建议：{values['suggestion']}"]
        return self.add(Report, values)["id"], values["reporter"], parts

    def report_values(
        self, where: str, problem: str, measures: list[str], status: str, reported: date | None, title: str
    ) -> dict[str, Any]:
        rng = self.rng
        if rng.random() < 0.6:
            member = pick(rng, self.w.members)
            reporter, unit, member_id = member.name, member.unit, member.id
        else:
            village = pick(rng, self.loc.villages)
            reporter, unit, member_id = self.person(), self.loc.unit("村委", village), None
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
        self.add(Report, self.report_values(where, problem, measures, status, sent_on, title))

    def _research_members(self, consultation_id: str) -> None:
        for i, member in enumerate(some(self.rng, self.w.members, between(self.rng, 1, 3))):
            self.add(
                ResearchMember,
                {
                    "consultation_id": consultation_id,
                    "member_id": member.id,
                    "role": "调研组长" if i == 0 else "调研组成员",
                },
            )

    def _notes(self, consultation_id: str, plan: Plan, lead: str, measures: list[str]) -> None:
        rng = self.rng
        sent = plan.proposed_on + timedelta(plan.offsets[SUBMITTED])
        last = plan.offsets[FED_BACK if plan.reached >= FED_BACK else HANDLING] - plan.offsets[SUBMITTED]
        for gap in sorted({between(rng, 1, last) for _ in range(between(rng, 1, 3))}):
            note = pick(rng, text.NOTES).format(
                lead=lead, m=measures[0], money=between(rng, 2, 60), pct=pick(rng, (30, 50, 70, 80))
            )
            self.add(
                ProgressNote,
                {"consultation_id": consultation_id, "noted_on": sent + timedelta(gap), "text": note},
            )

    def _evaluations(self, consultation_id: str, rated_on: date, result: str) -> None:
        rng = self.rng
        ratings = RATINGS_LOW if result in ("C", "D") else RATINGS
        for rater in some(rng, RATER_TYPES, between(rng, 1, 3)):
            rating = ratings.pick(rng)
            self.add(
                Evaluation,
                {
                    "consultation_id": consultation_id,
                    "rater_type": rater,
                    "rater_name": self.person(),
                    "rating": rating,
                    "rated_on": rated_on,
                    "comments": pick(rng, text.EVALUATION_COMMENTS[rating]),
                },
            )
