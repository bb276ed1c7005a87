"""Masking of personal data on printed pages."""

from __future__ import annotations

import re

# Mainland mobile numbers, optionally written with +86 and separators: 138 1234 5678, 138-1234-5678.
_MOBILE = re.compile(r"(?<!\d)((?:\+?86[- ]?)?1[3-9]\d)[- ]?\d{4}[- ]?(\d{4})(?!\d)")
# Landlines with an area code: 0833-2123456, 028-81234567.
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3})-(\d{3,4})(\d{4})(?!\d)")


def mask_phone(text: str) -> str:
    """Hide the middle digits of every phone number in ``text`` (138****5678, 0833-****3456)."""
    text = _MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)
    return _LANDLINE.sub(lambda m: f"{m.group(1)}-****{m.group(3)}", text)
