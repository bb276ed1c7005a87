"""Tables only a county or city hub fills: trusted stations, received packages, the conflict
queue, records waiting for their parents, 办理反馈 written at the hub and feedback packages sent.

None of them travel in station packages; ``hub_feedback`` travels the other way, in hub-feedback
packages (FORMAT.md section 8), so it carries the synced bookkeeping columns.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from station_app.storage.base import Base, Synced, UtcDateTime, utcnow


class HubStation(Base):
    """A station whose signing key this hub knows; packages are accepted only when ``trusted``."""

    __tablename__ = "hub_stations"

    township_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    public_key: Mapped[str] = mapped_column(String(64))  # base64 of the raw Ed25519 key
    fingerprint: Mapped[str] = mapped_column(String(32))
    trusted: Mapped[bool] = mapped_column(default=False)
    first_seen: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    # The station's people and contact as its latest package said (设置 at the station).
    head_name: Mapped[str] = mapped_column(String(50), default="")
    clerk_name: Mapped[str] = mapped_column(String(50), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    address: Mapped[str] = mapped_column(String(200), default="")


class ReceivedPackage(Base):
    """A station package imported here; the sequence numbers per station show the gaps."""

    __tablename__ = "hub_received_packages"
    __table_args__ = (
        UniqueConstraint("township_code", "sequence", name="uq_hub_received_packages_sequence"),
    )

    package_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    township_code: Mapped[str] = mapped_column(String(12), index=True)
    sequence: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    previous_sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    full: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)  # as the station wrote it
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    file_name: Mapped[str] = mapped_column(String(255), default="")
    counts: Mapped[str] = mapped_column(Text, default="{}")  # JSON: what the package applied


class HubConflict(Base):
    """A record revision that could not be applied without overwriting something: decided by a person."""

    __tablename__ = "hub_conflicts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(30))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    origin: Mapped[str] = mapped_column(String(12), index=True)
    package_id: Mapped[str] = mapped_column(String(36))
    reason: Mapped[str] = mapped_column(String(20))  # "lower" | "diverging" | "number"
    incoming_revision: Mapped[int] = mapped_column(Integer)
    incoming_updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    incoming_deleted: Mapped[bool] = mapped_column(default=False)
    incoming_data: Mapped[str] = mapped_column(Text)  # JSON as it came in the package
    current_revision: Mapped[int] = mapped_column(Integer)
    current_data: Mapped[str] = mapped_column(Text)  # JSON of the row when the conflict was found
    detected_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)  # open / taken / kept
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)


class PendingRecord(Base):
    """A record revision whose parent (e.g. the consultation of a meeting) has not arrived yet."""

    __tablename__ = "hub_pending_records"

    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, primary_key=True)
    origin: Mapped[str] = mapped_column(String(12), index=True)
    package_id: Mapped[str] = mapped_column(String(36))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    deleted: Mapped[bool] = mapped_column(default=False)
    data: Mapped[str] = mapped_column(Text)  # JSON as it came in the package


class HubFeedback(Synced, Base):
    """办理反馈 entered at the hub for a station's consultation in 转化; sent back in feedback packages."""

    __tablename__ = "hub_feedback"
    kind = "feedback"

    station_code: Mapped[str] = mapped_column(String(12), index=True)
    consultation_id: Mapped[str] = mapped_column(String(36), index=True)
    result_code: Mapped[str] = mapped_column(String(1), default="")
    reply_text: Mapped[str] = mapped_column(Text, default="")
    reply_on: Mapped[date | None] = mapped_column(Date, default=None)
    author: Mapped[str] = mapped_column(String(50), default="")
    progress_note: Mapped[str] = mapped_column(Text, default="")


class FeedbackPackageLog(Base):
    """A feedback package written for a station: numbers them 1, 2, 3 … per station."""

    __tablename__ = "hub_feedback_packages"
    __table_args__ = (UniqueConstraint("station_code", "sequence", name="uq_hub_feedback_packages_sequence"),)

    package_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_code: Mapped[str] = mapped_column(String(12), index=True)
    sequence: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    file_name: Mapped[str] = mapped_column(String(255))
    receipts: Mapped[int] = mapped_column(Integer, default=0)
    feedback: Mapped[int] = mapped_column(Integer, default=0)


class CommonIssueMark(Base):
    """A group of common issues marked 「拟列入专题协商」 at the hub, as it stood when marked."""

    __tablename__ = "hub_common_issue_marks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    title: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    consultations: Mapped[str] = mapped_column(Text)  # JSON list of uuids
    townships: Mapped[str] = mapped_column(Text)  # JSON list of codes
    fields: Mapped[str] = mapped_column(Text, default="[]")
    key_terms: Mapped[str] = mapped_column(Text, default="[]")
    score: Mapped[float] = mapped_column(default=0.0)
    period_from: Mapped[date] = mapped_column(Date)
    period_to: Mapped[date] = mapped_column(Date)
    marked_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
