"""「自检」: prove that this installation (often the frozen bundle) can do its everyday work.

In a scratch data folder it sets up a station, records a consultation with a meeting, finalises and
prints the minutes, exports an encrypted package and opens it again, and checks the fonts and the
database. Real data is never touched: a folder that already holds data gets a scratch subfolder.
Each check gives one :class:`CheckResult`; the job yields progress and returns a :class:`SelfcheckReport`.
"""

from __future__ import annotations

import base64
import io
import logging
import re
import shutil
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from reportlab.pdfbase.ttfonts import TTFont

from station_app import paths
from station_app.documents import fonts
from station_app.documents.font_files import face_bytes
from station_app.domain import townships
from station_app.domain.lifecycle import Status
from station_app.domain.progress import CancelToken, Job, Progress, run_to_end
from station_app.errors import Cancelled, KnownError
from station_app.services import keys, meetings
from station_app.services.check import check_database
from station_app.services.consultations import ResearchInput, TopicInput, change_status, create_topic, get_row
from station_app.services.consultations import update_research as save_research
from station_app.services.export import export_package
from station_app.services.printing import minutes_pdf
from station_app.services.station import SetupRequest, StationInfo, setup_station
from station_app.storage.engine import Database
from station_app.storage.migrate import head_revision, open_database
from station_app.sync.crypto import AgeIdentity, OfficeKeyFile, SigningKey, write_office_key_file
from station_app.sync.package import open_package, verify_package_bytes

log = logging.getLogger(__name__)

TOWNSHIP_CODE = "511102004"  # 市中区大佛街道
TOPIC_TITLE = "院坝老年食堂怎么办"
FONT_SAMPLE = "有事来协商嘉事好商量乐山市政协工作联络站会议纪要"
SCRATCH_PREFIX = "自检-"
NOT_RUN = "未检查（前面的检查未通过）"


@dataclass(frozen=True)
class CheckResult:
    label: str
    passed: bool
    detail: str


@dataclass(frozen=True)
class SelfcheckReport:
    folder: Path  # where the scratch station was made
    results: tuple[CheckResult, ...]
    folder_removed: bool

    @property
    def passed(self) -> bool:
        return bool(self.results) and all(r.passed for r in self.results)

    @property
    def failures(self) -> list[CheckResult]:
        return [r for r in self.results if not r.passed]


class CheckFailed(Exception):
    """A check that ran and found a problem; the message is the Chinese reason."""


@dataclass
class _State:
    folder: Path
    today: date
    db: Database | None = None
    station: StationInfo | None = None
    consultation_id: str = ""
    meeting_id: str = ""
    number: str = ""
    office_identity: AgeIdentity | None = None
    notes: list[str] = field(default_factory=list)


def has_data(folder: Path) -> bool:
    """Whether ``folder`` holds anything besides the log folder the command line has just made."""
    if not folder.is_dir():
        return False
    return any(entry.name != "logs" for entry in folder.iterdir())


def scratch_folder(target: Path, now: datetime, *, in_place: bool = True) -> Path:
    """``target`` itself when allowed and it is new or empty, else a fresh subfolder of it."""
    if in_place and not has_data(target):
        return target
    base = target / f"{SCRATCH_PREFIX}{now:%Y%m%d-%H%M%S}"
    candidate, n = base, 2
    while candidate.exists():
        candidate, n = base.with_name(f"{base.name}-{n}"), n + 1
    return candidate


# --- the PDF, read without a PDF library ----------------------------------------------------------

_STREAM = re.compile(rb"<<(?P<dict>(?:(?!>>\s*stream).)*?)>>\s*stream\r?\n", re.S)
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")


@dataclass(frozen=True)
class PdfFacts:
    pages: int
    embedded_fonts: int
    characters: frozenset[str]  # every character the fonts' ToUnicode maps can show


def _streams(data: bytes) -> Iterator[bytes]:
    for match in _STREAM.finditer(data):
        start = match.end()
        end = data.find(b"endstream", start)
        if end < 0:
            return
        raw = data[start:end].rstrip(b"\r\n")
        header = match.group("dict")
        try:
            if b"/ASCII85Decode" in header:
                raw = base64.a85decode(raw.strip(), adobe=True)
            if b"/FlateDecode" in header:
                raw = zlib.decompress(raw)
        except (ValueError, zlib.error):
            continue
        yield raw


def _utf16(hex_text: bytes) -> str:
    try:
        return bytes.fromhex(hex_text.decode("ascii")).decode("utf-16-be")
    except (ValueError, UnicodeDecodeError):
        return ""


def _mapped_characters(cmap: bytes) -> set[str]:
    found: set[str] = set()
    for block in _BFCHAR.findall(cmap):
        codes = _HEX.findall(block)
        found.update(_utf16(target) for target in codes[1::2])
    for block in _BFRANGE.findall(cmap):
        for line in block.splitlines():
            codes = _HEX.findall(line)
            if len(codes) < 3:
                continue
            low, high = int(codes[0], 16), int(codes[1], 16)
            first = _utf16(codes[2])
            if b"[" in line:
                found.update(_utf16(c) for c in codes[2:])
            elif len(first) == 1 and 0 <= high - low < 65536:
                found.update(chr(ord(first) + i) for i in range(high - low + 1))
    return {c for c in found if c}


def inspect_pdf(data: bytes) -> PdfFacts:
    """Pages, embedded TrueType fonts and the characters they can show; raises CheckFailed if not a PDF."""
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise CheckFailed("生成的文件不是完整的 PDF 文件")
    characters: set[str] = set()
    for stream in _streams(data):
        if b"begincmap" in stream:
            characters |= _mapped_characters(stream)
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    return PdfFacts(pages, data.count(b"/FontFile2"), frozenset(characters))


# --- the checks -----------------------------------------------------------------------------------


def _check_folder(state: _State) -> str:
    state.folder.mkdir(parents=True, exist_ok=True)
    probe = state.folder / "自检 写入测试.txt"
    probe.write_text("有事来协商", encoding="utf-8")
    if probe.read_text(encoding="utf-8") != "有事来协商":
        raise CheckFailed(f"写入后读回的内容不一致：{probe}")
    probe.unlink()
    return str(state.folder)


def _check_townships(_state: _State) -> str:
    towns = townships.load_townships()
    townships.township_by_code(TOWNSHIP_CODE)
    return f"{len(towns)} 个乡镇（街道），{len(townships.counties())} 个县（市、区）"


def _font_file_of(family: str) -> str:
    for candidate in fonts.shipped_candidates():
        if candidate.family == family:
            return f"{candidate.path.name}（程序自带）"
    for candidate in fonts.system_candidates():
        if candidate.family == family:
            return candidate.path.name
    return family


def _check_fonts(_state: _State) -> str:
    shipped = fonts.shipped_candidates()[0].path
    if not shipped.is_file():
        raise CheckFailed(f"找不到程序自带的中文字体文件：{shipped}")
    try:
        face = TTFont("StationSelfcheck", io.BytesIO(face_bytes(shipped)), subfontIndex=0).face
    except Exception as exc:  # reportlab raises plain Exception subclasses for damaged files
        raise CheckFailed(f"程序自带的中文字体文件已损坏：{shipped}（{exc}）") from exc
    missing = [c for c in FONT_SAMPLE if not face.charToGlyph.get(ord(c))]
    if missing:
        raise CheckFailed(f"程序自带的中文字体缺少字符：{''.join(missing)}")
    chosen = fonts.font_set()
    roles = tuple(role for role in fonts.FontRole if role is not fonts.FontRole.MONO)
    used = [f"{role.value}→{_font_file_of(chosen.chain(role)[0].family)}" for role in roles]
    return "，".join(used)


def _check_database_created(state: _State) -> str:
    state.db = open_database(paths.database_url())
    return f"新建数据库并迁移到最新版本 {head_revision()}"


def _check_setup(state: _State) -> str:
    assert state.db is not None
    state.station = setup_station(
        state.db, SetupRequest(township_code=TOWNSHIP_CODE, head_name="李明", clerk_name="王芳")
    )
    return state.station.station_name


def _meeting(today: date) -> meetings.MeetingInput:
    return meetings.MeetingInput(
        form="院坝协商",
        held_at=datetime.combine(today - timedelta(days=5), datetime.min.time()).replace(hour=14, minute=30),
        place="青龙社区院坝",
        chair="李明",
        recorder="王芳",
        background="青龙社区60岁以上老人312人，子女多在外务工，午饭没有着落。",
        consensus="由社区牵头开办老年食堂\n争取街道养老服务补贴",
        participants=(
            meetings.ParticipantInput("张三丰", "政协委员", "出席", "乐山市茶叶协会", "13812345678"),
            meetings.ParticipantInput("刘大爷", "群众代表", "出席"),
            meetings.ParticipantInput("陈主任", "部门代表", "请假", "街道民政办"),
        ),
        statements=(meetings.StatementInput("刘大爷", "中午饭最难，希望有个吃饭的地方。", "群众代表"),),
        action_items=(
            meetings.ActionItemInput("选定食堂场地", "青龙社区居委会", today + timedelta(days=30), "赵书记"),
        ),
    )


def _check_consultation(state: _State) -> str:
    db, today = state.db, state.today
    assert db is not None
    topic = TopicInput(TOPIC_TITLE, "群众点题", "养老服务", today - timedelta(days=20), village="青龙社区")
    cid = create_topic(db, topic, today=today, actor="自检")
    change_status(db, cid, Status.ACCEPTED, actor="自检")
    change_status(db, cid, Status.RESEARCHING, actor="自检")
    research = ResearchInput(today - timedelta(days=15), today - timedelta(days=10), "入户调查", "走访32户")
    save_research(db, cid, research, today=today, actor="自检")
    change_status(db, cid, Status.AWAITING, actor="自检")
    state.meeting_id = meetings.save_meeting(db, cid, _meeting(today), today=today, actor="自检")
    version = meetings.finalise_minutes(db, state.meeting_id, actor="自检")
    with db.session() as session:
        state.number = get_row(session, cid).number
    state.consultation_id = cid
    return f"{state.number}《{TOPIC_TITLE}》，协商会议 1 次，纪要第{version}版已定稿"


def _check_minutes_pdf(state: _State) -> str:
    assert state.db is not None
    from station_app.documents.output import write_pdf_atomically

    target = write_pdf_atomically(minutes_pdf(state.db, state.meeting_id), state.folder / "自检-会议纪要.pdf")
    facts = inspect_pdf(target.read_bytes())
    if facts.pages < 1:
        raise CheckFailed("PDF 文件中没有页面")
    if facts.embedded_fonts < 1:
        raise CheckFailed("PDF 文件没有嵌入字体，在别的电脑上可能显示为方框")
    missing = sorted({c for c in TOPIC_TITLE if c not in facts.characters})
    if missing:
        raise CheckFailed(f"PDF 中找不到标题的这些字：{''.join(missing)}")
    size = target.stat().st_size
    return f"{facts.pages} 页，{size // 1024} KB，已嵌入 {facts.embedded_fonts} 个字体，标题文字完整"


def _install_scratch_office_key(state: _State) -> None:
    assert state.station is not None
    identity = AgeIdentity.generate()
    office = OfficeKeyFile.create(
        f"{state.station.county_name}政协办公室（自检）",
        state.station.county_code,
        "county",
        identity,
        SigningKey.generate(),
    )
    key_file = state.folder / "自检-县政协公钥.json"
    write_office_key_file(key_file, office)
    keys.add_recipient(key_file, state.station)
    state.office_identity = identity


def _check_package(state: _State) -> str:
    assert state.db is not None and state.station is not None
    _install_scratch_office_key(state)
    assert state.office_identity is not None
    stick = state.folder / "U盘"
    stick.mkdir(exist_ok=True)
    result = run_to_end(export_package(state.db, stick, full=True))
    data = result.path.read_bytes()
    manifest = verify_package_bytes(data)
    if not manifest.encrypted:
        raise CheckFailed("数据包没有加密")
    opened = open_package(data, identities=[state.office_identity])
    if opened.manifest.station.township_code != state.station.township_code:
        raise CheckFailed("数据包中的站点代码与本站不符")
    kinds = {record.kind for record in opened.records}
    if not {"consultation", "meeting", "minutes_version"} <= kinds:
        raise CheckFailed(f"数据包缺少记录（只有：{'、'.join(sorted(kinds)) or '无'}）")
    if not any(name.endswith(".pdf") for name in opened.documents):
        raise CheckFailed("数据包中没有定稿的会议纪要 PDF")
    return (
        f"{result.path.name}，{len(data) // 1024} KB，已签名并加密，"
        f"记录 {len(opened.records)} 条、文档 {len(opened.documents)} 份，校验一致"
    )


def _check_integrity(state: _State) -> str:
    assert state.db is not None
    report = check_database(state.db)
    if not report.ok:
        raise CheckFailed("；".join(report.problems))
    return "；".join(report.lines)


Check = tuple[str, Callable[[_State], str], tuple[str, ...]]

CHECKS: tuple[Check, ...] = (
    ("数据目录", _check_folder, ()),
    ("乡镇名单", _check_townships, ()),
    ("中文字体", _check_fonts, ()),
    ("数据库与迁移", _check_database_created, ("数据目录",)),
    ("站点设置", _check_setup, ("数据库与迁移",)),
    ("协商议题与会议", _check_consultation, ("站点设置",)),
    ("会议纪要 PDF", _check_minutes_pdf, ("协商议题与会议",)),
    ("同步包导出与校验", _check_package, ("协商议题与会议",)),
    ("数据库完整性", _check_integrity, ("数据库与迁移",)),
)


def _run_one(check: Check, state: _State) -> CheckResult:
    label, function, _needs = check
    try:
        return CheckResult(label, True, function(state))
    except Cancelled:
        raise
    except CheckFailed as failure:
        return CheckResult(label, False, str(failure))
    except KnownError as error:
        return CheckResult(label, False, error.message)
    except Exception as exc:  # a self-test reports every failure instead of stopping at the first
        log.exception("selfcheck %s failed", label)
        return CheckResult(label, False, f"意外错误：{type(exc).__name__}：{exc}（详情见日志）")


def run_selfcheck(
    target: Path, *, in_place: bool = True, now: datetime | None = None, cancel: CancelToken | None = None
) -> Job[SelfcheckReport]:
    """Run every check in ``target`` (when empty and ``in_place``) or in a scratch subfolder of it.

    A scratch subfolder is removed when every check passed, and kept for inspection otherwise.
    """
    token = cancel or CancelToken()
    moment = now or datetime.now()
    folder = scratch_folder(Path(target), moment, in_place=in_place)
    made_subfolder = folder != Path(target)
    state = _State(folder=folder, today=moment.date())
    previous = paths.data_dir()
    results: list[CheckResult] = []
    try:
        paths.configure(folder)
        for index, check in enumerate(CHECKS):
            token.raise_if_cancelled()
            yield Progress(index, len(CHECKS), f"正在检查：{check[0]}")
            if any(r.label in check[2] and not r.passed for r in results):
                results.append(CheckResult(check[0], False, NOT_RUN))
                continue
            results.append(_run_one(check, state))
    finally:
        if state.db is not None:
            state.db.dispose()
        paths.configure(previous)
    yield Progress(len(CHECKS), len(CHECKS), "自检完成")
    passed = all(r.passed for r in results)
    removed = False
    if passed and made_subfolder:
        shutil.rmtree(folder, ignore_errors=True)
        removed = not folder.exists()
    return SelfcheckReport(folder, tuple(results), removed)
