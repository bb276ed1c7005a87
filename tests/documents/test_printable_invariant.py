"""Anything a station can enter prints: a text the field check accepts never fails at the printer."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import station_app.services  # noqa: F401  (installs the printable check)
from station_app.documents import build_minutes
from station_app.domain.fieldcheck import text_problem

from .samples import minutes


def _block(first: int, last: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=st.characters(min_codepoint=first, max_codepoint=last), min_size=1, max_size=3)


# Common and rare ideographs (URO, Ext-A, Ext-B, Ext-C to F), and anything else a keyboard gives.
TEXT = st.one_of(
    _block(0x4E00, 0x9FFF),
    _block(0x3400, 0x4DBF),
    _block(0x20000, 0x2A6DF),
    _block(0x2A700, 0x2EBEF),
    st.text(
        alphabet=st.characters(categories=("Lu", "Ll", "Lo", "Nd", "Po", "Ps", "Pe", "Sm", "So")),
        min_size=1,
        max_size=6,
    ),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(TEXT)
def test_accepted_text_prints(text: str) -> None:
    cleaned, problem = text_problem(text, max_len=100, single_line=True)
    assume(problem is None and cleaned)
    build_minutes(replace(minutes(statements=0), place=cleaned, chair=cleaned))
