"""Type errors, unknown names and enum typos are load-time errors with a position and a hint."""

from __future__ import annotations

import pytest
from exprkit import compiled, load_error

from offboard_policy.expr.types import BOOL, DATE, NUMBER, nullable

# (source, code, column, words the message must contain)
TYPE_ERRORS: list[tuple[str, str, int, tuple[str, ...]]] = [
    # dates and numbers do not mix
    ("employee.hire_date < 3", "OP403", 1, ("date", "number", "'<'")),
    ("termination.termination_date >= service_months", "OP403", 1, ("date", "number")),
    ("employee.hire_date + 1", "OP403", 1, ("'+' needs numbers", "add_days")),
    ("1 - employee.hire_date", "OP403", 5, ("'-' needs numbers",)),
    ("-employee.hire_date", "OP403", 2, ("unary '-'",)),
    ("'a' < 'b'", "OP403", 1, ("only numbers or dates",)),
    # booleans are not numbers and numbers are not booleans
    ("1 and 2", "OP403", 1, ("'and' needs true/false", "number")),
    ("true or 0", "OP403", 9, ("'or'",)),
    ("not 1", "OP403", 5, ("'not'",)),
    ("1 if 2 else 3", "OP403", 6, ("'if'",)),
    ("true + 1", "OP403", 1, ("'+' needs numbers", "bool")),
    ("1 == true", "OP403", 1, ("cannot compare",)),
    # unknown names and fields, with suggestions
    ("employe.hire_date", "OP401", 1, ("unknown name 'employe'", "'employee'")),
    ("employee.hire_dat", "OP401", 10, ("no field 'hire_dat'", "'hire_date'")),
    ("employee.contract.strat", "OP401", 19, ("contract has no field 'strat'", "'start'")),
    ("employee.xyz", "OP401", 10, ("no field 'xyz'",)),
    ("steps.xyz", "OP401", 7, ("fields: assets",)),
    ("params.cap_multiplyer", "OP401", 8, ("unknown parameter", "'cap_multiplier'")),
    ("params", "OP401", 1, ("params.NAME",)),
    ("sum(w.gros for w in employee.wages.monthly)", "OP401", 7, ("wage_month", "'gross'")),
    ("w.gross + sum(w.gross for w in employee.wages.monthly)", "OP401", 1, ("'w'",)),
    ("servce_months", "OP401", 1, ("'service_months'",)),
    # enum literals must be values of the enum
    ("termination.ground == 'resignaton'", "OP405", 23, ("'resignation'", "allowed: resignation")),
    ("'resignaton' != termination.ground", "OP405", 1, ("termination.ground",)),
    ("termination.ground in ['layoff', 'resignaton']", "OP405", 34, ("'resignaton'",)),
    ("'pregnant' in employee.protected_statuses", "OP405", 1, ("'pregnancy'",)),
    ("any(s == 'pregnant' for s in employee.protected_statuses)", "OP405", 10, ("pregnancy",)),
    ("termination.ground == termination.initiated_by", "OP403", 1, ("never equal",)),
    # other operator misuse
    ("1 + 'a'", "OP403", 5, ("'+' needs numbers", "string")),
    ("1 if true else 'a'", "OP403", 1, ("different types",)),
    ("[1, 'a']", "OP403", 5, ("different types",)),
    ("1 == 'a'", "OP403", 1, ("cannot compare",)),
    ("employee.wages.monthly == employee.wages.monthly", "OP403", 1, ("cannot compare",)),
    ("1 in 2", "OP403", 6, ("needs a list",)),
    ("'a' in [1, 2]", "OP403", 1, ("cannot compare",)),
    ("employee.bonuses.x", "OP301", 18, ("no fields",)),
    # function arguments
    ("abs('a')", "OP403", 5, ("abs():", "number")),
    ("abs(1, 2)", "OP403", 1, ("takes 1 argument, got 2",)),
    ("add_days(1, 1)", "OP403", 10, ("add_days(): argument 1 must be a date",)),
    ("min(1, employee.hire_date)", "OP403", 1, ("numbers or dates",)),
    ("min(1)", "OP403", 5, ("two or more",)),
    ("sum(1)", "OP403", 5, ("list or a generator",)),
    ("sum(a for a in steps.assets)", "OP403", 5, ("number items",)),
    ("any(x for x in [1])", "OP403", 5, ("bool items",)),
    ("len(1)", "OP403", 5, ("takes a list",)),
    ("coalesce(1)", "OP403", 1, ("two or more",)),
    ("coalesce(1, 'a')", "OP403", 1, ("different types",)),
    ("missing(employee.contract.type)", "OP403", 9, ("string literal",)),
    ("sum(x for x in 1)", "OP403", 16, ("loops over a list",)),
    ("sum(x for x in [1] if x)", "OP403", 23, ("true/false",)),
]


@pytest.mark.parametrize(("source", "code", "column", "words"), TYPE_ERRORS)
def test_type_error(source: str, code: str, column: int, words: tuple[str, ...]) -> None:
    diag = load_error(source)
    assert (diag.code, diag.line, diag.column) == (code, 1, column), diag.format()
    for word in words:
        assert word in diag.message, diag.message


def test_enum_typo_lists_the_allowed_values() -> None:
    diag = load_error("termination.ground == 'resignaton'")
    assert diag.message == (
        "'resignaton' is not a value of termination.ground (did you mean 'resignation'?); "
        "allowed: resignation, layoff, contract_expiry, mutual_agreement"
    )


def test_expected_type_mismatch() -> None:
    diag = load_error("1 + 1", expected=DATE)
    assert (diag.code, diag.column) == ("OP406", 1)
    assert "expected a date" in diag.message


def test_expected_accepts_never_and_nullable_results() -> None:
    assert compiled("missing('x')", expected=DATE).type == DATE
    assert compiled("employee.contract.end", expected=nullable(DATE)).type == nullable(DATE)
    assert compiled("employee.manager_approved", expected=BOOL).type == BOOL


@pytest.mark.parametrize(
    ("source", "type_"),
    [
        ("employee.contract.end", nullable(DATE)),
        ("coalesce(employee.contract.end, termination.termination_date)", DATE),
        ("coalesce(employee.contract.end, none)", nullable(DATE)),
        ("1 if true else none", nullable(NUMBER)),
        ("missing('x')", "never"),
        (
            "termination.ground",
            "ground (resignation | layoff | contract_expiry | mutual_agreement)",
        ),
        ("termination.ground if true else 'other'", "string"),
        ("employee.contract.end < termination.termination_date", BOOL),
        ("maybe_bonus * 2", NUMBER),  # a none operand is a missing value, not a none result
        ("termination.layoff.headcount", NUMBER),
        ("[1, none]", "list of number or none"),
    ],
)
def test_inferred_types(source: str, type_: object) -> None:
    got = compiled(source).type
    assert (str(got) if isinstance(type_, str) else got) == type_
