"""Refused forms and limits: an ExpressionError with the right code, line and column."""

from __future__ import annotations

import pytest
from exprkit import load_error

from offboard_policy.errors import ExpressionError, InputError, SourcePos
from offboard_policy.expr import (
    MAX_SOURCE_CHARS,
    ScalarOrigin,
    compile_parsed,
    parse_expression,
)

# (source, code, column); all on line 1 of an expression with no origin.
REFUSED: list[tuple[str, str, int]] = [
    # escapes from the sandbox
    ("().__class__", "OP301", 4),
    ("employee.__class__", "OP301", 10),
    ("__builtins__", "OP301", 1),
    ("__import__('os')", "OP302", 1),
    ('"abc".upper()', "OP302", 1),
    ("getattr(employee, 'hire_date')", "OP302", 1),
    ("type(employee)", "OP302", 1),
    ("eval('1')", "OP302", 1),
    ("min(1, 2)(3)", "OP302", 1),
    ("employee.hire_date.year", "OP301", 20),  # attribute on a date, not a record
    # resource exhaustion
    ("[1]*10**9", "OP301", 5),
    ("9**9**9", "OP301", 1),
    # refused syntax
    ("lambda: 1", "OP301", 1),
    ("(x := 1)", "OP301", 2),
    ("f'{employee}'", "OP301", 1),
    ("employee.bonuses[0]", "OP301", 1),
    ("[x for x in employee.bonuses]", "OP301", 1),
    ("{x for x in employee.bonuses}", "OP301", 1),
    ("{x: 1 for x in employee.bonuses}", "OP301", 1),
    ("x for x in employee.bonuses", "OP301", 1),
    ("len(x for x in employee.bonuses)", "OP301", 5),
    ("any((x > 0 for x in employee.bonuses), true)", "OP301", 5),
    ("sum(x for x in employee.bonuses for y in employee.bonuses)", "OP301", 37),
    ("sum(x for (x, y) in employee.bonuses)", "OP301", 11),
    ("sum(none for none in employee.bonuses)", "OP301", 14),
    ("{1}", "OP301", 1),
    ("{1: 2}", "OP301", 1),
    ("(1, 2)", "OP301", 1),
    ("1, 2", "OP301", 1),
    ("sum(*employee.bonuses)", "OP301", 5),
    ("round(1.5, places=1)", "OP301", 12),
    ("await employee", "OP301", 1),
    ("(yield 1)", "OP301", 2),
    ("...", "OP301", 1),
    ("[len(employee.bonuses)]", "OP301", 2),
    ("1 is 1", "OP301", 6),
    ("employee.contract.end is termination.notice_date", "OP301", 26),
    ("count(a.id for a in steps.assets)", "OP301", 7),
    # operators
    ("7 // 2", "OP301", 1),
    ("7 % 2", "OP301", 1),
    ("2 ** 3", "OP301", 1),
    ("1 & 2", "OP301", 1),
    ("1 | 2", "OP301", 1),
    ("1 ^ 2", "OP301", 1),
    ("1 << 2", "OP301", 1),
    ("1 >> 2", "OP301", 1),
    ("~1", "OP301", 1),
    ("+1", "OP301", 1),
    ("service_months @ service_months", "OP301", 1),
    # literals
    ("1e5", "OP304", 1),
    ("0x1F", "OP304", 1),
    ("0o17", "OP304", 1),
    ("0b11", "OP304", 1),
    ("2j", "OP304", 1),
    ("b'x'", "OP304", 1),
    ("round(1.5, 11)", "OP304", 12),
    ("round(1.5, -1)", "OP304", 12),
    ("round(1.5, service_months)", "OP304", 12),
    ("date('2026-02-30')", "OP304", 6),
    ("date('20260101')", "OP304", 6),
    ("date(employee.contract.type)", "OP304", 6),
    # not Python at all
    ("1 +", "OP300", 4),
    ("a if b", "OP300", 1),
    ("termination.ground = 'layoff'", "OP300", 1),
    ("a) or (b", "OP300", 1),
    ("", "OP300", 1),
    ("   ", "OP300", 1),
    ("1 \x00", "OP300", 3),
    ("sum(x for x in employee.bonuses, 1)", "OP300", 5),
    # unknown functions are refused with a suggestion
    ("add_day(employee.hire_date, 1)", "OP302", 1),
]


@pytest.mark.parametrize(("source", "code", "column"), REFUSED)
def test_refused(source: str, code: str, column: int) -> None:
    diag = load_error(source)
    assert (diag.code, diag.file, diag.line, diag.column) == (code, "rules/t.yaml", 1, column), (
        diag.format()
    )


def test_messages_name_the_construct() -> None:
    assert load_error("lambda: 1").message == (
        "unsupported syntax: Lambda (only the expression forms listed in docs/rule-language.md "
        "are allowed)"
    )
    assert "f-string" in load_error("f'{x}'").message
    assert "walrus" in load_error("(x := 1)").message
    assert "** (power)" in load_error("2 ** 3").message
    assert "did you mean add_days" in load_error("add_day(employee.hire_date, 1)").message
    assert "plain decimals" in load_error("1e5").message


def test_expression_errors_are_input_errors() -> None:
    with pytest.raises(InputError):
        parse_expression("lambda: 1", origin=None, display="t")


# -- limits -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "column"),
    [
        ("(" * 200 + "1" + ")" * 200, 33),  # the 33rd bracket
        ("-(" * 40 + "1" + ")" * 40, 66),  # brackets are checked first: the 33rd "("
        ("-" * 1999 + "1", 33),  # no brackets: the 33rd nested node
        ("not " * 400 + "true", 129),
        ("1" + " + 1" * 40, 1),  # left-nested BinOps: the innermost is the 33rd
        ("-(" * 5000 + "1" + ")" * 5000, 1),  # over the length limit before anything else
        ("x" * (MAX_SOURCE_CHARS + 1), 1),
        ("[" + "1, " * 400 + "1]", 1),  # 401 items: too many nodes
        ("1" * 31, 1),
        ("0." + "1" * 30, 1),
        ("'" + "x" * 201 + "'", 1),
    ],
)
def test_limits(source: str, column: int) -> None:
    diag = load_error(source)
    assert (diag.code, diag.line, diag.column) == ("OP303", 1, column), diag.format()


def test_limits_at_the_edge_are_accepted() -> None:
    for source in ("(" * 32 + "1" + ")" * 32, "1" * 30, "'" + "x" * 200 + "'", "-" * 31 + "1"):
        assert parse_expression(source, origin=None, display="t").source == source


def test_deep_nesting_is_never_a_recursion_error() -> None:
    for source in ("-(" * 5000 + "1" + ")" * 5000, "(" * 200 + ")" * 200, "-" * 1999 + "1"):
        with pytest.raises(ExpressionError):
            parse_expression(source, origin=None, display="t")


# -- positions in the file ----------------------------------------------------------------------


def test_plain_scalar_position() -> None:
    origin = ScalarOrigin(SourcePos("rules/cn/x.yaml", 12, 13), block=False, indent=13)
    diag = load_error("employee.hire_dat > 1", origin=origin)
    assert (diag.file, diag.line, diag.column) == ("rules/t.yaml", 12, 22)
    assert diag.code == "OP401"


def test_source_pos_origin_is_a_plain_scalar() -> None:
    diag = load_error("1 + lambda: 1", origin=SourcePos("r.yaml", 3, 10))
    assert (diag.line, diag.column) == (3, 14)


def test_block_scalar_position() -> None:
    origin = ScalarOrigin(SourcePos("r.yaml", 20, 7), block=True, indent=7)
    source = "termination.notice_date is not none\nand termination.ground == 'layof'\n"
    diag = load_error(source, origin=origin)
    assert (diag.code, diag.line, diag.column) == ("OP405", 21, 33)
    assert diag.source_line is not None and diag.column is not None
    assert diag.source_line[diag.column - 1 :].startswith("'layof'")


def test_syntax_error_at_the_end_of_a_block() -> None:
    origin = ScalarOrigin(SourcePos("r.yaml", 5, 5), block=True, indent=5)
    diag = load_error("1 +\n  2 +", origin=origin)
    assert (diag.code, diag.line, diag.column) == ("OP300", 6, 5 + 5)


def test_columns_count_characters_not_bytes() -> None:
    diag = load_error("'离职' == termination.groun")
    assert diag.column == len("'离职' == termination.") + 1


def test_caret_under_the_error_with_file_lines() -> None:
    lines = ["values:", "  x:", "    formula: employee.hire_dat + 1"]
    origin = ScalarOrigin(SourcePos("r.yaml", 3, 14), block=False, indent=14)
    parsed = parse_expression(
        "employee.hire_dat + 1", origin=origin, display="r.yaml", source_lines=lines
    )
    from exprkit import ENV

    with pytest.raises(ExpressionError) as info:
        compile_parsed(parsed, ENV)
    text = info.value.format()
    assert text.splitlines() == [
        "r.yaml:3:23: employee has no field 'hire_dat' (did you mean 'hire_date'?) [OP401]",
        "        formula: employee.hire_dat + 1",
        "                          ^",
    ]


def test_caret_without_file_lines_is_still_aligned() -> None:
    origin = ScalarOrigin(SourcePos("r.yaml", 3, 14), block=False, indent=14)
    diag = load_error("employee.hire_dat + 1", origin=origin)
    caret_line = diag.format().splitlines()[2]
    assert diag.source_line is not None
    assert diag.source_line[caret_line.index("^") - 4 :].startswith("hire_dat")
