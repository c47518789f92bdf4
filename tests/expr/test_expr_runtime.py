"""Run-time behaviour: missing values name the field, errors name the expression, exact numbers."""

from __future__ import annotations

import decimal
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from exprkit import FakeScope, compiled, ev, make_case, ns

from offboard_policy.expr import CTX, EvaluationError, MissingValue, round_money
from offboard_policy.expr.runtime import CALENDAR_YEARS
from offboard_policy.expr.types import BOOL

D = Decimal


def missing(source: str, scope: FakeScope | None = None, **kw: Any) -> tuple[str, ...]:
    with pytest.raises(MissingValue) as info:
        ev(source, scope, **kw)
    return info.value.what


def evaluation_error(source: str, scope: FakeScope | None = None) -> EvaluationError:
    with pytest.raises(EvaluationError) as info:
        ev(source, scope)
    return info.value


@pytest.mark.parametrize(
    ("source", "what"),
    [
        # where a value is needed, none is a missing value naming the field
        ("employee.contract.end < termination.termination_date", "employee.contract.end"),
        (
            "days_between(termination.termination_date, employee.contract.end)",
            "employee.contract.end",
        ),
        ("add_days(employee.contract.end, 1)", "employee.contract.end"),
        ("maybe_bonus + 1", "maybe_bonus"),
        ("-maybe_bonus", "maybe_bonus"),
        ("employee.manager_approved and true", "employee.manager_approved"),
        ("true and employee.manager_approved", "employee.manager_approved"),
        ("not employee.manager_approved", "employee.manager_approved"),
        ("1 if employee.manager_approved else 2", "employee.manager_approved"),
        ("(1 if false else none) + 1", "1 if false else none"),
        (
            "coalesce(employee.contract.end, none) < termination.termination_date",
            "coalesce(employee.contract.end, none)",
        ),
        # through a none record: the record is what is missing
        ("termination.layoff.headcount > 10", "termination.layoff"),
        ("termination.layoff.headcount is none", "termination.layoff"),
        # items of lists
        ("sum(w.overtime for w in employee.wages.monthly)", "employee.wages.monthly[].overtime"),
        ("max(a.returned_on for a in steps.assets)", "steps.assets[].returned_on"),
        ("min(x for x in employee.bonuses if x > 100)", "employee.bonuses"),
        ("max(x for x in [1] if x > 1)", "max(x for x in [1] if x > 1)"),  # no field: the call
        ("min([])", "[]"),
        # explicit and parameters
        ("missing('wage history')", "wage history"),
        ("1 + missing('wage history')", "wage history"),
        ("coalesce(employee.contract.end, missing('contract end'))", "contract end"),
    ],
)
def test_missing_value_names_what_is_missing(source: str, what: str) -> None:
    assert missing(source) == (what,)


def test_missing_list_item() -> None:
    case = make_case()
    case["employee"].bonuses = [D(1), None]
    assert missing("sum(employee.bonuses)", FakeScope(case)) == ("employee.bonuses[]",)


def test_missing_parameter_propagates() -> None:
    scope = FakeScope(params={})
    assert missing("params.probation_days * 2", scope) == ("params.probation_days",)


def test_condition_expected_bool_makes_none_missing() -> None:
    expr = compiled("employee.manager_approved", expected=BOOL)
    with pytest.raises(MissingValue) as info:
        expr.fn(FakeScope())
    assert info.value.what == ("employee.manager_approved",)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # ==, !=, in and is compare none without making anything missing
        ("employee.contract.end == termination.termination_date", False),
        ("employee.contract.end != termination.termination_date", True),
        ("employee.contract.end == none", True),
        ("employee.contract.end in [none]", True),
        ("maybe_bonus in [1, 2]", False),
        ("employee.contract.end is none", True),
        ("coalesce(employee.contract.end, none)", None),
        ("employee.manager_approved", None),
        ("true or employee.manager_approved", True),  # short-circuit
    ],
)
def test_none_is_a_value_for_equality(source: str, expected: Any) -> None:
    assert ev(source) == expected


def test_missing_value_message_and_what() -> None:
    err = MissingValue(("params.x",), "params.x: no value for city 'shenzhen'")
    assert err.what == ("params.x",)
    assert str(err) == "params.x: no value for city 'shenzhen'"
    assert str(MissingValue("a")) == "missing: a"


# -- evaluation errors --------------------------------------------------------------------------


def test_division_by_zero_names_the_expression() -> None:
    err = evaluation_error("service_months / (service_months - 126)")
    assert err.message == "division by zero"
    assert err.expression == "service_months / (service_months - 126)"
    assert str(err) == "division by zero in `service_months / (service_months - 126)`"


def test_literal_division_by_zero_fails_at_run_time_not_load_time() -> None:
    expr = compiled("1 / 0")
    with pytest.raises(EvaluationError, match="division by zero"):
        expr.fn(FakeScope())
    with pytest.raises(EvaluationError, match="division by zero"):
        ev("0 / (1 - 1)")
    with pytest.raises(EvaluationError, match="division by zero"):
        ev("service_months / 0")


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("add_days(employee.hire_date, 1.5)", "whole number"),
        ("add_months(employee.hire_date, 0.5)", "whole number"),
        ("add_days(date('9999-12-31'), 1)", "outside the supported dates"),
        ("add_months(date('9999-12-31'), 1)", "outside the supported dates"),
        ("add_years(date('0001-01-01'), -1)", "outside the supported dates"),
        ("date(2026, 2, 30)", "not a valid date"),
        ("date(2026, 2.5, 1)", "whole number"),
        ("round_money(999999999999999999999999999999 * 1000000)", "too large"),
        ("workdays_between(date('2003-12-01'), date('2004-01-10'))", "outside the PRC working-day"),
        ("add_workdays(date('2026-12-30'), 5)", "outside the PRC working-day"),
    ],
)
def test_evaluation_errors(source: str, words: str) -> None:
    err = evaluation_error(source)
    assert words in err.message
    assert err.expression  # names the call it came from


def test_calendar_error_names_the_range() -> None:
    assert CALENDAR_YEARS is not None
    first, last = CALENDAR_YEARS
    err = evaluation_error(f"workdays_between(date('{last + 1}-01-01'), date('{last + 1}-02-01'))")
    assert f"{first}-{last}" in err.message


def test_case_numbers_must_be_numbers() -> None:
    case = make_case()
    case["employee"].wages.monthly[0].gross = True  # a bool is never a number
    with pytest.raises(EvaluationError, match="should be a number"):
        ev("sum(w.gross for w in employee.wages.monthly)", FakeScope(case))
    case["employee"].wages.monthly[0].gross = 0.1  # floats never reach the arithmetic
    with pytest.raises(EvaluationError, match="should be a number"):
        ev("sum(w.gross for w in employee.wages.monthly)", FakeScope(case))


# -- numbers ------------------------------------------------------------------------------------


def test_global_decimal_context_is_neither_used_nor_changed() -> None:
    before = decimal.getcontext().copy()
    with decimal.localcontext() as ctx:
        ctx.prec = 5
        ctx.rounding = decimal.ROUND_DOWN
        assert ev("2 / 3") == D("0.6666666666666666666666666666666667")  # 34 digits, half-even
        assert ev("round_money(2.675)") == D("2.68")
    after = decimal.getcontext()
    assert (after.prec, after.rounding) == (before.prec, before.rounding)


@pytest.mark.parametrize(
    ("amount", "rounded"),
    [
        ("0.005", "0.01"),
        ("0.004999999", "0.00"),  # 9 places: really below half a fen
        ("0.0049999999999", "0.01"),  # beyond 10 places: the snap makes it half a fen
        ("47103.255", "47103.26"),
        ("-2.675", "-2.68"),
        ("12", "12.00"),
    ],
)
def test_round_money(amount: str, rounded: str) -> None:
    assert round_money(D(amount)) == D(rounded)
    assert str(round_money(D(amount))) == rounded


def test_compensation_amount_by_hand() -> None:
    # A monthly base capped at 3 x the average wage 11937.25 = 35811.75; 10.5 months of it:
    # 35811.75 * 10.5 = 376023.375 -> 376023.38 (the half fen rounds up).
    scope = FakeScope()
    assert ev(
        "round_money(min(params.average_wage * params.cap_multiplier, 40000) * "
        "service_months / 12)",
        scope,
    ) == D("376023.38")


def test_context_is_prec_34() -> None:
    assert CTX.prec == 34
    assert ev("1 / 7") == D("0.1428571428571428571428571428571429")  # 34 significant digits


# -- scopes -------------------------------------------------------------------------------------


def test_nested_generators_read_the_outer_loop_variable() -> None:
    # (was a test of runtime.Frame's slots; loop variables are now locals of generated code)
    # wages 21000 and 36000.50: pairs (w, v) with v.gross >= w.gross are (21000, 21000),
    # (21000, 36000.50) and (36000.50, 36000.50): 3; each month matches its own month once.
    xs = "employee.wages.monthly"
    assert ev(f"sum(count(v for v in {xs} if v.gross >= w.gross) for w in {xs})") == D(3)
    assert ev(f"all(count(v for v in {xs} if v.month == w.month) == 1 for w in {xs})") is True


def test_pydantic_like_records() -> None:
    roots = make_case()
    roots["termination"].layoff = ns(headcount=25, workforce=200)
    assert ev("termination.layoff.headcount / termination.layoff.workforce", FakeScope(roots)) == D(
        "0.125"
    )
    assert ev("termination.layoff.headcount > 20", FakeScope(roots)) is True
    assert ev("termination.termination_date", FakeScope(roots)) == date(2026, 9, 30)
