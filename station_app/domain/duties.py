"""A CPPCC member's duties (「委员交作业」): what counts as duty performed, and in which order kinds
are listed. Defined once; the member record PDF and the members page take it from here."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

# Duty performed, in the order every record lists them.
DUTY_KINDS = ("参加协商", "列席协商", "参与调研", "提交社情民意")
# Excused from a meeting: listed, but no duty performed.
EXCUSED = "请假"
KIND_ORDER = (*DUTY_KINDS, EXCUSED)


def kind_counts(kinds: Iterable[str]) -> list[tuple[str, int]]:
    """Count per kind: every known kind in the fixed order (also when 0), then any other kind by name."""
    counts = Counter(kinds)
    known = [(kind, counts.get(kind, 0)) for kind in KIND_ORDER]
    other = sorted((kind, n) for kind, n in counts.items() if kind not in KIND_ORDER)
    return known + other


def duties_performed(kinds: Iterable[str]) -> int:
    """How many duties were performed: everything but 请假."""
    return sum(1 for kind in kinds if kind != EXCUSED)


def meeting_on_record(*, topic_revoked: bool, minutes_finalised: bool) -> bool:
    """Whether a meeting goes on a member's record: only once its minutes are finalised (定稿: who
    attended is then confirmed) and while its topic stands (a 已撤销 topic's meetings do not count)."""
    return minutes_finalised and not topic_revoked
