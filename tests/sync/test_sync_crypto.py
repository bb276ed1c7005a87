from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from station_app.errors import InputError
from station_app.sync.crypto import (
    AgeIdentity,
    OfficeKeyFile,
    SigningKey,
    decrypt_with,
    encrypt_for,
    format_fingerprint,
    read_office_key_file,
    verify_signature,
    write_office_key_file,
)
from station_app.sync.errors import BadPackageError, BadSignatureError, NotForThisOfficeError


def test_signing_key_saved_private_and_reloaded(tmp_path: Path) -> None:
    key = SigningKey.generate()
    path = tmp_path / "keys" / "station.pem"
    key.save(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    again = SigningKey.load(path)
    assert again.public_key_b64() == key.public_key_b64()
    signature = again.sign(b"manifest")
    verify_signature(key.public_key_b64(), b"manifest", signature)
    assert [p.name for p in path.parent.iterdir()] == ["station.pem"]


def test_fingerprint_and_its_display() -> None:
    key = SigningKey.generate()
    fingerprint = key.fingerprint()
    assert len(fingerprint) == 32 and int(fingerprint, 16) >= 0
    shown = format_fingerprint(fingerprint)
    assert shown == " ".join(fingerprint.upper()[i : i + 4] for i in range(0, 32, 4))
    assert format_fingerprint("abcdef0123") == "ABCD EF01 23"


@pytest.mark.parametrize("what", ["data", "signature", "key"])
def test_bad_signatures(what: str) -> None:
    key, other = SigningKey.generate(), SigningKey.generate()
    signature = key.sign(b"data")
    with pytest.raises(BadSignatureError, match="签名无效"):
        if what == "data":
            verify_signature(key.public_key_b64(), b"Data", signature)
        elif what == "signature":
            verify_signature(key.public_key_b64(), b"data", signature[:-1] + bytes([signature[-1] ^ 1]))
        else:
            verify_signature(other.public_key_b64(), b"data", signature)


@pytest.mark.parametrize("public_key", ["", "not base64!", "AAAA", "ZmluZQ=="])
def test_malformed_public_key_is_a_bad_signature(public_key: str) -> None:
    with pytest.raises(BadSignatureError):
        verify_signature(public_key, b"data", bytes(64))


def test_age_identity_file_is_private_and_age_keygen_shaped(tmp_path: Path) -> None:
    identity = AgeIdentity.generate()
    path = tmp_path / "office-key.txt"
    identity.save(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    lines = path.read_text().splitlines()
    assert lines[0].startswith("# created: ") and lines[1] == f"# public key: {identity.recipient}"
    assert lines[2].startswith("AGE-SECRET-KEY-1")
    assert AgeIdentity.load(path).recipient == identity.recipient
    assert identity.recipient.startswith("age1")
    assert identity.secret() not in repr(identity)


def test_encrypt_and_decrypt() -> None:
    first, second = AgeIdentity.generate(), AgeIdentity.generate()
    sealed = encrypt_for(b"payload", [first.recipient, second.recipient])
    assert sealed.startswith(b"age-encryption.org/v1\n")
    assert decrypt_with(sealed, [first]) == decrypt_with(sealed, [second]) == b"payload"
    with pytest.raises(NotForThisOfficeError, match="这个同步包不是加密给本单位的，无法解密"):
        decrypt_with(sealed, [AgeIdentity.generate()])
    with pytest.raises(BadPackageError):
        decrypt_with(sealed[:-5], [first])


def test_encrypt_refuses_bad_recipients() -> None:
    with pytest.raises(InputError):
        encrypt_for(b"x", ["age1notakey"])
    with pytest.raises(InputError):
        encrypt_for(b"x", [])


@pytest.mark.parametrize("text", ["", "# only a comment\n", "AGE-SECRET-KEY-1XYZ\n"])
def test_bad_age_identity_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "key.txt"
    path.write_text(text)
    with pytest.raises(InputError, match="密钥文件无法使用"):
        AgeIdentity.load(path)


def test_bad_signing_key_file(tmp_path: Path) -> None:
    path = tmp_path / "key.pem"
    path.write_text("-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n")
    with pytest.raises(InputError, match="不是有效的签名私钥"):
        SigningKey.load(path)
    with pytest.raises(InputError, match="文件不存在"):
        SigningKey.load(tmp_path / "missing.pem")


@pytest.fixture
def office_file(tmp_path: Path) -> tuple[Path, OfficeKeyFile]:
    office = OfficeKeyFile.create(
        "市中区政协办公室", "511102", "county", AgeIdentity.generate(), SigningKey.generate()
    )
    path = tmp_path / "市中区政协公钥.json"
    write_office_key_file(path, office)
    return path, office


def test_office_key_file_round_trip(office_file: tuple[Path, OfficeKeyFile]) -> None:
    path, office = office_file
    assert read_office_key_file(path) == office
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["kind"] == "station-app-office-key" and raw["version"] == 1 and raw["role"] == "county"


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"kind": "something"}, "不是单位公钥文件"),
        ({"version": 2}, "版本不受支持"),
        ({"role": "township"}, "role"),
        ({"office_code": "abc"}, "单位代码"),
        ({"age_recipient": "age1xyz"}, "age_recipient"),
        ({"signing_public_key": "AAAA"}, "signing_public_key"),
        ({"fingerprint": "0" * 32}, "指纹与签名公钥不符"),
        ({"office_name": None}, "缺少字段 office_name"),
    ],
)
def test_bad_office_key_file(
    office_file: tuple[Path, OfficeKeyFile], change: dict[str, object], problem: str
) -> None:
    path, _ = office_file
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw.update(change)
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(InputError, match=problem):
        read_office_key_file(path)


def test_office_key_file_not_json(tmp_path: Path) -> None:
    path = tmp_path / "key.json"
    path.write_bytes(b"\x00\xff garbage")
    with pytest.raises(InputError):
        read_office_key_file(path)
