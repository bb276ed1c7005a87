"""Local bookkeeping of sync with the hub that never travels in packages."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from station_app.storage.base import Base, UtcDateTime, utcnow


class AppliedFeedback(Base):
    """A hub feedback record (办理反馈) already applied here: re-importing it changes nothing."""

    __tablename__ = "applied_feedback"

    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)  # the hub's record uuid
    revision: Mapped[int] = mapped_column(Integer)  # the highest revision applied
    package_id: Mapped[str] = mapped_column(String(36))  # the package it came in
    consultation_id: Mapped[str] = mapped_column(String(36), default="", index=True)
    applied_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
