"""The hub's import report names records holding characters this office cannot print."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from station_app.hub.importer import ACCEPTED, PackageOutcome
from station_app.hub.printability import unprintable_notes
from station_app.hub.schema import Incoming

NOWHERE = "\U00030000"  # CJK Ext-G: no face of a test machine, nor any shipped one, has it


def _record(kind: str, uuid: str, deleted: bool = False, **values: object) -> Incoming:
    return Incoming(kind, uuid, 1, datetime(2026, 3, 1), deleted, dict(values), dict(values), "p1")


def test_records_with_unprintable_characters_are_named() -> None:
    records = [
        _record("consultation", "c1", title="白塔街路灯", background="𠈌家坝村民反映"),  # prints
        _record("consultation", "c2", title=f"{NOWHERE}家坝渡口"),
        _record("member", "m1", name=f"刘{NOWHERE}", unit="嘉州社区"),
        _record("consultation", "c3", deleted=True, title=f"{NOWHERE}"),
    ]
    notes = unprintable_notes(records)
    assert notes == [
        f"协商议题“{NOWHERE}家坝渡口”含有本机无法打印的字“{NOWHERE}”",
        f"委员“刘{NOWHERE}”含有本机无法打印的字“{NOWHERE}”",
    ]
    outcome = PackageOutcome(
        Path("a.jzsync"), ACCEPTED, "511102004", 3, station_name="大佛街道", notes=tuple(notes)
    )
    line = outcome.line()
    assert f"协商议题“{NOWHERE}家坝渡口”" in line and "打印前请联络站改正" in line


def test_a_printable_package_has_no_notes() -> None:
    assert unprintable_notes([_record("consultation", "c1", title="刘䶮 𠈌家坝 王𫖯")]) == []


def test_many_records_are_counted_after_the_first_five() -> None:
    records = [_record("consultation", f"c{i}", title=f"{NOWHERE}{i}") for i in range(8)]
    notes = unprintable_notes(records)
    assert len(notes) == 6 and notes[-1] == "另有 3 条记录"
