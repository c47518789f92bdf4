"""Input conversion for the baseline: a raw contract dict -> the parsed form it reads."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMBERS = frozenset({
    "gross", "overtime", "cumulative_work_years", "taken_days_this_year", "headcount",
    "workforce", "items", "duration_months", "monthly_compensation", "economic_compensation",
    "notice_pay_in_lieu", "annual_leave_payout", "final_wages", "non_compete_compensation",
    "amount",
})


def prepare(raw: Any, key: str = "") -> Any:
    """A raw contract dict (ISO strings, decimal strings) -> the parsed form the baseline reads.

    ISO dates become ``date``; numbers under known money/count keys become ``Decimal``; wage
    months stay ``"YYYY-MM"`` strings. Any other value is copied as is.
    """
    if isinstance(raw, dict):
        return {k: prepare(v, k) for k, v in raw.items()}
    if isinstance(raw, list):
        return [prepare(v, key) for v in raw]
    if isinstance(raw, str):
        if _ISO_DATE.fullmatch(raw):
            return date.fromisoformat(raw)
        if key in _NUMBERS:
            return Decimal(raw)
        return raw
    if key in _NUMBERS and isinstance(raw, int) and not isinstance(raw, bool):
        return Decimal(raw)
    return raw
