"""Fault and hostile-input harness: small counts in the normal test run, full counts on demand.

    STATION_APP_HARNESS=full pytest tests/harness

With ``STATION_APP_HARNESS_REPORT=<file>`` every harness test appends one JSON line of counts
(tried, refused, lost …) to that file; ``tests/bench/run_all.py --harness`` uses it for RESULTS.md.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

FULL = os.environ.get("STATION_APP_HARNESS", "").lower() == "full"
REPORT_ENV = "STATION_APP_HARNESS_REPORT"


def scaled(small: int, full: int) -> int:
    """The count for this run: ``full`` with STATION_APP_HARNESS=full, else ``small``."""
    return full if FULL else small


def report(name: str, **counts: object) -> None:
    """Print the counts of one harness test and, when asked for, append them to the report file."""
    line = json.dumps({"test": name, "full": FULL, **counts}, ensure_ascii=False, sort_keys=True)
    print(line)
    target = os.environ.get(REPORT_ENV)
    if target:
        with Path(target).open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
