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
    """Compact JSON with sorted keys; Decimals as normalised numbers, dates as ISO strings."""
    parts: list[str] = []
    _write(value, parts)
    return "".join(parts)


def _write(value: Any, out: list[str]) -> None:
    if isinstance(value, dict):
        out.append("{")
        for i, key in enumerate(sorted(value, key=str)):
            if i:
                out.append(",")
            out.append(json.dumps(str(key), ensure_ascii=False))
            out.append(":")
            _write(value[key], out)
        out.append("}")
    elif isinstance(value, list | tuple):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _write(item, out)
        out.append("]")
    elif isinstance(value, bool) or value is None:
        out.append(json.dumps(value))
    elif isinstance(value, Decimal | int):
        out.append(_number(Decimal(value)))
    elif isinstance(value, date):
        out.append(json.dumps(value.isoformat()))
    else:
        out.append(json.dumps(str(value), ensure_ascii=False))


def _number(value: Decimal) -> str:
    """Shortest exact decimal text: 21000.00 -> 21000, 0.50 -> 0.5, -0 -> 0."""
    if value == 0:
        return "0"
    return format(value.normalize(), "f")
