"""Every allowed expression form evaluates to the right value against a fake case."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, cast

import pytest
from exprkit import ENV, FakeScope, compiled, ev, make_case, ns

from offboard_policy.errors import SourcePos
from offboard_policy.expr import (
    ScalarOrigin,
    Scope,
    TypeEnv,
    compile_parsed,
    parse_expression,
)
from offboard_policy.expr.types import BOOL, DATE, NUMBER, ListType, RecordType

D = Decimal
NO_SCOPE = cast(Scope, None)  # for expressions folded to a constant

FORMS: list[tuple[str, Any]] = [
    # literals
    ("42", D(42)),
    ("0.30", D("0.30")),
    ("1_000.5", D("1000.5")),
    ("-7", D(-7)),
    ("'text'", "text"),
    ('"双引号"', "双引号"),
    ("true", True),
    ("false", False),
    ("none", None),
    ("True", True),
    ("False", False),
    ("None", None),
    ("[1, 2, -3]", [D(1), D(2), D(-3)]),
    ('["a", "b"]', ["a", "b"]),
    ("[]", []),
    # arithmetic (exact)
    ("1 + 2 * 3", D(7)),
    ("(1 + 2) * 3", D(9)),
    ("10 - 2 - 3", D(5)),
    ("7 / 2", D("3.5")),
    ("-(2 - 5)", D(3)),
    ("0.1 + 0.2", D("0.3")),
    ("params.average_wage * params.cap_multiplier", D("35811.75")),
    ("service_months / 12", D("10.5")),
    # comparisons, chained too
    ("1 < 2", True),
    ("2 <= 2 < 3", True),
    ("3 > 2 > 2", False),
    ("1 == 1.0", True),
    ("1 != 2", True),
    ("date('2026-01-01') < date('2026-01-02')", True),
    ("'a' == 'a'", True),
    ("termination.ground == 'layoff'", True),
    ("termination.ground != 'resignation'", True),
    ("termination.ground in ['layoff', 'resignation']", True),
    ("termination.ground not in ['layoff']", False),
    ("'pregnancy' in employee.protected_statuses", True),
    ("2 in [1, 2, 3]", True),
    ("2.0 in [1, 2, 3]", True),
    ("termination.layoff is none", True),
    ("termination.layoff is not none", False),
    ("termination.notice_date is not None", True),
    ("employee.contract.end == none", True),
    ("employee.contract.end != termination.termination_date", True),
    # booleans and conditionals
    ("true and false", False),
    ("true and true and true", True),
    ("false or true", True),
    ("false or false or false", False),
    ("not false", True),
    ("employee.key_position and not false", True),
    ("1 if employee.key_position else 2", D(1)),
    ("1 if false else 2", D(2)),
    ("termination.layoff.headcount if termination.layoff is not none else 0", D(0)),
    ("false and termination.layoff.headcount > 0", False),  # short-circuit: never read
    # names
    ("employee.hire_date", date(2016, 3, 14)),
    ("employee.contract.start", date(2016, 3, 14)),
    ("len(employee.wages.monthly)", D(2)),
    ("service_end", date(2026, 10, 1)),
    ("params.probation_days", D(3)),
    # numbers
    ("abs(-3.5)", D("3.5")),
    ("round_money(2.675)", D("2.68")),
    ("round(2.5, 0)", D(3)),
    ("round(1.23456, 3)", D("1.235")),
    ("floor(-1.5)", D(-2)),
    ("ceil(1.2)", D(2)),
    ("min(3, 1, 2)", D(1)),
    ("max(3, 1, 2)", D(3)),
    ("min(date('2026-01-02'), date('2026-01-01'))", date(2026, 1, 1)),
    ("max([1, 5, 2])", D(5)),
    # dates
    ("full_years(employee.hire_date, date('2026-10-01'))", D(10)),
    ("months_between(employee.hire_date, date('2026-10-01'))", D(126)),
    ("months_between(date('2026-03-01'), date('2026-09-01'))", D(6)),
    ("days_between(date('2026-09-30'), date('2026-09-01'))", D(-29)),
    ("add_days(termination.termination_date, 1)", date(2026, 10, 1)),
    ("add_months(date('2024-01-31'), 1)", date(2024, 2, 29)),
    ("add_months(date('2024-03-31'), -1)", date(2024, 2, 29)),
    ("add_years(date('2024-02-29'), 1)", date(2025, 2, 28)),
    ("date(2026, 2, 28)", date(2026, 2, 28)),
    ("month_start(date('2026-09-17'))", date(2026, 9, 1)),
    ("month_end(date('2024-02-10'))", date(2024, 2, 29)),
    ("year_start(date('2026-09-17'))", date(2026, 1, 1)),
    ("year_end(date('2026-09-17'))", date(2026, 12, 31)),
    ("year(date('2026-09-17')) + month(date('2026-09-17')) + day(date('2026-09-17'))", D(2052)),
    # generators and lists
    ("sum(w.gross for w in employee.wages.monthly)", D("57000.50")),
    ("sum(w.gross for w in employee.wages.monthly if w.gross > 30000)", D("36000.50")),
    ("sum(w.gross for w in employee.wages.monthly if w.gross > 99999)", D(0)),
    ("sum(x for x in [1, 2, 3] if x > 1 if x < 3)", D(2)),
    ("sum(employee.bonuses)", D(3)),
    ("count(a for a in steps.assets if a.returned_on is none)", D(1)),
    ("count(steps.assets)", D(2)),
    ("any(a.returned_on is none for a in steps.assets)", True),
    ("all(a.returned_on is not none for a in steps.assets)", False),
    ("all(x > 0 for x in [])", True),
    ("any([false, true])", True),
    ("min(w.gross for w in employee.wages.monthly)", D(21000)),
    ("max(w.gross for w in employee.wages.monthly)", D("36000.50")),
    ("max(a.returned_on for a in steps.assets if a.returned_on is not none)", date(2026, 9, 30)),
    ("sum(x * count(y for y in [1, 2, 3] if y > x) for x in [1, 2])", D(4)),  # 1*2 + 2*1
    ("any(w for w in [true])", True),
    ("sum(service_months for service_months in [1, 2])", D(3)),  # loop variables shadow
    # absent values
    ("coalesce(employee.contract.end, termination.termination_date)", date(2026, 9, 30)),
    ("coalesce(none, none, 3)", D(3)),
    ("coalesce(maybe_bonus, missing('never evaluated') if false else 0)", D(0)),
    ("coalesce(termination.notice_date, missing('notice'))", date(2026, 8, 31)),
    ("known(params.average_wage)", True),
    ("known(params.unset_wage)", False),  # a parameter without a value: missing, not an error
    ("known(missing('x'))", False),
    ("known(maybe_bonus)", False),  # none
    ("known(employee.contract.end)", False),
    ("known(termination.notice_date)", True),
    ("0 if not known(missing('cap')) else missing('never evaluated')", D(0)),
    # PRC working days (2026 National Day: Oct 1-7 off, Saturday Oct 10 worked)
    ("workdays_between(date('2026-09-28'), date('2026-10-12'))", D(6)),
    ("workdays_between(date('2026-10-12'), date('2026-09-28'))", D(-6)),
    ("add_workdays(date('2026-09-30'), 1)", date(2026, 10, 8)),
    ("add_workdays(date('2026-10-08'), -1)", date(2026, 9, 30)),
    ("add_workdays(date('2026-10-03'), 0)", date(2026, 10, 3)),
]


@pytest.mark.parametrize(("source", "expected"), FORMS)
def test_form_evaluates(source: str, expected: Any) -> None:
    result = ev(source)
    assert result == expected
    assert type(result) is type(expected)


def test_numbers_are_decimal_even_when_the_case_has_ints() -> None:
    assert ev("min(w.gross for w in employee.wages.monthly)").__class__ is Decimal  # was int
    assert ev("params.cap_multiplier").__class__ is Decimal


def test_decimal_exactness() -> None:
    assert ev("0.1 + 0.2 == 0.3") is True
    # 188413 * 3 / 12: multiply first, the quotient is exact
    assert ev("188413 * 3 / 12 == 47103.25") is True
    # 1 / 3 is 0.333…3 (34 digits); times 3 is 0.999…9, which round_money snaps to 1.00
    assert ev("1 / 3 * 3") == D("0." + "9" * 34)
    assert ev("round_money(1 / 3 * 3)") == D("1.00")
    # half a fen rounds up, also when it comes out of a division a hair short
    assert ev("round_money(0.005)") == D("0.01")
    assert ev("round_money(0.015)") == D("0.02")  # half-up, not banker's (0.02 either way)
    assert ev("round_money(0.025)") == D("0.03")  # banker's rounding would give 0.02
    assert ev("round_money(1 / 200)") == D("0.01")
    assert ev("round_money(0.01 / 3 * 1.5)") == D("0.01")  # 0.004999…9 -> 0.0050000000 -> 0.01
    assert ev("round_money(-0.005)") == D("-0.01")
    assert ev("round_money(0.0049)") == D("0.00")


def test_months_and_years_are_end_exclusive() -> None:
    # Service from 1 March to 31 August inclusive is six months: pass the day after the end.
    assert ev("months_between(date('2026-03-01'), date('2026-09-01'))") == 6
    assert ev("months_between(date('2026-03-01'), date('2026-08-31'))") == 5
    assert ev("full_years(date('2016-03-14'), date('2026-10-01'))") == 10
    assert ev("months_between(date('2016-03-14'), date('2026-10-01'))") == 126
    assert ev("full_years(date('2016-03-14'), date('2026-03-14'))") == 10
    assert ev("full_years(date('2016-03-14'), date('2026-03-13'))") == 9


def test_literals_fold_to_constants() -> None:
    expr = compiled(
        "round_money(188413 * 3 / 12) + days_between(date('2026-01-01'), date('2026-02-01'))"
    )
    assert expr.fn(NO_SCOPE) == D("47134.25")  # folded: the scope is never touched


def test_multiline_expression_in_a_block_scalar() -> None:
    source = "termination.notice_date is not none\n  and termination.ground == 'layoff'\n"
    assert ev(source) is True


def test_generators_are_reentrant_and_nested() -> None:
    expr = compiled(
        "sum(w.gross * count(v for v in employee.wages.monthly if v.gross >= w.gross) "
        "for w in employee.wages.monthly)"
    )
    scope = FakeScope()
    # 21000 * 2 + 36000.50 * 1
    assert expr.fn(scope) == D("78000.50")
    assert expr.fn(scope) == D("78000.50")


def test_records_from_a_list_in_a_value() -> None:
    item = RecordType("item", {"amount": NUMBER})
    env = TypeEnv(case_roots={}, values={"items": ListType(item)}, params={})
    scope = FakeScope(roots={}, values={"items": [ns(amount=1), ns(amount=D("2.5"))]})
    expr = compiled("sum(i.amount for i in items)", env=env)
    assert expr.fn(scope) == D("3.5")
    assert expr.field_refs == frozenset()
    assert expr.value_refs == {"items"}


def test_refs_and_free_names() -> None:
    src = (
        "sum(w.gross for w in employee.wages.monthly) * params.cap_multiplier"
        " + service_months"
        " + (termination.layoff.headcount if termination.layoff is not none else 0)"
    )
    parsed = parse_expression(src, origin=None, display="t")
    assert parsed.free_names == {"employee", "termination", "service_months"}
    assert parsed.param_names == {"cap_multiplier"}
    expr = compile_parsed(parsed, ENV)
    assert expr.type == NUMBER
    assert expr.value_refs == {"service_months"}
    assert expr.param_refs == {"cap_multiplier"}
    assert expr.field_refs == {
        "employee.wages.monthly",
        "employee.wages.monthly[].gross",
        "termination.layoff",
        "termination.layoff.headcount",
    }


def test_loop_variables_are_not_free_names() -> None:
    parsed = parse_expression("any(x > limit for x in xs)", origin=None, display="t")
    assert parsed.free_names == {"limit", "xs"}


def test_expected_type() -> None:
    assert compiled("termination.notice_date", expected=DATE).type == DATE
    assert compiled("1 < 2", expected=BOOL).type == BOOL


def test_origin_does_not_change_values() -> None:
    origin = ScalarOrigin(SourcePos("r.yaml", 10, 12), block=False, indent=12)
    assert compiled("1 + 1", origin=origin).fn(NO_SCOPE) == 2


def test_scope_values_are_read_at_run_time() -> None:
    expr = compiled("termination.termination_date > employee.hire_date")
    case = make_case()
    assert expr.fn(FakeScope(case)) is True
    case["termination"].termination_date = date(2000, 1, 1)
    assert expr.fn(FakeScope(case)) is False
