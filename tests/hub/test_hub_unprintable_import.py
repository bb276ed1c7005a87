"""A real package carrying a character no face has (data from before characters were checked as
typed): the hub imports it and its import report names the character and the record."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from station_app.domain.progress import run_to_end
from station_app.hub.importer import ACCEPTED, import_packages
from station_app.services.consultations import TopicInput, create_topic
from station_app.storage.records import Consultation
from tests.hub.hub_world import DAFO, TODAY, make_hub, make_station, using

NOWHERE = "\U00030000"  # CJK Ext-G: no face of a test machine, nor any shipped one, has it


def test_the_import_report_names_the_unprintable_character(migrated_template: Path, tmp_path: Path) -> None:
    hub = make_hub(migrated_template, tmp_path)
    station = make_station(migrated_template, tmp_path, DAFO, [hub.key_file])
    with using(station.folder):
        cid = create_topic(
            station.db, TopicInput("家坝渡口", "群众点题", "交通出行", date(2026, 5, 7)), today=TODAY
        )
        create_topic(
            station.db, TopicInput("𠈌家坝路灯", "群众点题", "基础设施", date(2026, 5, 8)), today=TODAY
        )
    with station.db.session() as session:  # typed before characters were checked
        row = session.get(Consultation, cid)
        assert row is not None
        row.title = f"{NOWHERE}家坝渡口"
    (tmp_path / "U盘").mkdir()
    package = station.export(tmp_path / "U盘")
    with using(hub.folder):
        [outcome] = run_to_end(import_packages(hub.db, [package], trust_new=True))
    assert outcome.status == ACCEPTED
    line = outcome.line()
    assert f"协商议题“{NOWHERE}家坝渡口”含有本机无法打印的字“{NOWHERE}”" in line
    assert "𠈌家坝路灯" not in line  # a rare name the faces print is no concern
    station.db.dispose()
    hub.db.dispose()
