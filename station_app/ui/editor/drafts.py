"""Autosaved drafts: unsaved form values kept in a small JSON file until saved or discarded.

A crash, a power cut or a forgotten window must not cost the clerk what was typed. One file per
record (``new`` for a topic not yet saved) under ``<data dir>/drafts``; written to a temporary
name first so a half-written draft never replaces a good one.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from station_app import paths

log = logging.getLogger(__name__)
NEW_KEY = "new"
FORMAT = 1


@dataclass(frozen=True)
class Draft:
    saved_at: datetime
    tabs: dict[str, dict[str, Any]]


def draft_path(consultation_id: str | None) -> Path:
    return paths.data_dir() / "drafts" / f"{consultation_id or NEW_KEY}.json"


def write_draft(consultation_id: str | None, tabs: dict[str, dict[str, Any]]) -> None:
    target = draft_path(consultation_id)
    payload = {"format": FORMAT, "saved_at": datetime.now().astimezone().isoformat(), "tabs": tabs}
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        partial.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(partial, target)
    except OSError:
        # A full disk must not interrupt typing; the next tick tries again.
        log.warning("could not write draft %s", target, exc_info=True)


def read_draft(consultation_id: str | None) -> Draft | None:
    path = draft_path(consultation_id)
    if not path.exists():
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        tabs = raw["tabs"]
        if raw.get("format") != FORMAT or not isinstance(tabs, dict) or not tabs:
            return None
        return Draft(datetime.fromisoformat(raw["saved_at"]), tabs)
    except (OSError, ValueError, KeyError, TypeError):
        log.warning("unreadable draft ignored: %s", path, exc_info=True)
        return None


def delete_draft(consultation_id: str | None) -> None:
    try:
        draft_path(consultation_id).unlink(missing_ok=True)
    except OSError:
        log.warning("could not delete draft for %s", consultation_id, exc_info=True)
