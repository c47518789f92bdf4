"""The fast path: one generated Python function per expression, falling back to the closures.

``compile.py`` turns an expression into nested closures, one call per node. That is the
reference: every error names its field or sub-expression exactly. Most evaluations do not fail,
though, and there the calls dominate: a generator over ``employee.wages.monthly`` costs a few
closure calls per item. So for a policy that checks many cases the engine asks for
:attr:`Compiled.fast <offboard_policy.expr.compile.Compiled.fast>`: the same expression as the
body of one Python function (operators, attribute reads and generator expressions in bytecode),
wrapped like this::

    def expr(s):
        try:
            return <the expression>
        except _Fallback:
            return slow(s)     # the closures: the same value, or the exact error

The generated code computes the same values in the same order as the closures (Python's own
left-to-right evaluation and short-circuiting are the closures' semantics) and reads the scope
the same way, so when it succeeds its result is the closures' result. When anything raises it
does not try to name the error: it runs the closures, which are deterministic over the same
scope (derived values and parameters are cached per case, the case is immutable), so they
return or raise exactly what they would have alone. Failing expressions cost about twice as
much; they are the minority.

Keep the two in step: a change to what the closures compute, or a limit added to them (say a
step budget for generators), must be made here too, or the generated code will not have it.
tests/perf/test_codegen.py and test_golden_reports.py compare the two.

Safety: the generated source holds only generated names (``_k3``, ``_v0``, ``_t5``), Python
operators and keywords, and record field names, which the parser took from ``ast.Attribute``
and the checker matched against the case model (checked again here). Every literal, name
string and function reaches the code as a closure variable, never as source text, and the
code is compiled with empty builtins.
"""

from __future__ import annotations

import ast
import keyword
import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any, Final, Protocol

from .check import Checked
from .functions import FUNCTIONS
from .runtime import CTX, MissingValue, Scope, to_number
from .types import NUMBER, ListType, is_nullable, strip_null

Fn = Callable[[Scope], Any]

_made = 0  # functions generated so far, for their file names

fallback_on: tuple[type[BaseException], ...] = (Exception,)
"""What the generated code hands over to the closures: everything, so that a mistake here can
cost speed but never change a result. The tests narrow it to the errors evaluation is meant to
raise (MissingValue, EvaluationError, ArithmeticError) so that any other exception shows."""

_IDENTIFIER: Final = re.compile(r"[a-z][a-z0-9_]*")
_COMPARE: Final = {
    ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
    ast.In: "in", ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not",
}  # fmt: skip
_ARITHMETIC: Final = {ast.Add: CTX.add, ast.Sub: CTX.subtract, ast.Mult: CTX.multiply,
                      ast.Div: CTX.divide}


class CompilerState(Protocol):
    """What compile._Compiler knows after compiling one expression to closures."""

    c: Checked
    consts: dict[Fn, Any]  # closures that are literals (folded), with their values
    node_fns: dict[ast.AST, Fn]  # each compiled node's closure, before any none check
    required: dict[ast.AST, str]  # nodes whose none is a missing value, with what it names

    def label(self, node: ast.AST) -> str: ...

    def segment(self, node: ast.AST) -> str: ...


def _missing(what: str) -> Any:
    raise MissingValue((what,))


def _required(value: Any, what: str) -> Any:
    """A none check where an assignment expression is not allowed (a generator's iterable)."""
    return _missing(what) if value is None else value


def _required_items(values: Iterable[Any], what: str) -> Iterator[Any]:
    for v in values:
        yield _missing(what) if v is None else v


class FastPlan:
    """One expression's closures and compile state, until its fast function is made."""

    __slots__ = ("_generated", "_state", "_tree", "slow", "source")

    def __init__(self, slow: Fn, tree: ast.expr, state: CompilerState, source: str) -> None:
        self.slow = slow  # the closures; also the fallback
        self.source = source
        self._tree: ast.expr | None = tree
        self._state: CompilerState | None = state
        self._generated: Fn | None = None

    def function(self) -> Fn:
        """The generated function (made on first use), or the closures if that fails."""
        if self._generated is None:
            assert self._tree is not None and self._state is not None
            try:
                generator = _Generator(self.slow, self._state)
                self._generated = generator.function(self._tree, self.source)
            except (SyntaxError, RecursionError, MemoryError, ValueError):
                self._generated = self.slow  # an odd shape stays on the reference path
            self._tree = self._state = None  # not needed any more
        return self._generated


class _Generator:
    """Writes the source of one expression, node by node (mirrors compile._Compiler)."""

    def __init__(self, slow: Fn, state: CompilerState) -> None:
        self.slow = slow
        self.state = state
        self.types = state.c.types
        self.refs = state.c.refs
        self.names: list[str] = []  # closure variables _k0, _k1, ... and their values
        self.values: list[Any] = []
        self.temps = 0
        self.in_iterable = 0  # inside a generator's iterable: no assignment expressions

    def function(self, tree: ast.expr, source: str) -> Fn:
        body = self.gen(tree)
        slow, fallback = self.const(self.slow), self.const(fallback_on)
        code = (f"def _make({', '.join(self.names)}):\n"
                  f"    def expr(s):\n"
                  f"        try:\n"
                  f"            return {body}\n"
                  f"        except {fallback}:\n"
                  f"            return {slow}(s)\n"
                  f"    return expr\n")
        namespace: dict[str, Any] = {"__builtins__": {}}
        # A file name per expression: profilers and tracebacks tell the functions apart.
        global _made
        _made += 1
        where = f"<expression {_made}: {' '.join(source.split())[:80]}>"
        exec(compile(code, where, "exec"), namespace)
        made: Fn = namespace["_make"](*self.values)
        return made

    # -- helpers ------------------------------------------------------------------------------

    def const(self, value: Any) -> str:
        name = f"_k{len(self.names)}"
        self.names.append(name)
        self.values.append(value)
        return name

    def temp(self) -> str:
        self.temps += 1
        return f"_t{self.temps}"

    def number(self, code: str, node: ast.AST) -> str:
        """A number read from the case or a parameter: ints arrive from YAML and pydantic."""
        if strip_null(self.types[node]) != NUMBER:
            return code
        convert, what = self.const(to_number), self.const(self.state.label(node))
        if self.in_iterable:
            return f"{convert}({code}, {what})"
        t, dec = self.temp(), self.const(Decimal)
        return f"({t} if ({t} := {code}).__class__ is {dec} else {convert}({t}, {what}))"

    def gen(self, node: ast.AST) -> str:
        fn = self.state.node_fns.get(node)  # None: a step of a fused a.b.c chain
        if fn is not None and fn in self.state.consts:
            code = self.const(self.state.consts[fn])
        else:
            code = getattr(self, "_" + type(node).__name__)(node)
        what = self.state.required.get(node)
        if what is None:
            return code
        label = self.const(what)
        if self.in_iterable:
            return f"{self.const(_required)}({code}, {label})"
        t = self.temp()
        return f"({t} if ({t} := {code}) is not None else {self.const(_missing)}({label}))"

    def is_const(self, node: ast.AST) -> bool:
        fn = self.state.node_fns.get(node)
        return fn is not None and fn in self.state.consts

    def const_value(self, node: ast.AST) -> Any:
        return self.state.consts[self.state.node_fns[node]]

    # -- nodes --------------------------------------------------------------------------------

    def _Name(self, node: ast.Name) -> str:
        ref = self.refs[node]
        if ref.kind == "value":
            return f"s.value({self.const(ref.name)})"
        if ref.kind == "case":
            return self.number(f"s.case_root({self.const(ref.name)})", node)
        if ref.kind == "var":
            return self.number(f"_v{ref.slot}", node)
        raise ValueError(f"unexpected name kind {ref.kind}")  # literals are constants

    def _Attribute(self, node: ast.Attribute) -> str:
        ref = self.refs.get(node)
        if ref is not None:  # params.NAME
            return self.number(f"s.param({self.const(ref.name)})", node)
        if not _IDENTIFIER.fullmatch(node.attr) or keyword.iskeyword(node.attr):
            raise ValueError(f"not a field name: {node.attr!r}")
        return self.number(f"{self.gen(node.value)}.{node.attr}", node)

    def _BinOp(self, node: ast.BinOp) -> str:
        op = self.const(_ARITHMETIC[type(node.op)])
        return f"{op}({self.gen(node.left)}, {self.gen(node.right)})"

    def _UnaryOp(self, node: ast.UnaryOp) -> str:
        operand = self.gen(node.operand)
        if isinstance(node.op, ast.Not):
            return f"(not {operand})"
        return f"{self.const(CTX.minus)}({operand})"

    def _BoolOp(self, node: ast.BoolOp) -> str:
        word = " and " if isinstance(node.op, ast.And) else " or "
        joined = word.join(self.gen(v) for v in node.values)
        # Two operands give an operand's value (a and b); more give all()'s or any()'s bool.
        return f"({joined})" if len(node.values) == 2 else f"(True if ({joined}) else False)"

    def _IfExp(self, node: ast.IfExp) -> str:
        if self.is_const(node.test):  # folded: compile.py kept only the branch taken
            return self.gen(node.body if self.const_value(node.test) else node.orelse)
        return f"({self.gen(node.body)} if {self.gen(node.test)} else {self.gen(node.orelse)})"

    def _Compare(self, node: ast.Compare) -> str:
        parts = [self.gen(node.left)]
        for op, right in zip(node.ops, node.comparators, strict=True):
            if isinstance(op, ast.Is | ast.IsNot):
                code = "None"  # parse.py: only `is none`; compile.py ignores the operand
            elif isinstance(op, ast.In | ast.NotIn) and self.is_const(right):
                code = self.const(frozenset(self.const_value(right)))  # as compile.py
            else:
                code = self.gen(right)
            parts.append(f"{_COMPARE[type(op)]} {code}")
        return f"({' '.join(parts)})"

    def _Call(self, node: ast.Call) -> str:
        assert isinstance(node.func, ast.Name)
        function = FUNCTIONS[node.func.id]
        args = node.args
        if function.over is not None and len(args) == 1:
            return self._aggregate(node, args[0])
        if function.lazy:  # coalesce: the first argument that is not none
            if self.in_iterable:
                raise ValueError("coalesce in a generator's iterable")  # keep the closures
            *firsts, code = [self.gen(a) for a in args]
            for first in reversed(firsts):
                t = self.temp()
                code = f"({t} if ({t} := {first}) is not None else {code})"
            return code
        return f"{self.const(function.impl)}({', '.join(self.gen(a) for a in args)})"

    def _aggregate(self, node: ast.Call, arg: ast.expr) -> str:
        assert isinstance(node.func, ast.Name)
        function = FUNCTIONS[node.func.id]
        over = self.const(function.over)
        if not isinstance(arg, ast.GeneratorExp):
            label = self.state.label(arg)
            values = self.gen(arg)
            listed = strip_null(self.types[arg])
            if isinstance(listed, ListType) and is_nullable(listed.item) and function.elements:
                values = f"{self.const(_required_items)}({values}, {self.const(label + '[]')})"
            return f"{over}({values}, {self.const(label)})"
        comp = arg.generators[0]
        what = self.const(self.state.c.labels.get(comp.iter) or self.state.segment(node))
        var = f"_v{self.state.c.slots[arg]}"
        self.in_iterable += 1
        items = self.gen(comp.iter)
        self.in_iterable -= 1
        conds = "".join(f" if {self.gen(c)}" for c in comp.ifs)
        elt = self.gen(arg.elt) if function.elements else var
        return f"{over}(({elt} for {var} in {items}{conds}), {what})"
