"""Argument types for the command declarations (plain functions, nothing heavy imported)."""

from __future__ import annotations

import argparse


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是整数") from None
    if value < 1:
        raise argparse.ArgumentTypeError("必须大于 0")
    return value


def year(text: str) -> int:
    value = positive(text)
    if not 2000 <= value <= 2100:
        raise argparse.ArgumentTypeError(f"年份“{text}”不合理，应在2000—2100年之间")
    return value
