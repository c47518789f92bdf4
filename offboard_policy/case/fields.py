"""Field types of the case model: exact money, strict ISO dates, months, counts.

Each is an ``Annotated`` type with one plain validator, so a field costs one Python call and
reports a plain-words message (``not a number``, ``not a date (expected YYYY-MM-DD)``)
instead of pydantic's lax conversions (floats into money, integers into dates).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import PlainValidator
from pydantic_core import PydanticCustomError

# Error types raised here (read by offboard_policy.case.messages to choose an OP5xx code).
NOT_A_NUMBER = "op_not_a_number"
NEGATIVE = "op_negative"
NOT_WHOLE = "op_not_whole"
NOT_A_DATE = "op_not_a_date"
BAD_DATE = "op_bad_date"
NOT_A_MONTH = "op_not_a_month"
TOO_LARGE = "op_too_large"

MAX_INTEGER_DIGITS = 15
"""Digits a case number may have before the point (a thousand trillion CNY, days, months)."""
MAX_FRACTION_DIGITS = 20
"""Digits a case number may have after the point."""

_DECIMAL_TEXT = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_ISO_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


def _decimal(value: Any) -> Decimal:
    """A finite Decimal from int, Decimal or a decimal string; never from float or bool."""
    kind = type(value)
    if kind is Decimal:
        if not value.is_finite():
            raise PydanticCustomError(NOT_A_NUMBER, "not a number (NaN and infinity are refused)")
        return _bounded(value)
    if kind is int:
        return _bounded(Decimal(value))
    if kind is str and _DECIMAL_TEXT.fullmatch(value):
        try:
            return _bounded(Decimal(value))
        except InvalidOperation:  # pragma: no cover - the pattern admits only decimal text
            pass
    if kind is float:
        raise PydanticCustomError(
            NOT_A_NUMBER, 'not a number: write it as a decimal string ("21000.00"), not a float'
        )
    raise PydanticCustomError(NOT_A_NUMBER, "not a number")


def _bounded(number: Decimal) -> Decimal:
    """``number`` if it has at most 15 digits before the point and 20 after it.

    Larger or finer numbers (``1e999999999``, ``1e-999999999``) would overflow or lose digits
    in the rules' 34-digit arithmetic instead of giving an exact amount. Looks at the exponent
    only: arithmetic on such a number may itself overflow.
    """
    if number.is_zero():
        return Decimal(0)  # 0E+999999999 and -0 are plain zero
    if number.adjusted() >= MAX_INTEGER_DIGITS:
        raise PydanticCustomError(
            TOO_LARGE, f"too large: at most {MAX_INTEGER_DIGITS} digits before the point")
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_FRACTION_DIGITS:
        raise PydanticCustomError(
            TOO_LARGE, f"too precise: at most {MAX_FRACTION_DIGITS} digits after the point")
    return number


def _non_negative(value: Any) -> Decimal:
    """Money, days, years: a Decimal that is zero or more."""
    number = _decimal(value)
    if number < 0:
        raise PydanticCustomError(NEGATIVE, "must not be negative")
    return number


def _money(value: Any) -> Decimal:
    """A CNY amount: zero or more, in fen at most (two decimals).

    A finer amount (21000.005) is not an amount anyone can pay; rounding it silently would
    decide a shortfall of less than a fen one way or the other, so it is refused.
    """
    number = _non_negative(value)
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2 and number != number.quantize(Decimal("0.01")):
        raise PydanticCustomError(NOT_A_NUMBER, "not an amount in CNY: at most 2 decimals (fen)")
    return number


def _count(value: Any) -> Decimal:
    """A whole number of things (headcount, months), zero or more, as a Decimal."""
    number = _non_negative(value)
    if number != number.to_integral_value():
        raise PydanticCustomError(NOT_WHOLE, "must be a whole number")
    return number


def _date(value: Any) -> date:
    """A calendar date: a ``date`` (not a datetime) or a ``YYYY-MM-DD`` string."""
    kind = type(value)
    if kind is date:
        return value  # type: ignore[no-any-return]
    if kind is str:
        m = _ISO_DATE.fullmatch(value)
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError as exc:
                raise PydanticCustomError(
                    BAD_DATE, "not a valid date: {reason}", {"reason": str(exc)}
                ) from None
    if kind is datetime:
        raise PydanticCustomError(
            NOT_A_DATE, "not a date: a time of day is not allowed (expected YYYY-MM-DD)"
        )
    raise PydanticCustomError(NOT_A_DATE, "not a date (expected YYYY-MM-DD)")


def _month(value: Any) -> date:
    """A calendar month written ``YYYY-MM``; the value is the first day of the month."""
    if type(value) is str:
        m = _ISO_MONTH.fullmatch(value)
        if m and 1 <= int(m[2]) <= 12:
            return date(int(m[1]), int(m[2]), 1)
    raise PydanticCustomError(NOT_A_MONTH, "not a month (expected YYYY-MM)")


Money = Annotated[Decimal, PlainValidator(_money)]
"""CNY amount: int, Decimal or decimal string; zero or more; at most 2 decimals; never a float."""

NonNegative = Annotated[Decimal, PlainValidator(_non_negative)]
"""Days or years: a Decimal, zero or more (fractions allowed)."""

Count = Annotated[Decimal, PlainValidator(_count)]
"""A whole number, zero or more, kept as Decimal so expressions see a number."""

IsoDate = Annotated[date, PlainValidator(_date)]
"""A date: ``date`` or strict ``YYYY-MM-DD``; datetimes, integers and other forms refused."""

Month = Annotated[date, PlainValidator(_month)]
"""A month ``YYYY-MM``, stored as its first day."""
