"""Records a station keeps and sends to its county office (all of them travel in packages)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from station_app.storage.base import Base, Synced


class Member(Synced, Base):
    """A CPPCC member assigned to the township (委员名册)."""

    __tablename__ = "members"
    kind = "member"

    name: Mapped[str] = mapped_column(String(50))
    sector: Mapped[str] = mapped_column(String(40))  # 界别
    unit: Mapped[str] = mapped_column(String(100), default="")
    position: Mapped[str] = mapped_column(String(60), default="")  # 职务
    phone: Mapped[str] = mapped_column(String(30), default="")
    initials: Mapped[str] = mapped_column(String(20), default="", index=True)  # pinyin initials
    active: Mapped[bool] = mapped_column(default=True)
    note: Mapped[str] = mapped_column(Text, default="")


class Report(Synced, Base):
    """社情民意信息: one matter, one report."""

    __tablename__ = "reports"
    kind = "report"

    title: Mapped[str] = mapped_column(String(200))
    reporter: Mapped[str] = mapped_column(String(50))
    reporter_unit: Mapped[str] = mapped_column(String(100), default="")
    member_id: Mapped[str | None] = mapped_column(ForeignKey("members.id"), default=None)
    situation: Mapped[str] = mapped_column(Text, default="")
    cause: Mapped[str] = mapped_column(Text, default="")
    suggestion: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), index=True)
    reported_on: Mapped[date | None] = mapped_column(Date, default=None)
    consultation_id: Mapped[str | None] = mapped_column(
        ForeignKey("consultations.id", use_alter=True), default=None
    )


class Consultation(Synced, Base):
    """A consultation topic (协商议题) with the fields of every stage it passes through."""

    __tablename__ = "consultations"
    __table_args__ = (
        UniqueConstraint("origin", "year", "seq", name="uq_consultations_number"),
        Index("ix_consultations_year_status", "year", "status"),
        # The list's order (services.queries, storage.quick_read): a page is read without sorting.
        Index("ix_consultations_listing", "deleted", "year", "seq", "id"),
    )
    kind = "consultation"

    number: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(20))
    field: Mapped[str] = mapped_column(String(20), index=True)
    village: Mapped[str] = mapped_column(String(60), default="")
    proposer: Mapped[str] = mapped_column(String(50), default="")
    proposed_on: Mapped[date | None] = mapped_column(Date, default=None)
    status: Mapped[str] = mapped_column(String(20), index=True)
    status_reason: Mapped[str] = mapped_column(Text, default="")
    report_id: Mapped[str | None] = mapped_column(ForeignKey("reports.id"), default=None)
    # 调研
    research_start: Mapped[date | None] = mapped_column(Date, default=None)
    research_end: Mapped[date | None] = mapped_column(Date, default=None)
    research_method: Mapped[str] = mapped_column(String(40), default="")
    research_findings: Mapped[str] = mapped_column(Text, default="")
    # 转化
    output_type: Mapped[str] = mapped_column(String(20), default="")
    sent_to: Mapped[str] = mapped_column(String(100), default="")
    sent_on: Mapped[date | None] = mapped_column(Date, default=None)
    lead_unit: Mapped[str] = mapped_column(String(100), default="")
    deadline: Mapped[date | None] = mapped_column(Date, default=None)
    result_code: Mapped[str] = mapped_column(String(1), default="")
    reply_text: Mapped[str] = mapped_column(Text, default="")
    reply_on: Mapped[date | None] = mapped_column(Date, default=None)

    meetings: Mapped[list[Meeting]] = relationship(back_populates="consultation", order_by="Meeting.held_at")


class ResearchMember(Synced, Base):
    """A member who took part in the research (调研) of a consultation."""

    __tablename__ = "research_members"
    kind = "research_member"

    consultation_id: Mapped[str] = mapped_column(ForeignKey("consultations.id"), index=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    role: Mapped[str] = mapped_column(String(40), default="")


class Meeting(Synced, Base):
    """A consultation meeting (协商议事会)."""

    __tablename__ = "meetings"
    kind = "meeting"

    consultation_id: Mapped[str] = mapped_column(ForeignKey("consultations.id"), index=True)
    form: Mapped[str] = mapped_column(String(20))
    held_at: Mapped[datetime] = mapped_column(DateTime)  # local wall-clock time of the township
    place: Mapped[str] = mapped_column(String(100), default="")
    chair: Mapped[str] = mapped_column(String(50), default="")
    recorder: Mapped[str] = mapped_column(String(50), default="")
    background: Mapped[str] = mapped_column(Text, default="")  # 基本情况
    consensus: Mapped[str] = mapped_column(Text, default="")  # 形成共识, one point a line
    disagreements: Mapped[str] = mapped_column(Text, default="")
    finalised: Mapped[bool] = mapped_column(default=False)  # 定稿: locked
    minutes_version: Mapped[int] = mapped_column(Integer, default=0)

    consultation: Mapped[Consultation] = relationship(back_populates="meetings")


class Participant(Synced, Base):
    __tablename__ = "participants"
    kind = "participant"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), index=True)
    member_id: Mapped[str | None] = mapped_column(ForeignKey("members.id"), default=None, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(50))
    category: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    attendance: Mapped[str] = mapped_column(String(10), default="出席")


class Statement(Synced, Base):
    """What one participant said at a meeting (协商情况)."""

    __tablename__ = "statements"
    kind = "statement"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    speaker: Mapped[str] = mapped_column(String(50))
    category: Mapped[str] = mapped_column(String(20), default="")
    text: Mapped[str] = mapped_column(Text)


class ActionItem(Synced, Base):
    """下步措施: 事项 / 责任单位 / 责任人 / 时限."""

    __tablename__ = "action_items"
    kind = "action_item"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    matter: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(100), default="")
    person: Mapped[str] = mapped_column(String(50), default="")
    due_on: Mapped[date | None] = mapped_column(Date, default=None, index=True)
    done_on: Mapped[date | None] = mapped_column(Date, default=None)


class MinutesVersion(Synced, Base):
    """A finalised (定稿) minutes text; later edits make a new version, old ones stay."""

    __tablename__ = "minutes_versions"
    __table_args__ = (UniqueConstraint("meeting_id", "version", name="uq_minutes_versions_version"),)
    kind = "minutes_version"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[str] = mapped_column(Text)  # JSON of the meeting as finalised
    pdf_sha256: Mapped[str] = mapped_column(String(64), default="")


class ProgressNote(Synced, Base):
    """A dated note on how the conversion (转化) is being handled."""

    __tablename__ = "progress_notes"
    kind = "progress_note"

    consultation_id: Mapped[str] = mapped_column(ForeignKey("consultations.id"), index=True)
    noted_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)


class Evaluation(Synced, Base):
    __tablename__ = "evaluations"
    kind = "evaluation"

    consultation_id: Mapped[str] = mapped_column(ForeignKey("consultations.id"), index=True)
    rater_type: Mapped[str] = mapped_column(String(20))
    rater_name: Mapped[str] = mapped_column(String(50), default="")
    rating: Mapped[str] = mapped_column(String(10))
    comments: Mapped[str] = mapped_column(Text, default="")
    rated_on: Mapped[date | None] = mapped_column(Date, default=None)


class Attachment(Synced, Base):
    """A file kept with a record; the bytes live in the data folder under their SHA-256."""

    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_owner", "owner_kind", "owner_id"),)
    kind = "attachment"

    owner_kind: Mapped[str] = mapped_column(String(30))
    owner_id: Mapped[str] = mapped_column(String(36))
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    note: Mapped[str] = mapped_column(String(200), default="")


SYNCED_MODELS: tuple[type[Synced], ...] = (
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
    Attachment,
)
MODEL_BY_KIND: dict[str, type[Synced]] = {model.kind: model for model in SYNCED_MODELS}
