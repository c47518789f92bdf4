"""Compile a checked expression to the source of one Python function, as Jinja compiles templates.

Each expression becomes ``def expr(s): return ...``, compiled once with ``compile()`` and run
with the helpers of generated.py as its only globals (``__builtins__`` empty). Nothing from the
policy's text is interpolated into the source: names are mangled identifiers (``s`` the scope,
``v<n>`` a generator's loop variable, ``c<n>`` a value bound by the compiler: a Decimal, a
date, a list, an attribute getter, a function of the table), and the only literals written in
the source are ``repr`` of already-parsed ``str``, ``int``, ``bool`` and ``None`` values.
Literal sub-expressions are folded at load time. Missing data raises MissingValue naming the
field, failures raise EvaluationError naming the sub-expression, exactly as before.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from .check import Checked, TypeEnv, check
from .functions import FUNCTIONS, Function
from .generated import HELPERS
from .origin import Origin
from .parse import Parsed, parse_expression
from .runtime import EvaluationError, MissingValue, Scope
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
    code: str = ""  # the generated Python source of ``fn`` (empty for hand-built ones)


def compile_parsed(parsed: Parsed, env: TypeEnv, *, expected: Type | None = None) -> Compiled:
    """Type-check ``parsed`` against ``env`` (and ``expected``) and compile it to a function."""
    checked = check(parsed, env, expected=expected)
    compiler = _Compiler(parsed, checked)
    code, fn = compiler.function(parsed.tree)
    return Compiled(
        source=parsed.source,
        type=checked.type,
        fn=fn,
        code=code,
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


_COMPARE: Final[dict[type[ast.cmpop], str]] = {
    ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
    ast.In: "in", ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not",
}  # fmt: skip
_ARITHMETIC: Final[dict[type[ast.operator], str]] = {
    ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "div",
}  # fmt: skip
_REPR_TYPES: Final = (str, int, bool, type(None))  # written as Python literals by repr()


@dataclass(frozen=True)
class _Code:
    """Generated source of one sub-expression; ``const``: a literal whose value is ``value``.

    ``bare``: it may raise an EvaluationError that names no expression (a case or parameter
    value of the wrong type, a failed derived value), which an enclosing call names: the call
    then evaluates its arguments inside its ``try`` (a ``lambda`` for ``within``).
    """

    src: str
    const: bool = False
    value: Any = None
    bare: bool = False


def _bare(parts: Sequence[_Code]) -> bool:
    return any(p.bare for p in parts)


class _Compiler:
    """Emits source per node by class name, using the types and references the checker resolved."""

    def __init__(self, parsed: Parsed, checked: Checked) -> None:
        self.where = parsed.where
        self.c = checked
        self.names: dict[str, Any] = {"__builtins__": {}, **HELPERS}
        self.bound: dict[int, str] = {}  # id(value) -> its c<n> name

    def function(self, tree: ast.AST) -> tuple[str, Callable[[Scope], Any]]:
        """The generated source of ``tree`` as ``def expr(s)`` and the function it defines."""
        code = f"def expr(s):\n    return {self.compile(tree).src}\n"
        return code, self._define(code)

    def _define(self, code: str) -> Callable[[Scope], Any]:
        names = dict(self.names)
        exec(compile(code, "<expression>", "exec"), names)  # generated source only: see above
        fn: Callable[[Scope], Any] = names["expr"]
        return fn

    def compile(self, node: ast.AST) -> _Code:
        code: _Code = getattr(self, "_" + type(node).__name__)(node)
        needed = node in self.c.needs_value and is_nullable(self.c.types[node])
        if needed and not (code.const and code.value is not None):
            code = _Code(f"req({code.src}, {self.text(self.label(node))})", bare=code.bare)
        return code

    def bind(self, value: Any) -> str:
        """A mangled global name for ``value`` (kept alive by the function's globals)."""
        name = self.bound.get(id(value))
        if name is None:
            name = self.bound[id(value)] = f"c{len(self.bound)}"
            self.names[name] = value
        return name

    def const(self, value: Any) -> _Code:
        if value.__class__ in _REPR_TYPES:
            return _Code(repr(value), True, value)
        return _Code(self.bind(value), True, value)

    def text(self, value: str) -> str:
        """A string (a label, a source segment) as a Python literal."""
        return repr(str(value))

    def fold(self, src: str, parts: Sequence[_Code], bare: bool | None = None) -> _Code:
        """``src`` computed now if all its parts are literals (and it does not fail)."""
        if all(p.const for p in parts):
            try:
                return self.const(self._define(f"def expr(s):\n    return {src}\n")(_NO_SCOPE))
            except (EvaluationError, MissingValue, ArithmeticError):
                pass  # keep it for run time, where the failure belongs to a case
        return _Code(src, bare=_bare(parts) if bare is None else bare)

    def label(self, node: ast.AST) -> str:
        return self.c.labels.get(node) or self.where.segment(node)

    def is_number(self, node: ast.AST) -> bool:
        return strip_null(self.c.types[node]) == NUMBER

    def number(self, src: str, node: ast.AST, *, bare: bool = False) -> _Code:
        if self.is_number(node):
            return _Code(f"num({src}, {self.text(self.label(node))})", bare=True)
        return _Code(src, bare=bare)

    # -- leaves -------------------------------------------------------------------------------

    def _Constant(self, node: ast.Constant) -> _Code:
        return self.const(node.value)

    def _Name(self, node: ast.Name) -> _Code:
        ref = self.c.refs[node]
        if ref.kind == "literal":
            return self.const(ref.value)
        if ref.kind == "value":  # already Decimal: computed by another expression
            return _Code(f"s.value({self.text(ref.name)})", bare=True)
        if ref.kind == "case":
            return self.number(f"s.case_root({self.text(ref.name)})", node)
        return self.number(f"v{int(ref.slot)}", node)  # a generator's loop variable

    def _Attribute(self, node: ast.Attribute) -> _Code:
        ref = self.c.refs.get(node)
        if ref is not None:  # params.NAME
            return self.number(f"s.param({self.text(ref.name)})", node, bare=True)
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
        get = self.bind(operator.attrgetter(".".join(reversed(names))))
        base_ref = self.c.refs.get(base)
        kind = base_ref.kind if base_ref is not None and not is_nullable(types[base]) else None
        bare = False
        if kind == "case" and base_ref is not None:
            of = f"s.case_root({self.text(base_ref.name)})"
        elif kind == "var" and base_ref is not None:
            of = f"v{int(base_ref.slot)}"
        else:
            base_code = self.compile(base)
            of, bare = base_code.src, base_code.bare
        return self.number(f"{get}({of})", node, bare=bare)

    def _List(self, node: ast.List) -> _Code:
        items = [self.compile(e) for e in node.elts]
        return self.const([i.value for i in items])  # parse.py: literals only

    # -- operators ----------------------------------------------------------------------------

    def _BinOp(self, node: ast.BinOp) -> _Code:
        f = _ARITHMETIC[type(node.op)]
        left, right = self.compile(node.left), self.compile(node.right)
        text = self.text(self.where.segment(node))
        return self.fold(f"arith({f}, {left.src}, {right.src}, {text})", (left, right))

    def _UnaryOp(self, node: ast.UnaryOp) -> _Code:
        operand = self.compile(node.operand)
        if isinstance(node.op, ast.Not):
            return self.fold(f"(not {operand.src})", (operand,))
        return self.fold(f"minus({operand.src})", (operand,))

    def _BoolOp(self, node: ast.BoolOp) -> _Code:
        parts = [self.compile(v) for v in node.values]
        op = " and " if isinstance(node.op, ast.And) else " or "
        joined = op.join(p.src for p in parts)
        if len(parts) == 2:
            return self.fold(f"({joined})", parts)
        return self.fold(f"(True if {joined} else False)", parts)  # all()/any(): a bool

    def _IfExp(self, node: ast.IfExp) -> _Code:
        test, body, orelse = (self.compile(n) for n in (node.test, node.body, node.orelse))
        if test.const:
            return body if test.value else orelse
        return _Code(f"({body.src} if {test.src} else {orelse.src})",
                     bare=_bare((test, body, orelse)))

    def _Compare(self, node: ast.Compare) -> _Code:
        operands = [self.compile(n) for n in (node.left, *node.comparators)]
        for i, op in enumerate(node.ops):
            right = operands[i + 1]
            if isinstance(op, ast.In | ast.NotIn) and right.const:
                # A literal list: test membership in a frozenset (Decimal("1.0") hashes as 1).
                operands[i + 1] = self.const(frozenset(right.value))
        src = operands[0].src
        for op, operand in zip(node.ops, operands[1:], strict=True):
            if isinstance(op, ast.Is | ast.IsNot):  # parse.py: only `is none`
                src += f" {_COMPARE[type(op)]} None"
            else:
                src += f" {_COMPARE[type(op)]} {operand.src}"
        return self.fold(f"({src})", operands)

    # -- calls --------------------------------------------------------------------------------

    def _Call(self, node: ast.Call) -> _Code:
        assert isinstance(node.func, ast.Name)
        function = FUNCTIONS[node.func.id]
        args = node.args
        if function.over is not None and len(args) == 1:
            return self._aggregate(node, function, args[0])
        parts = [self.compile(a) for a in args]
        if node.func.id == "known":  # missing data in its argument is an answer, not an error
            return _Code(f"known(lambda: {parts[0].src})")
        if function.lazy:  # coalesce: later arguments are evaluated only when needed
            thunks = ", ".join(f"lambda: {p.src}" for p in parts)
            return self.fold(f"first({thunks})", parts)
        assert function.impl is not None
        impl = self.bind(function.impl)
        text = self.text(self.where.segment(node))
        listed = "".join(f", {p.src}" for p in parts)
        if _bare(parts):  # evaluated inside the try: an error without a text names this call
            src = f"within({text}, lambda: {impl}({listed[2:]}))"
        else:  # no lambda: nested calls then cost no stack frames while arguments are evaluated
            src = f"call({impl}, {text}{listed})"
        return self.fold(src, parts, bare=False) if function.pure else _Code(src)

    def _aggregate(self, node: ast.Call, function: Function, arg: ast.expr) -> _Code:
        """any/all/sum/count/min/max over one list or generator expression."""
        assert function.over is not None
        over, text = self.bind(function.over), self.text(self.where.segment(node))
        if isinstance(arg, ast.GeneratorExp):  # lazy: nothing runs before agg's try
            values = self._generator(arg, function)
            what = self.c.labels.get(arg.generators[0].iter) or self.where.segment(node)
            return _Code(f"agg({over}, {values}, {self.text(what)}, {text})")
        code = self.compile(arg)
        values, what = code.src, self.label(arg)
        listed = strip_null(self.c.types[arg])
        if isinstance(listed, ListType) and is_nullable(listed.item) and function.elements:
            values = f"items({values}, {self.text(what + '[]')})"
        if code.bare:  # evaluated inside the try, as for calls
            return _Code(f"within({text}, lambda: {over}({values}, {self.text(what)}))")
        return _Code(f"agg({over}, {values}, {self.text(what)}, {text})")

    def _generator(self, gen: ast.GeneratorExp, function: Function) -> str:
        comp = gen.generators[0]
        var = f"v{int(self.c.slots[gen])}"
        items = self.compile(comp.iter)
        conds = "".join(f" if {self.compile(c).src}" for c in comp.ifs)
        elt = self.compile(gen.elt).src if function.elements else var
        # The outermost iterable of a generator expression is evaluated when it is created;
        # a constant one first makes the items be read on first use, inside agg's try.
        return f"({elt} for {var} in (None,) for {var} in {items.src}{conds})"


_NO_SCOPE: Final[Any] = None  # folding evaluates sources that never touch the scope
