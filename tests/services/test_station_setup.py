"""Setting up a station or a hub once, from the shipped township list."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from station_app.errors import InputError, NotSetUpError
from station_app.services.station import SetupRequest, load_station, require_station, setup_station
from station_app.storage.engine import Database
from station_app.storage.local import AuditEvent


def test_station_setup_takes_names_from_the_township_list(db: Database) -> None:
    info = setup_station(db, SetupRequest(township_code="511102004", head_name="李明", clerk_name="王芳"))
    assert info.station_name == "市中区大佛街道政协工作联络站"
    assert (info.county_code, info.county_name, info.township_name) == ("511102", "市中区", "大佛街道")
    assert info.code == "511102004" and not info.is_hub
    assert load_station(db) == info
    with db.session() as session:
        event = session.scalars(select(AuditEvent)).one()
        assert "完成初始设置" in event.summary and event.actor == "王芳"


def test_a_custom_station_name_is_kept(db: Database) -> None:
    info = setup_station(db, SetupRequest(township_code="511102004", station_name="大佛街道政协联络站"))
    assert info.station_name == "大佛街道政协联络站"


def test_county_hub_setup(db: Database) -> None:
    info = setup_station(db, SetupRequest(role="county", county_code="511102"))
    assert info.is_hub and info.code == "511102" and info.station_name == "乐山市市中区政协办公室"
    assert info.role_label == "县（区）政协汇总"


def test_city_hub_setup(db: Database) -> None:
    info = setup_station(db, SetupRequest(role="city"))
    assert info.role == "city" and info.county_name == "乐山市"


@pytest.mark.parametrize(
    ("request_", "words"),
    [
        (SetupRequest(township_code=""), "请选择"),
        (SetupRequest(township_code="511102999"), "没有找到"),
        (SetupRequest(role="county", county_code="510000"), "11个县"),
        (SetupRequest(role="province"), "角色"),
        (SetupRequest(township_code="511102004", clerk_name="王\x07芳"), "联络员"),
    ],
)
def test_bad_setup_is_refused_in_chinese_and_saves_nothing(
    db: Database, request_: SetupRequest, words: str
) -> None:
    with pytest.raises(InputError) as caught:
        setup_station(db, request_)
    assert words in caught.value.message
    assert load_station(db) is None


def test_setting_up_twice_is_refused(db: Database) -> None:
    setup_station(db, SetupRequest(township_code="511102004"))
    with pytest.raises(InputError, match="已经完成设置"):
        setup_station(db, SetupRequest(township_code="511123100"))
    info = require_station(db)
    assert info.township_code == "511102004"


def test_require_station_before_setup(db: Database) -> None:
    with pytest.raises(NotSetUpError):
        require_station(db)
