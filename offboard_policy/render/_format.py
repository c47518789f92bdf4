"""Formatting of report values shared by every renderer: money, dates and trace values.

Money is ``Decimal`` throughout and becomes text only here, never through ``float``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from pydantic import BaseModel

CENT = Decimal("0.01")

JsonValue = None | bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"]


def money(amount: Decimal) -> str:
    """Two decimals, no separators: the contract's form (``"90000.00"``, ``"0.00"``).

    Rounds half-up to the fen (amounts from the engine are already rounded, so this is
    normally exact) and never prints ``-0.00``.
    """
    q = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    if q.is_zero():
        q = abs(q)
    return format(q, "f")


def money_or_none(amount: Decimal | None) -> str | None:
    """:func:`money`, passing ``None`` (an amount that could not be computed) through."""
    return None if amount is None else money(amount)


def money_display(amount: Decimal) -> str:
    """Two decimals with thousands separators, for people: ``"160,000.00"``."""
    q = Decimal(money(amount))
    return format(q, ",f")


def iso(day: date | None) -> str | None:
    """``YYYY-MM-DD`` or ``None``."""
    return None if day is None else day.isoformat()


def decimal_text(value: Decimal) -> str:
    """A decimal as plain positional text (``"5.5"``, never ``"1E+1"``)."""
    return format(value, "f")


def jsonable(value: object) -> JsonValue:
    """Convert a trace or parameter value to JSON-ready data, deterministically.

    ``Decimal`` becomes a string (exact, no float), ``date`` an ISO string, ``bool`` stays a
    JSON boolean, lists and tuples become lists, mappings objects (keys as strings, in their
    order), sets sorted lists, enums their value and pydantic models their JSON dump; anything
    else its ``str``.
    """
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return jsonable(value.value)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((jsonable(v) for v in value), key=repr)
    if isinstance(value, BaseModel):
        # Python mode, then our own conversion: pydantic's JSON mode does not know the case
        # model's plain validators and warns on every Decimal it meets.
        return jsonable(value.model_dump(mode="python"))
    return str(value)


#: Decimals with more fractional digits than this are shortened (with "…") for people.
DISPLAY_PLACES = 6


def display(value: object) -> str:
    """A trace or parameter value as short text for people (text and Markdown reports).

    Long fractions are cut to :data:`DISPLAY_PLACES` digits and marked with ``…``
    (``15701.083333…``); the JSON report keeps every digit.
    """
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -DISPLAY_PLACES:
            short = value.quantize(Decimal(1).scaleb(-DISPLAY_PLACES), rounding=ROUND_HALF_UP)
            return decimal_text(short) + "…"
        return decimal_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(display(v) for v in value) + "]"
    if isinstance(value, Enum):
        return display(value.value)
    return str(value)
