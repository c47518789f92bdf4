"""The generated functions (expr/codegen.py) give what the closures give, node kind by node kind.

Each expression runs on the closures (``Compiled.fn``) and on its generated function
(``Compiled.fast``), the latter allowed to hand over to the closures only on the errors
evaluation is meant to raise. Values must be equal and of the same type; errors are the
closures' own by construction, so they are compared too (message and what is missing).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from offboard_policy.expr import EvaluationError, MissingValue, codegen
from tests.expr.exprkit import FakeScope, compiled, ns

EXPRESSIONS = [
    # leaves, case numbers given as int (YAML) and Decimal, params given as int
    "employee.key_position",
    "params.cap_multiplier * params.average_wage",
    "service_months / 12 + 1",
    "-service_months",
    "maybe_bonus",
    "coalesce(maybe_bonus, 0) + 1",
    "coalesce(maybe_bonus, params.cap_multiplier, 5)",
    "coalesce(employee.manager_approved, false)",
    # none where a value is needed -> missing, handed to the closures
    "maybe_bonus + 1",
    "employee.manager_approved and true",
    "employee.contract.end > service_end",
    "params.probation_days + 1",
    # comparisons, chains, membership, is none
    "service_months >= 120 and service_months < 200",
    "120 <= service_months < 200 <= 300",
    "1 < 2 < service_months",
    "termination.ground in ['layoff', 'contract_expiry']",
    "termination.ground not in ['layoff']",
    "'pregnancy' in employee.protected_statuses",
    "termination.layoff is none",
    "termination.notice_date is not none",
    "termination.layoff.headcount > 20",
    # boolean operators with two and more operands
    "employee.key_position or false",
    "employee.key_position and service_months > 1 and termination.ground == 'layoff'",
    "false or service_months < 1 or termination.ground == 'resignation'",
    "not employee.key_position",
    # conditionals, folded and not
    "1 if employee.key_position else 2",
    "(1 if true else 2) + service_months",
    "service_end if service_months > 200 else termination.termination_date",
    # calls
    "round_money(service_months / 7)",
    "round(service_months / 7, 3)",
    "add_months(employee.hire_date, service_months)",
    "add_years(employee.hire_date, 10)",
    "full_years(employee.hire_date, service_end)",
    "months_between(employee.hire_date, service_end)",
    "days_between(termination.notice_date, termination.termination_date)",
    "max(employee.hire_date, termination.notice_date)",
    "min(service_months, params.cap_multiplier * 12)",
    "add_workdays(termination.notice_date, 3)",
    "workdays_between(termination.notice_date, termination.termination_date)",
    "date(2026, 1, 31) < service_end",
    "year(service_end) * 100 + month(service_end)",
    "len(employee.protected_statuses)",
    "missing('employee.something: not recorded')",
    "service_months / (service_months - 126)",
    "add_days(service_end, 1.5)",
    # aggregates over lists and generators, nested generators
    "sum(w.gross for w in employee.wages.monthly)",
    "sum(w.gross for w in employee.wages.monthly if w.month != '2026-09')",
    "sum(w.overtime for w in employee.wages.monthly)",
    "sum(coalesce(w.overtime, 0) for w in employee.wages.monthly)",
    "count(w for w in employee.wages.monthly if w.gross > 30000)",
    "count(w for w in employee.wages.monthly if w.gross > 0 if w.month == '2026-09')",
    "max(w.gross for w in employee.wages.monthly)",
    "min(w.gross for w in employee.wages.monthly if w.gross > 99999999)",
    "sum(employee.bonuses)",
    "max(employee.bonuses)",
    "any(a.returned_on is none for a in steps.assets)",
    "all(a.returned_on <= service_end for a in steps.assets)",
    "all(count(v for v in employee.wages.monthly if v.month == w.month) == 1"
    " for w in employee.wages.monthly)",
    "sum(sum(v.gross for v in employee.wages.monthly if v.gross <= w.gross)"
    " for w in employee.wages.monthly)",
]


@pytest.fixture(autouse=True)
def strict_fallback() -> Iterator[None]:
    saved = codegen.fallback_on
    codegen.fallback_on = (MissingValue, EvaluationError, ArithmeticError)
    yield
    codegen.fallback_on = saved


def _outcome(fn: Any, scope: FakeScope) -> tuple[str, Any]:
    try:
        value = fn(scope)
    except MissingValue as exc:
        return "missing", (exc.what, exc.message)
    except EvaluationError as exc:
        return "error", str(exc)
    return type(value).__name__, value


def _scopes() -> list[FakeScope]:
    plain = FakeScope()
    laid_off = FakeScope()
    laid_off.roots["termination"].layoff = ns(headcount=25, workforce=300)
    laid_off.roots["employee"].manager_approved = True
    no_params = FakeScope(params={})
    with_bonus = FakeScope(values={"service_months": Decimal(7), "maybe_bonus": Decimal(3),
                                   "service_end": plain.values["service_end"]})
    return [plain, laid_off, no_params, with_bonus]


@pytest.mark.parametrize("source", EXPRESSIONS)
def test_generated_function_matches_closures(source: str) -> None:
    expr = compiled(source)
    assert expr.fast is not expr.fn, "no function was generated"
    for scope in _scopes():
        assert _outcome(expr.fast, scope) == _outcome(expr.fn, scope), source


def test_a_copy_with_another_function_keeps_its_own() -> None:
    from dataclasses import replace

    expr = compiled("service_months + 1")
    doubled = replace(expr, fn=lambda s: expr.fn(s) * 2)
    assert doubled.fast is doubled.fn
