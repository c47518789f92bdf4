"""Generators over case lists nest at most two deep (evaluation time is length ** nesting)."""

from __future__ import annotations

import pytest

from offboard_policy.errors import ExpressionError
from offboard_policy.expr import parse_expression

XS = "employee.wages.monthly"


def test_two_levels_are_allowed() -> None:
    source = f"all(count(v for v in {XS} if v.month == w.month) == 1 for w in {XS})"
    assert parse_expression(source, origin=None, display="t").source == source


def test_literal_lists_do_not_count() -> None:
    source = (f'sum(count(k for k in ["a", "b"] if any(w.gross > 0 for w in {XS})) '
              f'for a in {XS})')
    assert parse_expression(source, origin=None, display="t").source == source


def test_three_levels_over_case_lists_are_refused() -> None:
    source = f"sum(sum(sum(1 for c in {XS}) for b in {XS}) for a in {XS})"
    with pytest.raises(ExpressionError) as info:
        parse_expression(source, origin=None, display="t")
    (diag,) = info.value.diagnostics
    assert diag.code == "OP303"
    assert "nested more than 2 deep" in diag.message
    assert diag.column == source.index("sum(1") + 4  # the innermost generator
