"""报送单: the send date in its own field and under the seal, the reply dated by itself; the demo
station's forms each fit one sheet (read back from the PDFs)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select

from station_app.documents import build_result_report
from station_app.domain.progress import run_to_end
from station_app.services import printing
from station_app.services.demo import fill_demo
from station_app.storage.engine import Database
from station_app.storage.records import Consultation, Meeting

from .pdfcheck import lines_of, page_chars
from .test_lines_and_cells import _lines as _by_baseline
from .test_lines_and_cells import _report, _text

SEAL = "乐山市五通桥区竹根镇政协工作联络站（盖章）"


def _lines(pdf: bytes) -> list[list[str]]:
    # (A withdrawn topic's 「已撤销」 across the page is no line of the form.)
    return [
        [line for line in lines_of([c for c in chars if c["size"] < 50]) if not line.startswith("—")]
        for _w, _h, chars in page_chars(pdf)
    ]


def _form_rows(pdf: bytes) -> list[str]:
    """The form's lines by baseline (a label and its value stand on one, in different faces)."""
    return [_text(line) for line in _by_baseline(pdf, 12)]


def test_the_form_is_dated_by_its_sending_and_the_reply_by_its_own_date() -> None:
    data = _report()  # sent 2026-02-05, replied 2026-04-28
    pdf = build_result_report(data)
    [lines] = _lines(pdf)
    assert "报送日期2026年2月5日办理时限2026年5月1日" in _form_rows(pdf)
    assert "办理结果B（正在解决）答复日期2026年4月28日" in _form_rows(pdf)
    assert lines[-2:] == [SEAL, "2026年2月5日"]  # the seal carries the send date, not the reply's


def test_a_form_not_yet_sent_leaves_the_date_under_the_seal_to_be_written() -> None:
    data = replace(_report(), sent_on=None, reply_on=None, reply_text="", result_code="", result_meaning="")
    pdf = build_result_report(data)
    [lines] = _lines(pdf)
    assert lines[-2:] == [SEAL, "年月日"]
    assert "报送日期办理时限2026年5月1日" in _form_rows(pdf)


def test_every_result_report_of_the_demo_station_fits_one_sheet(station_db: Database) -> None:
    run_to_end(fill_demo(station_db, seed=1, today=date(2026, 11, 26)))
    with station_db.session() as session:
        ids = list(session.scalars(select(Consultation.id).join(Meeting).distinct()))
    sheets = [_lines(printing.result_report_pdf(station_db, cid)) for cid in ids]
    assert len(sheets) >= 30
    assert [len(pages) for pages in sheets] == [1] * len(sheets)
    assert all(pages[0][-2].endswith("（盖章）") for pages in sheets)
