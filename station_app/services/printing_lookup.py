"""Finding the record a document is printed from: by number, UUID or name, as clerks type them."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from station_app.domain import numbering
from station_app.errors import InputError
from station_app.storage.engine import Database
from station_app.storage.minutes_tables import CONSULTATIONS, MEETINGS

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９－", "0123456789-")
# 2026-3, 2026/3, 2026年3号, 〔2026〕3号, [2026]3, 2026第3号
_SHORT_NUMBER = re.compile(
    r"^\s*[\[〔［【]?\s*(?P<year>\d{4})\s*(?:[\]〕］】]|年|[-/.])\s*第?\s*(?P<seq>\d{1,6})\s*号?\s*$"
)


@dataclass(frozen=True)
class ConsultationChoice:
    """A consultation that has at least one meeting, for the 文档 page's picker."""

    id: str
    number: str
    title: str
    meeting_count: int
    last_meeting: datetime

    @property
    def label(self) -> str:
        return f"{self.number}  {self.title}"


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def _parse_reference(text: str) -> tuple[str, int, int] | None:
    """(prefix or "", year, seq) of a full or short consultation number."""
    full = numbering.parse_number(text)
    if full is not None:
        return full
    match = _SHORT_NUMBER.match(text.translate(_FULLWIDTH_DIGITS))
    if match is None:
        return None
    return "", int(match["year"]), int(match["seq"])


def resolve_consultation(db: Database, number_or_uuid: str) -> str:
    """The id of the consultation named by a UUID, 「大佛街道〔2026〕3号」, 〔2026〕3号 or 2026-3."""
    text = number_or_uuid.strip()
    if not text:
        raise InputError("请填写议题编号，如“大佛街道〔2026〕3号”或“2026-3”。")
    topics = CONSULTATIONS.c  # plain columns: `station-app minutes` runs without the ORM
    with db.connect() as connection:
        if _is_uuid(text):
            found = connection.execute(select(topics.deleted).where(topics.id == text)).first()
            if found is None or found.deleted:
                raise InputError(f"没有找到编号为“{text}”的议题。")
            return text
        parsed = _parse_reference(text)
        if parsed is None:
            raise InputError(f"“{text}”不是议题编号，请按“大佛街道〔2026〕3号”或“2026-3”的格式填写。")
        prefix, year, seq = parsed
        rows = connection.execute(
            select(topics.id, topics.number).where(
                topics.year == year, topics.seq == seq, topics.deleted.is_(False)
            )
        ).all()
    if prefix:
        rows = [r for r in rows if (numbering.parse_number(r.number) or ("",))[0] == prefix]
    if not rows:
        raise InputError(f"没有找到议题“{text}”，请检查编号。")
    if len(rows) > 1:
        names = "、".join(r.number for r in rows)
        raise InputError(f"“{text}”对应多个议题：{names}。请填写带乡镇（街道）名称的完整编号。")
    return str(rows[0].id)


def resolve_member(db: Database, name_or_uuid: str) -> str:
    """The id of the member with this UUID or name; two members of one name must be told apart."""
    text = name_or_uuid.strip()
    if not text:
        raise InputError("请填写委员姓名。")
    from station_app.storage.records import Member

    with db.session() as session:
        if _is_uuid(text):
            member = session.get(Member, text)
            if member is None or member.deleted:
                raise InputError(f"没有找到编号为“{text}”的委员。")
            return member.id
        found = list(session.scalars(select(Member).where(Member.name == text, Member.deleted.is_(False))))
        if not found:
            raise InputError(f"委员名册中没有“{text}”，请检查姓名。")
        if len(found) > 1:
            listed = "；".join(f"{m.name}（{m.sector}，{m.unit or '单位未填'}，编号 {m.id}）" for m in found)
            raise InputError(f"名册中有{len(found)}位委员叫“{text}”：{listed}。请改用编号指定。")
        return found[0].id


def meeting_ids(db: Database, consultation_id: str) -> list[str]:
    """The consultation's meetings, earliest first."""
    meetings = MEETINGS.c
    with db.connect() as connection:
        return list(
            connection.scalars(
                select(meetings.id)
                .where(meetings.consultation_id == consultation_id, meetings.deleted.is_(False))
                .order_by(meetings.held_at, meetings.created_at)
            )
        )


def latest_meeting(db: Database, consultation_id: str) -> str:
    ids = meeting_ids(db, consultation_id)
    if not ids:
        raise InputError("这个议题还没有协商会议记录，请先录入协商会议。")
    return ids[-1]


def nth_meeting(db: Database, consultation_id: str, n: int | None) -> str:
    """Meeting number ``n`` (1 = the first held); the latest when ``n`` is None."""
    if n is None:
        return latest_meeting(db, consultation_id)
    ids = meeting_ids(db, consultation_id)
    if not ids:
        raise InputError("这个议题还没有协商会议记录，请先录入协商会议。")
    if not 1 <= n <= len(ids):
        raise InputError(f"这个议题共有{len(ids)}次协商会议，没有第{n}次。")
    return ids[n - 1]


def consultations_with_meetings(db: Database, search: str = "") -> list[ConsultationChoice]:
    """Consultations that have a meeting, the most recently met first; ``search`` as in the search box."""
    from station_app.storage.records import Consultation, Meeting

    with db.session() as session:
        query = (
            select(
                Consultation.id,
                Consultation.number,
                Consultation.title,
                func.count(Meeting.id),
                func.max(Meeting.held_at),
            )
            .join(Meeting, Meeting.consultation_id == Consultation.id)
            .where(Consultation.deleted.is_(False), Meeting.deleted.is_(False))
            .group_by(Consultation.id, Consultation.number, Consultation.title)
            .order_by(func.max(Meeting.held_at).desc(), Consultation.number)
        )
        if search.strip():
            from station_app.services.search import matching_consultation_ids

            # The search box's own rules: words, names, and numbers as typed (「2026-3」).
            query = query.where(Consultation.id.in_(matching_consultation_ids(session, search)))
        return [ConsultationChoice(i, n, t, int(c), m) for i, n, t, c, m in session.execute(query)]
