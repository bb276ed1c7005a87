"""设置 at the station: the corrected people and contact travel in the next package to the hub."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from station_app.domain.progress import run_to_end
from station_app.errors import InputError
from station_app.hub import trust
from station_app.hub.importer import ACCEPTED, import_packages
from station_app.services import audit
from station_app.services.consultations import TopicInput, create_topic
from station_app.services.station import ContactInput, load_station, update_contact

from .hub_world import DAFO, TODAY, make_hub, make_station, using


def manifest_of(package: Path) -> dict[str, object]:
    with zipfile.ZipFile(package) as archive:
        return json.loads(archive.read("manifest.json"))  # type: ignore[no-any-return]


def test_a_corrected_contact_reaches_the_hub_with_the_next_package(
    migrated_template: Path, tmp_path: Path
) -> None:
    hub = make_hub(migrated_template, tmp_path)
    station = make_station(migrated_template, tmp_path, DAFO, [hub.key_file])
    (tmp_path / "usb").mkdir()
    topic = TopicInput("嘉州社区加装电梯", "群众点题", "住房保障", TODAY)
    create_topic(station.db, topic, today=TODAY)
    first = station.export(tmp_path / "usb")
    with using(hub.folder):
        assert [o.status for o in run_to_end(import_packages(hub.db, [first], trust_new=True))] == [ACCEPTED]
        assert trust.contact_of(hub.db, DAFO)["head_name"] == "李明"

    info = update_contact(
        station.db, ContactInput("赵新", "王芳", "0833 2123456", "大佛街道办事处二楼"), actor="王芳"
    )
    assert (info.head_name, info.phone) == ("赵新", "0833-2123456")
    assert load_station(station.db) == info
    with station.db.session() as session:
        (line,) = [a for a in audit.history(session, "1") if a.action == "settings"]
    assert "站长：李明 → 赵新" in line.summary and "联系电话：未填 → 0833-2123456" in line.summary

    second = station.export(tmp_path / "usb")  # no record changed: the contact alone is worth a package
    station_part = manifest_of(second)["station"]
    assert isinstance(station_part, dict) and station_part["contact"]["head_name"] == "赵新"
    with using(hub.folder):
        assert [o.status for o in run_to_end(import_packages(hub.db, [second]))] == [ACCEPTED]
        assert trust.contact_of(hub.db, DAFO) == {
            "head_name": "赵新",
            "clerk_name": "王芳",
            "phone": "0833-2123456",
            "address": "大佛街道办事处二楼",
        }
        assert trust.contact_lines(hub.db)[DAFO].splitlines()[0] == "站长：赵新"


def test_a_bad_phone_or_empty_change_changes_nothing(migrated_template: Path, tmp_path: Path) -> None:
    station = make_station(migrated_template, tmp_path, DAFO, [])
    before = load_station(station.db)
    assert before is not None
    with pytest.raises(InputError, match="联系电话"):
        update_contact(station.db, ContactInput("赵新", "王芳", "12345"))
    assert load_station(station.db) == before
    update_contact(station.db, ContactInput(before.head_name, before.clerk_name))
    with station.db.session() as session:
        assert not [a for a in audit.history(session, "1") if a.action == "settings"]
