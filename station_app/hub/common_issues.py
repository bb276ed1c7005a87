"""共性问题 at the hub: the topics of the stations in scope, grouped by the similarity engine, and
the groups the office marks 「拟列入专题协商」.

Topics are those of the hub's scope whose 提出日期 lies in the period, not deleted, and counted
(``domain.similarity.counted``: not 不予立题 or 已撤销); their text is the title, description,
research findings and the consensus of their meetings.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from station_app.domain import lifecycle, townships
from station_app.domain.progress import CancelToken, Job
from station_app.domain.similarity.clustering import MIN_STATIONS, group_topics
from station_app.domain.similarity.counted import COUNTED_STATUSES
from station_app.domain.similarity.features import Analyzer, TopicText
from station_app.domain.similarity.places import leshan_places, village_names
from station_app.errors import InputError
from station_app.hub.closeness import closeness
from station_app.hub.kpi import Period, Scope
from station_app.storage.engine import Database
from station_app.storage.hub_tables import CommonIssueMark
from station_app.storage.records import Consultation, Meeting

MARK_LABEL = "拟列入专题协商"
_OPENING = re.compile(r"^(关于)?(解决|推进|加强|推动|进一步)?")
_ENDING = re.compile(r"(问题)?(的)?(协商|建议|议题|问题)?$")


@dataclass(frozen=True)
class TopicRow:
    uuid: str
    township: str
    number: str
    title: str
    field: str
    status: str
    village: str
    proposed_on: date | None
    body: str

    @property
    def township_name(self) -> str:
        return _town_name(self.township)

    def township_label(self, with_county: bool) -> str:
        return _town_name(self.township, with_county)


@dataclass(frozen=True)
class CommonIssue:
    title: str  # proposed name of the issue
    topics: tuple[TopicRow, ...]
    townships: tuple[str, ...]
    fields: tuple[str, ...]
    key_terms: tuple[str, ...]
    score: float

    @property
    def consultations(self) -> tuple[str, ...]:
        return tuple(t.uuid for t in self.topics)

    def township_names(self, with_county: bool = True) -> list[str]:
        return [_town_name(code, with_county) for code in self.townships]

    def statuses(self) -> dict[str, int]:
        """How many topics are at each status, in the order of the chain (征集中 … 已归档)."""
        counted: dict[str, int] = {}
        for topic in self.topics:
            counted[topic.status] = counted.get(topic.status, 0) + 1
        return {s: counted[s] for s in sorted(counted, key=_chain_place)}

    def to_json(self, mark: Mark | None = None) -> dict[str, Any]:
        """One ``--json`` line; ``mark`` is the office's mark of this group, if any."""
        return {
            "title": self.title,
            "consultations": list(self.consultations),
            "townships": list(self.townships),
            "fields": list(self.fields),
            "key_terms": list(self.key_terms),
            "score": self.score,
            "closeness": closeness(self.score),
            "mark": None if mark is None else mark.to_json(),
        }


_CHAIN = [str(s) for s in lifecycle.Status]


def _chain_place(status: str) -> tuple[int, str]:
    """A status's place along the chain; one the chain does not know (an import's own word) last."""
    return (_CHAIN.index(status), "") if status in _CHAIN else (len(_CHAIN), status)


def with_county(township_codes: Iterable[str]) -> bool:
    """Whether township names shown together carry their county: only where several counties'
    townships are shown (one county's office knows its county)."""
    return len({code[:6] for code in township_codes}) > 1


def _town_name(code: str, with_county: bool = True) -> str:
    try:
        town = townships.township_by_code(code)
    except InputError:
        return code
    return f"{town.county_name}{town.name}" if with_county else town.name


def proposed_title(title: str, places: frozenset[str]) -> str:
    """A short name from the most central topic's title: no place names, no 关于…的建议."""
    name = title.strip()
    for place in sorted(places, key=len, reverse=True):
        if place in name:
            name = name.replace(place, "")
    name = _ENDING.sub("", _OPENING.sub("", name)).strip("，。、 ")
    return name or title


def _topic_columns() -> tuple[Any, ...]:
    """What a TopicRow is read from, in its field order (its body from the last, description)."""
    c = Consultation
    return (c.id, c.origin, c.number, c.title, c.field, c.status, c.village, c.proposed_on, c.description)


def load_topics(db: Database, scope: Scope, period: Period) -> list[TopicRow]:
    codes = scope.township_codes()
    with db.session() as session:
        rows = session.execute(
            select(*_topic_columns(), Consultation.research_findings)
            .where(
                Consultation.deleted.is_(False),
                Consultation.status.in_(sorted(COUNTED_STATUSES)),
                Consultation.origin.in_(codes),
                Consultation.proposed_on >= period.start,
                Consultation.proposed_on <= period.end,
            )
            .order_by(
                Consultation.proposed_on,
                Consultation.origin,
                Consultation.year,
                Consultation.seq,
                Consultation.id,
            )
        ).all()
        consensus: dict[str, list[str]] = {}
        ids = [r[0] for r in rows]
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            meetings = select(Meeting.consultation_id, Meeting.consensus).where(
                Meeting.deleted.is_(False), Meeting.consultation_id.in_(chunk)
            )
            for cid, text in session.execute(meetings):
                if text:
                    consensus.setdefault(cid, []).append(text)
    return [
        TopicRow(
            uuid,
            origin,
            number,
            title,
            field,
            status,
            village,
            proposed_on,
            "\n".join([description, findings, *consensus.get(uuid, [])]),
        )
        for uuid, origin, number, title, field, status, village, proposed_on, description, findings in rows
    ]


def analyzer_for(topics: Sequence[TopicRow]) -> Analyzer:
    return Analyzer(leshan_places() | village_names(t.village for t in topics))


def find_common_issues(
    db: Database,
    scope: Scope,
    period: Period,
    *,
    min_stations: int = MIN_STATIONS,
    cancel: CancelToken | None = None,
) -> Job[list[CommonIssue]]:
    """The common issues of ``scope`` in ``period``, widest first (a job: yields Progress)."""
    if min_stations < 1:
        raise InputError("至少涉及的乡镇（街道）数应为 1 或以上。")
    topics = load_topics(db, scope, period)
    analyzer = analyzer_for(topics)
    texts = [TopicText(t.uuid, t.township, t.title, t.body) for t in topics]
    groups = yield from group_topics(texts, analyzer, min_stations=min_stations, cancel=cancel)
    issues = []
    for group in groups:
        members = tuple(topics[i] for i in group.members)
        issues.append(
            CommonIssue(
                title=proposed_title(topics[group.central].title, analyzer.places),
                topics=members,
                townships=group.townships,
                fields=tuple(sorted({t.field for t in members})),
                key_terms=group.key_terms,
                score=group.score,
            )
        )
    return issues


# --- marks -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    id: int
    title: str
    note: str
    consultations: tuple[str, ...]
    townships: tuple[str, ...]
    fields: tuple[str, ...]
    key_terms: tuple[str, ...]
    score: float
    period: Period

    def township_names(self, with_county: bool = True) -> list[str]:
        return [_town_name(code, with_county) for code in self.townships]

    def to_json(self) -> dict[str, Any]:
        return {
            "label": MARK_LABEL,
            "note": self.note,
            "from": self.period.start.isoformat(),
            "to": self.period.end.isoformat(),
        }

    def shared(self, issue: CommonIssue) -> int:
        """How many of the marked topics ``issue`` holds."""
        return len(set(self.consultations).intersection(issue.consultations))


def marks_for(issues: Sequence[CommonIssue], marks: Iterable[Mark]) -> list[Mark | None]:
    """The mark of each of ``issues``: a mark belongs to the group that holds most of its topics
    now (the first of equals), whatever its name and size over this period; a group holding none
    of them never shows it. Over a longer period the marked group grows (5 of its topics among
    16), over a shorter one it shrinks or its topics join a neighbouring group."""
    found: list[Mark | None] = [None] * len(issues)
    for mark in marks:
        counts = [mark.shared(issue) for issue in issues]
        best = max(range(len(issues)), key=counts.__getitem__, default=-1)
        if best >= 0 and counts[best] and found[best] is None:
            found[best] = mark
    return found


def marks_summary(issue_marks: Sequence[Mark | None], marks: Sequence[Mark]) -> str:
    """How many groups are marked, and how many of those marks are among the groups shown
    (``issue_marks``, from ``marks_for``): a mark made for another period may match none of them."""
    shown = sum(1 for mark in issue_marks if mark is not None)
    text = f"已标记「{MARK_LABEL}」{len(marks)} 个"
    return text + ("。" if shown == len(marks) else f"，本期间的结果中有 {shown} 个。")


NOTE_LIMIT = 2000


def _checked_note(note: str) -> str:
    if len(note) > NOTE_LIMIT:
        raise InputError(f"办公室意见不能超过 {NOTE_LIMIT} 字。")
    return note.strip()


def mark_issue(db: Database, issue: CommonIssue, period: Period, note: str) -> int:
    note = _checked_note(note)
    # One problem, one section of the report: a group holding most of a marked group's topics is it.
    marked = next((m for m in list_marks(db) if 2 * m.shared(issue) >= len(m.consultations)), None)
    if marked is not None:
        raise InputError(
            f"这个问题已标记为「{MARK_LABEL}」（{marked.period.label()}的「{marked.title}」），不必重复标记；"
            "可直接修改办公室意见。"
        )
    with db.session() as session:
        row = CommonIssueMark(
            title=issue.title,
            note=note,
            consultations=json.dumps(list(issue.consultations)),
            townships=json.dumps(list(issue.townships)),
            fields=json.dumps(list(issue.fields), ensure_ascii=False),
            key_terms=json.dumps(list(issue.key_terms), ensure_ascii=False),
            score=issue.score,
            period_from=period.start,
            period_to=period.end,
        )
        session.add(row)
        session.flush()
        return int(row.id)


def update_note(db: Database, mark_id: int, note: str) -> None:
    """The office's opinion of a marked group, changed after marking (the briefing prints it)."""
    note = _checked_note(note)
    with db.session() as session:
        row = session.get(CommonIssueMark, mark_id)
        if row is None:
            raise InputError("这个标记已被取消，意见没有保存。请重新标记。")
        row.note = note


def unmark(db: Database, mark_id: int) -> None:
    with db.session() as session:
        row = session.get(CommonIssueMark, mark_id)
        if row is not None:
            session.delete(row)


def list_marks(db: Database) -> list[Mark]:
    with db.session() as session:
        rows = session.scalars(select(CommonIssueMark).order_by(CommonIssueMark.id)).all()
        return [
            Mark(
                r.id,
                r.title,
                r.note,
                tuple(json.loads(r.consultations)),
                tuple(json.loads(r.townships)),
                tuple(json.loads(r.fields)),
                tuple(json.loads(r.key_terms)),
                r.score,
                Period(r.period_from, r.period_to),
            )
            for r in rows
        ]


def topics_of(db: Database, uuids: Sequence[str]) -> list[TopicRow]:
    """The current rows of the given consultations (for a mark's report)."""
    with db.session() as session:
        rows = session.execute(select(*_topic_columns()).where(Consultation.id.in_(list(uuids)))).all()
    by_id = {r[0]: TopicRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8]) for r in rows}
    return [by_id[u] for u in uuids if u in by_id]
