"""Which station keys this hub trusts (township code → Ed25519 public key).

A station seen for the first time is trusted only after someone confirms its key fingerprint
(against the 联络站密钥登记表 the station handed in), in the window or with ``--trust-new``.
A known station that signs with a different key is refused: the key may have been stolen or the
station reinstalled; the office then checks with the station and replaces the key on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.domain import townships
from station_app.errors import InputError, KnownError
from station_app.services import audit
from station_app.storage.base import utcnow
from station_app.storage.engine import Database
from station_app.storage.hub_tables import HubStation
from station_app.sync.crypto import format_fingerprint


class UntrustedStationError(KnownError):
    """A new station: its key must be confirmed first. Carries what the confirmation shows."""

    def __init__(self, township_code: str, name: str, fingerprint: str) -> None:
        super().__init__(
            f"“{name}”（{township_code}）是第一次报送数据，其密钥指纹为 {format_fingerprint(fingerprint)}。"
            "请与该站的密钥登记表核对无误后确认信任，再导入。"
        )
        self.township_code = township_code
        self.name = name
        self.fingerprint = fingerprint


KEY_CHANGED_NEXT = (
    "下一步：打电话问该站电脑是否重装或更换过，请它把新的「联络站密钥登记表」"
    "（联络站「同步」页「打印密钥登记表」，或命令 station-app keys registration）交来，"
    "逐组核对新指纹；一致时在本单位「同步」页重新导入，按提示换用新密钥。"
)
RESTARTED_NEXT = (
    "下一步：请该站不要在新电脑上重新录入，而是用原电脑的备份恢复"
    "（联络站「同步」页「从备份恢复…」，或命令 station-app restore 备份文件），编号会接着原来的继续；"
    "然后重新导出，本单位核对新指纹后换用新密钥即可导入。"
)


class KeyChangedError(KnownError):
    """The station signs with another key than the registered one: a replaced PC, or not the station."""

    def __init__(
        self,
        township_code: str,
        name: str,
        known: str,
        found: str,
        *,
        public_key: str = "",
        restarted_at: int = 0,
    ) -> None:
        prints = f"（登记的指纹 {format_fingerprint(known)}，数据包的指纹 {format_fingerprint(found)}）"
        if restarted_at:
            text = (
                f"“{name}”（{township_code}）的签名密钥与本单位登记的不一致{prints}，"
                f"并且又从第 {restarted_at} 号开始编号："
                f"该站电脑很可能重装或更换后重新设置过，本单位已收过该站第 {restarted_at} 号，不能导入。"
                + RESTARTED_NEXT
            )
        else:
            text = (
                f"“{name}”（{township_code}）的签名密钥与本单位登记的不一致{prints}，"
                "该站可能换了电脑或重装后重新设置过，为安全起见暂不导入。"
            )
            text += KEY_CHANGED_NEXT
        super().__init__(text)
        self.township_code = township_code
        self.name = name
        self.fingerprint = found
        self.public_key = public_key
        self.restarted = bool(restarted_at)


class KeyOfAnotherStationError(KnownError):
    def __init__(self, township_code: str, name: str, owner: str, found: str) -> None:
        super().__init__(
            f"“{name}”（{township_code}）的数据包是用另一个联络站（{station_name(owner)}，{owner}）"
            f"登记的密钥签名的（指纹 {format_fingerprint(found)}）。一个密钥只属于一个联络站，"
            "为安全起见不予导入，也不能信任。请与两站核实。"
        )


@dataclass(frozen=True)
class KnownStation:
    township_code: str
    fingerprint: str
    trusted: bool
    first_seen: datetime
    confirmed_at: datetime | None


def check_signer(
    session: Session, township_code: str, name: str, public_key: str, fingerprint: str, *, trust_new: bool
) -> bool:
    """Raise unless this key may sign for this station; True when the key is new (to be recorded)."""
    row = session.get(HubStation, township_code)
    if row is not None and row.public_key != public_key:
        raise KeyChangedError(township_code, name, row.fingerprint, fingerprint, public_key=public_key)
    other = session.scalar(
        select(HubStation.township_code).where(
            HubStation.public_key == public_key, HubStation.township_code != township_code
        )
    )
    if other is not None:  # one key belongs to one station, whatever --trust-new says
        raise KeyOfAnotherStationError(township_code, name, other, fingerprint)
    if row is not None and row.trusted:
        return False
    if not trust_new:
        raise UntrustedStationError(township_code, name, fingerprint)
    return True


def record_trust(session: Session, township_code: str, public_key: str, fingerprint: str) -> None:
    """Remember a confirmed key (in the transaction that imports its first package)."""
    row = session.get(HubStation, township_code)
    now = utcnow()
    if row is None:
        session.add(
            HubStation(
                township_code=township_code,
                public_key=public_key,
                fingerprint=fingerprint,
                trusted=True,
                first_seen=now,
                confirmed_at=now,
            )
        )
    else:
        row.trusted = True
        row.confirmed_at = now


def record_contact(session: Session, township_code: str, contact: dict[str, str]) -> None:
    """The station's people and contact, as its newest package says (设置 at the station)."""
    row = session.get(HubStation, township_code)
    if row is None or not contact:
        return
    for key, value in contact.items():
        setattr(row, key, value)


CONTACT_LABELS = (("head_name", "站长"), ("clerk_name", "联络员"), ("phone", "电话"), ("address", "地址"))


def contact_lines(db: Database) -> dict[str, str]:
    """Per township: its people and contact as one text (for a tooltip), where a package said them."""
    with db.session() as session:
        found: dict[str, str] = {}
        for row in session.scalars(select(HubStation)):
            parts = [f"{label}：{getattr(row, key)}" for key, label in CONTACT_LABELS if getattr(row, key)]
            if parts:
                found[row.township_code] = "\n".join(parts)
        return found


def contact_of(db: Database, township_code: str) -> dict[str, str]:
    with db.session() as session:
        row = session.get(HubStation, township_code)
        if row is None:
            return {}
        return {k: getattr(row, k) or "" for k in ("head_name", "clerk_name", "phone", "address")}


def known_stations(db: Database) -> list[KnownStation]:
    with db.session() as session:
        rows = session.scalars(select(HubStation).order_by(HubStation.township_code))
        return [
            KnownStation(r.township_code, r.fingerprint, r.trusted, r.first_seen, r.confirmed_at)
            for r in rows
        ]


def replace_key(
    db: Database, township_code: str, public_key: str, fingerprint: str, *, actor: str = ""
) -> None:
    """A station's new key, confirmed by its fingerprint (a replaced PC); the change is audited."""
    with db.session() as session:
        row = session.get(HubStation, township_code)
        if row is None:
            raise InputError(f"没有登记过区划代码为 {township_code} 的联络站密钥。")
        old = row.fingerprint
        row.public_key, row.fingerprint = public_key, fingerprint
        row.trusted, row.confirmed_at = True, utcnow()
        audit.record(
            session,
            "station_key",
            township_code,
            "更换密钥",
            f"{station_name(township_code)}换用新签名密钥：原指纹 {format_fingerprint(old)}，"
            f"新指纹 {format_fingerprint(fingerprint)}",
            actor=actor,
        )


def forget_station(db: Database, township_code: str) -> None:
    """Remove a station's registered key so that a new key can be confirmed."""
    with db.session() as session:
        row = session.get(HubStation, township_code)
        if row is None:
            raise InputError(f"没有登记过区划代码为 {township_code} 的联络站密钥。")
        session.delete(row)


def station_name(code: str) -> str:
    try:
        return townships.township_by_code(code).name
    except InputError:
        return code
