"""The station's own signing key and the office public keys it encrypts to.

Layout of ``paths.keys_dir()``:

* ``station_signing.pem`` — the station's Ed25519 private key (PKCS#8 PEM, mode 0600), made at setup;
* ``station_signing.json`` — when the key was made and its fingerprint (for the registration form);
* ``recipients/<role>-<office_code>.json`` — installed office key files (单位公钥文件, public only):
  at most one county office and one city office.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from station_app import paths
from station_app.errors import InputError
from station_app.output_guard import check_output_file
from station_app.sync.crypto import (
    OfficeKeyFile,
    SigningKey,
    format_fingerprint,
    read_office_key_file,
    write_office_key_file,
)
from station_app.sync.errors import KeyFileError

if TYPE_CHECKING:  # station.py calls ensure_station_keys() at setup, so no import at load time
    from station_app.services.station import StationInfo
    from station_app.storage.engine import Database

log = logging.getLogger(__name__)

SIGNING_KEY_FILE = "station_signing.pem"
SIGNING_INFO_FILE = "station_signing.json"
RECIPIENTS_DIR = "recipients"
ROLE_LABELS = {"county": "县（市、区）政协", "city": "市政协"}


@dataclass(frozen=True)
class StationKeyInfo:
    fingerprint: str  # 32 hex digits
    public_key: str  # base64 of the raw key
    created_at: datetime

    @property
    def fingerprint_grouped(self) -> str:
        return format_fingerprint(self.fingerprint)


def signing_key_path() -> Path:
    return paths.keys_dir() / SIGNING_KEY_FILE


def recipients_dir() -> Path:
    folder = paths.keys_dir() / RECIPIENTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _write_info(key: SigningKey, created_at: datetime) -> None:
    info = {"created_at": created_at.isoformat(), "fingerprint": key.fingerprint()}
    (paths.keys_dir() / SIGNING_INFO_FILE).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")


def ensure_station_keys() -> SigningKey:
    """The station's signing key, made (once) when there is none yet."""
    path = signing_key_path()
    if path.exists():
        return SigningKey.load(path)
    key = SigningKey.generate()
    key.save(path)
    _write_info(key, datetime.now(UTC))
    log.info("made the station signing key %s", key.fingerprint())
    return key


def station_key_info() -> StationKeyInfo:
    key = ensure_station_keys()
    created: datetime | None = None
    info_file = paths.keys_dir() / SIGNING_INFO_FILE
    try:
        raw = json.loads(info_file.read_text(encoding="utf-8"))
        if raw.get("fingerprint") == key.fingerprint():
            created = datetime.fromisoformat(raw["created_at"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        created = None
    if created is None or created.tzinfo is None:
        created = datetime.fromtimestamp(signing_key_path().stat().st_mtime, UTC)
    return StationKeyInfo(key.fingerprint(), key.public_key_b64(), created)


def station_fingerprint() -> str:
    """The fingerprint as shown to people: ``ABCD EF01 …``."""
    return format_fingerprint(ensure_station_keys().fingerprint())


# --- office keys ----------------------------------------------------------------------------------


def _file_for(key: OfficeKeyFile) -> Path:
    return recipients_dir() / f"{key.role}-{key.office_code}.json"


def list_recipients() -> list[OfficeKeyFile]:
    """Installed office keys, the county office first; a damaged file is skipped (and logged)."""
    found: list[OfficeKeyFile] = []
    folder = paths.keys_dir() / RECIPIENTS_DIR  # reading makes no folder
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            found.append(read_office_key_file(path))
        except KeyFileError as error:
            log.warning("skipping office key file %s: %s", path, error.message)
    return sorted(found, key=lambda k: (k.role != "county", k.office_code))


def describe(key: OfficeKeyFile) -> str:
    return f"{key.office_name}（{ROLE_LABELS[key.role]}，指纹 {format_fingerprint(key.fingerprint)}）"


def add_recipient(path: Path, station: StationInfo | None = None) -> OfficeKeyFile:
    """Check an office key file and install a copy; refuses a duplicate or a second county/city key.

    With ``station`` given, a county key must belong to the station's own county.
    """
    key = read_office_key_file(Path(path))
    installed = list_recipients()
    for other in installed:
        if other.fingerprint == key.fingerprint or other.age_recipient == key.age_recipient:
            raise InputError(f"这个公钥已经安装过了：{describe(other)}。")
    for other in installed:
        if other.role == key.role:
            raise InputError(
                f"已经安装了{ROLE_LABELS[key.role]}的公钥：{describe(other)}。"
                "如需更换，请先删除原来的公钥再添加。"
            )
    if station is not None and key.role == "county" and key.office_code != station.county_code:
        raise InputError(
            f"这是“{key.office_name}”（代码 {key.office_code}）的公钥，"
            f"不是本站所属的{station.county_name}（代码 {station.county_code}）的公钥，未安装。"
        )
    write_office_key_file(_file_for(key), key)
    log.info("installed office key %s (%s)", key.office_code, key.fingerprint)
    return key


def remove_recipient(code: str) -> OfficeKeyFile:
    """Remove the installed key of the office with this code; the removed key is returned."""
    for key in list_recipients():
        if key.office_code == code.strip():
            _file_for(key).unlink(missing_ok=True)
            log.info("removed office key %s", key.office_code)
            return key
    raise InputError(f"没有安装代码为“{code}”的单位公钥。")


def export_recipients() -> list[str]:
    """The age recipients every package is encrypted to (empty: not encrypted)."""
    return [key.age_recipient for key in list_recipients()]


def trusted_signer(public_key_b64: str) -> OfficeKeyFile | None:
    """The installed office whose signing key this is, or None."""
    for key in list_recipients():
        if key.signing_public_key == public_key_b64:
            return key
    return None


# --- the registration form ------------------------------------------------------------------------


def key_registration_pdf(db: Database, out: Path) -> Path:
    """Write 「联络站密钥登记表」 (the clerk hands it to the county office) and return its path."""
    from station_app.documents.data import KeyRegistrationData
    from station_app.documents.key_registration import build_key_registration
    from station_app.documents.output import write_pdf_atomically
    from station_app.services.station import require_station

    out = Path(out)
    if out.suffix.lower() != ".pdf":
        out = out.with_name(out.name + ".pdf")
    check_output_file(out)
    station = require_station(db)
    if station.is_hub:
        raise InputError("密钥登记表由乡镇联络站打印，汇总单位不需要。")
    info = station_key_info()
    data = KeyRegistrationData(
        station_name=station.station_name,
        township_code=station.township_code,
        county_name=station.county_name,
        fingerprint=info.fingerprint,
        public_key=info.public_key,
        created_at=info.created_at.astimezone(),
        head_name=station.head_name,
        clerk_name=station.clerk_name,
    )
    return write_pdf_atomically(build_key_registration(data), out)
