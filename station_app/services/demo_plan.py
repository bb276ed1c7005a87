"""What each demonstration topic is and how far it got, drawn before any row is written.

All topics are planned first and sorted by date, so numbers follow dates within a year; the row
builder then draws the details. Also the cheap random and id helpers a large fill needs.
"""

from __future__ import annotations

import bisect
import itertools
import os
import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any, NamedTuple

from station_app.domain.lifecycle import PATH, Status
from station_app.services import demo_text as text
from station_app.services.demo_text import Locale, Topic, between, pick
from station_app.services.members import initials_of
from station_app.storage.base import new_uuid

BLOCK_BITS = 17  # ids per block: a batch of 2,000 topics takes under 70,000


def rising_ids(stamp_ms: int, block: int) -> Iterator[str]:
    """Time-ordered UUIDs (RFC 9562 version 7, with a counter in the bits after the milliseconds).

    Block ``block`` of a fill stamped ``stamp_ms`` sorts after the blocks before it, so a batch
    made in another process still gets higher ids than the batches before it, and a record's id
    order is its creation order (the search index numbers the records in that order). Rising keys
    are also appended to the primary-key and foreign-key indexes instead of landing all over them.
    """
    prefix = f"{stamp_ms:012x}"
    head = f"{prefix[:8]}-{prefix[8:]}-7"
    first = block << BLOCK_BITS
    for start in range(first, first + (1 << BLOCK_BITS), 4096):
        tails = os.urandom(6 * 4096).hex()
        for n in range(start, start + 4096):
            tail = tails[12 * (n - start) : 12 * (n - start) + 12]
            yield f"{head}{n >> 14:03x}-{'89ab'[(n >> 12) & 3]}{n & 0xFFF:03x}-{tail}"


class Weighted:
    """A weighted choice with its running totals worked out once (it is drawn a million times)."""

    def __init__(self, weights: dict[str, int]) -> None:
        self.items = tuple(weights)
        self.totals = tuple(itertools.accumulate(weights.values()))

    def pick(self, rng: random.Random) -> str:
        return self.items[bisect.bisect(self.totals, rng.random() * self.totals[-1])]


IDX = {status: i for i, status in enumerate(PATH)}
RESEARCHING, AWAITING, CONSULTED = IDX[Status.RESEARCHING], IDX[Status.AWAITING], IDX[Status.CONSULTED]
SUBMITTED, HANDLING, FED_BACK = IDX[Status.SUBMITTED], IDX[Status.HANDLING], IDX[Status.FED_BACK]
EVALUATED = IDX[Status.EVALUATED]
# Most topics of an established station are archived; every status still turns up.
STATUS_WEIGHTS: dict[Status, int] = {
    Status.COLLECTING: 7,
    Status.ACCEPTED: 5,
    Status.REJECTED: 4,
    Status.RESEARCHING: 6,
    Status.AWAITING: 5,
    Status.CONSULTED: 6,
    Status.SUBMITTED: 5,
    Status.HANDLING: 10,
    Status.FED_BACK: 9,
    Status.EVALUATED: 10,
    Status.ARCHIVED: 27,
    Status.REVOKED: 6,
}


class Plan(NamedTuple):
    status: Status
    reached: int  # index in PATH of the furthest stage the topic got to
    proposed_on: date
    offsets: tuple[int, ...]  # per PATH index: days after proposed_on when that stage was reached
    topic: Topic
    village: str
    title: str
    from_report: bool


class MemberRef(NamedTuple):
    id: str
    name: str
    unit: str
    phone: str


# 界别 with weights for a township's members, and the kind of place such a member works.
MEMBER_SECTORS = (
    ("中国共产党", 4, "{township}", ("党委委员", "人大主席")),
    ("无党派人士", 2, "{county}人民医院", ("主治医师", "主任医师")),
    ("农业界", 3, "{stem}果蔬专业合作社", ("理事长", "技术员")),
    ("经济界", 3, "乐山{stem}建材有限公司", ("总经理", "董事长")),
    ("中华全国工商业联合会", 2, "{stem}商会", ("会长", "副会长")),
    ("教育界", 2, "学校", ("校长", "教师")),
    ("医药卫生界", 2, "卫生院", ("院长", "医生")),
    ("中国民主同盟", 1, "{county}职业高级中学", ("教师",)),
    ("九三学社", 1, "{county}农业农村局", ("农艺师",)),
    ("中国农工民主党", 1, "{county}中医医院", ("副院长",)),
    ("社会福利和社会保障界", 1, "{county}民政局", ("科员",)),
    ("中华全国妇女联合会", 1, "{township}妇联", ("主席",)),
    ("少数民族界", 0, "{stem}彝家乐", ("负责人",)),
)


def _offsets(rng: random.Random) -> tuple[int, ...]:
    start = between(rng, 3, 15)
    end = start + between(rng, 7, 30)
    meeting = end + between(rng, 3, 20)
    sent = meeting + between(rng, 2, 10)
    note = sent + between(rng, 5, 25)
    reply = note + between(rng, 5, 40)
    rated = reply + between(rng, 3, 20)
    return (0, between(rng, 3, 10), start, end, meeting, sent, note, reply, rated, rated)


def _proposed_on(rng: random.Random, today: date, span: int) -> date:
    """A day in the current or the previous year that leaves ``span`` days before today."""
    year = today.year - rng.randrange(2)
    latest = min(date(year, 12, 31), today - timedelta(days=span))
    if latest < date(year, 1, 1):
        year -= 1
        latest = min(date(year, 12, 31), today - timedelta(days=span))
    first = date(year, 1, 1)
    return first + timedelta(days=rng.randrange((latest - first).days + 1))


def make_plans(locale: Locale, count: int, n_from_report: int, seed: int, today: date) -> list[Plan]:
    """Every topic's status, dates, subject and title, sorted by date so numbers follow it."""
    rng = random.Random(f"{seed}/plans")
    every = list(Status)[:count]
    weights = tuple(STATUS_WEIGHTS.values())
    statuses = every + rng.choices(tuple(STATUS_WEIGHTS), weights, k=count - len(every))
    rng.shuffle(statuses)
    from_report = set(rng.sample(range(count), n_from_report))
    topics = text.topics_for(locale)
    plans = []
    for i, status in enumerate(statuses):
        if status is Status.REJECTED:
            reached = 0
        elif status is Status.REVOKED:
            reached = rng.randrange(HANDLING + 1)
        else:
            reached = IDX[status]
        offsets = _offsets(rng)
        topic = pick(rng, topics)
        village = pick(rng, locale.villages)
        where = locale.township if topic.wide else village
        pattern = "关于{where}{subject}的建议" if i in from_report else pick(rng, text.TITLE_PATTERNS)
        title = pattern.format(where=where, subject=locale.render(topic.subject))
        proposed = _proposed_on(rng, today, offsets[reached] + (10 if status is Status.REVOKED else 0))
        plans.append(Plan(status, reached, proposed, offsets, topic, village, title, i in from_report))
    plans.sort(key=lambda p: p.proposed_on)
    return plans


def make_members(rng: random.Random, locale: Locale, wanted: int, taken: set[str]) -> list[dict[str, Any]]:
    """``wanted`` members with names not in ``taken`` (bookkeeping columns added by the caller)."""
    sectors = [(s, 3 if s == "少数民族界" and locale.yi else w, u, p) for s, w, u, p in MEMBER_SECTORS]
    rows: list[dict[str, Any]] = []
    while len(rows) < wanted:
        name = text.person_name(rng, locale)
        if name in taken:
            continue
        taken.add(name)
        sector, _, unit, posts = rng.choices(sectors, [s[1] for s in sectors])[0]
        unit = locale.unit(unit, "") if unit in ("学校", "卫生院") else locale.render(unit)
        note = "乐山市政协委员" if rng.random() < 0.1 else f"{locale.county}政协委员"
        rows.append(
            {
                "id": new_uuid(),
                "name": name,
                "sector": sector,
                "unit": unit,
                "position": pick(rng, posts),
                "phone": text.phone(rng),
                "initials": initials_of(name),
                "active": True,
                "note": note,
            }
        )
    return rows
