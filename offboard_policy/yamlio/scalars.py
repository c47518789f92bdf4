"""Plain-scalar resolution: YAML 1.1 as PyYAML's SafeLoader does it, floats exact as Decimal.

Differences from SafeLoader, each on purpose: floats are ``Decimal`` built from the text
(``21000.00`` stays ``Decimal("21000.00")``) and may be written with an exponent and no dot
(``1e3``, YAML 1.2 style); ``.inf`` and ``.nan`` are refused; a timestamp is a ``date`` and a
time of day is refused; a lone ``=`` is the string ``"="``. Booleans follow YAML 1.1 exactly
(``yes``/``no``/``on``/``off`` are booleans as values).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any


class ScalarValueError(ValueError):
    """A plain scalar that resolves to a type but is not an acceptable value of it."""


_NULL = frozenset(("", "~", "null", "Null", "NULL"))
_BOOL = {
    **dict.fromkeys(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
    **dict.fromkeys(("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
}
# Characters that can start a number or timestamp; anything else is a string (fast path).
_NUMERIC_START = frozenset("-+0123456789.")

_INT = re.compile(
    r"""[-+]?0b[0-1_]+
    |[-+]?0[0-7_]+
    |[-+]?(?:0|[1-9][0-9_]*)
    |[-+]?0x[0-9a-fA-F_]+
    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+""",
    re.X,
)
_FLOAT = re.compile(
    r"""[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+
    |[-+]?\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?
    |(?P<sexagesimal>[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*)""",
    re.X,
)
_SPECIAL_FLOAT = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_TIMESTAMP = re.compile(
    r"""[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}
    (?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?
    (?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?""",
    re.X,
)


def resolve_plain(text: str) -> Any:
    """The value of a plain (unquoted, untagged) scalar; raise ScalarValueError if refused."""
    if text in _NULL:
        return None
    b = _BOOL.get(text)
    if b is not None:
        return b
    if text[0] not in _NUMERIC_START:
        return text
    if _INT.fullmatch(text):
        return _to_int(text)
    m = _FLOAT.fullmatch(text)
    if m:
        return _to_decimal(text, sexagesimal=m.group("sexagesimal") is not None)
    m = _DATE.fullmatch(text)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError as exc:
            raise ScalarValueError(f"{text!r} is not a valid date: {exc}") from None
    if _TIMESTAMP.fullmatch(text):
        raise ScalarValueError(f"{text!r} has a time of day; write the date alone (YYYY-MM-DD)")
    if _SPECIAL_FLOAT.fullmatch(text):
        raise ScalarValueError(f"{text!r} is not a finite number (.inf and .nan are refused)")
    return text


def _to_int(text: str) -> int:
    """An integer in YAML 1.1 notation: 0b, 0x, leading-zero octal, sexagesimal, underscores."""
    value = text.replace("_", "")
    sign = -1 if value[0] == "-" else 1
    if value[0] in "+-":
        value = value[1:]
    try:
        if value == "0":
            return 0
        if value.startswith("0b"):
            return sign * int(value[2:], 2)
        if value.startswith("0x"):
            return sign * int(value[2:], 16)
        if value[0] == "0":
            return sign * int(value, 8)
        if ":" in value:
            total = 0
            for part in value.split(":"):
                total = total * 60 + int(part)
            return sign * total
        return sign * int(value)
    except ValueError:  # more digits than int() converts, or "0x" with no digits
        shown = text if len(text) <= 40 else f"{text[:20]}...({len(text)} characters)"
        raise ScalarValueError(f"integer {shown} cannot be read") from None


def _to_decimal(text: str, *, sexagesimal: bool) -> Decimal:
    """A Decimal with exactly the digits written (``1_000.50`` -> ``Decimal("1000.50")``)."""
    value = text.replace("_", "")
    try:
        if not sexagesimal:
            return Decimal(value)
        sign = -1 if value[0] == "-" else 1
        *whole, last = value.lstrip("+-").split(":")
        total = Decimal(0)
        for part in whole:
            total = total * 60 + int(part)
        return sign * (total * 60 + Decimal(last))
    except (InvalidOperation, ValueError) as exc:  # pragma: no cover - the regex admits only digits
        raise ScalarValueError(f"number {text[:40]!r} cannot be read") from exc
