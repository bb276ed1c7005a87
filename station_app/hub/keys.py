"""The hub's own keys: an age identity (stations encrypt to it) and an Ed25519 signing key
(its feedback packages are signed with it). Both live in ``paths.keys_dir()``, made on first use.

* ``hub_identity.txt`` — the age X25519 identity in the ``age-keygen`` layout (mode 0600);
* ``hub_signing.pem`` — the Ed25519 private key (PKCS#8 PEM, mode 0600).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from station_app import paths
from station_app.documents.output import write_file_atomically
from station_app.domain.classifications import ROLE_CITY
from station_app.errors import InputError
from station_app.services.station import StationInfo
from station_app.sync.crypto import AgeIdentity, OfficeKeyFile, SigningKey, office_key_text

log = logging.getLogger(__name__)

IDENTITY_FILE = "hub_identity.txt"
SIGNING_FILE = "hub_signing.pem"


@dataclass(frozen=True)
class HubKeys:
    identity: AgeIdentity
    signing: SigningKey


def ensure_hub_keys() -> HubKeys:
    """The hub's keys, made (once) when there are none yet."""
    folder = paths.keys_dir()
    identity_path = folder / IDENTITY_FILE
    signing_path = folder / SIGNING_FILE
    if identity_path.exists():
        identity = AgeIdentity.load(identity_path)
    else:
        identity = AgeIdentity.generate()
        identity.save(identity_path)
        log.info("made the hub's decryption key %s", identity.recipient)
    if signing_path.exists():
        signing = SigningKey.load(signing_path)
    else:
        signing = SigningKey.generate()
        signing.save(signing_path)
        log.info("made the hub's signing key %s", signing.fingerprint())
    return HubKeys(identity, signing)


def office_key(info: StationInfo) -> OfficeKeyFile:
    """The public key file the stations install (单位公钥文件)."""
    if not info.is_hub:
        raise InputError("单位公钥文件由县（区）政协或市政协汇总单位导出，联络站不需要。")
    hub = ensure_hub_keys()
    if info.role == ROLE_CITY:
        return OfficeKeyFile.create(info.station_name, info.county_code, "city", hub.identity, hub.signing)
    return OfficeKeyFile.create(info.station_name, info.county_code, "county", hub.identity, hub.signing)


def export_office_key(info: StationInfo, out: Path) -> Path:
    """Write the office key file to ``out`` (``.json`` added only when the name has no ending at all,
    so ``--out hub.pub`` writes exactly hub.pub) and return the path."""
    out = Path(out)
    if not out.suffix:
        out = out.with_name(out.name + ".json")
    return write_file_atomically(office_key_text(office_key(info)).encode("utf-8"), out)
