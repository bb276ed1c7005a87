"""Documents benchmark: one 协商议事会议纪要 PDF against LibreOffice converting the same minutes as .docx.

    python tests/bench/bench_documents.py [--quick] [--runs 7] [--out bench-results-documents.md]

Makes a temporary demo station, picks the meeting with the most statements, participants and
action items, and in each of ``--runs`` interleaved rounds times:

* LibreOffice: ``soffice --headless --convert-to pdf`` of the same minutes as a .docx (made with
  python-docx when installed, else a minimal WordprocessingML package written here), a new process
  each time with a profile made beforehand (its one-off creation is reported apart);
* the first print of a session: a child process that has the database and the records' models
  loaded and the meeting read (a running program with the record open) times importing the
  printing service and making the PDF; faces come from the cache folder, as on every print after
  the first one on a machine. Three moments: asked for at t = 0 with no warm-up; asked for as
  early as a person can (three clicks, ``CLERK_ASKS_S`` after the station shows) while the
  window's warm-up runs from its usual delay; and after the warm-up has finished. CPU is the
  printing thread's own;
* the same with an empty cache folder (the first print after installing);
* a later print in this process, of the same minutes and of other minutes (font subsets are reused
  only for the same characters), ``LATER_EACH`` of each per round, alternating;
* a new process doing everything (interpreter, imports, database, PDF).

The ratio is LibreOffice's median / ours; targets: the first print of a session ≥ 15x, every later
one ≥ 50x. LibreOffice is looked for on PATH and in its usual install folders; without it the script
says so and prints our own figures. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import json
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
from station_app.documents.warmup import settle
from station_app.domain.progress import run_to_end
from station_app.services.printing import minutes_data, minutes_pdf
from station_app.services.station import SetupRequest, setup_station
from station_app.storage.engine import Database
from station_app.storage.migrate import open_database
from station_app.storage.records import ActionItem, Meeting, Participant, Statement

TARGET = 50.0  # every later print
LATER_EACH = 3  # later prints of the same and of other minutes in each round
FIRST_TARGET = 15.0  # the first print of a session
# A running program with the record open: the database and the records' models are loaded, the
# documents are not. Times importing the printing service and making the minutes.
SESSION_CHILD = """
import json, sys, threading, time
from station_app.storage.migrate import open_database
from station_app.services import meetings
db = open_database(sys.argv[1])
meetings.meeting_detail(db, sys.argv[2])
shown = time.perf_counter()  # the station is on screen, the record open
mode = sys.argv[3] if len(sys.argv) > 3 else ""
if mode == "warm":  # what the window does in the background after it shows the station, finished
    from station_app.documents.warmup import warm_up
    warm_up()
if mode == "clerk":  # the window's warm-up starts after its delay; the clerk asks as early as a person can
    from station_app.documents.warmup import warm_up
    delay, ask = float(sys.argv[4]), float(sys.argv[5])
    time.sleep(delay)
    threading.Thread(target=warm_up, daemon=True).start()
    time.sleep(max(0.0, shown + ask - time.perf_counter()))
started, cpu = time.perf_counter(), time.thread_time()  # the print's own CPU, not the warm-up's
from station_app.services.printing import minutes_pdf
pdf = minutes_pdf(db, sys.argv[2])
print(json.dumps({"wall": time.perf_counter() - started, "cpu": time.thread_time() - cpu}))
db.dispose()
"""
# The earliest a clerk can ask for the minutes after the station shows: three pointed clicks (文档 in
# the side bar, a topic in the list, 会议纪要), at a brisk 0.5 s each (one pointing is usually taken
# as 1.1 s). The window starts the warm-up ui.print_warmup.DELAY_MS after the station shows.
CLERK_ASKS_S = 1.5
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
    """LibreOffice's converter: on PATH, else where its installers put it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    places = [
        Path("/usr/lib/libreoffice/program/soffice"),
        *sorted(Path("/opt").glob("libreoffice*/program/soffice")),
        Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
        *(
            Path(os.environ.get(v, "-")) / "LibreOffice/program/soffice.exe"
            for v in ("PROGRAMFILES", "PROGRAMFILES(X86)")
        ),
    ]
    return next((str(p) for p in places if p.is_file()), None)


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


def _session_first(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU milliseconds of the first print in a child that has the record open."""
    done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return _ms(figures["wall"]), _ms(figures["cpu"])


def _warmup_delay_s() -> float:
    """When the window starts preparing printing, after it shows the station (ui.print_warmup)."""
    from station_app.ui.print_warmup import DELAY_MS

    return DELAY_MS / 1000


def _other_meetings(db: Database, busiest: str, count: int) -> list[str]:
    with db.session() as session:
        ids = session.scalars(
            select(Meeting.id).where(Meeting.deleted.is_(False), Meeting.id != busiest).order_by(Meeting.id)
        ).all()
    return list(ids)[:count]


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _spread(values: list[float]) -> str:
    return f"{min(values):,.0f}–{max(values):,.0f}" if values else "–"


def _row(label: str, ours: list[float], lo: float, target: float | None, cpu: list[float]) -> str:
    median = _median(ours)
    ratio = lo / median if lo == lo and median else float("nan")
    met = "–" if target is None or ratio != ratio else ("yes" if ratio >= target else "**no**")
    goal = f"≥ {target:.0f}×" if target else "–"
    shown = f"{median:,.1f}" if median < 100 else f"{median:,.0f}"
    return (
        f"| {label} | {shown} ({_spread(ours)}) | {_median(cpu):,.0f} | "
        f"{'–' if lo != lo else f'{lo:,.0f}'} | {ratio:.1f}× | {goal} | {met} |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    parser.add_argument("--runs", type=int, default=0, help="rounds (default 7, quick 3)")
    parser.add_argument("--out", type=Path, default=Path("bench-results-documents.md"))
    args = parser.parse_args(argv)
    runs = args.runs or (3 if args.quick else 7)
    out_path = args.out.resolve()

    start_load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
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
        others = _other_meetings(db, meeting_id, runs * LATER_EACH)

        # In this process: the first print (faces from the cache folder, which is empty here: the
        # first print after installing), then later prints of the same and of other minutes.
        started = time.perf_counter()
        pdf = minutes_pdf(db, meeting_id)
        first_in_process = _ms(time.perf_counter() - started)
        settle()  # as the running program does once printing is ready (ui.print_warmup)

        env = bytecode_env(dict(os.environ))
        session_child = [sys.executable, "-c", SESSION_CHILD, url, meeting_id]
        warmed_child = [*session_child, "warm"]
        clerk_child = [*session_child, "clerk", str(_warmup_delay_s()), str(CLERK_ASKS_S)]
        fresh_data = tmp / "fresh-data"
        fresh_env = {**env, paths.ENV_VAR: str(fresh_data)}
        cold_child = [sys.executable, "-c", COLD_CHILD, url, meeting_id, str(tmp / "cold.pdf")]
        # Once each first: compiles bytecode and fills the page cache.
        _session_first(session_child, env)
        _time_process(cold_child, env)

        docx_path = tmp / "minutes.docx"
        made_with = make_docx(data, docx_path)
        binary = soffice_binary()
        lo_env = {**os.environ, "HOME": str(tmp / "lo-home")}
        out_dir = tmp / "lo-out"
        out_dir.mkdir()
        lo_command = _soffice_command(binary, tmp / "lo-profile", docx_path, out_dir) if binary else []
        lo_profile_ms = _ms(_time_process(lo_command, lo_env)) if binary else 0.0  # makes its profile

        figures: dict[str, list[float]] = {
            k: [] for k in ("first", "first_cpu", "empty", "empty_cpu", "same", "same_cpu", "other")
        }
        figures |= {"warmed": [], "warmed_cpu": [], "clerk": [], "clerk_cpu": []}
        figures |= {"other_cpu": [], "cold": [], "cold_cpu": [], "lo": [], "lo_cpu": []}
        for round_ in range(runs):  # the sides interleaved, so that the machine's load hits all alike
            if binary:
                figures["lo"].append(_ms(_time_process(lo_command, lo_env, figures["lo_cpu"])))
            wall, cpu = _session_first(session_child, env)
            figures["first"].append(wall)
            figures["first_cpu"].append(cpu)
            wall, cpu = _session_first(clerk_child, env)
            figures["clerk"].append(wall)
            figures["clerk_cpu"].append(cpu)
            wall, cpu = _session_first(warmed_child, env)
            figures["warmed"].append(wall)
            figures["warmed_cpu"].append(cpu)
            shutil.rmtree(fresh_data, ignore_errors=True)
            wall, cpu = _session_first(session_child, fresh_env)
            figures["empty"].append(wall)
            figures["empty_cpu"].append(cpu)
            figures["cold"].append(_ms(_time_process(cold_child, env, figures["cold_cpu"])))
            # Later prints, alternating the same and other minutes, LATER_EACH of each a round: a
            # single print of 25 ms is easily caught by another process's time slice.
            for turn in range(LATER_EACH):
                other = others[(round_ * LATER_EACH + turn) % len(others)]
                for key, meeting in (("same", meeting_id), ("other", other)):
                    started, cpu_started = time.perf_counter(), time.process_time()
                    minutes_pdf(db, meeting)
                    figures[key].append(_ms(time.perf_counter() - started))
                    figures[f"{key}_cpu"].append(_ms(time.process_time() - cpu_started))
        db.dispose()
        for key in ("cold_cpu", "lo_cpu"):  # children's CPU is counted in seconds
            figures[key] = [_ms(seconds) for seconds in figures[key]]
        lo_pdf = out_dir / "minutes.pdf"
        lo_size = f"{lo_pdf.stat().st_size // 1024} KB" if lo_pdf.exists() else "no output"

    lo = _median(figures["lo"])
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        "### 会议纪要 PDF vs LibreOffice",
        "",
        f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPU; "
        f"meeting with {len(data.statements)} statements, {len(data.participants)} participants, "
        f"{len(data.action_items)} action items; our PDF {len(pdf) // 1024} KB; median (spread) of "
        f"{runs} interleaved rounds ({LATER_EACH} later prints of each kind a round); load average "
        f"{start_load:.1f} at the start, {load:.1f} at the end.",
        "",
        "| figure | ours, ms (spread) | ours CPU ms | LibreOffice ms | ratio | target | met |",
        "|---|---:|---:|---:|---:|---|---|",
        _row(
            f"first print of a session, asked for as early as a person can: {CLERK_ASKS_S:.1f} s after "
            f"the station shows (three clicks); the window's warm-up started at {_warmup_delay_s():.1f} s",
            figures["clerk"],
            lo,
            FIRST_TARGET,
            figures["clerk_cpu"],
        ),
        _row(
            "first print of a session, the warm-up finished (it loads the layout and the faces "
            "in the background)",
            figures["warmed"],
            lo,
            FIRST_TARGET,
            figures["warmed_cpu"],
        ),
        _row(
            "first print of a session at t = 0, no warm-up (imports reportlab and the minutes' "
            "modules, reads the faces from the cache folder)",
            figures["first"],
            lo,
            FIRST_TARGET,
            figures["first_cpu"],
        ),
        _row(
            "the same, with an empty cache folder (the first print after installing)",
            figures["empty"],
            lo,
            None,
            figures["empty_cpu"],
        ),
        _row("a later print, other minutes", figures["other"], lo, TARGET, figures["other_cpu"]),
        _row("a later print, the same minutes", figures["same"], lo, TARGET, figures["same_cpu"]),
        _row(
            "a new process (interpreter, imports, database, PDF)",
            figures["cold"],
            lo,
            None,
            figures["cold_cpu"],
        ),
        "",
    ]
    if binary:
        lines.append(
            f"LibreOffice: {_soffice_version(binary)}, `soffice --headless --convert-to pdf` of the same "
            f"minutes as .docx (made with {made_with}), a new process each time with a profile made "
            f"beforehand ({lo_profile_ms:,.0f} ms, not counted): median {lo:,.0f} ms "
            f"(spread {_spread(figures['lo'])}), CPU {_median(figures['lo_cpu']):,.0f} ms; "
            f"its PDF {lo_size}. "
            "LibreOffice cannot keep a converter warm from the command line, so every one of its "
            "conversions is a new process."
        )
    else:
        lines.append(
            "LibreOffice not found (soffice or libreoffice on PATH): only our own figures were measured "
            "(apt-get install libreoffice-writer-nogui, then run again)."
        )
    lines.append(
        f"First print in this benchmark's own process (empty cache folder): {first_in_process:,.0f} ms."
    )
    report = "\n".join(lines) + "\n"
    out_path.write_text(report, "utf-8")
    print(report)
    print(f"written to {out_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
