"""Keys: Ed25519 signing of manifests, age (X25519) encryption of payloads, office key files.

Secret key files are written with 0600 permissions and replaced atomically, so a crash
never leaves half a key behind.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import pyrage
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from station_app.input_guard import UnreadableInputError, read_regular
from station_app.sync.errors import BadPackageError, BadSignatureError, KeyFileError, NotForThisOfficeError

_MAX_KEY_FILE_BYTES = 64 * 1024
_AGE_RECIPIENT = re.compile(r"^age1[02-9ac-hj-np-z]{58}$")
_AGE_SECRET_PREFIX = "AGE-SECRET-KEY-1"
OFFICE_KEY_KIND = "station-app-office-key"
OFFICE_KEY_VERSION = 1
OfficeRole = Literal["county", "city"]


def _write_secret(path: Path, text: str) -> None:
    """Write a secret atomically, readable by the owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.chmod(path, 0o600)


def _read_small_text(path: Path) -> str:
    try:
        return read_regular(path, _MAX_KEY_FILE_BYTES).decode("utf-8")
    except UnreadableInputError as exc:
        if not path.exists():
            raise KeyFileError(str(path), "文件不存在") from exc
        reason = exc.message.split("：", 1)[-1].rstrip("。")
        raise KeyFileError(str(path), reason) from exc
    except UnicodeDecodeError as exc:
        raise KeyFileError(str(path), "无法读取") from exc


# --- Ed25519 signing -------------------------------------------------------------------------


def fingerprint_of(public_key: bytes) -> str:
    """First 32 hex digits (128 bits) of SHA-256 over the raw 32-byte public key."""
    return hashlib.sha256(public_key).hexdigest()[:32]


def format_fingerprint(fingerprint: str) -> str:
    """``abcdef01…`` → ``ABCD EF01 …`` for reading aloud over the phone."""
    text = fingerprint.replace(" ", "").upper()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def decode_public_key(public_key_b64: str) -> bytes | None:
    """The raw 32 key bytes, or None when the text is not a base64 Ed25519 key."""
    try:
        raw = base64.b64decode(public_key_b64.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return None
    return raw if len(raw) == 32 else None


class SigningKey:
    """An Ed25519 private key; the station signs each manifest with it."""

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._key = private_key

    @classmethod
    def generate(cls) -> SigningKey:
        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def load(cls, path: Path) -> SigningKey:
        """Read a PKCS#8 PEM file (as written by :meth:`save` or ``openssl genpkey -algorithm ed25519``)."""
        text = _read_small_text(path)
        try:
            key = serialization.load_pem_private_key(text.encode("ascii"), password=None)
        except (ValueError, TypeError, UnicodeEncodeError) as exc:
            raise KeyFileError(str(path), "不是有效的签名私钥") from exc
        if not isinstance(key, Ed25519PrivateKey):
            raise KeyFileError(str(path), "不是 Ed25519 签名私钥")
        return cls(key)

    def save(self, path: Path) -> None:
        pem = self._key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        _write_secret(path, pem.decode("ascii"))

    def sign(self, data: bytes) -> bytes:
        return self._key.sign(data)

    def public_key_bytes(self) -> bytes:
        return self._key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    def public_key_b64(self) -> str:
        return base64.b64encode(self.public_key_bytes()).decode("ascii")

    def fingerprint(self) -> str:
        return fingerprint_of(self.public_key_bytes())

    def __repr__(self) -> str:
        return f"SigningKey(fingerprint={self.fingerprint()!r})"


def verify_signature(public_key_b64: str, data: bytes, signature: bytes) -> None:
    """Raise BadSignatureError unless ``signature`` is a valid Ed25519 signature of ``data``."""
    raw = decode_public_key(public_key_b64)
    if raw is None or len(signature) != 64:
        raise BadSignatureError()
    try:
        Ed25519PublicKey.from_public_bytes(raw).verify(signature, data)
    except (InvalidSignature, ValueError) as exc:
        raise BadSignatureError() from exc


# --- age encryption --------------------------------------------------------------------------


def is_age_recipient(text: str) -> bool:
    return bool(_AGE_RECIPIENT.match(text))


class AgeIdentity:
    """An age X25519 identity (secret key); its recipient ``age1…`` is what stations encrypt to."""

    def __init__(self, identity: Any) -> None:
        self._identity = identity

    @classmethod
    def generate(cls) -> AgeIdentity:
        return cls(pyrage.x25519.Identity.generate())

    @classmethod
    def from_secret(cls, secret: str) -> AgeIdentity:
        try:
            return cls(pyrage.x25519.Identity.from_str(secret.strip()))
        except (pyrage.IdentityError, ValueError, TypeError) as exc:
            raise KeyFileError("age", "不是有效的 age 私钥") from exc

    @classmethod
    def load(cls, path: Path) -> AgeIdentity:
        """Read an ``age-keygen`` style file: ``#`` comments, then one ``AGE-SECRET-KEY-1…`` line."""
        lines = [line.strip() for line in _read_small_text(path).splitlines()]
        keys = [line for line in lines if line.startswith(_AGE_SECRET_PREFIX)]
        if len(keys) != 1:
            raise KeyFileError(str(path), "应当只包含一个 AGE-SECRET-KEY 私钥")
        try:
            return cls(pyrage.x25519.Identity.from_str(keys[0]))
        except (pyrage.IdentityError, ValueError, TypeError) as exc:
            raise KeyFileError(str(path), "不是有效的 age 私钥") from exc

    def save(self, path: Path) -> None:
        """Write the same layout as ``age-keygen`` so ``age -d -i key.txt`` accepts the file."""
        created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        text = f"# created: {created}\n# public key: {self.recipient}\n{self.secret()}\n"
        _write_secret(path, text)

    def secret(self) -> str:
        return str(self._identity)

    @property
    def recipient(self) -> str:
        return str(self._identity.to_public())

    @property
    def native(self) -> Any:
        return self._identity

    def __repr__(self) -> str:
        return f"AgeIdentity(recipient={self.recipient!r})"


def encrypt_for(data: bytes, recipients: Sequence[str]) -> bytes:
    """Encrypt to every recipient (``age1…``); any one of their identities can decrypt."""
    if not recipients:
        raise KeyFileError("age", "没有提供接收单位的公钥")
    parsed = []
    for text in recipients:
        try:
            parsed.append(pyrage.x25519.Recipient.from_str(text))
        except (pyrage.RecipientError, ValueError, TypeError) as exc:
            raise KeyFileError("age", f"接收单位公钥无效：{text}") from exc
    result: bytes = pyrage.encrypt(data, parsed)
    return result


def decrypt_with(data: bytes, identities: Sequence[AgeIdentity]) -> bytes:
    """Decrypt an age file; NotForThisOfficeError when none of ``identities`` fits."""
    if not identities:
        raise NotForThisOfficeError()
    try:
        result: bytes = pyrage.decrypt(data, [identity.native for identity in identities])
    except pyrage.DecryptError as exc:
        if "no matching keys" in str(exc).lower():
            raise NotForThisOfficeError() from exc
        raise BadPackageError("加密内容 payload.age 无法解密（已损坏）") from exc
    return result


# --- office key file -------------------------------------------------------------------------


@dataclass(frozen=True)
class OfficeKeyFile:
    """The public keys a county or city office hands to its stations (no secrets inside)."""

    office_name: str
    office_code: str
    role: OfficeRole
    age_recipient: str
    signing_public_key: str
    fingerprint: str

    @classmethod
    def create(
        cls,
        office_name: str,
        office_code: str,
        role: OfficeRole,
        identity: AgeIdentity,
        signing_key: SigningKey,
    ) -> OfficeKeyFile:
        return cls(
            office_name=office_name,
            office_code=office_code,
            role=role,
            age_recipient=identity.recipient,
            signing_public_key=signing_key.public_key_b64(),
            fingerprint=signing_key.fingerprint(),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": OFFICE_KEY_KIND,
            "version": OFFICE_KEY_VERSION,
            "office_name": self.office_name,
            "office_code": self.office_code,
            "role": self.role,
            "age_recipient": self.age_recipient,
            "signing_public_key": self.signing_public_key,
            "fingerprint": self.fingerprint,
        }


def office_key_text(key_file: OfficeKeyFile) -> str:
    return json.dumps(key_file.to_json(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_office_key_file(path: Path, key_file: OfficeKeyFile) -> None:
    text = office_key_text(key_file)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def read_office_key_file(path: Path) -> OfficeKeyFile:
    """Read and check an office key file; any problem is a KeyFileError (an InputError)."""
    where = str(path)
    try:
        raw = json.loads(_read_small_text(path))
    except (json.JSONDecodeError, RecursionError) as exc:
        raise KeyFileError(where, "不是单位公钥文件（JSON 格式错误）") from exc
    if not isinstance(raw, dict) or raw.get("kind") != OFFICE_KEY_KIND:
        raise KeyFileError(where, "不是单位公钥文件")
    version = raw.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version > OFFICE_KEY_VERSION:
        raise KeyFileError(where, "公钥文件版本不受支持，请升级程序")
    fields = ("office_name", "office_code", "role", "age_recipient", "signing_public_key", "fingerprint")
    values: dict[str, str] = {}
    for name in fields:
        value = raw.get(name)
        if not isinstance(value, str) or not value.strip():
            raise KeyFileError(where, f"缺少字段 {name}")
        values[name] = value.strip()
    role = values["role"]
    if role not in ("county", "city"):
        raise KeyFileError(where, "单位类别（role）应为 county 或 city")
    if not re.fullmatch(r"\d{6,12}", values["office_code"]):
        raise KeyFileError(where, "单位代码应为 6 到 12 位数字")
    if not is_age_recipient(values["age_recipient"]):
        raise KeyFileError(where, "加密公钥（age_recipient）无效")
    key_bytes = decode_public_key(values["signing_public_key"])
    if key_bytes is None:
        raise KeyFileError(where, "签名公钥（signing_public_key）无效")
    if values["fingerprint"].replace(" ", "").lower() != fingerprint_of(key_bytes):
        raise KeyFileError(where, "指纹与签名公钥不符，文件可能被改动")
    return OfficeKeyFile(
        office_name=values["office_name"],
        office_code=values["office_code"],
        role="county" if role == "county" else "city",
        age_recipient=values["age_recipient"],
        signing_public_key=values["signing_public_key"],
        fingerprint=fingerprint_of(key_bytes),
    )
