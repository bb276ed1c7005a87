"""Documents benchmark: one 协商议事会议纪要 PDF against LibreOffice converting the same minutes as .docx.

    python tests/bench/bench_documents.py [--quick] [--runs 5] [--out bench-results-documents.md]

Makes a temporary demo station, picks the meeting with the most statements, participants and
action items, and times:

* ours, cold: a new Python process that opens the database and writes ``minutes_pdf()`` to a file
  (interpreter start, imports, fonts, reportlab and the database read all count);
* ours, warm: a further ``minutes_pdf()`` in this process (the program's second document);
* LibreOffice, cold: ``soffice --headless --convert-to pdf`` of the same minutes as a .docx (made with
  python-docx when installed, else a minimal WordprocessingML package written here), a new process
  each time with a profile that already exists (its one-off creation is reported apart);
* LibreOffice, warm: the same conversion run again right after (files and libraries in the page cache).

The ratio is LibreOffice time / our time; the target is at least 50x. When LibreOffice is not
installed the script says so and still prints our own figures. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from sqlalchemy import func, select

from station_app import paths
from station_app.documents.data import MinutesData
from station_app.domain.progress import run_to_end
from station_app.services.printing import minutes_data, minutes_pdf
from station_app.services.station import SetupRequest, setup_station
from station_app.storage.engine import Database
from station_app.storage.migrate import open_database
from station_app.storage.records import ActionItem, Meeting, Participant, Statement

TARGET = 50.0
COLD_CHILD = """
import sys, time
start = time.perf_counter()
from station_app.storage.migrate import open_database
from station_app.services.printing import minutes_pdf
db = open_database(sys.argv[1])
data = minutes_pdf(db, sys.argv[2])
open(sys.argv[3], "wb").write(data)
db.dispose()
"""


def _busiest_meeting(db: Database) -> str:
    """The meeting whose minutes are longest: most statements, participants and action items."""
    with db.session() as session:
        scores: dict[str, int] = {}
        for model in (Statement, Participant, ActionItem):
            query = select(model.meeting_id, func.count()).group_by(model.meeting_id)
            for meeting_id, n in session.execute(query):
                scores[meeting_id] = scores.get(meeting_id, 0) + int(n)
        ids = set(session.scalars(select(Meeting.id).where(Meeting.deleted.is_(False))))
    return max((m for m in scores if m in ids), key=lambda m: (scores[m], m))


# --- the same minutes as a .docx -----------------------------------------------------------------


def _paragraphs(data: MinutesData) -> list[tuple[str, str]]:
    """(style, text) pairs in the order of the printed minutes; style is title/heading/body."""
    held = data.held_at.strftime("%Y年%m月%d日 %H:%M")
    rows: list[tuple[str, str]] = [
        ("title", f"{data.station_name}协商议事会议纪要"),
        ("body", data.number),
        ("body", f"时间：{held}"),
        ("body", f"地点：{data.place}"),
        ("body", f"协商形式：{data.form}"),
        ("body", f"主持人：{data.chair}"),
        ("body", f"记录人：{data.recorder}"),
        ("body", f"议题：{data.title}"),
        ("body", f"议题来源：{data.source}"),
        ("heading", "一、基本情况"),
        ("body", data.background),
        ("heading", "二、协商情况"),
    ]
    rows += [("body", f"{s.speaker}（{s.category}）：{s.text}") for s in data.statements]
    rows.append(("heading", "三、形成共识"))
    rows += [("body", f"{i}. {text}") for i, text in enumerate(data.consensus, 1)]
    if data.disagreements:
        rows.append(("body", f"不同意见：{data.disagreements}"))
    rows.append(("heading", "四、下步措施"))
    for attendance in ("出席", "请假", "列席"):
        names = "、".join(p.name for p in data.participants if p.attendance == attendance)
        if names:
            rows.append(("body", f"{attendance}：{names}"))
    rows += [
        ("body", "主持人（签字）：            记录人（签字）："),
        ("body", data.dated.strftime("%Y年%m月%d日")),
    ]
    return rows


def _action_rows(data: MinutesData) -> list[list[str]]:
    header = ["序号", "事项", "责任单位", "责任人", "时限"]
    body = [
        [str(i), a.matter, a.unit, a.person, a.due.isoformat() if a.due else ""]
        for i, a in enumerate(data.action_items, 1)
    ]
    return [header, *body]


def _docx_with_python_docx(data: MinutesData, out: Path) -> None:
    import docx  # type: ignore[import-not-found]
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # type: ignore[import-not-found]
    from docx.oxml.ns import qn  # type: ignore[import-not-found]
    from docx.shared import Mm, Pt  # type: ignore[import-not-found]

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.left_margin = Mm(37), Mm(28)
    section.right_margin, section.bottom_margin = Mm(26), Mm(35)
    normal = document.styles["Normal"]
    normal.font.name = "FangSong"
    normal.font.size = Pt(16)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "FangSong")
    for style, text in _paragraphs(data):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        if style == "title":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.font.size = Pt(22)
            run.bold = True
        elif style == "heading":
            run.bold = True
        if style == "heading" and text.startswith("四、"):
            rows = _action_rows(data)
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for r, values in enumerate(rows):
                for c, value in enumerate(values):
                    table.cell(r, c).text = value
    document.save(str(out))


def _docx_by_hand(data: MinutesData, out: Path) -> None:
    """A minimal WordprocessingML package, for machines without python-docx."""

    def para(text: str, *, bold: bool = False, centre: bool = False, size: int = 32) -> str:
        props = "<w:pPr><w:jc w:val='center'/></w:pPr>" if centre else ""
        run_props = f"<w:rPr>{'<w:b/>' if bold else ''}<w:sz w:val='{size}'/></w:rPr>"
        return f"<w:p>{props}<w:r>{run_props}<w:t xml:space='preserve'>{escape(text)}</w:t></w:r></w:p>"

    body: list[str] = []
    for style, text in _paragraphs(data):
        body.append(
            para(text, bold=style != "body", centre=style == "title", size=44 if style == "title" else 32)
        )
        if style == "heading" and text.startswith("四、"):
            cells = "".join(
                "<w:tr>" + "".join(f"<w:tc>{para(v, size=24)}</w:tc>" for v in row) + "</w:tr>"
                for row in _action_rows(data)
            )
            border = "".join(
                f"<w:{side} w:val='single' w:sz='4'/>"
                for side in ("top", "left", "bottom", "right", "insideH", "insideV")
            )
            body.append(f"<w:tbl><w:tblPr><w:tblBorders>{border}</w:tblBorders></w:tblPr>{cells}</w:tbl>")
    ns = "xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'"
    section = (
        "<w:sectPr><w:pgSz w:w='11906' w:h='16838'/>"
        "<w:pgMar w:top='2098' w:left='1587' w:right='1474' w:bottom='1984'/></w:sectPr>"
    )
    document = (
        f"<?xml version='1.0' encoding='UTF-8'?><w:document {ns}>"
        f"<w:body>{''.join(body)}{section}</w:body></w:document>"
    )
    types = (
        "<?xml version='1.0' encoding='UTF-8'?>"
        "<Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'>"
        "<Default Extension='rels' ContentType='application/vnd.openxmlformats-package.relationships+xml'/>"
        "<Default Extension='xml' ContentType='application/xml'/>"
        "<Override PartName='/word/document.xml' ContentType="
        "'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml'/></Types>"
    )
    rels = (
        "<?xml version='1.0' encoding='UTF-8'?>"
        "<Relationships xmlns='http://schemas.openxmlformats.org/package/2006/relationships'>"
        "<Relationship Id='rId1' Type="
        "'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument' "
        "Target='word/document.xml'/></Relationships>"
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("word/document.xml", document)


def make_docx(data: MinutesData, out: Path) -> str:
    """Write the minutes as .docx; returns how it was made."""
    try:
        _docx_with_python_docx(data, out)
        return "python-docx"
    except ImportError:
        _docx_by_hand(data, out)
        return "hand-written WordprocessingML"


def bytecode_env(env: dict[str, str]) -> dict[str, str]:
    """Children run as an installed program does, from compiled bytecode: kept in a cache folder
    under the system temp folder, never written beside the sources."""
    env = dict(env)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "station-app-bench" / "pycache")
    return env


# --- timing ----------------------------------------------------------------------------------------


def _ms(seconds: float) -> float:
    return seconds * 1000


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return float(usage.ru_utime + usage.ru_stime)


def _time_process(command: list[str], env: dict[str, str], cpu: list[float] | None = None) -> float:
    """Wall seconds of one run; its CPU seconds (all its processes) appended to ``cpu``."""
    cpu_before = _children_cpu()
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    if cpu is not None:
        cpu.append(_children_cpu() - cpu_before)
    return wall


def soffice_binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _soffice_command(binary: str, profile: Path, docx_path: Path, out_dir: Path) -> list[str]:
    return [
        binary,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out_dir),
        str(docx_path),
    ]


def _soffice_version(binary: str) -> str:
    try:
        done = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return "?"
    return done.stdout.strip().splitlines()[0] if done.stdout.strip() else "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    parser.add_argument("--runs", type=int, default=0, help="runs per figure (default 7, quick 3)")
    parser.add_argument("--out", type=Path, default=Path("bench-results-documents.md"))
    args = parser.parse_args(argv)
    runs = args.runs or (3 if args.quick else 7)
    out_path = args.out.resolve()

    with tempfile.TemporaryDirectory(prefix="bench-documents-") as tmp_name:
        tmp = Path(tmp_name)
        os.environ[paths.ENV_VAR] = str(tmp / "data")  # never the real user folders
        paths.configure(None)
        from station_app.services.demo import fill_demo

        url = f"sqlite:///{tmp / 'station.sqlite3'}"
        db = open_database(url)
        setup_station(db, SetupRequest(township_code="511102004", head_name="李明", clerk_name="王芳"))
        run_to_end(fill_demo(db, count=60, seed=1, today=date(2026, 11, 26)))
        meeting_id = _busiest_meeting(db)
        data = minutes_data(db, meeting_id)

        first_started = time.perf_counter()
        pdf = minutes_pdf(db, meeting_id)
        first_ms = _ms(time.perf_counter() - first_started)
        warm: list[float] = []
        warm_cpu: list[float] = []
        for _ in range(runs):
            started, cpu_started = time.perf_counter(), time.process_time()
            minutes_pdf(db, meeting_id)
            warm.append(_ms(time.perf_counter() - started))
            warm_cpu.append(_ms(time.process_time() - cpu_started))
        db.dispose()

        env = bytecode_env(dict(os.environ))
        child = [sys.executable, "-c", COLD_CHILD, url, meeting_id, str(tmp / "cold.pdf")]
        _time_process(child, env)  # the first run fills the page cache with the interpreter and libraries
        cold_cpu: list[float] = []
        cold = [_ms(_time_process(child, env, cold_cpu)) for _ in range(runs)]

        docx_path = tmp / "minutes.docx"
        made_with = make_docx(data, docx_path)
        binary = soffice_binary()
        lo_cold: list[float] = []
        lo_warm: list[float] = []
        lo_cpu: list[float] = []
        lo_profile_ms = 0.0
        lo_pages = ""
        if binary:
            profile = tmp / "lo-profile"
            out_dir = tmp / "lo-out"
            out_dir.mkdir()
            command = _soffice_command(binary, profile, docx_path, out_dir)
            lo_env = {**os.environ, "HOME": str(tmp / "lo-home")}
            lo_profile_ms = _ms(_time_process(command, lo_env))  # creates the profile
            for _ in range(runs):
                lo_cold.append(_ms(_time_process(command, lo_env, lo_cpu)))
                lo_warm.append(_ms(_time_process(command, lo_env, lo_cpu)))
            lo_pdf = out_dir / "minutes.pdf"
            lo_pages = f"{lo_pdf.stat().st_size // 1024} KB" if lo_pdf.exists() else "no output"

    ours_cold, ours_warm = statistics.median(cold), statistics.median(warm)
    lines = [
        "### 会议纪要 PDF vs LibreOffice",
        "",
        f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPU; "
        f"meeting with {len(data.statements)} statements, {len(data.participants)} participants, "
        f"{len(data.action_items)} action items; our PDF {len(pdf) // 1024} KB; median of {runs} runs.",
        "",
        "| figure | ours (ms) | LibreOffice (ms) | ratio | target |",
        "|---|---:|---:|---:|---|",
    ]
    if binary:
        lo_c, lo_w = statistics.median(lo_cold), statistics.median(lo_warm)
        lines += [
            f"| cold (new process) | {ours_cold:.0f} | {lo_c:.0f} | {lo_c / ours_cold:.1f}x "
            f"| ≥ {TARGET:.0f}x |",
            f"| warm (ours: 2nd build in-process; LO: repeat run) | {ours_warm:.1f} | {lo_w:.0f} | "
            f"{lo_w / ours_warm:.0f}x | ≥ {TARGET:.0f}x |",
            "",
            f"LibreOffice: {_soffice_version(binary)}; .docx made with {made_with}; first run creating its "
            f"profile {lo_profile_ms:.0f} ms (not counted); its PDF {lo_pages}. LibreOffice cannot keep a "
            "converter warm from the command line, so its warm figure is a repeated new process.",
        ]
    else:
        lines += [
            f"| cold (new process) | {ours_cold:.0f} | – | – | ≥ {TARGET:.0f}x |",
            f"| warm (2nd build in-process) | {ours_warm:.1f} | – | – | ≥ {TARGET:.0f}x |",
            "",
            "LibreOffice not installed: only our own figures were measured "
            "(apt-get install libreoffice-writer-nogui, then run again).",
        ]
    lines.append(f"First build in-process (fonts loaded): {first_ms:.0f} ms.")
    cpu_line = (
        f"CPU time (median): ours cold {_ms(statistics.median(cold_cpu)):.0f} ms, "
        f"ours warm {statistics.median(warm_cpu):.1f} ms"
    )
    if lo_cpu:
        cpu_line += f", LibreOffice {_ms(statistics.median(lo_cpu)):.0f} ms per conversion"
    lines.append(cpu_line + " (a loaded machine stretches wall time more than CPU time).")
    report = "\n".join(lines) + "\n"
    out_path.write_text(report, "utf-8")
    print(report)
    print(f"written to {out_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
