"""How a parsed face's values are written to and read from the face cache (:mod:`face_cache`).

Plain attribute values travel as tagged JSON that comes back with the same types (a reportlab name
stays a ``TTFNameBytes``, a tuple a tuple). The big tables travel as arrays of machine numbers; where
reportlab mixed ints and floats in one table, a column of flags keeps each value's type.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Sequence
from typing import Any, overload

from reportlab.pdfbase.ttfonts import TTFNameBytes

_INT32 = (-(2**31), 2**31 - 1)


class Uncacheable(ValueError):
    """The parsed face holds something this format does not store (a newer reportlab?)."""


def tag(value: Any) -> Any:
    """A JSON form of a plain attribute value that :func:`untag` turns back into the same type."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, TTFNameBytes):
        return {"$name": [bytes(value).hex(), value.ustr]}
    if isinstance(value, bytes):
        return {"$bytes": value.hex()}
    if isinstance(value, tuple):
        return {"$tuple": [tag(v) for v in value]}
    if isinstance(value, list):
        return [tag(v) for v in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"$dict": {k: tag(v) for k, v in value.items()}}
    raise Uncacheable(f"unexpected {type(value).__name__}")


def untag(value: Any) -> Any:
    if isinstance(value, list):
        return [untag(v) for v in value]
    if not isinstance(value, dict):
        return value
    ((kind, inner),) = value.items()
    if kind == "$name":
        return _name(inner)
    if kind == "$bytes":
        return bytes.fromhex(inner)
    if kind == "$tuple":
        return tuple(untag(v) for v in inner)
    if kind == "$dict":
        return {k: untag(v) for k, v in inner.items()}
    raise ValueError(f"unknown tag {kind}")


def _name(inner: list[str]) -> TTFNameBytes:
    name = TTFNameBytes(bytes.fromhex(inner[0]))
    name.ustr = inner[1]
    return name


def _numbers(values: Iterable[Any]) -> array[Any]:
    """An array of the values; ints and floats mixed (reportlab's metrics do that) are kept as
    floats with a per-item flag column, see :func:`pack`."""
    items = list(values)
    kinds = {type(v) for v in items}
    if kinds <= {int}:
        fits = all(_INT32[0] <= v <= _INT32[1] for v in items)
        return array("i" if fits else "q", items)
    if kinds <= {int, float}:
        return array("d", items)
    raise Uncacheable("not numbers")


def pack(values: Iterable[Any], body: bytearray) -> list[Any]:
    """Append the values to ``body``; returns [typecode, offset, count] (plus the offset of the
    float flags when ints and floats are mixed)."""
    items = list(values)
    column = _numbers(items)
    entry: list[Any] = [column.typecode, len(body), len(column)]
    body += column.tobytes()
    if column.typecode == "d" and any(type(v) is int for v in items):
        entry.append(len(body))
        body += bytes(type(v) is float for v in items)
    return entry


def _unpack(entry: list[Any], body: memoryview) -> tuple[array[Any], bytes | None]:
    """The column stored by :func:`pack`, and its float flags when ints and floats were mixed."""
    typecode, offset, count, *flags = entry
    column = array(typecode)
    end = offset + count * column.itemsize
    if end > len(body) or (flags and flags[0] + count > len(body)):
        raise ValueError("truncated")
    column.frombytes(body[offset:end])
    return column, bytes(body[flags[0] : flags[0] + count]) if flags else None


def _values(column: array[Any], floats: bytes | None) -> list[Any]:
    values = column.tolist()
    if floats is None:
        return values
    return [v if f else int(v) for v, f in zip(values, floats, strict=True)]


class Pairs(Sequence[tuple[Any, Any]]):
    """``hmetrics`` (advance, side bearing per glyph) read from two arrays, pair by pair: a subset
    needs a few dozen of the tens of thousands, so the list of tuples is never built."""

    def __init__(self, first: tuple[array[Any], bytes | None], second: tuple[array[Any], bytes | None]):
        self.columns = (first, second)

    def __len__(self) -> int:
        return len(self.columns[0][0])

    @overload
    def __getitem__(self, index: int) -> tuple[Any, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[tuple[Any, Any]]: ...
    def __getitem__(self, index: int | slice) -> tuple[Any, Any] | list[tuple[Any, Any]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return (self._item(0, index), self._item(1, index))

    def _item(self, which: int, index: int) -> Any:
        column, floats = self.columns[which]
        value = column[index]
        return value if floats is None or floats[index] else int(value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


def columns(shape: str, value: Any) -> list[Iterable[Any]]:
    if shape == "map" and isinstance(value, dict):
        return [value.keys(), value.values()]
    if shape == "multimap" and isinstance(value, dict):
        if not all(isinstance(v, list) for v in value.values()):
            raise Uncacheable("multimap values")
        flat = [c for chars in value.values() for c in chars]
        return [value.keys(), [len(v) for v in value.values()], flat]
    if shape == "pairs" and isinstance(value, (list, Pairs)):
        if not all(isinstance(v, tuple) and len(v) == 2 for v in value):
            raise Uncacheable("pairs")
        return [[a for a, _ in value], [b for _, b in value]]
    if shape == "list" and isinstance(value, (list, array)):
        return [value]
    raise Uncacheable(f"{shape}: {type(value).__name__}")


def decoder(shape: str, parts: list[list[Any]], body: memoryview) -> Callable[[], Any]:
    def decode() -> Any:
        columns = [_unpack(part, body) for part in parts]
        if shape == "map":
            return dict(zip(_values(*columns[0]), _values(*columns[1]), strict=True))
        if shape == "pairs":
            return Pairs(columns[0], columns[1])
        if shape == "list":  # glyph offsets: indexed only, the array serves as it is
            column, floats = columns[0]
            return column if floats is None else _values(column, floats)
        keys, counts, flat = (_values(*c) for c in columns)
        out: dict[int, list[int]] = {}
        at = 0
        for key, count in zip(keys, counts, strict=True):
            out[key] = flat[at : at + count]
            at += count
        return out

    return decode
