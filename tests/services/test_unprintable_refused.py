"""A character no print face has is refused where it is typed, naming it; rare names that the
shipped faces print (Ext-A, B, C) are accepted everywhere."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from station_app.domain.fieldcheck import clean_text
from station_app.errors import InputError
from station_app.services.consultations import TopicInput, create_topic
from station_app.services.ledger import read_ledger
from station_app.services.members import MemberInput, add_member
from station_app.storage.engine import Database

TODAY = date(2025, 12, 1)
NOWHERE = "\U00030000"  # CJK Ext-G: no face of a test machine, nor any shipped one, has it


def test_a_topic_title_with_an_unprintable_character_is_refused(station_db: Database) -> None:
    with pytest.raises(InputError) as caught:
        create_topic(station_db, TopicInput(f"{NOWHERE}家巷路灯", "群众点题", "基础设施", TODAY), today=TODAY)
    assert f"含有无法打印的字“{NOWHERE}”" in caught.value.message


@pytest.mark.parametrize("name", ["刘䶮", "𠈌家坝", "王𫖯"])
def test_rare_names_the_faces_print_are_accepted(station_db: Database, name: str) -> None:
    add_member(station_db, MemberInput(name, "农业界", f"{name}村"))
    assert clean_text(name, "姓名", max_len=20) == name


def test_a_ledger_row_names_the_character_and_the_others_still_read(tmp_path: Path) -> None:
    rows = [
        {"title": "集市占道", "source": "群众点题", "field": "社会治理", "proposed_on": "2025-05-06"},
        {
            "title": f"{NOWHERE}家坝渡口",
            "source": "群众点题",
            "field": "交通出行",
            "proposed_on": "2025-05-07",
        },
        {"title": "𠈌家坝渡口", "source": "群众点题", "field": "交通出行", "proposed_on": "2025-05-08"},
    ]
    path = tmp_path / "台账.json"
    path.write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
    ledger = read_ledger(path, today=TODAY)
    assert [e.text for e in ledger.errors] == [
        f"第2行 议题名称：含有无法打印的字“{NOWHERE}”（本机和程序自带的字体里都没有这个字），请换一种写法"
    ]
    assert [r.title for r in ledger.rows] == ["集市占道", "𠈌家坝渡口"]
