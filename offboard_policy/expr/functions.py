"""The function table: every function an expression may call, its type rule and implementation."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

from offboard_policy import codes

from . import runtime as rt
from .types import (
    BOOL,
    DATE,
    NEVER,
    NUMBER,
    ListType,
    Type,
    is_assignable,
    join,
    strip_null,
)


@dataclass(frozen=True)
class GeneratorType(Type):
    """The type of a generator expression argument (``w.gross for w in ...``): its items."""

    item: Type

    def describe(self) -> str:
        return f"generator of {self.item.describe()}"


class ArgError(Exception):
    """A type rule refusing the arguments; the checker adds the position and the function name."""

    def __init__(self, message: str, index: int | None = None,
                 code: str = codes.TYPE_MISMATCH) -> None:
        super().__init__(message)
        self.message, self.index, self.code = message, index, code


Rule = Callable[[Sequence[Type], Sequence[ast.expr]], Type]
"""(argument types, argument nodes) -> result type, or ArgError. Arguments arrive without
``or none`` (the checker makes a none argument a missing value), except for lazy functions."""


@dataclass(frozen=True)
class Function:
    """One entry of the table."""

    rule: Rule  # checks the arguments at load time and gives the result type
    impl: Callable[..., Any] | None  # called with the argument values (lazy: scope, closures)
    over: Callable[[Iterable[Any], str], Any] | None = None  # one list/generator argument
    elements: bool = True  # False: the generator's element is not evaluated (count)
    lazy: bool = False  # evaluates its own arguments, so that later ones may be skipped
    pure: bool = True  # may be computed at load time when every argument is a literal


# -- type rules ---------------------------------------------------------------------------------


def _arity(types: Sequence[Type], n: int) -> None:
    if len(types) != n:
        raise ArgError(f"takes {n} argument{'s' * (n != 1)}, got {len(types)}")


def fixed(*params: Type, result: Type) -> Rule:
    """Exactly these argument types."""

    def rule(types: Sequence[Type], nodes: Sequence[ast.expr]) -> Type:
        _arity(types, len(params))
        for i, (got, want) in enumerate(zip(types, params, strict=True)):
            if not is_assignable(got, want):
                raise ArgError(f"argument {i + 1} must be a {want}, not a {got}", i)
        return result

    return rule


def _items(t: Type) -> Type | None:
    """The item type of a list or generator argument (None: neither)."""
    if isinstance(t, ListType | GeneratorType):
        return strip_null(t.item)  # a none item is a missing value (see compile.py)
    return NEVER if t == NEVER else None


def aggregate(item: Type | None, result: Type) -> Rule:
    """One list or generator argument with items of type ``item`` (None: any items)."""

    def rule(types: Sequence[Type], nodes: Sequence[ast.expr]) -> Type:
        _arity(types, 1)
        got = _items(types[0])
        if got is None:
            raise ArgError(f"takes a list or a generator expression, not a {types[0]}", 0)
        if item is not None and not is_assignable(got, item):
            raise ArgError(f"needs {item} items, not {got}", 0)
        return result

    return rule


def _extreme(types: Sequence[Type], nodes: Sequence[ast.expr]) -> Type:
    if not types:
        raise ArgError("takes two or more values, or one list or generator expression")
    if len(types) == 1:
        item = _items(types[0])
        if item is None:
            raise ArgError("takes two or more values, or one list or generator expression", 0)
        candidates: Sequence[Type] = (item,)
    else:
        candidates = types
    for kind in (NUMBER, DATE):
        if all(is_assignable(t, kind) for t in candidates):
            return kind
    raise ArgError(f"compares numbers or dates, not {', '.join(map(str, candidates))}")


def _round(types: Sequence[Type], nodes: Sequence[ast.expr]) -> Type:
    fixed(NUMBER, NUMBER, result=NUMBER)(types, nodes)
    places = nodes[1]
    if not (
        isinstance(places, ast.Constant)
        and isinstance(places.value, Decimal)
        and places.value == places.value.to_integral_value()
        and 0 <= places.value <= 10
    ):
        raise ArgError("places must be an integer literal from 0 to 10", 1, codes.EXPR_BAD_LITERAL)
    return NUMBER


_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(types: Sequence[Type], nodes: Sequence[ast.expr]) -> Type:
    if len(types) == 3:
        return fixed(NUMBER, NUMBER, NUMBER, result=DATE)(types, nodes)
    _arity(types, 1)
    text = nodes[0]
    if not (isinstance(text, ast.Constant) and isinstance(text.value, str)):
        raise ArgError('takes a literal "YYYY-MM-DD" or (year, month, day)', 0,
            codes.EXPR_BAD_LITERAL)
    try:
        if not _ISO_DATE.fullmatch(text.value):
            raise ValueError(text.value)
        date.fromisoformat(text.value)
    except ValueError:
        raise ArgError(
            f'"{text.value}" is not a date written YYYY-MM-DD', 0, codes.EXPR_BAD_LITERAL
        ) from None
    return DATE


def _len(types: Sequence[Type], nodes: Sequence[ast.expr]) -> Type:
    _arity(types, 1)
    if not isinstance(types[0], ListType) and types[0] != NEVER:
        raise ArgError(f"takes a list, not a {types[0]}", 0)
    return NUMBER


def _coalesce(types: Sequence[Type], nodes: Sequence[ast.expr]) -> Type:
    if len(types) < 2:
        raise ArgError("takes two or more arguments")
    # Arguments before the last are skipped when none, so only the last one's none survives.
    result: Type | None = types[-1]
    for t in reversed(types[:-1]):
        result = join(strip_null(t), result) if result is not None else None
    if result is None:
        raise ArgError(f"arguments of different types: {', '.join(map(str, types))}")
    return result


def _known(types: Sequence[Type], nodes: Sequence[ast.expr]) -> Type:
    _arity(types, 1)
    return BOOL


def _missing(types: Sequence[Type], nodes: Sequence[ast.expr]) -> Type:
    _arity(types, 1)
    if not (isinstance(nodes[0], ast.Constant) and isinstance(nodes[0].value, str)):
        raise ArgError('takes a string literal naming what is missing: missing("...")', 0)
    return NEVER


_DATE_TO_DATE: Final = fixed(DATE, result=DATE)
_DATE_TO_NUMBER: Final = fixed(DATE, result=NUMBER)
_DATES_TO_NUMBER: Final = fixed(DATE, DATE, result=NUMBER)
_SHIFT_DATE: Final = fixed(DATE, NUMBER, result=DATE)
_NUMBER_TO_NUMBER: Final = fixed(NUMBER, result=NUMBER)

# -- the table ----------------------------------------------------------------------------------

FUNCTIONS: Final[Mapping[str, Function]] = MappingProxyType(
    {
        # numbers (Decimal in, Decimal out; rounding is explicit, see runtime.py)
        "abs": Function(_NUMBER_TO_NUMBER, rt.absolute),
        "round_money": Function(_NUMBER_TO_NUMBER, rt.round_money),  # half-up to 0.01
        "round": Function(_round, rt.round_places),  # half-up to a literal 0..10 places
        "floor": Function(_NUMBER_TO_NUMBER, rt.floor),
        "ceil": Function(_NUMBER_TO_NUMBER, rt.ceil),
        "min": Function(_extreme, min, over=rt.min_of),  # empty list/generator: missing
        "max": Function(_extreme, max, over=rt.max_of),
        # dates (end is exclusive in the *_between functions)
        "full_years": Function(_DATES_TO_NUMBER, rt.full_years),
        "months_between": Function(_DATES_TO_NUMBER, rt.months_between),
        "days_between": Function(_DATES_TO_NUMBER, rt.days_between),
        "add_days": Function(_SHIFT_DATE, rt.add_days),
        "add_months": Function(_SHIFT_DATE, rt.add_months),  # clamps to the month end
        "add_years": Function(_SHIFT_DATE, rt.add_years),
        "date": Function(_date, rt.make_date),  # a literal: checked at load time
        "month_start": Function(_DATE_TO_DATE, rt.month_start),
        "month_end": Function(_DATE_TO_DATE, rt.month_end),
        "year_start": Function(_DATE_TO_DATE, rt.year_start),
        "year_end": Function(_DATE_TO_DATE, rt.year_end),
        "year": Function(_DATE_TO_NUMBER, lambda d: Decimal(d.year)),
        "month": Function(_DATE_TO_NUMBER, lambda d: Decimal(d.month)),
        "day": Function(_DATE_TO_NUMBER, lambda d: Decimal(d.day)),
        "workdays_between": Function(_DATES_TO_NUMBER, rt.workdays_between),  # PRC calendar
        "add_workdays": Function(_SHIFT_DATE, rt.add_workdays),
        "calendar_covers": Function(fixed(DATE, result=BOOL), rt.calendar_covers),
        # lists and generator expressions
        "len": Function(_len, rt.length),
        "any": Function(aggregate(BOOL, BOOL), None, over=rt.any_of),
        "all": Function(aggregate(BOOL, BOOL), None, over=rt.all_of),
        "sum": Function(aggregate(NUMBER, NUMBER), None, over=rt.sum_of),  # empty: 0
        "count": Function(aggregate(None, NUMBER), None, over=rt.count_of, elements=False),
        # absent values
        "coalesce": Function(_coalesce, rt.coalesce, lazy=True),  # first that is not none
        "missing": Function(_missing, rt.missing, pure=False),  # makes the rule incomplete
        "known": Function(_known, None, lazy=True, pure=False),  # has a value: never missing
    }
)
"""Name -> function. Nothing else can be called; calls are by bare name only (parse.py)."""
