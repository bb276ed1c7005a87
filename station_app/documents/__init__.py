"""Printed documents (reportlab): plain data in, PDF bytes or an atomically written file out.

Nothing here touches the database, Qt or the network.
"""

from __future__ import annotations

from station_app.documents.batch import export_many
from station_app.documents.data import (
    ActionItem,
    KeyRegistrationData,
    MemberRecordData,
    MinutesData,
    Participant,
    ParticipationRow,
    ResultReportData,
    SignInData,
    Statement,
)
from station_app.documents.fonts import MissingGlyphsError, missing_characters
from station_app.documents.key_registration import build_key_registration
from station_app.documents.member_record import build_member_record
from station_app.documents.minutes import build_minutes
from station_app.documents.output import write_pdf_atomically
from station_app.documents.privacy import mask_phone
from station_app.documents.result_report import build_result_report
from station_app.documents.signin import build_signin_sheet

__all__ = [
    "ActionItem",
    "KeyRegistrationData",
    "MemberRecordData",
    "MinutesData",
    "MissingGlyphsError",
    "Participant",
    "ParticipationRow",
    "ResultReportData",
    "SignInData",
    "Statement",
    "build_key_registration",
    "build_member_record",
    "build_minutes",
    "build_result_report",
    "build_signin_sheet",
    "export_many",
    "mask_phone",
    "missing_characters",
    "write_pdf_atomically",
]
