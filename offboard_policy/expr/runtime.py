"""What compiled expressions call at run time: scope, runtime errors, Decimal and date helpers."""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Sequence
from datetime import MAXYEAR, MINYEAR, date, timedelta
from decimal import (
    ROUND_CEILING,
    ROUND_FLOOR,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)
from functools import lru_cache
from typing import Any, Final, Protocol

# -- the scope and runtime errors ---------------------------------------------------------------


class Scope(Protocol):
    """What an expression reads at run time; implemented by the engine."""

    def case_root(self, name: str) -> Any:
        """A section of the case (pydantic model, list or scalar)."""

    def value(self, name: str) -> Any:
        """A derived value (may raise MissingValue)."""

    def param(self, name: str) -> Any:
        """A parameter for the case's city and date (may raise MissingValue)."""


class MissingValue(Exception):
    """Data or a parameter an expression needs is absent; the rule becomes ``incomplete``."""

    def __init__(self, what: tuple[str, ...] | str, message: str | None = None) -> None:
        self.what: tuple[str, ...] = (what,) if isinstance(what, str) else tuple(what)
        self.message = message or "missing: " + ", ".join(self.what)
        super().__init__(self.message)


class EvaluationError(Exception):
    """An expression cannot be evaluated: division by zero, a date out of range, and so on."""

    def __init__(self, message: str, expression: str | None = None) -> None:
        self.message = message
        self.expression = expression
        super().__init__(f"{message} in `{expression}`" if expression else message)

    def within(self, expression: str) -> EvaluationError:
        """This error, naming ``expression`` unless an inner expression is named already."""
        return self if self.expression else EvaluationError(self.message, expression)


# -- numbers ------------------------------------------------------------------------------------

# All arithmetic goes through this context explicitly (CTX.add, CTX.divide, ...): 34 significant
# digits (IEEE decimal128), and errors instead of silent infinities or NaNs. The global decimal
# context is never touched, so other code in the process cannot change our results.
CTX: Final = Context(
    prec=34,
    rounding=ROUND_HALF_EVEN,
    Emin=-999_999,
    Emax=999_999,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)
ZERO: Final = Decimal(0)
ONE: Final = Decimal(1)
_SNAP: Final = Decimal("1e-10")  # round_money first snaps to 10 places (see round_money)
_CENT: Final = Decimal("0.01")


def to_number(value: Any, what: str) -> Decimal | None:
    """A case or parameter value read as a number: ints become Decimal; bool/float are refused."""
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    raise EvaluationError(f"{what} should be a number, not {type(value).__name__} {value!r}")


def integral(x: Decimal, what: str) -> int:
    """``x`` as an int, or EvaluationError when it has a fraction (a day count like 1.5)."""
    if x != x.to_integral_value():
        raise EvaluationError(f"{what} must be a whole number, got {x}")
    return int(x)


def _quantize(x: Decimal, exp: Decimal, rounding: str) -> Decimal:
    try:
        return x.quantize(exp, rounding=rounding, context=CTX)
    except InvalidOperation:
        raise EvaluationError(f"{x} is too large to round to {exp}") from None


def round_money(x: Decimal) -> Decimal:
    """Half-up to 0.01 (one fen), after snapping to 10 places half-even.

    The snap first: 1 / 3 * 3 is 0.999…9 (34 digits) in exact decimal arithmetic and a
    quotient meant to be exactly half a fen comes out as 0.004999…9; snapping to 1e-10 turns
    both into what the law means (1.00 and 0.01) before the half-up rounding.
    """
    return _quantize(_quantize(x, _SNAP, ROUND_HALF_EVEN), _CENT, ROUND_HALF_UP)


def round_places(x: Decimal, places: Decimal) -> Decimal:
    """Half-up to ``places`` decimals (0..10, checked at load time)."""
    return _quantize(x, ONE.scaleb(-int(places)), ROUND_HALF_UP)


def floor(x: Decimal) -> Decimal:
    """The largest integer not above ``x``."""
    return x.to_integral_value(rounding=ROUND_FLOOR, context=CTX)


def ceil(x: Decimal) -> Decimal:
    """The smallest integer not below ``x``."""
    return x.to_integral_value(rounding=ROUND_CEILING, context=CTX)


def absolute(x: Decimal) -> Decimal:
    """``|x|``."""
    return CTX.abs(x)


# -- dates --------------------------------------------------------------------------------------


# Month arithmetic is written out rather than done with dateutil.relativedelta (10 µs a call in
# pure Python, several calls per case); test_month_arithmetic.py checks it against dateutil.


def _plus_months(d: date, months: int) -> date:
    """``d`` plus ``months`` months, clamped to the month's end (relativedelta's rule)."""
    years, month0 = divmod(d.month - 1 + months, 12)
    year = d.year + years
    if not MINYEAR <= year <= MAXYEAR:
        raise ValueError(f"year {year} is out of range")
    month = month0 + 1
    last = 31 if month in _LONG_MONTHS else calendar.monthrange(year, month)[1]
    return d.replace(year=year, month=month, day=min(d.day, last))


_LONG_MONTHS: Final = frozenset({1, 3, 5, 7, 8, 10, 12})


def _months_apart(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end``, as ``relativedelta(end, start)`` counts them
    (negative when ``end`` is earlier); its years are this // 12 towards zero."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end < start:
        while end > _plus_months(start, months):
            months += 1
    else:
        while end < _plus_months(start, months):
            months -= 1
    return months


def _shift(d: date, months: int, what: str) -> date:
    try:
        return _plus_months(d, months)
    except (OverflowError, ValueError):
        raise EvaluationError(f"{what}: the result is outside the supported dates") from None


def add_days(d: date, n: Decimal) -> date:
    """``d`` plus ``n`` days (``n`` a whole number, may be negative)."""
    try:
        return d + timedelta(days=integral(n, "add_days: the number of days"))
    except OverflowError:
        raise EvaluationError("add_days: the result is outside the supported dates") from None


def add_months(d: date, n: Decimal) -> date:
    """``d`` plus ``n`` months; past the new month's end clamps to it (Jan 31 + 1 = Feb 29)."""
    return _shift(d, integral(n, "add_months: the number of months"), "add_months")


def add_years(d: date, n: Decimal) -> date:
    """``d`` plus ``n`` years; Feb 29 clamps to Feb 28 in a common year."""
    years = integral(n, "add_years: the number of years")
    if abs(years) > MAXYEAR:  # years * 12 would still be exact, but no date is that far
        raise EvaluationError("add_years: the result is outside the supported dates")
    return _shift(d, years * 12, "add_years")


def full_years(start: date, end: date) -> Decimal:
    """Completed years from ``start`` to ``end`` (exclusive), by anniversary (dateutil)."""
    months = _months_apart(start, end)
    return Decimal(months // 12 if months >= 0 else -(-months // 12))


def months_between(start: date, end: date) -> Decimal:
    """Completed months from ``start`` to ``end`` (exclusive): 2026-03-01 → 2026-09-01 is 6."""
    return Decimal(_months_apart(start, end))


def days_between(start: date, end: date) -> Decimal:
    """``end - start`` in days (may be negative)."""
    return Decimal((end - start).days)


def make_date(*args: Any) -> date:
    """``date("YYYY-MM-DD")`` or ``date(y, m, d)``."""
    try:
        if len(args) == 1:
            return date.fromisoformat(args[0])
        y, m, d = (integral(a, "date: year, month and day") for a in args)
        return date(y, m, d)
    except (ValueError, OverflowError) as exc:
        raise EvaluationError(f"date: not a valid date ({exc})") from None


def month_start(d: date) -> date:
    """The first day of ``d``'s month."""
    return d.replace(day=1)


def month_end(d: date) -> date:
    """The last day of ``d``'s month."""
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def year_start(d: date) -> date:
    """January 1 of ``d``'s year."""
    return d.replace(month=1, day=1)


def year_end(d: date) -> date:
    """December 31 of ``d``'s year."""
    return d.replace(month=12, day=31)


# -- PRC working days ---------------------------------------------------------------------------


# chinese_calendar is imported on first use: loading its tables costs ~10 ms at start-up, and
# most runs (a policy without working-day deadlines, lint, diff) never need it.


@lru_cache(maxsize=1)
def calendar_years() -> tuple[int, int] | None:
    """(first, last) year of PRC statutory holiday data, e.g. (2004, 2026).

    chinese-calendar refuses dates outside them. Also readable as ``CALENDAR_YEARS``.
    """
    try:
        from chinese_calendar.constants import holidays
    except ImportError:  # pragma: no cover - layout of a future version; is_workday still says
        return None
    years = [d.year for d in holidays]
    return min(years), max(years)


def __getattr__(name: str) -> Any:
    """``CALENDAR_YEARS``: the module constant it used to be, computed on first access."""
    if name == "CALENDAR_YEARS":
        return calendar_years()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _outside_calendar(d: date) -> EvaluationError:
    first, last = calendar_years() or ("?", "?")
    return EvaluationError(
        f"{d} is outside the PRC working-day calendar (chinese-calendar covers {first}-{last}; "
        "upgrade the chinese-calendar package for later years)"
    )


@lru_cache(maxsize=8192)
def is_workday(d: date) -> bool:
    """Whether ``d`` is a PRC working day (holidays and adjusted weekends included)."""
    years = calendar_years()
    if years is not None and not years[0] <= d.year <= years[1]:
        raise _outside_calendar(d)
    import chinese_calendar  # lazily, see above; after the first call a dict lookup

    try:
        return bool(chinese_calendar.is_workday(d))
    except NotImplementedError:
        raise _outside_calendar(d) from None


def calendar_covers(d: date) -> bool:
    """Whether the PRC working-day calendar has holiday data for ``d``'s year.

    Rules use it to fall back to a stated, conservative reading (e.g. an unextended
    deadline) instead of becoming incomplete when the package has no data for a year yet.
    """
    years = calendar_years()
    return years is None or years[0] <= d.year <= years[1]


def workdays_between(start: date, end: date) -> Decimal:
    """Working days in ``[start, end)``; negative when ``end`` is before ``start``."""
    lo, hi, sign = (start, end, 1) if start <= end else (end, start, -1)
    count = sum(1 for i in range((hi - lo).days) if is_workday(lo + timedelta(days=i)))
    return Decimal(sign * count)


def add_workdays(d: date, n: Decimal) -> date:
    """The ``n``-th working day after ``d`` (before it when ``n`` < 0); ``d`` itself if 0."""
    remaining = integral(n, "add_workdays: the number of working days")
    step = timedelta(days=1 if remaining > 0 else -1)
    remaining = abs(remaining)
    try:
        while remaining:
            d += step
            remaining -= is_workday(d)
    except OverflowError:
        raise EvaluationError("add_workdays: the result is outside the supported dates") from None
    return d


# -- aggregates (called with the values of a list or a generator expression) --------------------


def any_of(values: Iterable[Any], what: str) -> bool:
    """True if any value is true."""
    return any(values)


def all_of(values: Iterable[Any], what: str) -> bool:
    """True if every value is true (also for none)."""
    return all(values)


def sum_of(values: Iterable[Any], what: str) -> Decimal:
    """The exact sum; 0 for no values."""
    total = ZERO
    add = CTX.add
    for v in values:
        total = add(total, v)
    return total


def count_of(values: Iterable[Any], what: str) -> Decimal:
    """How many values there are."""
    if isinstance(values, Sequence):
        return Decimal(len(values))
    return Decimal(sum(1 for _ in values))


_EMPTY: Final = object()


def _extreme(pick: Callable[..., Any], values: Iterable[Any], what: str) -> Any:
    result = pick(values, default=_EMPTY)
    if result is _EMPTY:  # the data needed to decide is not there
        raise MissingValue((what,), f"{what}: no values")
    return Decimal(result) if isinstance(result, int) and not isinstance(result, bool) else result


def min_of(values: Iterable[Any], what: str) -> Any:
    """The smallest value; MissingValue naming ``what`` when there are none."""
    return _extreme(min, values, what)


def max_of(values: Iterable[Any], what: str) -> Any:
    """The largest value; MissingValue naming ``what`` when there are none."""
    return _extreme(max, values, what)


def length(values: Sequence[Any]) -> Decimal:
    """The number of items of a list."""
    return Decimal(len(values))


def coalesce(scope: Scope, args: Sequence[Callable[[Scope], Any]]) -> Any:
    """The first argument that is not none; later arguments are not evaluated."""
    for arg in args:
        value = arg(scope)
        if value is not None:
            return value
    return None


def missing(what: str) -> Any:
    """No value: whatever needs this is incomplete, naming ``what``."""
    raise MissingValue((what,))
