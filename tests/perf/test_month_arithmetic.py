"""runtime.py's month arithmetic agrees with dateutil.relativedelta, which it replaced for speed."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta

from offboard_policy.expr import EvaluationError
from offboard_policy.expr.runtime import add_months, add_years, full_years, months_between

_EDGES = [date(2024, 2, 29), date(2023, 2, 28), date(2024, 1, 31), date(2025, 3, 31),
          date(2024, 12, 31), date(2025, 1, 1), date(2000, 2, 29), date(1900, 2, 28),
          date(1, 1, 1), date(9999, 12, 31), date(2008, 1, 1), date(2026, 8, 31)]


def _dates(count: int) -> list[date]:
    rng = random.Random(6)
    out = list(_EDGES)
    while len(out) < count:
        base = date(rng.randint(1950, 2060), rng.randint(1, 12), 1)
        out.append(base + timedelta(days=rng.choice((0, 27, 28, 29, 30, rng.randint(0, 30)))))
    return out


def test_spans_match_relativedelta() -> None:
    dates = _dates(300)
    rng = random.Random(7)
    pairs = [(a, b) for a in dates[:40] for b in dates[:40]]
    pairs += [(rng.choice(dates), rng.choice(dates)) for _ in range(20_000)]
    pairs += [(d, d + timedelta(days=k)) for d in dates[:60] for k in (-366, -365, -31, -1, 1,
                                                                         27, 28, 29, 30, 31, 365)
              if date.min + timedelta(days=400) < d < date.max - timedelta(days=400)]
    for start, end in pairs:
        delta = relativedelta(end, start)
        assert full_years(start, end) == Decimal(delta.years), (start, end)
        assert months_between(start, end) == Decimal(delta.years * 12 + delta.months), (start, end)


@pytest.mark.parametrize("n", [-1300, -25, -12, -1, 0, 1, 11, 12, 13, 59, 1200])
def test_shifts_match_relativedelta(n: int) -> None:
    for d in _dates(200):
        for ours, theirs in ((add_months, relativedelta(months=n)),
                             (add_years, relativedelta(years=n))):
            try:
                expected: date | None = d + theirs
            except (OverflowError, ValueError):
                expected = None
            if expected is None:
                with pytest.raises(EvaluationError, match="outside the supported dates"):
                    ours(d, Decimal(n))
            else:
                assert ours(d, Decimal(n)) == expected, (ours.__name__, d, n)


def test_far_shifts_are_evaluation_errors() -> None:
    for n in (10**6, -(10**6), 10**30):
        with pytest.raises(EvaluationError, match="outside the supported dates"):
            add_years(date(2026, 1, 1), Decimal(n))
        with pytest.raises(EvaluationError, match="outside the supported dates"):
            add_months(date(2026, 1, 1), Decimal(n))
