"""What the hub's import list says about a file it did not take: plain Chinese for a clerk.

The format's own words (zip, manifest, payload.age, records.jsonl, SHA-256) stay in the log for
whoever repairs a package; the clerk reads what the file is and what to do next.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from station_app.errors import KnownError
from station_app.sync.crypto import OFFICE_KEY_KIND
from station_app.sync.errors import BadPackageError, SuspiciousPackageError
from station_app.sync.package import FILE_SUFFIX

log = logging.getLogger(__name__)

SNIFF_BYTES = 64 * 1024
DAMAGED = (
    "文件已损坏或不完整（可能拷贝时出错，或拷贝时U盘被提前拔出），无法导入。"
    "请让该站重新导出这个数据包，拷贝后再导入。"
)
ODD = "文件内容异常（可能被改动过），为安全起见没有读取。请让该站重新导出这个数据包。"
OFFICE_KEY = (
    "这是单位公钥文件（{office}），不是数据包。公钥文件是发给各联络站安装的（联络站在「同步」页安装），"
    "汇总单位不需要导入它。请选择联络站交来的数据包（文件名以 {suffix} 结尾）。"
)
PDF = "这是 PDF 文件（如「联络站密钥登记表」），不是数据包，不能导入。请选择文件名以 {suffix} 结尾的数据包。"
OFFICE_DOCUMENT = "这是 Excel 或 Word 文件，不是数据包，不能导入。请选择文件名以 {suffix} 结尾的数据包。"
NOT_A_PACKAGE = "这个文件不是数据包，不能导入。数据包由联络站在「同步」页导出，文件名以 {suffix} 结尾。"


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(SNIFF_BYTES)
    except OSError:
        return b""


def what_the_file_is(path: Path) -> str:
    """A sentence naming a file that is plainly something else than a package, or ''."""
    head = _head(path)
    if head.lstrip().startswith(b"{"):
        try:
            raw = json.loads(head.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raw = None
        if isinstance(raw, dict) and raw.get("kind") == OFFICE_KEY_KIND:
            office = str(raw.get("office_name") or "本单位")[:60]
            return OFFICE_KEY.format(office=office, suffix=FILE_SUFFIX)
    if head.startswith(b"%PDF"):
        return PDF.format(suffix=FILE_SUFFIX)
    office_zip = b"[Content_Types].xml" in head or path.suffix.lower() in (".xlsx", ".docx")
    if head.startswith(b"PK") and office_zip:
        return OFFICE_DOCUMENT.format(suffix=FILE_SUFFIX)
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # the old .xls/.doc container
        return OFFICE_DOCUMENT.format(suffix=FILE_SUFFIX)
    if not head.startswith(b"PK") and path.suffix.lower() != FILE_SUFFIX:
        return NOT_A_PACKAGE.format(suffix=FILE_SUFFIX)
    return ""


def refusal_text(path: Path, error: KnownError) -> str:
    """The clerk's words for ``error`` met while reading ``path``; the technical detail is logged."""
    if isinstance(error, BadPackageError):
        log.info("package %s not readable: %s", path, error.detail)
        other = what_the_file_is(path)  # a key file or a PDF chosen by mistake: say so first
        if other:
            return other
        if isinstance(error, SuspiciousPackageError):
            return ODD
        if error.plain:  # a package read whole whose content breaks a rule: say which
            return f"{error.plain}，无法导入。请与该站核实，让它改正或重新导出这个数据包。"
        return DAMAGED
    return error.message.replace("同步包", "数据包")
