"""Type-check a parsed expression against the case, parameters and derived values it names."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from difflib import get_close_matches
from typing import Any, Literal, NoReturn

from offboard_policy import codes

from .functions import FUNCTIONS, ArgError, Function, GeneratorType
from .parse import LITERAL_NAMES, Parsed
from .types import (
    BOOL,
    DATE,
    NEVER,
    NONE,
    NUMBER,
    STRING,
    EnumType,
    ListType,
    NeverType,
    NoneType_,
    RecordType,
    ScalarType,
    Type,
    base_of,
    is_assignable,
    is_nullable,
    join,
    strip_null,
)


@dataclass(frozen=True)
class TypeEnv:
    """The names an expression may use, with their types."""

    case_roots: Mapping[str, Type] = field(default_factory=dict)  # "employee" -> RecordType
    values: Mapping[str, Type] = field(default_factory=dict)  # derived values already typed
    params: Mapping[str, Type] = field(default_factory=dict)  # parameter name -> type


@dataclass(frozen=True)
class Ref:
    """What a name (or ``params.NAME``) reads at run time, resolved at load time."""

    kind: Literal["literal", "case", "value", "param", "var"]
    name: str = ""
    slot: int = 0  # for "var": the generator's slot in runtime.Frame
    value: Any = None  # for "literal"


@dataclass
class Checked:
    """The checker's findings about every node, for compile.py."""

    type: Type
    types: dict[ast.AST, Type]  # every checked node
    refs: dict[ast.AST, Ref]  # Name and params.NAME nodes
    labels: dict[ast.AST, str]  # dotted name of what a node reads, for missing-data messages
    needs_value: set[ast.AST]  # used where a value is needed: none there is a missing value
    slots: dict[ast.AST, int]  # GeneratorExp -> slot of its loop variable
    value_refs: frozenset[str]
    param_refs: frozenset[str]
    field_refs: frozenset[str]


@dataclass(frozen=True)
class _Var:
    name: str
    type: Type
    slot: int
    path: str | None  # the case path of the items ("employee.wages.monthly[]"), if any
    label: str


_ORDERING = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)
_OP_TEXT = {
    ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
    ast.In: "in", ast.NotIn: "not in", ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/",
}  # fmt: skip


def check(parsed: Parsed, env: TypeEnv, *, expected: Type | None = None) -> Checked:
    """Type-check ``parsed``; raise ExpressionError (OP4xx, some OP3xx) at the offending node.

    With ``expected``, the expression must fit it; a nullable result where ``expected`` is not
    nullable becomes a missing value at run time (as for any other place needing a value).
    """
    c = _Checker(parsed, env)
    result = c.check(parsed.tree)
    if expected is not None:
        if is_nullable(result) and not is_nullable(expected):
            c.needs_value.add(parsed.tree)
            result = strip_null(result)
        if not is_assignable(result, expected):
            c.fail(
                f"expected a {expected} here, but this is a {result}", parsed.tree,
                    codes.EXPECTED_TYPE
            )
        result = expected
    return Checked(
        type=result,
        types=c.types,
        refs=c.refs,
        labels=c.labels,
        needs_value=c.needs_value,
        slots=c.slots,
        value_refs=frozenset(c.value_refs),
        param_refs=frozenset(c.param_refs),
        field_refs=frozenset(p for n, p in c.paths.items() if n not in c.inner),
    )


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = get_close_matches(word, list(choices), n=3, cutoff=0.6)
    return f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""


class _Checker:
    """Visits nodes by class name; anything without a visitor is refused."""

    def __init__(self, parsed: Parsed, env: TypeEnv) -> None:
        self.where = parsed.where
        self.env = env
        self.vars: list[_Var] = []  # generator variables in scope, innermost last
        self.types: dict[ast.AST, Type] = {}
        self.refs: dict[ast.AST, Ref] = {}
        self.labels: dict[ast.AST, str] = {}
        self.paths: dict[ast.AST, str] = {}  # case path of nodes that read case data
        self.inner: set[ast.AST] = set()  # paths that are only a step towards a longer path
        self.needs_value: set[ast.AST] = set()
        self.slots: dict[ast.AST, int] = {}
        self.value_refs: set[str] = set()
        self.param_refs: set[str] = set()

    def fail(self, message: str, at: ast.AST | tuple[int, int], code: str) -> NoReturn:
        self.where.fail(message, at, code)

    def check(self, node: ast.AST) -> Type:
        visit = getattr(self, "_" + type(node).__name__, None)
        if visit is None:  # parse.py refuses these already; this is a second line of defence
            self.fail(f"unsupported syntax: {type(node).__name__}", node, codes.EXPR_UNSUPPORTED)
        result: Type = visit(node)
        self.types[node] = result
        return result

    def need(self, node: ast.AST, t: Type) -> Type:
        """``node`` (of type ``t``) is used where a value is needed: none there is missing."""
        if is_nullable(t):
            self.needs_value.add(node)
        return strip_null(t)

    def value(self, node: ast.AST) -> Type:
        return self.need(node, self.check(node))

    def condition(self, node: ast.AST, where: str) -> None:
        t = self.value(node)
        if not is_assignable(t, BOOL):
            self.fail(f"{where} needs true/false, not a {t}", node, codes.TYPE_MISMATCH)

    def label(self, node: ast.AST) -> str:
        return self.labels.get(node) or self.where.segment(node)

    # -- names and fields ---------------------------------------------------------------------

    def _Constant(self, node: ast.Constant) -> Type:
        v = node.value
        return (
            BOOL
            if isinstance(v, bool)
            else NONE
            if v is None
            else STRING
            if isinstance(v, str)
            else NUMBER
        )

    def _Name(self, node: ast.Name) -> Type:
        name = node.id
        if name in LITERAL_NAMES:
            self.refs[node] = Ref("literal", value=LITERAL_NAMES[name])
            return NONE if name == "none" else BOOL
        for var in reversed(self.vars):
            if var.name == name:
                self.refs[node] = Ref("var", name, slot=var.slot)
                self.labels[node] = var.label
                if var.path is not None:
                    self.paths[node] = var.path
                    self.inner.add(node)  # the list itself is already a field read
                return var.type
        if name in self.env.values:
            self.refs[node] = Ref("value", name)
            self.labels[node] = name
            self.value_refs.add(name)
            return self.env.values[name]
        if name in self.env.case_roots:
            self.refs[node] = Ref("case", name)
            self.labels[node] = self.paths[node] = name
            return self.env.case_roots[name]
        if name == "params":
            self.fail("params needs a parameter name: params.NAME", node, codes.UNKNOWN_NAME)
        known = [v.name for v in self.vars] + [*self.env.values, *self.env.case_roots]
        self.fail(f"unknown name '{name}'{_did_you_mean(name, known)}", node, codes.UNKNOWN_NAME)

    def _Attribute(self, node: ast.Attribute) -> Type:
        base = node.value
        if isinstance(base, ast.Name) and base.id == "params":  # never a loop variable
            params = self.env.params
            if node.attr not in params:
                hint = _did_you_mean(node.attr, params)
                self.fail(
                    f"unknown parameter 'params.{node.attr}'{hint}",
                    self.where.attr_start(node),
                    codes.UNKNOWN_NAME,
                )
            self.refs[node] = Ref("param", node.attr)
            self.labels[node] = f"params.{node.attr}"
            self.param_refs.add(node.attr)
            return params[node.attr]
        record = self.value(base)  # through a none record: a missing value naming the record
        if not isinstance(record, RecordType):
            self.fail(
                f"'{self.where.segment(base)}' is a {record}, which has no fields "
                "(only records have fields)",
                self.where.attr_start(node),
                codes.EXPR_UNSUPPORTED,
            )
        fields = record.fields
        if node.attr not in fields:
            hint = _did_you_mean(node.attr, fields)
            if not hint and len(fields) <= 15:
                hint = f" (fields: {', '.join(fields)})"
            self.fail(
                f"{record.name} has no field '{node.attr}'{hint}",
                self.where.attr_start(node),
                codes.UNKNOWN_NAME,
            )
        self.labels[node] = f"{self.label(base)}.{node.attr}"
        if base in self.paths:
            self.paths[node] = f"{self.paths[base]}.{node.attr}"
            self.inner.add(base)
        return fields[node.attr]

    # -- operators ----------------------------------------------------------------------------

    def _BoolOp(self, node: ast.BoolOp) -> Type:
        word = "and" if isinstance(node.op, ast.And) else "or"
        for operand in node.values:
            self.condition(operand, f"'{word}'")
        return BOOL

    def _UnaryOp(self, node: ast.UnaryOp) -> Type:
        if isinstance(node.op, ast.Not):
            self.condition(node.operand, "'not'")
            return BOOL
        t = self.value(node.operand)
        if not is_assignable(t, NUMBER):
            self.fail(f"unary '-' needs a number, not a {t}", node.operand, codes.TYPE_MISMATCH)
        return NUMBER

    def _BinOp(self, node: ast.BinOp) -> Type:
        op = _OP_TEXT[type(node.op)]
        for operand in (node.left, node.right):
            t = self.value(operand)
            if not is_assignable(t, NUMBER):
                hint = " (for dates use add_days, add_months or days_between)" if t == DATE else ""
                self.fail(f"'{op}' needs numbers, not a {t}{hint}", operand, codes.TYPE_MISMATCH)
        return NUMBER

    def _IfExp(self, node: ast.IfExp) -> Type:
        self.condition(node.test, "'if'")
        body, orelse = self.check(node.body), self.check(node.orelse)
        joined = join(body, orelse)
        if joined is None:
            self.fail(
                f"the branches have different types: {body} and {orelse}", node, codes.TYPE_MISMATCH
            )
        return joined

    def _Compare(self, node: ast.Compare) -> Type:
        operands = [node.left, *node.comparators]
        types = [self.check(x) for x in operands]
        for i, op in enumerate(node.ops):
            a, b, ta, tb = operands[i], operands[i + 1], types[i], types[i + 1]
            if isinstance(op, ast.Is | ast.IsNot):
                continue  # `x is none`: any x (parse.py allows only none on the right)
            if isinstance(op, _ORDERING):
                sa, sb = self.need(a, ta), self.need(b, tb)
                if not any(is_assignable(sa, k) and is_assignable(sb, k) for k in (NUMBER, DATE)):
                    self.fail(
                        f"cannot compare a {sa} with a {sb} using '{_OP_TEXT[type(op)]}' "
                        "(only numbers or dates are ordered)",
                        node,
                        codes.TYPE_MISMATCH,
                    )
            elif isinstance(op, ast.In | ast.NotIn):
                self._membership(a, ta, b, self.need(b, tb), _OP_TEXT[type(op)])
            else:
                self._enum_literal(ta, b, a)
                self._enum_literal(tb, a, b)
                self._comparable(ta, tb, _OP_TEXT[type(op)], node)
        return BOOL

    def _membership(self, a: ast.AST, ta: Type, b: ast.AST, tb: Type, op: str) -> None:
        if isinstance(tb, NeverType):
            return
        if not isinstance(tb, ListType):
            self.fail(f"'{op}' needs a list on the right, not a {tb}", b, codes.TYPE_MISMATCH)
        if isinstance(b, ast.List):
            for item in b.elts:
                self._enum_literal(ta, item, a)
        self._enum_literal(tb.item, a, b)
        self._comparable(ta, tb.item, op, a)

    def _enum_literal(self, t: Type, literal: ast.AST, other: ast.AST) -> None:
        """A string literal compared with an enum must be one of its values (a typo otherwise)."""
        enum = strip_null(t)
        if not (isinstance(enum, EnumType) and isinstance(literal, ast.Constant)):
            return
        value = literal.value
        if isinstance(value, str) and value not in enum.values:
            hint = _did_you_mean(value, enum.values)
            self.fail(
                f"'{value}' is not a value of {self.label(other)}{hint}; "
                f"allowed: {', '.join(enum.values)}",
                literal,
                codes.ENUM_VALUE,
            )

    def _comparable(self, ta: Type, tb: Type, op: str, at: ast.AST) -> None:
        sa, sb = strip_null(ta), strip_null(tb)
        if isinstance(sa, NoneType_ | NeverType) or isinstance(sb, NoneType_ | NeverType):
            return
        if (
            isinstance(sa, EnumType)
            and isinstance(sb, EnumType)
            and not set(sa.values) & set(sb.values)
        ):
            self.fail(f"a {sa} is never equal to a {sb}", at, codes.TYPE_MISMATCH)
        if base_of(sa) != base_of(sb) or not isinstance(base_of(sa), ScalarType):
            self.fail(f"cannot compare a {ta} with a {tb} using '{op}'", at, codes.TYPE_MISMATCH)

    # -- literals and calls -------------------------------------------------------------------

    def _List(self, node: ast.List) -> Type:
        item: Type | None = NEVER
        for elt in node.elts:
            t = self.check(elt)
            joined = join(item, t) if item is not None else None
            if joined is None:
                self.fail(f"list items of different types: {item} and {t}", elt,
                    codes.TYPE_MISMATCH)
            item = joined
        assert item is not None
        return ListType(item)

    def _Call(self, node: ast.Call) -> Type:
        assert isinstance(node.func, ast.Name)  # parse.py: table functions, by name
        name = node.func.id
        function = FUNCTIONS[name]
        args = node.args
        if len(args) == 1 and isinstance(args[0], ast.GeneratorExp):
            types: list[Type] = [self._generator(args[0], function, name)]
        elif function.lazy:
            types = [self.check(a) for a in args]
        else:
            types = [self.value(a) for a in args]
        try:
            return function.rule(types, args)
        except ArgError as exc:
            at: ast.AST = node
            if exc.index is not None and exc.index < len(args):
                at = args[exc.index]
                if isinstance(at, ast.GeneratorExp):  # it starts at the call's '('
                    at = at.elt
            self.fail(f"{name}(): {exc.message}", at, exc.code)

    def _generator(self, gen: ast.GeneratorExp, function: Function, fname: str) -> Type:
        comp = gen.generators[0]
        assert isinstance(comp.target, ast.Name)  # parse.py
        name = comp.target.id
        listed = self.value(comp.iter)  # evaluated outside the loop variable's scope
        if not isinstance(listed, ListType | NeverType):
            self.fail(
                f"a generator expression loops over a list, not a {listed}",
                comp.iter,
                codes.TYPE_MISMATCH,
            )
        item = listed.item if isinstance(listed, ListType) else NEVER
        path = self.paths.get(comp.iter)
        slot = len(self.vars)
        self.vars.append(_Var(name, item, slot, path and path + "[]", self.label(comp.iter) + "[]"))
        for cond in comp.ifs:
            self.condition(cond, "a generator's 'if'")
        if function.elements:
            elt = self.value(gen.elt)
        else:
            if not (isinstance(gen.elt, ast.Name) and gen.elt.id == name):
                self.fail(
                    f"{fname}() counts the items that pass its 'if's: write "
                    f"{fname}({name} for {name} in ... if CONDITION)",
                    gen.elt,
                    codes.EXPR_UNSUPPORTED,
                )
            elt = self.check(gen.elt)
        self.vars.pop()
        self.slots[gen] = slot
        self.types[gen] = GeneratorType(elt)
        return self.types[gen]
