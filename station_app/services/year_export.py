"""「导出本年度全部纪要」: one PDF per meeting held in a year; one bad record never stops the rest."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from station_app.documents.output import known_error, write_pdf_atomically
from station_app.domain.lifecycle import Status
from station_app.domain.progress import CancelToken, Job, Progress
from station_app.errors import Cancelled, KnownError
from station_app.storage.engine import Database
from station_app.storage.records import Consultation, Meeting


def revoked_note(revoked: int) -> str:
    """What the summary says of the minutes left out because their topic was revoked."""
    return f"已撤销议题的 {revoked} 份纪要不导出。" if revoked else ""


class YearExportIncomplete(KnownError):
    """Some minutes could not be made; the others are written. Lists each with its reason."""

    def __init__(self, written: list[Path], failed: list[tuple[str, str]], revoked: int = 0) -> None:
        self.written = written
        self.failed = failed
        listed = "\n".join(f"· {name}：{reason}" for name, reason in failed)
        head = f"已导出 {len(written)} 份会议纪要；以下 {len(failed)} 份未能导出："
        tail = f"\n{revoked_note(revoked)}" if revoked else ""
        super().__init__(f"{head}\n{listed}\n请修改后再导出这几份。{tail}")


def meetings_held_in(db: Database, year: int, *, revoked: bool = False) -> list[tuple[str, str, datetime]]:
    """(meeting id, consultation number, held at) of the year's meetings, in number order (1号
    before 19号: by the number's sequence, not its text).

    Meetings of a revoked (已撤销) topic are left out (the topic no longer stands), or with
    ``revoked`` only those are listed.
    """
    gone = Consultation.status == Status.REVOKED.value
    with db.session() as session:
        rows = session.execute(
            select(Meeting.id, Consultation.number, Meeting.held_at)
            .join(Consultation, Consultation.id == Meeting.consultation_id)
            .where(
                Meeting.deleted.is_(False),
                Consultation.deleted.is_(False),
                gone if revoked else ~gone,
                Meeting.held_at >= datetime(year, 1, 1),
                Meeting.held_at < datetime(year + 1, 1, 1),
            )
            .order_by(Consultation.year, Consultation.seq, Meeting.held_at)
        ).all()
    return [(r.id, r.number, r.held_at) for r in rows]


def export_notes(db: Database, year: int) -> str:
    """What the year's export summary says besides the count: the minutes left out (revoked
    topics), the drafts among those written, and the year rule (the meeting's date, so a topic
    numbered in an earlier year is filed where it met)."""
    gone = Consultation.status == Status.REVOKED.value
    with db.session() as session:
        rows = session.execute(
            select(Meeting.finalised, Consultation.year)
            .join(Consultation, Consultation.id == Meeting.consultation_id)
            .where(
                Meeting.deleted.is_(False),
                Consultation.deleted.is_(False),
                ~gone,
                Meeting.held_at >= datetime(year, 1, 1),
                Meeting.held_at < datetime(year + 1, 1, 1),
            )
        ).all()
    notes = [revoked_note(revoked_in(db, year))]
    drafts = sum(1 for r in rows if not r.finalised)
    if drafts:
        notes.append(f"其中 {drafts} 份尚未定稿，按草稿导出（每页带「草稿」字样），定稿后请重新导出。")
    earlier = sum(1 for r in rows if r.year != year)
    if earlier:
        notes.append(f"纪要按会议日期归年：其中 {earlier} 份的议题编号是往年的（跨年议题在{year}年开的会）。")
    return "\n".join(n for n in notes if n)


def revoked_in(db: Database, year: int) -> int:
    """How many of the year's minutes belong to revoked topics (named in the export's summary)."""
    return len(meetings_held_in(db, year, revoked=True))


def export_year_minutes(
    db: Database,
    year: int,
    folder: Path,
    cancel: CancelToken,
    *,
    file_name: Callable[[str, datetime], str],
    build: Callable[[Database, str], bytes],
) -> Job[list[Path]]:
    """Write each meeting's minutes atomically into ``folder``; return the paths written.

    A record that cannot be printed (a character no face has, …) is skipped and named at the
    end in :class:`YearExportIncomplete`, after every other file is written. A full disk or a
    pulled-out stick stops the export: the files already written stay complete.
    """
    yield Progress(0, 0, "正在查找本年度的协商会议……")
    found = meetings_held_in(db, year)
    if found:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise known_error(error, folder) from error
    used: set[str] = set()
    written: list[Path] = []
    failed: list[tuple[str, str]] = []
    for done, (meeting_id, number, held_at) in enumerate(found):
        name = file_name(number, held_at)
        stem, n = name.removesuffix(".pdf"), 2
        while name in used:  # two meetings of one topic on one day
            name, n = f"{stem}-{n}.pdf", n + 1
        used.add(name)
        cancel.raise_if_cancelled()
        yield Progress(done, len(found), f"正在生成：{name}")
        try:
            pdf = build(db, meeting_id)
        except Cancelled:
            raise
        except KnownError as error:
            failed.append((number, error.message))
            continue
        cancel.raise_if_cancelled()
        written.append(write_pdf_atomically(pdf, folder / name))
    yield Progress(len(found), len(found), f"已生成 {len(written)} 份文件")
    if failed:
        raise YearExportIncomplete(written, failed, revoked_in(db, year))
    return written
