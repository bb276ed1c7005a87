"""Search benchmark: the FTS5 bigram index against a plain LIKE scan, on a filled demo station.

    python tests/bench/bench_search.py [--count 100000] [--queries 100] [--out bench-results-search.txt]

Creates a temporary station, fills it with demonstration data, rebuilds the index (timed), then
times ``search()`` for terms of 2, 3, 4 and 6 Han characters cut from the data and for pinyin
initials of people's names, beside ``LIKE '%term%'`` over consultations.title + description run
on the same database in the same run. Not collected by pytest (no ``test_`` prefix).
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import random
import re
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import func, select, text

from station_app import paths
from station_app.domain.progress import run_to_end
from station_app.services.search import matching_consultation_ids, rebuild_index, search
from station_app.services.station import SetupRequest, setup_station
from station_app.storage import search_index as si
from station_app.storage.engine import Database
from station_app.storage.migrate import open_database
from station_app.storage.search_audit import audit_index

LENGTHS = (2, 3, 4, 6)
HAN_RUN = re.compile(r"[\u4e00-\u9fff]{6,}")
LIKE_SQL = text(
    "SELECT id FROM consultations WHERE deleted = 0 AND (title LIKE :p OR description LIKE :p) LIMIT :n"
)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def _stats(ms: list[float]) -> str:
    return f"{_percentile(ms, 0.5):>10.2f}{_percentile(ms, 0.95):>8.2f}{max(ms):>8.2f}"


def _time(run: Callable[[str], int], terms: list[str]) -> tuple[list[float], float]:
    """Milliseconds per term, and the mean number of hits."""
    for term in terms[:5]:  # warm the page cache and the statement caches
        run(term)
    times: list[float] = []
    hits = 0
    for term in terms:
        start = time.perf_counter()
        hits += run(term)
        times.append((time.perf_counter() - start) * 1000)
    return times, hits / len(terms)


def _sample_terms(db: Database, rng: random.Random, per_length: int) -> dict[str, list[str]]:
    """Substrings of real text (titles, descriptions, statements) and initials of real names."""
    with db.session() as session:
        texts = [
            row[0]
            for query in (
                "SELECT title FROM consultations ORDER BY random() LIMIT 3000",
                "SELECT description FROM consultations ORDER BY random() LIMIT 3000",
                "SELECT text FROM statements ORDER BY random() LIMIT 3000",
            )
            for row in session.execute(text(query))
        ]
        names = [
            row[0]
            for query in (
                "SELECT name FROM participants ORDER BY random() LIMIT 2000",
                "SELECT name FROM members ORDER BY random() LIMIT 500",
            )
            for row in session.execute(text(query))
        ]
    runs = [run for value in texts for run in HAN_RUN.findall(value or "")]
    terms: dict[str, list[str]] = {}
    for length in LENGTHS:
        chosen: list[str] = []
        while len(chosen) < per_length:
            run = rng.choice(runs)
            start = rng.randrange(0, len(run) - length + 1)
            chosen.append(run[start : start + length])
        terms[f"{length} chars"] = chosen
    initials = [p[0] for p in (si.name_pinyin(name) for name in names) if p]
    terms["initials"] = [rng.choice(initials) for _ in range(per_length)]
    return terms


def _search_run(db: Database) -> Callable[[str], int]:
    return lambda term: len(search(db, term))


def _like_run(db: Database) -> Callable[[str], int]:
    def run(term: str) -> int:
        with db.session() as session:
            return len(session.execute(LIKE_SQL, {"p": f"%{term}%", "n": 200}).all())

    return run


def _count_run(db: Database) -> Callable[[str], int]:
    """What the list page does: count every matching consultation."""

    def run(term: str) -> int:
        with db.session() as session:
            query = select(func.count()).select_from(matching_consultation_ids(session, term).subquery())
            return int(session.scalar(query) or 0)

    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=100_000, help="demo consultations (default 100000)")
    parser.add_argument("--queries", type=int, default=100, help="queries per term length (default 100)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("bench-results-search.txt"))
    args = parser.parse_args(argv)
    out_path = args.out.resolve()

    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        os.environ[paths.ENV_VAR] = tmp  # never the real user folders
        paths.configure(None)
        from station_app.services.demo import fill_demo  # written beside this; imported late on purpose

        db_file = Path(tmp) / "station.sqlite3"
        db = open_database(f"sqlite:///{db_file}")
        try:
            setup_station(db, SetupRequest(township_code="511102004", head_name="李明", clerk_name="王芳"))
            started = time.perf_counter()
            summary = run_to_end(fill_demo(db, count=args.count, seed=args.seed, today=date(2026, 11, 26)))
            fill_s = time.perf_counter() - started
            print(f"filled {args.count} consultations in {fill_s:.1f} s", flush=True)
            started = time.perf_counter()
            documents = run_to_end(rebuild_index(db))
            rebuild_s = time.perf_counter() - started
            print(f"rebuilt the index ({documents} documents) in {rebuild_s:.1f} s", flush=True)
            started = time.perf_counter()
            audit = run_to_end(audit_index(db))
            audit_s = time.perf_counter() - started
            assert audit.ok, audit.summary()
            print(f"checked the index against the records in {audit_s:.1f} s", flush=True)

            terms = _sample_terms(db, random.Random(args.seed), args.queries)
            rows: list[str] = []
            header = (
                f"{'query':<10}{'n':>5} | {'search p50':>10}{'p95':>8}{'max':>8}{'hits':>7} | "
                f"{'LIKE p50':>10}{'p95':>8}{'max':>8}{'hits':>7} | {'LIKE/search p95':>16}"
            )
            all_search: list[float] = []
            for label, chosen in terms.items():
                fts_ms, fts_hits = _time(_search_run(db), chosen)
                like_ms, like_hits = _time(_like_run(db), chosen)
                all_search += fts_ms
                ratio = _percentile(like_ms, 0.95) / _percentile(fts_ms, 0.95)
                rows.append(
                    f"{label:<10}{len(chosen):>5} | {_stats(fts_ms)}{fts_hits:>7.1f} | "
                    f"{_stats(like_ms)}{like_hits:>7.1f} | {ratio:>15.1f}x"
                )
                print(rows[-1], flush=True)
            count_rows = []
            for label in ("2 chars", "4 chars"):
                chosen = terms[label][: max(10, args.queries // 4)]
                count_ms, count_hits = _time(_count_run(db), chosen)
                count_rows.append(
                    f"{label:<10}{len(chosen):>5} | p50 {_percentile(count_ms, 0.5):.2f}  "
                    f"p95 {_percentile(count_ms, 0.95):.2f}  max {max(count_ms):.2f} ms, "
                    f"平均 {count_hits:.0f} 条"
                )
            size_mb = db_file.stat().st_size / 1e6
        finally:
            db.dispose()

    lines = [
        f"检索基准 — {args.count} 条协商议题（社情民意 {summary.reports}、委员 {summary.members}、"
        f"会议 {summary.meetings}、发言 {summary.statements}、参会人员 {summary.participants}）",
        f"SQLite {sqlite3.sqlite_version}, Python {platform.python_version()}, {platform.platform()}, "
        f"{os.cpu_count()} CPU",
        f"生成演示数据 {fill_s:.1f} s；重建检索索引 {rebuild_s:.1f} s（{documents} 个文档）；"
        f"数据库 {size_mb:.0f} MB；check 逐条核对检索索引 {audit_s:.1f} s",
        "",
        "search()：最多 200 条，含打开会话与读取标题；LIKE：同一库上 title/description LIKE '%词%' LIMIT 200",
        "（LIKE 不能按拼音找人，拼音一行的 LIKE 只是同样的全表扫描）",
        "时间单位：毫秒",
        "",
        header,
        "-" * len(header),
        *rows,
        "",
        f"全部检索查询 p95 = {_percentile(all_search, 0.95):.2f} ms，max = {max(all_search):.2f} ms",
        "",
        "列表页计数（count(*) … id IN matching_consultation_ids，不限条数）：",
        *count_rows,
    ]
    report = "\n".join(lines) + "\n"
    out_path.write_text(report, "utf-8")
    print()
    print(report)
    print(f"written to {out_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
