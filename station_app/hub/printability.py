"""Records a package brings with characters this office cannot print, named in the import report.

The station refuses such characters as they are typed; a record made before that check, or on a
machine with more fonts, still arrives. The hub keeps the station's data as it is and says which
records its printouts would refuse, so the office learns of it at import, not at the printer.
"""

from __future__ import annotations

from collections.abc import Iterable

from station_app.hub.schema import Incoming
from station_app.services.export import KIND_LABELS

LISTED = 5  # records named in one report line; the rest are counted


def _texts(record: Incoming) -> Iterable[str]:
    return (v for v in (record.values or {}).values() if isinstance(v, str))


def unprintable_notes(records: Iterable[Incoming]) -> list[str]:
    """One note per record holding characters no face of this machine has (none: an empty list)."""
    from station_app.documents.fonts import missing_characters

    records = [r for r in records if not r.deleted and r.values]
    # Each distinct character is looked up once; one join, not a set update per field.
    seen = set("".join(text for record in records for text in _texts(record)))
    missing = missing_characters("".join(seen))
    if not missing:
        return []
    notes: list[str] = []
    for record in records:
        found = {c for text in _texts(record) for c in text if c in missing}
        if found:
            values = record.values or {}
            name = values.get("title") or values.get("name") or record.uuid[:8]
            kind = KIND_LABELS.get(record.kind, record.kind)
            listed = "、".join(f"“{c}”" for c in sorted(found))
            notes.append(f"{kind}“{name}”含有本机无法打印的字{listed}")
    if len(notes) > LISTED:
        notes = [*notes[:LISTED], f"另有 {len(notes) - LISTED} 条记录"]
    return notes
