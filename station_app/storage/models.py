"""All mapped tables, imported in one place so the metadata is complete."""

from station_app.storage import hub_tables  # noqa: F401  (the hub's tables join the metadata)
from station_app.storage.base import Base, Synced
from station_app.storage.local import AppMeta, AuditEvent, Counter, ExportLogEntry, StationSettings
from station_app.storage.records import (
    MODEL_BY_KIND,
    SYNCED_MODELS,
    ActionItem,
    Attachment,
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
from station_app.storage.sync_state import AppliedFeedback

__all__ = [
    "MODEL_BY_KIND",
    "SYNCED_MODELS",
    "ActionItem",
    "AppMeta",
    "AppliedFeedback",
    "Attachment",
    "AuditEvent",
    "Base",
    "Consultation",
    "Counter",
    "Evaluation",
    "ExportLogEntry",
    "Meeting",
    "Member",
    "MinutesVersion",
    "Participant",
    "ProgressNote",
    "Report",
    "ResearchMember",
    "Statement",
    "StationSettings",
    "Synced",
]
