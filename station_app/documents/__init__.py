"""Printed documents (reportlab): plain data in, PDF bytes or an atomically written file out.

Nothing here touches the database, Qt or the network. The names below are imported from their
modules on first use, so that printing the minutes does not load every other document's module.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names for type checkers; at run time __getattr__ imports them
    from station_app.documents.batch import export_many as export_many
    from station_app.documents.data import ActionItem as ActionItem
    from station_app.documents.data import KeyRegistrationData as KeyRegistrationData
    from station_app.documents.data import MemberRecordData as MemberRecordData
    from station_app.documents.data import MinutesData as MinutesData
    from station_app.documents.data import Participant as Participant
    from station_app.documents.data import ParticipationRow as ParticipationRow
    from station_app.documents.data import ResultReportData as ResultReportData
    from station_app.documents.data import SignInData as SignInData
    from station_app.documents.data import Statement as Statement
    from station_app.documents.fonts import MissingGlyphsError as MissingGlyphsError
    from station_app.documents.fonts import missing_characters as missing_characters
    from station_app.documents.key_registration import build_key_registration as build_key_registration
    from station_app.documents.member_record import build_member_record as build_member_record
    from station_app.documents.minutes import build_minutes as build_minutes
    from station_app.documents.output import write_pdf_atomically as write_pdf_atomically
    from station_app.documents.privacy import mask_phone as mask_phone
    from station_app.documents.result_report import build_result_report as build_result_report
    from station_app.documents.signin import build_signin_sheet as build_signin_sheet

# name → the module that defines it
_HOME = {
    "ActionItem": "data",
    "KeyRegistrationData": "data",
    "MemberRecordData": "data",
    "MinutesData": "data",
    "MissingGlyphsError": "fonts",
    "Participant": "data",
    "ParticipationRow": "data",
    "ResultReportData": "data",
    "SignInData": "data",
    "Statement": "data",
    "build_key_registration": "key_registration",
    "build_member_record": "member_record",
    "build_minutes": "minutes",
    "build_result_report": "result_report",
    "build_signin_sheet": "signin",
    "export_many": "batch",
    "mask_phone": "privacy",
    "missing_characters": "fonts",
    "write_pdf_atomically": "output",
}

__all__ = sorted(_HOME)


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOME])
