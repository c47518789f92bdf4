"""A stable fingerprint of a case: SHA-256 over a canonical JSON form of the validated model."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from decimal import Decimal
from typing import Any

from .model import Case


def case_digest(case: Case) -> str:
    """``sha256:<hex>`` of the case with defaults filled in, keys sorted, numbers normalised.

    Two files that mean the same case (``21000.00`` vs ``"21000"``, a default written out or
    left out, keys in another order) have the same digest.
    """
    text = canonical_json(case.model_dump(mode="python"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical_json(value: Any) -> str:
    """Compact JSON with sorted keys; Decimals as normalised decimal strings, dates as ISO.

    Decimals are written as strings (``"21000"``) so that the C encoder does all the work; the
    case schema fixes each field's type, so a number and a string never compete for one field.
    """
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=_default)


def _default(value: Any) -> str:
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not serialisable in a case digest: {type(value).__name__}")


def _number(value: Decimal) -> str:
    """Shortest exact decimal text: 21000.00 -> 21000, 0.50 -> 0.5, -0 -> 0."""
    if value == 0:
        return "0"
    return format(value.normalize(), "f")
