"""Export benchmark: a full sync package of a busy station against zipping the same bytes.

    python tests/bench/bench_export.py [--quick] [--count 10000] [--photos 400] [--out FILE.md]

Makes a temporary station with ``--count`` demo consultations (with their meetings, statements…)
and ``--photos`` extra photo attachments (incompressible bytes of 60–240 KB each, as scans and
phone photos are), then times, on the same disk in the same run:

* ``export_package(full=True)`` unencrypted and encrypted to a county office key: read every
  record, encode, hash, sign (and encrypt), write ``.part``, fsync, rename, read back, verify;
* the baseline: ``zipfile`` writing exactly the payload members of that package (records.jsonl
  deflated, attachments stored, as the package does) to a file in the same folder, then fsync.

Ratio = export time / zipfile time. Median of ``--runs``. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path

from sqlalchemy import select

from station_app import paths
from station_app.domain.progress import run_to_end
from station_app.services import keys
from station_app.services.attachments import add_attachment
from station_app.services.export import ExportResult, export_package
from station_app.services.station import SetupRequest, setup_station
from station_app.storage.engine import Database
from station_app.storage.migrate import open_database
from station_app.storage.records import Consultation
from station_app.sync.crypto import AgeIdentity, OfficeKeyFile, SigningKey, write_office_key_file


def _add_photos(db: Database, folder: Path, n: int, rng: random.Random) -> int:
    """``n`` photo-like attachments spread over the consultations; returns their total size."""
    folder.mkdir(parents=True, exist_ok=True)
    with db.session() as session:
        ids = list(session.scalars(select(Consultation.id).order_by(Consultation.number)))
    total = 0
    for i in range(n):
        size = rng.randint(60, 240) * 1024
        path = folder / f"现场照片{i + 1:04d}.jpg"
        path.write_bytes(b"\xff\xd8\xff\xe0" + rng.randbytes(size - 4))
        add_attachment(db, "consultation", ids[(i * 7919) % len(ids)], path, note="现场照片")
        total += size
    return total


def _install_office_key(folder: Path) -> None:
    office = OfficeKeyFile.create(
        "市中区政协办公室", "511102", "county", AgeIdentity.generate(), SigningKey.generate()
    )
    path = folder / "office-key.json"
    write_office_key_file(path, office)
    keys.add_recipient(path)


def _time_export(db: Database, folder: Path) -> tuple[float, ExportResult]:
    started = time.perf_counter()
    result = run_to_end(export_package(db, folder, full=True))
    return time.perf_counter() - started, result


def _time_zip(package: Path, target: Path) -> float:
    """Zip the payload members of an unencrypted package the way a plain script would."""
    with zipfile.ZipFile(package) as source:
        members = {
            name: source.read(name)
            for name in source.namelist()
            if name not in ("manifest.json", "manifest.sig")
        }
    started = time.perf_counter()
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in members.items():
            method = zipfile.ZIP_STORED if name.startswith("attachments/") else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    with open(target, "rb+") as handle:
        os.fsync(handle.fileno())
    elapsed = time.perf_counter() - started
    target.unlink()
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="2,000 topics, 100 photos, 3 runs")
    parser.add_argument("--count", type=int, default=0, help="demo consultations (default 10000)")
    parser.add_argument("--photos", type=int, default=-1, help="extra photo attachments (default 400)")
    parser.add_argument("--runs", type=int, default=0, help="runs per figure (default 5)")
    parser.add_argument("--out", type=Path, default=Path("bench-results-export.md"))
    args = parser.parse_args(argv)
    count = args.count or (2000 if args.quick else 10_000)
    photos = args.photos if args.photos >= 0 else (100 if args.quick else 400)
    runs = args.runs or (3 if args.quick else 5)
    out_path = args.out.resolve()

    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp_name:
        tmp = Path(tmp_name)
        os.environ[paths.ENV_VAR] = str(tmp / "data")  # never the real user folders
        paths.configure(None)
        from station_app.services.demo import fill_demo

        (tmp / "data").mkdir()
        db = open_database(f"sqlite:///{tmp / 'data' / 'station.sqlite3'}")
        setup_station(db, SetupRequest(township_code="511102004", head_name="李明", clerk_name="王芳"))
        started = time.perf_counter()
        run_to_end(fill_demo(db, count=count, seed=1, today=date(2026, 11, 26)))
        photo_bytes = _add_photos(db, tmp / "photos", photos, random.Random(1))
        print(f"filled {count} consultations and {photos} photos in {time.perf_counter() - started:.0f} s")
        stick = tmp / "stick"
        stick.mkdir()

        plain: list[float] = []
        zipped: list[float] = []
        result: ExportResult | None = None
        for _ in range(runs):
            seconds, result = _time_export(db, stick)
            plain.append(seconds)
            zipped.append(_time_zip(result.path, tmp / "baseline.zip"))
        assert result is not None
        package_mb = result.size / 1e6
        records = sum(result.counts.values())

        _install_office_key(tmp)
        sealed: list[float] = []
        for _ in range(runs):
            seconds, sealed_result = _time_export(db, stick)
            assert sealed_result.encrypted
            sealed.append(seconds)
        db.dispose()

    export_s, sealed_s, zip_s = statistics.median(plain), statistics.median(sealed), statistics.median(zipped)
    lines = [
        "### 导出全量数据包 vs zipfile",
        "",
        f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPU; "
        f"{count:,} consultations, {records:,} records in all, {photos} extra photos "
        f"({photo_bytes / 1e6:.0f} MB); package {package_mb:.1f} MB; median of {runs} runs.",
        "",
        "| figure | export (s) | zipfile, same bytes (s) | ratio |",
        "|---|---:|---:|---:|",
        f"| full export, not encrypted | {export_s:.2f} | {zip_s:.2f} | {export_s / zip_s:.1f}x |",
        f"| full export, encrypted to the county key | {sealed_s:.2f} | {zip_s:.2f} "
        f"| {sealed_s / zip_s:.1f}x |",
        "",
        "The export also reads the records from SQLite, signs, writes `.part`, fsyncs, renames and reads "
        "the file back to verify every hash; the baseline only deflates and stores the finished members, "
        "then fsyncs.",
    ]
    text = "\n".join(lines) + "\n"
    out_path.write_text(text, "utf-8")
    print(text)
    print(f"written to {out_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
