"""Which topics a common issue counts: the 有效议题 of ``domain.figures`` (one definition).

A revoked topic (已撤销) is no longer anybody's concern, and one not taken up (不予立题) was judged
not to be a matter for consultation: neither makes a township "raise" a problem.
"""

from __future__ import annotations

from station_app.domain.figures import NOT_ACTIVE
from station_app.domain.lifecycle import Status

COUNTED_STATUSES = frozenset(s.value for s in Status) - NOT_ACTIVE
EXCLUDED_LABEL = "、".join(sorted(NOT_ACTIVE, key=[s.value for s in Status].index))  # 不予立题、已撤销
COUNTED_RULE = f"只计有效议题（不含{EXCLUDED_LABEL}）"


def counted(status: str) -> bool:
    return status in COUNTED_STATUSES
