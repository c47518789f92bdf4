"""Properties: any text compiles or is refused cleanly; closures agree with a reference model."""

from __future__ import annotations

import contextlib
import decimal
import operator
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from typing import Any

from exprkit import ENV, FakeScope
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_expr_eval import FORMS

from offboard_policy.errors import ExpressionError
from offboard_policy.expr import EvaluationError, MissingValue, compile_expression

# -- (1) any text either compiles or raises ExpressionError -------------------------------------

TOKENS = [
    "employee", "employee.hire_date", "employee.wages.monthly", "w", "w.gross", "x",
    "termination.ground", "termination.layoff", "termination.layoff.headcount",
    "termination.notice_date", "steps.assets", "a.returned_on", "service_months", "maybe_bonus",
    "params", "params.cap_multiplier", "params.nope", "true", "false", "none", "None", "True",
    "0", "1", "-1", "0.5", "12", "1e3", "0x1", "'layoff'", "'resignaton'", "'2026-01-31'", '"',
    "'", "+", "-", "*", "/", "**", "//", "%", "@", "&", "|", "~", "<", "<=", ">", ">=", "==",
    "!=", "=", ":=", "in", "not in", "is", "is not", "and", "or", "not", "if", "else", "for",
    "lambda", "yield", "await", "async", "(", ")", "[", "]", "{", "}", ",", ".", ":", ";", "\n",
    " ", "\\", "#", "__class__", "__import__", "f'{x}'", "sum(", "min(", "max(", "any(", "all(",
    "count(", "len(", "abs(", "round(", "round_money(", "date(", "add_days(", "add_months(",
    "months_between(", "workdays_between(", "add_workdays(", "coalesce(", "missing(", "print(",
    "getattr(",
]  # fmt: skip

SOUP = st.lists(st.sampled_from(TOKENS), max_size=25).map(" ".join)


def compiles_or_refuses(source: str) -> bool:
    """True when ``source`` compiled (and then ran or stopped with a run-time error), False
    when it was refused with diagnostics that carry a code and the display name."""
    try:
        expr = compile_expression(source, origin=None, display="t", env=ENV)
    except ExpressionError as exc:
        assert exc.diagnostics and all(d.code.startswith("OP") for d in exc.diagnostics)
        return False
    assert expr.source == source
    with contextlib.suppress(MissingValue, EvaluationError):  # what a case may cause at run time
        expr.fn(FakeScope())
    return True


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_text_compiles_or_is_refused(source: str) -> None:
    compiles_or_refuses(source)


@settings(max_examples=400)
@given(SOUP)
def test_any_token_soup_compiles_or_is_refused(source: str) -> None:
    compiles_or_refuses(source)


@settings(max_examples=400)
@given(
    st.sampled_from([source for source, _ in FORMS]),
    st.integers(0, 10**4),
    st.sampled_from(TOKENS),
    st.booleans(),
)
def test_mutated_valid_expressions_compile_or_are_refused(
    source: str, at: int, token: str, insert: bool
) -> None:
    # Near-valid text reaches the checker and compiler far more often than random text.
    at %= len(source) + 1
    mutated = (
        source[:at] + token + source[at:] if insert else source[:at] + source[at + len(token) :]
    )
    compiles_or_refuses(mutated)


# -- (2) a reference tree-walking evaluator agrees with the closures ----------------------------
#
# Expressions are generated as small trees, rendered fully parenthesised, compiled, and
# evaluated both ways. The reference follows the documented semantics directly: Python Decimal
# arithmetic in a local prec-34 context, short-circuiting and/or/if, and "none where a value is
# needed is a missing value" (but == and != compare none as a value).

Tree = tuple[Any, ...]
NAMES: dict[str, Any] = {  # the values FakeScope gives these names
    "service_months": Decimal(126),
    "params.cap_multiplier": Decimal(3),
    "params.average_wage": Decimal("11937.25"),
    "maybe_bonus": None,
}
BOOL_NAMES: dict[str, Any] = {"employee.key_position": True, "employee.manager_approved": None}
ARITH: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
}  # fmt: skip
ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}  # fmt: skip
EQUAL: dict[str, Callable[[Any, Any], bool]] = {"==": operator.eq, "!=": operator.ne}

NUMBER_LITERAL = st.builds(
    lambda n, places: ("num", Decimal(n).scaleb(-places)),
    st.one_of(st.sampled_from([0, 0, 1, -1, 5]), st.integers(-(10**7), 10**7)),  # zeros divide
    st.integers(0, 4),
)
NUM_LEAF = st.one_of(NUMBER_LITERAL, st.sampled_from(sorted(NAMES)).map(lambda n: ("name", n)))
BOOL_LEAF = st.one_of(
    st.booleans().map(lambda b: ("bool", b)),
    st.sampled_from(sorted(BOOL_NAMES)).map(lambda n: ("name", n)),
)


@cache
def numbers(depth: int) -> st.SearchStrategy[Tree]:
    if depth == 0:
        return NUM_LEAF
    sub, cond = numbers(depth - 1), booleans(depth - 1)
    return st.one_of(
        NUM_LEAF,
        st.tuples(st.just("arith"), st.sampled_from(sorted(ARITH)), sub, sub),
        st.tuples(st.just("neg"), sub),
        st.tuples(st.just("if"), cond, sub, sub),
        st.tuples(st.just("call"), st.sampled_from(["abs", "round_money", "floor", "ceil"]), sub),
        st.tuples(st.just("extreme"), st.sampled_from(["min", "max"]), sub, sub),
    )


@cache
def booleans(depth: int) -> st.SearchStrategy[Tree]:
    if depth == 0:
        return BOOL_LEAF
    sub, num = booleans(depth - 1), numbers(depth - 1)
    return st.one_of(
        BOOL_LEAF,
        st.tuples(st.just("order"), st.sampled_from(sorted(ORDER)), num, num),
        st.tuples(
            st.just("chain"),
            st.sampled_from(sorted(ORDER)),
            st.sampled_from(sorted(ORDER)),
            num,
            num,
            num,
        ),
        st.tuples(st.just("equal"), st.sampled_from(sorted(EQUAL)), num, num),
        st.tuples(st.just("equal"), st.sampled_from(sorted(EQUAL)), sub, sub),
        st.tuples(st.just("and"), sub, sub),
        st.tuples(st.just("or"), sub, sub),
        st.tuples(st.just("not"), sub),
        st.tuples(st.just("if"), sub, sub, sub),
    )


def render(t: Tree) -> str:
    kind = t[0]
    if kind == "num":
        text = format(t[1], "f")
        return f"({text})" if t[1] < 0 else text
    if kind == "bool":
        return "true" if t[1] else "false"
    if kind == "name":
        return str(t[1])
    if kind in ("arith", "order", "equal"):
        return f"({render(t[2])} {t[1]} {render(t[3])})"
    if kind == "chain":
        return f"({render(t[3])} {t[1]} {render(t[4])} {t[2]} {render(t[5])})"
    if kind == "neg":
        return f"(-{render(t[1])})"
    if kind == "not":
        return f"(not {render(t[1])})"
    if kind in ("and", "or"):
        return f"({render(t[1])} {kind} {render(t[2])})"
    if kind == "if":
        return f"({render(t[2])} if {render(t[1])} else {render(t[3])})"
    if kind == "call":
        return f"{t[1]}({render(t[2])})"
    assert kind == "extreme"
    return f"{t[1]}({render(t[2])}, {render(t[3])})"


class RefMissing(Exception):
    pass


class RefError(Exception):
    pass


REF_CONTEXT = decimal.Context(
    prec=34,
    rounding=decimal.ROUND_HALF_EVEN,
    Emin=-999_999,
    Emax=999_999,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)


def reference(t: Tree, need: bool) -> Any:
    """Evaluate ``t``; ``need``: this place needs a value, so none here is missing."""
    kind = t[0]
    if kind in ("num", "bool"):
        return t[1]
    if kind == "name":
        value = {**NAMES, **BOOL_NAMES}[t[1]]
        if value is None and need:
            raise RefMissing(t[1])
        return value
    if kind == "if":
        return reference(t[2] if reference(t[1], True) else t[3], need)
    if kind == "and":
        return reference(t[1], True) and reference(t[2], True)
    if kind == "or":
        return reference(t[1], True) or reference(t[2], True)
    if kind == "not":
        return not reference(t[1], True)
    if kind == "equal":
        return EQUAL[t[1]](reference(t[2], False), reference(t[3], False))
    if kind == "order":
        return ORDER[t[1]](reference(t[2], True), reference(t[3], True))
    if kind == "chain":
        a, b = reference(t[3], True), reference(t[4], True)
        return ORDER[t[1]](a, b) and ORDER[t[2]](b, reference(t[5], True))
    args = [reference(a, True) for a in t[2:]]
    with decimal.localcontext(REF_CONTEXT):
        try:
            if kind == "arith":
                return ARITH[t[1]](*args)
            if kind == "neg":
                return -reference(t[1], True)
            if kind == "extreme":
                return (min if t[1] == "min" else max)(args)
            (x,) = args
            if t[1] == "abs":
                return abs(x)
            if t[1] == "floor":
                return x.to_integral_value(rounding=decimal.ROUND_FLOOR)
            if t[1] == "ceil":
                return x.to_integral_value(rounding=decimal.ROUND_CEILING)
            snapped = x.quantize(Decimal("1e-10"), rounding=decimal.ROUND_HALF_EVEN)
            return snapped.quantize(Decimal("0.01"), rounding=decimal.ROUND_HALF_UP)
        except decimal.DecimalException as exc:
            raise RefError(str(exc)) from None


def outcome(run: Callable[[], Any]) -> tuple[str, str]:
    try:
        value = run()
    except (MissingValue, RefMissing):
        return ("missing", "")
    except (EvaluationError, RefError):
        return ("error", "")
    return ("value", f"{type(value).__name__}:{value!r}")


@settings(max_examples=250, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(numbers(4), booleans(4)))
def test_closures_agree_with_the_reference_evaluator(tree: Tree) -> None:
    source = render(tree)
    try:
        expr = compile_expression(source, origin=None, display="t", env=ENV)
    except ExpressionError as exc:
        assume(exc.diagnostics[0].code != "OP303")  # a rare tree over the size limits
        raise
    got = outcome(lambda: expr.fn(FakeScope()))
    want = outcome(lambda: reference(tree, False))
    assert got == want, source
