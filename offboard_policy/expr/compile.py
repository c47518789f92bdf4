"""Compile a checked expression to nested closures over a Scope, folding literal sub-expressions.

Closures, not generated source code: one execution path to audit and test, and nothing is ever
built from text and executed. (A code generator was tried: about 18% faster evaluation, at the
price of a second implementation of every semantic rule; see docs/performance.md.)
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final, cast

from .check import Checked, TypeEnv, check
from .functions import FUNCTIONS, Function
from .origin import Origin
from .parse import Parsed, parse_expression
from .runtime import CTX, EvaluationError, Frame, MissingValue, Scope, to_number
from .types import NUMBER, ListType, Type, is_nullable, strip_null

Fn = Callable[[Scope], Any]


@dataclass(frozen=True)
class Compiled:
    """An expression ready to evaluate: ``fn(scope)`` gives its value."""

    source: str
    type: Type
    fn: Fn  # evaluate against a scope; raises MissingValue or EvaluationError
    value_refs: frozenset[str]  # derived values it reads
    param_refs: frozenset[str]  # parameters it reads
    field_refs: frozenset[str]  # dotted case paths it reads, e.g. "termination.notice_date"


def compile_parsed(parsed: Parsed, env: TypeEnv, *, expected: Type | None = None) -> Compiled:
    """Type-check ``parsed`` against ``env`` (and ``expected``) and compile it to a closure."""
    checked = check(parsed, env, expected=expected)
    compiler = _Compiler(parsed, checked)
    fn = compiler.compile(parsed.tree)
    return Compiled(
        source=parsed.source,
        type=checked.type,
        fn=fn,
        value_refs=checked.value_refs,
        param_refs=checked.param_refs,
        field_refs=checked.field_refs,
    )


def compile_expression(
    source: str,
    *,
    origin: Origin,
    display: str,
    env: TypeEnv,
    expected: Type | None = None,
    source_lines: Sequence[str] | None = None,
) -> Compiled:
    """Parse, check and compile in one step (see parse_expression and compile_parsed)."""
    parsed = parse_expression(source, origin=origin, display=display, source_lines=source_lines)
    return compile_parsed(parsed, env, expected=expected)


_NO_SCOPE: Final = cast(Scope, None)  # folding evaluates closures that never touch the scope

_COMPARE: Final[dict[type[ast.cmpop], Callable[[Any, Any], bool]]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
    ast.Is: lambda a, b: a is None,  # parse.py: only `is none`
    ast.IsNot: lambda a, b: a is not None,
}
_ARITHMETIC: Final[dict[type[ast.operator], Callable[[Any, Any], Decimal]]] = {
    ast.Add: CTX.add,
    ast.Sub: CTX.subtract,
    ast.Mult: CTX.multiply,
    ast.Div: CTX.divide,
}


def _require(fn: Fn, what: str) -> Fn:
    """``fn``, but a none result is a missing value naming ``what``."""

    def required(s: Scope) -> Any:
        v = fn(s)
        if v is None:
            raise MissingValue((what,))
        return v

    return required


def _number(fn: Fn, what: str) -> Fn:
    """``fn`` reading case or parameter data typed number: ints arrive from YAML and pydantic."""

    def number(s: Scope) -> Any:
        v = fn(s)
        return v if v.__class__ is Decimal or v is None else to_number(v, what)

    return number


def _checked_items(fn: Fn, what: str) -> Fn:
    """A list whose items may be none, used where every item is needed."""

    def items(s: Scope) -> Iterator[Any]:
        for v in fn(s):
            if v is None:
                raise MissingValue((what,))
            yield v

    return items


class _Compiler:
    """Visits nodes by class name, using the types and references the checker resolved.

    Literal values are plain closures too (calling an object with ``__call__`` costs four
    times as much); ``consts`` remembers which closures are literals, for folding.
    """

    def __init__(self, parsed: Parsed, checked: Checked) -> None:
        self.where = parsed.where
        self.c = checked
        self.consts: dict[Fn, Any] = {}
        self.required: dict[ast.AST, str] = {}

    def compile(self, node: ast.AST) -> Fn:
        fn: Fn = getattr(self, "_" + type(node).__name__)(node)
        needed = node in self.c.needs_value and is_nullable(self.c.types[node])
        if needed and not (fn in self.consts and self.consts[fn] is not None):
            self.required[node] = what = self.label(node)
            fn = _require(fn, what)
        return fn

    def const(self, value: Any) -> Fn:
        fn: Fn = lambda s: value  # noqa: E731
        self.consts[fn] = value
        return fn

    def fold(self, fn: Fn, parts: Sequence[Fn]) -> Fn:
        """``fn`` computed now if all its parts are literals (and it does not fail)."""
        if all(p in self.consts for p in parts):
            try:
                return self.const(fn(_NO_SCOPE))
            except (EvaluationError, MissingValue, ArithmeticError):
                pass  # keep it for run time, where the failure belongs to a case
        return fn

    def label(self, node: ast.AST) -> str:
        return self.c.labels.get(node) or self.where.segment(node)

    def segment(self, node: ast.AST) -> str:
        return self.where.segment(node)

    def is_number(self, node: ast.AST) -> bool:
        return strip_null(self.c.types[node]) == NUMBER

    # -- leaves -------------------------------------------------------------------------------

    def _Constant(self, node: ast.Constant) -> Fn:
        return self.const(node.value)

    def _Name(self, node: ast.Name) -> Fn:
        ref = self.c.refs[node]
        name, slot = ref.name, ref.slot
        fn: Fn
        if ref.kind == "literal":
            return self.const(ref.value)
        if ref.kind == "value":
            return lambda s: s.value(name)  # already Decimal: computed by another expression
        if ref.kind == "case":
            fn = lambda s: s.case_root(name)  # noqa: E731
        else:
            fn = cast(Fn, lambda s: s.slots[slot])  # s is a runtime.Frame inside a generator
        return _number(fn, self.label(node)) if self.is_number(node) else fn

    def _Attribute(self, node: ast.Attribute) -> Fn:
        ref = self.c.refs.get(node)
        fn: Fn
        if ref is not None:  # params.NAME
            name = ref.name
            fn = lambda s: s.param(name)  # noqa: E731
            return _number(fn, self.label(node)) if self.is_number(node) else fn
        # Fuse a chain a.b.c into one C-level attrgetter("b.c") while no step may be none.
        types = self.c.types
        names = [node.attr]
        base = node.value
        while (
            isinstance(base, ast.Attribute)
            and base not in self.c.refs
            and not is_nullable(types[base])
        ):
            names.append(base.attr)
            base = base.value
        get = operator.attrgetter(".".join(reversed(names)))
        base_ref = self.c.refs.get(base)
        kind = base_ref.kind if base_ref is not None and not is_nullable(types[base]) else None
        what = self.label(node)
        if kind == "case" and base_ref is not None:
            root = base_ref.name
            if not self.is_number(node):
                return lambda s: get(s.case_root(root))

            def case_number(s: Scope) -> Any:  # inlined _number: the most common read
                v = get(s.case_root(root))
                return v if v.__class__ is Decimal or v is None else to_number(v, what)

            return case_number
        if kind == "var" and base_ref is not None:
            slot = base_ref.slot
            fn = cast(Fn, lambda s: get(s.slots[slot]))
        else:
            of = self.compile(base)
            fn = lambda s: get(of(s))  # noqa: E731
        return _number(fn, what) if self.is_number(node) else fn

    def _List(self, node: ast.List) -> Fn:
        items = [self.compile(e) for e in node.elts]
        return self.const([self.consts[i] for i in items])  # parse.py: literals only

    # -- operators ----------------------------------------------------------------------------

    def _BinOp(self, node: ast.BinOp) -> Fn:
        f = _ARITHMETIC[type(node.op)]
        left, right = self.compile(node.left), self.compile(node.right)
        text = self.where.segment(node)

        def arithmetic(s: Scope) -> Any:
            a, b = left(s), right(s)
            try:
                return f(a, b)
            except ArithmeticError as exc:
                raise _arithmetic_error(exc, b, text) from None

        if right in self.consts and left not in self.consts:
            r = self.consts[right]  # the common `x * 12`, `x / 2`: no call for the literal

            def arithmetic_literal(s: Scope) -> Any:
                a = left(s)
                try:
                    return f(a, r)
                except ArithmeticError as exc:
                    raise _arithmetic_error(exc, r, text) from None

            return arithmetic_literal
        return self.fold(arithmetic, (left, right))

    def _UnaryOp(self, node: ast.UnaryOp) -> Fn:
        operand = self.compile(node.operand)
        if isinstance(node.op, ast.Not):
            return self.fold(lambda s: not operand(s), (operand,))
        minus = CTX.minus
        return self.fold(lambda s: minus(operand(s)), (operand,))

    def _BoolOp(self, node: ast.BoolOp) -> Fn:
        parts = [self.compile(v) for v in node.values]
        if isinstance(node.op, ast.And):
            if len(parts) == 2:
                a, b = parts
                return self.fold(lambda s: a(s) and b(s), parts)
            return self.fold(lambda s: all(p(s) for p in parts), parts)
        if len(parts) == 2:
            a, b = parts
            return self.fold(lambda s: a(s) or b(s), parts)
        return self.fold(lambda s: any(p(s) for p in parts), parts)

    def _IfExp(self, node: ast.IfExp) -> Fn:
        test, body, orelse = (self.compile(n) for n in (node.test, node.body, node.orelse))
        if test in self.consts:
            return body if self.consts[test] else orelse
        return lambda s: body(s) if test(s) else orelse(s)

    def _Compare(self, node: ast.Compare) -> Fn:
        operands = [self.compile(n) for n in (node.left, *node.comparators)]
        for i, op in enumerate(node.ops):
            right = operands[i + 1]
            if isinstance(op, ast.In | ast.NotIn) and right in self.consts:
                # A literal list: test membership in a frozenset (Decimal("1.0") hashes as 1).
                operands[i + 1] = self.const(frozenset(self.consts[right]))
        ops = [_COMPARE[type(op)] for op in node.ops]
        if len(ops) > 1:
            return self.fold(_chain(ops, operands), operands)
        left, right = operands
        if left not in self.consts:
            if isinstance(node.ops[0], ast.Is):
                return lambda s: left(s) is None
            if isinstance(node.ops[0], ast.IsNot):
                return lambda s: left(s) is not None
        f = ops[0]
        if right in self.consts and left not in self.consts:
            r = self.consts[right]
            return lambda s: f(left(s), r)
        return self.fold(lambda s: f(left(s), right(s)), operands)

    # -- calls --------------------------------------------------------------------------------

    def _Call(self, node: ast.Call) -> Fn:
        assert isinstance(node.func, ast.Name)
        function = FUNCTIONS[node.func.id]
        args = node.args
        if function.over is not None and len(args) == 1:
            return self._aggregate(node, function, args[0])
        parts = [self.compile(a) for a in args]
        impl = function.impl
        assert impl is not None
        if function.lazy:
            return self.fold(lambda s: impl(s, parts), parts)
        text = self.where.segment(node)
        fn: Fn
        # One closure per arity, so that a call builds no argument list; errors name the call.
        if len(parts) == 1:
            (a,) = parts

            def call1(s: Scope) -> Any:
                try:
                    return impl(a(s))
                except EvaluationError as exc:
                    raise exc.within(text) from None

            fn = call1
        elif len(parts) == 2:
            a, b = parts

            def call2(s: Scope) -> Any:
                try:
                    return impl(a(s), b(s))
                except EvaluationError as exc:
                    raise exc.within(text) from None

            fn = call2
        else:

            def call(s: Scope) -> Any:
                try:
                    return impl(*[p(s) for p in parts])
                except EvaluationError as exc:
                    raise exc.within(text) from None

            fn = call
        return self.fold(fn, parts) if function.pure else fn

    def _aggregate(self, node: ast.Call, function: Function, arg: ast.expr) -> Fn:
        """any/all/sum/count/min/max over one list or generator expression."""
        over = function.over
        assert over is not None
        values: Fn
        if isinstance(arg, ast.GeneratorExp):
            values = self._generator(arg, function)
            what = self.c.labels.get(arg.generators[0].iter) or self.where.segment(node)
        else:
            values = self.compile(arg)
            what = self.label(arg)
            listed = strip_null(self.c.types[arg])
            if isinstance(listed, ListType) and is_nullable(listed.item) and function.elements:
                values = _checked_items(values, what + "[]")
        text = self.where.segment(node)

        def aggregate(s: Scope) -> Any:
            try:
                return over(values(s), what)
            except EvaluationError as exc:
                raise exc.within(text) from None

        return aggregate

    def _generator(self, gen: ast.GeneratorExp, function: Function) -> Fn:
        comp = gen.generators[0]
        slot = self.c.slots[gen]
        items = self.compile(comp.iter)
        conds = [self.compile(c) for c in comp.ifs]
        cond: Fn | None = None
        if len(conds) == 1:
            cond = conds[0]
        elif conds:
            cond = lambda f: all(c(f) for c in conds)  # noqa: E731
        elt = self.compile(gen.elt) if function.elements else None

        def values(s: Scope) -> Iterator[Any]:
            frame = Frame(s, slot)  # this evaluation's loop variables (re-entrant)
            slots = frame.slots
            for item in items(s):
                slots[slot] = item
                if cond is None or cond(frame):
                    yield item if elt is None else elt(frame)

        return values


def _chain(ops: Sequence[Callable[[Any, Any], bool]], operands: Sequence[Fn]) -> Fn:
    """``a < b <= c``: each operand evaluated once, stopping at the first false comparison."""
    first, rest = operands[0], list(zip(ops, operands[1:], strict=True))

    def chain(s: Scope) -> bool:
        a = first(s)
        for f, get in rest:
            b = get(s)
            if not f(a, b):
                return False
            a = b
        return True

    return chain


def _arithmetic_error(exc: ArithmeticError, right: Any, text: str) -> EvaluationError:
    """The runtime error for a failed Decimal operation in the source text ``text``."""
    if isinstance(exc, ZeroDivisionError) or right == 0:  # 0 / 0 is InvalidOperation
        return EvaluationError("division by zero", text)
    return EvaluationError(f"number out of range ({type(exc).__name__})", text)
