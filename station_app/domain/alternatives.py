"""Bracketed alternatives in a word: 村（居）务公开 is 村务公开 or 居务公开, 村（社区）干部 is 村干部
or 社区干部. The similarity engine reads such a word whole, the search index finds it both ways,
and the key terms show it as written; the words that may stand in brackets are defined here once."""

from __future__ import annotations

ALTERNATIVES = ("居", "社区", "街道", "镇", "乡", "村")
ALTERNATIVE_PATTERN = f"[(（](?:{'|'.join(ALTERNATIVES)})[)）]"  # either kind of bracket
