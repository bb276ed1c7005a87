"""Tables that stay on this computer: settings, audit log, export log, counters."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from station_app.storage.base import Base, UtcDateTime, utcnow


class AppMeta(Base):
    """Key/value facts about the database itself, e.g. ``schema_major``."""

    __tablename__ = "app_meta"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class Counter(Base):
    """Monotonic counters; ``change`` numbers every flush that changed a synced record."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class StationSettings(Base):
    """The one row that says who this installation is (set up once by the wizard)."""

    __tablename__ = "station_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    role: Mapped[str] = mapped_column(String(10))  # station / county / city
    township_code: Mapped[str] = mapped_column(String(12), default="")
    township_name: Mapped[str] = mapped_column(String(40), default="")
    county_code: Mapped[str] = mapped_column(String(12), default="")
    county_name: Mapped[str] = mapped_column(String(40), default="")
    station_name: Mapped[str] = mapped_column(String(100))
    head_name: Mapped[str] = mapped_column(String(50), default="")
    clerk_name: Mapped[str] = mapped_column(String(50), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class AuditEvent(Base):
    """Who changed what, when: a readable Chinese line per change."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(50), default="")
    record_kind: Mapped[str] = mapped_column(String(30))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    action: Mapped[str] = mapped_column(String(30))
    summary: Mapped[str] = mapped_column(Text)


class ExportLogEntry(Base):
    """A package written and verified on a stick; the highest ``change_upto`` is the sync state."""

    __tablename__ = "export_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sequence: Mapped[int] = mapped_column(Integer, unique=True)
    package_id: Mapped[str] = mapped_column(String(36), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    change_upto: Mapped[int] = mapped_column(Integer)
    full: Mapped[bool] = mapped_column(default=False)
    counts: Mapped[str] = mapped_column(Text, default="{}")  # JSON: kind -> count
    acknowledged_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
