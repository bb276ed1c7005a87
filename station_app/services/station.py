"""Setting up this installation once, and reading who it is."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.domain import townships
from station_app.domain.classifications import ROLE_CITY, ROLE_COUNTY, ROLE_STATION, ROLES
from station_app.domain.fieldcheck import check_phone, clean_text
from station_app.errors import InputError, NotSetUpError, UnknownPlaceError
from station_app.services import audit
from station_app.services.station_info import StationInfo as StationInfo
from station_app.storage.base import utcnow
from station_app.storage.engine import Database
from station_app.storage.local import StationSettings

CITY_CODE = "511100"
CITY_NAME = "乐山市"


@dataclass(frozen=True)
class SetupRequest:
    role: str = ROLE_STATION
    township_code: str = ""
    county_code: str = ""
    head_name: str = ""
    clerk_name: str = ""
    station_name: str = ""  # empty: the proposed name


def _info(row: StationSettings) -> StationInfo:
    return StationInfo(
        role=row.role,
        township_code=row.township_code,
        township_name=row.township_name,
        county_code=row.county_code,
        county_name=row.county_name,
        station_name=row.station_name,
        head_name=row.head_name,
        clerk_name=row.clerk_name,
        phone=row.phone or "",
        address=row.address or "",
    )


def proposed_hub_name(role: str, county_code: str) -> str:
    if role == ROLE_CITY:
        return "乐山市政协办公室"
    name = dict(townships.counties()).get(county_code, "")
    return f"乐山市{name}政协办公室"


def check_setup(request: SetupRequest) -> StationSettings:
    """The settings a request makes, or the InputError that refuses it; touches no database."""
    if request.role not in ROLES:
        raise InputError(f"角色“{request.role}”无效，应为：{'、'.join(ROLES)}。")
    head = clean_text(request.head_name, "站长", max_len=50, single_line=True)
    clerk = clean_text(request.clerk_name, "联络员", max_len=50, single_line=True)
    custom = clean_text(request.station_name, "站点名称", max_len=100, single_line=True)
    if request.role == ROLE_STATION:
        if not request.township_code.strip():
            raise InputError("请选择所在的乡镇（街道）。")
        town = townships.township_by_code(request.township_code.strip())
        return StationSettings(
            id=1,
            role=ROLE_STATION,
            township_code=town.code,
            township_name=town.name,
            county_code=town.county_code,
            county_name=town.county_name,
            station_name=custom or townships.proposed_station_name(town),
            head_name=head,
            clerk_name=clerk,
        )
    if request.role == ROLE_COUNTY:
        counties = dict(townships.counties())
        code = request.county_code.strip()
        if code not in counties:
            raise UnknownPlaceError(
                f"没有找到代码为“{code}”的县（市、区），请从乐山市的11个县（市、区）中选择。"
            )
        return StationSettings(
            id=1,
            role=ROLE_COUNTY,
            county_code=code,
            county_name=counties[code],
            station_name=custom or proposed_hub_name(ROLE_COUNTY, code),
            head_name=head,
            clerk_name=clerk,
        )
    return StationSettings(
        id=1,
        role=ROLE_CITY,
        county_code=CITY_CODE,
        county_name=CITY_NAME,
        station_name=custom or proposed_hub_name(ROLE_CITY, CITY_CODE),
        head_name=head,
        clerk_name=clerk,
    )


def setup_station(db: Database, request: SetupRequest) -> StationInfo:
    """Record who this installation is. Setting up twice is refused: the identity travels in packages."""
    settings = check_setup(request)
    with db.session() as session:
        if session.get(StationSettings, 1) is not None:
            raise InputError("本机已经完成设置，不能重复设置。如需更换站点，请使用新的数据目录。")
        session.add(settings)
        audit.record(
            session,
            "station",
            "1",
            "setup",
            f"完成初始设置：{settings.station_name}（{ROLES[settings.role]}）",
            actor=settings.clerk_name,
        )
        info = _info(settings)
    if info.role == ROLE_STATION:
        from station_app.services.keys import ensure_station_keys  # cryptography: only at setup

        ensure_station_keys()  # the signing key travels with every package; made once, here
    return info


def load_station(db: Database) -> StationInfo | None:
    with db.session() as session:
        row = session.get(StationSettings, 1)
        return _info(row) if row else None


def require_station(db: Database) -> StationInfo:
    info = load_station(db)
    if info is None:
        raise NotSetUpError()
    return info


def station_in(session: Session) -> StationInfo:
    row = session.scalar(select(StationSettings).where(StationSettings.id == 1))
    if row is None:
        raise NotSetUpError()
    return _info(row)


def people_labels(role: str) -> tuple[str, str]:
    """A station has a 站长 and a 联络员; an office a 负责人 and an 经办人."""
    return ("站长", "联络员") if role == ROLE_STATION else ("负责人", "经办人")


def people_problem(role: str, head_name: str, clerk_name: str) -> str | None:
    """The rule of 设置 and of the setup wizard alike: the people sign minutes and receive
    feedback, so neither name may be empty. The message names the first one missing."""
    for value, who in zip((head_name, clerk_name), people_labels(role), strict=True):
        if not value.strip():
            return f"{who}：不能为空，请填写{who}的姓名。"
    return None


@dataclass(frozen=True)
class ContactInput:
    """What 设置 lets the clerk correct after setup: the people and how to reach the station."""

    head_name: str
    clerk_name: str
    phone: str = ""
    address: str = ""


def update_contact(db: Database, contact: ContactInput, *, actor: str = "") -> StationInfo:
    """Correct 站长/联络员 (负责人/经办人), phone and address; audited, and sent in the next package
    (every package's manifest carries the station's current contact)."""
    with db.session() as session:
        row = session.get(StationSettings, 1)
        if row is None:
            raise NotSetUpError()
        head_label, clerk_label = people_labels(row.role)
        problem = people_problem(row.role, contact.head_name, contact.clerk_name)
        if problem:
            raise InputError(problem)
        values = {
            "head_name": clean_text(contact.head_name, head_label, max_len=50, single_line=True),
            "clerk_name": clean_text(contact.clerk_name, clerk_label, max_len=50, single_line=True),
            "phone": check_phone(contact.phone, "联系电话"),
            "address": clean_text(contact.address, "地址", max_len=200, single_line=True),
        }
        labels = {"head_name": head_label, "clerk_name": clerk_label, "phone": "联系电话", "address": "地址"}
        changed = []
        for key, value in values.items():
            before = getattr(row, key) or ""
            if before != value:
                changed.append(f"{labels[key]}：{before or '未填'} → {value or '未填'}")
                setattr(row, key, value)
        if changed:
            row.updated_at = utcnow()
            audit.record(
                session, "station", "1", "settings", "修改本机信息：" + "；".join(changed), actor=actor
            )
        return _info(row)
