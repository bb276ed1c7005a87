"""Importing a station's old 台账 (Excel or JSON) as consultation records.

Reading checks every row and reports problems by the row number the clerk sees; importing
stores every good row in one transaction, so a failure or a cancel leaves the database as it was.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.domain import numbering, townships
from station_app.domain.fieldcheck import format_datetime
from station_app.domain.lifecycle import Status
from station_app.domain.progress import CancelToken, Job, Progress
from station_app.errors import InputError, KnownError
from station_app.input_guard import UnreadableInputError, read_regular
from station_app.services import audit
from station_app.services.ledger_rows import (
    COLUMN_BY_KEY,
    LedgerRow,
    RowError,
    check_row,
    is_blank,
    is_example,
    normalise_cell,
    raw_value_problem,
)
from station_app.services.ledger_xlsx import MAX_LEDGER_BYTES, LedgerFileError, read_xlsx, write_template
from station_app.services.station import station_in
from station_app.storage.engine import Database
from station_app.storage.records import Consultation, Evaluation, Meeting
from station_app.storage.sync_marks import number_floors

__all__ = [
    "ImportResult",
    "LedgerFile",
    "LedgerFileError",
    "LedgerHasErrors",
    "LedgerRow",
    "RowError",
    "import_ledger",
    "read_ledger",
    "write_template",
]

MAX_LISTED_ERRORS = 20
AUDIT_ACTION = "import"
MSG_IMPORTING = "正在导入台账……"


@dataclass
class LedgerFile:
    """A ledger as read and checked: the good rows, every problem, and warnings."""

    path: Path
    checked_on: date
    rows: list[LedgerRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def bad_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class ImportResult:
    imported: int
    skipped_rows: list[int]
    numbers: list[str]
    # Numbers that could not be kept as written, in words for the clerk.
    notes: list[str] = field(default_factory=list)


def describe_errors(errors: list[RowError], limit: int = MAX_LISTED_ERRORS) -> str:
    lines = [e.text for e in errors[:limit]]
    if len(errors) > limit:
        lines.append(f"……另有{len(errors) - limit}处问题")
    return "\n".join(lines)


class LedgerHasErrors(KnownError):
    """The ledger has bad rows and the clerk did not ask to import only the good ones."""

    def __init__(self, errors: list[RowError]) -> None:
        rows = len({e.row for e in errors})
        super().__init__(
            f"台账中有{rows}行存在问题，没有导入任何议题。请改正后重新导入，或选择只导入没有问题的行。\n"
            + describe_errors(errors)
        )
        self.errors = list(errors)


# --- reading ------------------------------------------------------------------------------


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    found: dict[str, object] = {}
    for key, value in pairs:
        if key in found:
            raise _DuplicateKeyError(key)
        found[key] = value
    return found


def _json_items(path: Path) -> list[object]:
    if not path.exists() and not path.is_symlink():
        raise LedgerFileError(f"找不到文件：{path}")
    try:
        text = read_regular(path, MAX_LEDGER_BYTES).decode("utf-8-sig")
    except UnreadableInputError as exc:
        raise LedgerFileError(exc.message) from exc
    except UnicodeDecodeError:
        raise LedgerFileError(f"文件“{path.name}”不是 UTF-8 编码的 JSON 文件。") from None
    if not text.strip():
        raise LedgerFileError(f"文件“{path.name}”是空的，没有可导入的内容。")
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise LedgerFileError(
            f"文件“{path.name}”的 JSON 格式有误（第{exc.lineno}行第{exc.colno}列附近）。"
        ) from None
    except RecursionError:
        raise LedgerFileError(f"文件“{path.name}”的 JSON 嵌套层数过深，不是台账文件。") from None
    except _DuplicateKeyError as exc:
        raise LedgerFileError(
            f"文件“{path.name}”中同一个议题里字段“{exc.key}”出现了两次，不知道该用哪一个，请删去多余的一个。"
        ) from None
    if isinstance(data, dict) and isinstance(data.get("consultations"), list):
        data = data["consultations"]
    if not isinstance(data, list):
        raise LedgerFileError(f'文件“{path.name}”的内容应为议题列表，或 {{"consultations": [...]}} 的形式。')
    return list(data)


def _read_json(path: Path) -> tuple[list[tuple[int, dict[str, object]]], list[str], list[RowError]]:
    rows: list[tuple[int, dict[str, object]]] = []
    errors: list[RowError] = []
    unknown: dict[str, list[int]] = {}
    for number, item in enumerate(_json_items(path), start=1):
        if not isinstance(item, dict):
            errors.append(RowError(number, "整项", "应为一个议题对象（用 {} 括起来的键值）"))
            continue
        values: dict[str, object] = {}
        for key, value in item.items():
            if key in COLUMN_BY_KEY:
                values[key] = value
            else:
                unknown.setdefault(str(key), []).append(number)
        rows.append((number, values))
    warnings = []
    for key, items in unknown.items():
        where = "、".join(map(str, items[:5])) + ("等" if len(items) > 5 else "")
        warnings.append(f"第{where}项的字段“{key}”不是台账的字段，已忽略。")
    return rows, warnings, errors


def _number_key(text: str) -> tuple[int, int] | str:
    parsed = numbering.parse_number(text)
    return (parsed[1], parsed[2]) if parsed else "".join(text.split())


def read_ledger(path: Path, *, today: date | None = None) -> LedgerFile:
    """Read and check an .xlsx or .json ledger; problems are listed, never raised per row."""
    path = Path(path)
    today = today or date.today()
    suffix = path.suffix.lower()
    errors: list[RowError] = []
    if suffix in (".xlsx", ".xlsm"):
        sheet = read_xlsx(path)
        raw, warnings = sheet.rows, sheet.warnings
    elif suffix == ".json":
        raw, warnings, errors = _read_json(path)
    elif suffix == ".xls":
        raise LedgerFileError("不能直接导入旧版 .xls 文件。请在 Excel 中“另存为” .xlsx 格式后再导入。")
    else:
        raise LedgerFileError(f"不能导入“{path.name}”：只支持 Excel 台账（.xlsx）或 JSON 文件（.json）。")
    ledger = LedgerFile(path=path, checked_on=today, warnings=list(warnings))
    seen: dict[tuple[int, int] | str, int] = {}
    examples = 0
    for row_number, cells in raw:
        if is_blank(cells):
            continue
        if is_example(cells):
            examples += 1
            continue
        wrong = [
            RowError(row_number, COLUMN_BY_KEY[key].label, problem)
            for key, value in cells.items()
            if (problem := raw_value_problem(value)) is not None
        ]
        if wrong:
            errors.extend(wrong)
            continue
        values = {key: normalise_cell(key, value) for key, value in cells.items()}
        row, row_errors = check_row(row_number, values, today=today)
        number = values.get("number")
        if isinstance(number, str) and number.strip():
            key = _number_key(number)
            if key in seen:
                row_errors.insert(0, RowError(row_number, "编号", f"与第{seen[key]}行的编号重复"))
            else:
                seen[key] = row_number
                if numbering.parse_number(number) is None:
                    ledger.warnings.append(f"第{row_number}行 编号“{number.strip()}”无法识别，将自动编号。")
        if row_errors:
            errors.extend(row_errors)
        elif row is not None:
            ledger.rows.append(row)
    ledger.errors = sorted(errors, key=lambda e: e.row)
    if not ledger.rows and not ledger.errors:
        hint = "（模板中的示例行不会导入）" if examples else ""
        raise LedgerFileError(f"文件“{path.name}”中没有找到可导入的议题{hint}。")
    return ledger


# --- importing ----------------------------------------------------------------------------


def _taken(session: Session, origin: str, years: set[int]) -> dict[int, set[int]]:
    taken: dict[int, set[int]] = {year: set() for year in years}
    # Tombstoned topics keep their numbers: the unique constraint covers them too.
    found = session.execute(
        select(Consultation.year, Consultation.seq).where(
            Consultation.origin == origin, Consultation.year.in_(years)
        )
    )
    for year, seq in found:
        taken[year].add(seq)
    for year, floor in number_floors(session, origin).items():
        if year in taken:  # numbers used before a restore may be at the county office already
            taken[year].update(range(1, floor + 1))
    return taken


def _plan_numbers(
    session: Session, origin: str, prefix: str, rows: list[LedgerRow]
) -> tuple[list[tuple[int, int]], list[str]]:
    """Keep each given number that is free; the rest continue after the highest of their year."""
    given = [numbering.parse_number(r.number) if r.number else None for r in rows]
    years = {r.proposed_on.year for r in rows} | {g[1] for g in given if g}
    taken = _taken(session, origin, years)
    plan: list[tuple[int, int] | None] = []
    for parsed in given:
        if parsed and parsed[2] not in taken[parsed[1]]:
            taken[parsed[1]].add(parsed[2])
            plan.append((parsed[1], parsed[2]))
        else:
            plan.append(None)
    numbers: list[tuple[int, int]] = []
    notes: list[str] = []
    for row, parsed, kept in zip(rows, given, plan, strict=True):
        if kept is None:
            year = row.proposed_on.year
            kept = (year, numbering.next_sequence(max(taken[year], default=None)))
            taken[year].add(kept[1])
            if parsed:
                notes.append(
                    f"第{row.row}行 编号“{row.number}”已被占用，改为"
                    f"“{numbering.format_number(prefix, *kept)}”。"
                )
        elif parsed and parsed[0] != prefix:
            notes.append(f"第{row.row}行 编号“{row.number}”记为“{numbering.format_number(prefix, *kept)}”。")
        numbers.append(kept)
    return numbers, notes


def _store(session: Session, origin: str, number: str, year: int, seq: int, r: LedgerRow, actor: str) -> None:
    topic = Consultation(
        origin=origin,
        number=number,
        year=year,
        seq=seq,
        title=r.title,
        description=r.description,
        source=r.source,
        field=r.field,
        village=r.village,
        proposer=r.proposer,
        proposed_on=r.proposed_on,
        status=r.status.value,
        status_reason="从台账导入" if r.status in (Status.REJECTED, Status.REVOKED) else "",
        research_method=r.research_method,
        research_findings=r.research_findings,
        output_type=r.output_type,
        sent_to=r.sent_to,
        sent_on=r.sent_on,
        lead_unit=r.lead_unit,
        deadline=r.deadline,
        result_code=r.result_code,
        reply_text=r.reply_text,
        reply_on=r.reply_on,
    )
    session.add(topic)
    session.flush()
    summary = f"从台账导入议题 {number}《{r.title}》（台账第{r.row}行，状态“{r.status}”）"
    audit.record(session, topic.kind, topic.id, AUDIT_ACTION, summary, actor=actor)
    if r.meeting_at is not None:
        meeting = Meeting(
            origin=origin,
            consultation_id=topic.id,
            form=r.meeting_form,
            held_at=r.meeting_at,
            place=r.meeting_place,
            chair=r.chair,
            recorder=r.recorder,
            consensus=r.consensus,
            finalised=False,
        )
        session.add(meeting)
        session.flush()
        summary = f"从台账导入协商会议（{number}，{format_datetime(r.meeting_at)}）"
        audit.record(session, meeting.kind, meeting.id, AUDIT_ACTION, summary, actor=actor)
    if r.rating:
        evaluation = Evaluation(
            origin=origin,
            consultation_id=topic.id,
            rater_type=r.rater_type,
            rater_name=r.rater_name,
            rating=r.rating,
        )
        session.add(evaluation)
        session.flush()
        summary = f"从台账导入满意度评价（{number}：{r.rating}）"
        audit.record(session, evaluation.kind, evaluation.id, AUDIT_ACTION, summary, actor=actor)


def import_ledger(
    db: Database,
    ledger: LedgerFile,
    *,
    only_good: bool = False,
    today: date,
    actor: str = "",
    cancel: CancelToken | None = None,
) -> Job[ImportResult]:
    """Store every good row in one transaction; with errors and not ``only_good``, store nothing.

    A row that passed on the day it was checked passes on any later day; ``today`` before that
    day (a clock set back) could let a future date through, so that is refused.
    """
    if today < ledger.checked_on:
        raise InputError("本机日期早于检查台账的日期，请核对电脑日期后重新打开文件导入。")
    if ledger.errors and not only_good:
        raise LedgerHasErrors(ledger.errors)
    rows = list(ledger.rows)
    total = len(rows)
    yield Progress(0, total, MSG_IMPORTING)
    numbers: list[str] = []
    with db.session() as session:
        info = station_in(session)
        if info.is_hub:
            raise InputError("汇总单位不能导入台账：议题由各联络站导入后同步上来。")
        prefix = townships.short_name(townships.township_by_code(info.township_code))
        plan, notes = _plan_numbers(session, info.township_code, prefix, rows)
        for done, (row, (year, seq)) in enumerate(zip(rows, plan, strict=True), start=1):
            if cancel is not None:
                cancel.raise_if_cancelled()
            number = numbering.format_number(prefix, year, seq)
            _store(session, info.township_code, number, year, seq, row, actor)
            numbers.append(number)
            yield Progress(done, total, MSG_IMPORTING)
        # A cancel after the last row still leaves nothing behind.
        if cancel is not None:
            cancel.raise_if_cancelled()
    return ImportResult(imported=len(numbers), skipped_rows=ledger.bad_rows, numbers=numbers, notes=notes)
