"""Parse an expression with ``ast`` and refuse everything outside the allowlist and the limits."""

from __future__ import annotations

import ast
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from offboard_policy import codes

from .errors import SourceMap
from .functions import FUNCTIONS
from .origin import Origin

# -- limits: a rule file cannot make loading or evaluation slow or deep --------------------------
MAX_SOURCE_CHARS: Final = 2000  # characters of expression text (before ast.parse sees it)
MAX_NODES: Final = 400  # expression nodes (Name, BinOp, Call, ...) in the tree
MAX_DEPTH: Final = 32  # nesting of expression nodes, and of brackets in the text
MAX_NUMBER_DIGITS: Final = 30  # digits of a numeric literal (Decimal keeps 34)
MAX_STRING_CHARS: Final = 200  # characters of a string literal
MAX_GENERATOR_NESTING: Final = 2  # generators over non-literal lists inside one another: a case
# list holds at most 1,000 items, so two levels cost at most 10**6 steps, three 10**9

# -- the allowlist: node types, operators and literal names (functions: see functions.py) -------
ALLOWED_NODES: Final = frozenset(
    {
        ast.BoolOp,  # and, or
        ast.BinOp,  # + - * / (BINARY_OPERATORS)
        ast.UnaryOp,  # - not (UNARY_OPERATORS)
        ast.IfExp,  # x if c else y
        ast.Compare,  # < <= > >= == != in, not in, is none, is not none (chained too)
        ast.Call,  # of a table function, by name
        ast.Constant,  # numbers (become Decimal), strings, True/False/None
        ast.Attribute,  # record fields and params.NAME (checked against the types)
        ast.Name,  # case sections, derived values, generator variables, true/false/none
        ast.List,  # list literals of literals
        ast.GeneratorExp,  # only as the single argument of an aggregate (any, sum, ...)
    }
)
BINARY_OPERATORS: Final = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
UNARY_OPERATORS: Final = {ast.USub: "-", ast.Not: "not"}
LITERAL_NAMES: Final = {
    "true": True,
    "false": False,
    "none": None,
}  # True/False/None parse as constants already
RESERVED_NAMES: Final = frozenset({*LITERAL_NAMES, "params"})  # never loop variables

_REFUSED_OPERATORS: Final = {
    ast.Pow: "** (power)",
    ast.FloorDiv: "// (floor division)",
    ast.Mod: "% (remainder)",
    ast.MatMult: "@",
    ast.BitAnd: "&",
    ast.BitOr: "|",
    ast.BitXor: "^",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.Invert: "~",
    ast.UAdd: "unary +",
}
_PLAIN_NUMBER: Final = re.compile(r"[0-9_]*\.?[0-9_]*")  # no exponent, base prefix or j suffix
_ALLOWED_FORMS: Final = "only the expression forms listed in docs/rule-language.md are allowed"


@dataclass(frozen=True)
class Parsed:
    """A parsed expression that passed the allowlist and the limits (not yet type-checked)."""

    source: str
    tree: ast.expr  # numeric literals are already Decimal constants
    free_names: frozenset[str]  # root names it reads (case sections, derived values)
    param_names: frozenset[str]  # NAME of each params.NAME
    where: SourceMap  # maps node positions to the file, for later errors


def parse_expression(
    source: str,
    *,
    origin: Origin,
    display: str,
    source_lines: Sequence[str] | None = None,
) -> Parsed:
    """Parse ``source`` and check syntax, allowlist and limits; raise ExpressionError if refused.

    ``origin`` is where the text starts in the file (None: positions relative to the text);
    ``source_lines`` (optional) are the file's lines, shown under the error with a caret.
    """
    where = SourceMap(source, origin=origin, display=display, file_lines=source_lines)
    if len(source) > MAX_SOURCE_CHARS:
        where.fail(
            f"expression is {len(source)} characters long; the limit is {MAX_SOURCE_CHARS}",
            None,
            codes.EXPR_LIMIT,
        )
    if not source.strip():
        where.fail("empty expression", None, codes.EXPR_SYNTAX)
    if "\x00" in source:
        where.fail(
            "NUL character in expression", _char_position(source, source.index("\0")),
                codes.EXPR_SYNTAX
        )
    _check_bracket_depth(source, where)
    tree = _ast_parse(where)
    _check_size(tree, where)
    _check_allowed(tree, where)
    _check_generator_nesting(tree, where)
    free: set[str] = set()
    params: set[str] = set()
    _collect_names(tree, frozenset(), free, params)
    return Parsed(source, tree, frozenset(free), frozenset(params), where)


def _char_position(source: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of character ``index`` of ``source``."""
    before = source[:index]
    line = before.count("\n") + 1
    return line, index - (before.rfind("\n") + 1) + 1


def _check_bracket_depth(source: str, where: SourceMap) -> None:
    """Refuse deep bracket nesting before the parser sees it (its own limit is a C stack guard)."""
    depth = 0
    quote: str | None = None
    i = 0
    while i < len(source):
        ch = source[i]
        if quote is not None:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "#":
            while i < len(source) and source[i] != "\n":
                i += 1
        elif ch in "([{":
            depth += 1
            if depth > MAX_DEPTH:
                where.fail(
                    f"brackets nested more than {MAX_DEPTH} deep",
                    _char_position(source, i),
                    codes.EXPR_LIMIT,
                )
        elif ch in ")]}":
            depth -= 1
        i += 1


def _ast_parse(where: SourceMap) -> ast.expr:
    """``ast.parse`` of the wrapped text in eval mode, with every failure as an ExpressionError."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. invalid escape sequences in strings
            tree = ast.parse(where.wrapped, mode="eval")
    except SyntaxError as exc:
        line, col = exc.lineno or 1, (exc.offset or 1) - (1 if exc.lineno in (None, 1) else 0)
        if line > len(where.lines):
            line, col = len(where.lines), len(where.lines[-1]) + 1
        code = codes.EXPR_LIMIT if "too many nested" in (exc.msg or "") else codes.EXPR_SYNTAX
        where.fail(f"syntax error: {exc.msg}", (line, max(col, 1)), code)
    except (RecursionError, MemoryError):
        where.fail("expression is too deeply nested", None, codes.EXPR_LIMIT)
    except ValueError as exc:  # e.g. characters Python refuses in source
        where.fail(f"syntax error: {exc}", None, codes.EXPR_SYNTAX)
    body = tree.body
    # The wrapper "(" is at line 1 column 0 and nothing of the text can start there; a node that
    # does has swallowed the wrapper: "a) or (b" closed it early, "x for x in y" and "a, b" are a
    # bare generator or tuple.
    if body.lineno == 1 and body.col_offset == 0:
        if isinstance(body, ast.GeneratorExp | ast.Tuple):
            _refuse_syntax(body, where)
        where.fail("syntax error: unmatched ')'", None, codes.EXPR_SYNTAX)
    return body


def _check_size(tree: ast.expr, where: SourceMap) -> None:
    """Node count and nesting depth, computed without recursion (the tree may be very deep)."""
    count = 0
    stack: list[tuple[ast.AST, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, ast.expr):
            count += 1
            if depth > MAX_DEPTH:
                where.fail(f"expression nested more than {MAX_DEPTH} deep", node, codes.EXPR_LIMIT)
            depth += 1
        # Reversed, so that nodes pop in source order and the leftmost too-deep one is reported.
        stack.extend((child, depth) for child in reversed(list(ast.iter_child_nodes(node))))
    if count > MAX_NODES:
        where.fail(f"expression has {count} parts; the limit is {MAX_NODES}", tree,
            codes.EXPR_LIMIT)


def _check_generator_nesting(tree: ast.expr, where: SourceMap) -> None:
    """Refuse generators nested deeper than MAX_GENERATOR_NESTING over lists that are not
    literals: evaluation time grows as the list length to the power of the nesting."""
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    while stack:
        node, nesting = stack.pop()
        if isinstance(node, ast.GeneratorExp) and not isinstance(node.generators[0].iter, ast.List):
            nesting += 1
            if nesting > MAX_GENERATOR_NESTING:
                where.fail(f"generators nested more than {MAX_GENERATOR_NESTING} deep over "
                           "case lists (evaluation time would grow as the list length to the "
                           f"power {nesting})", node, codes.EXPR_LIMIT)
        stack.extend((child, nesting) for child in ast.iter_child_nodes(node))


def _refuse_syntax(node: ast.AST, where: SourceMap) -> None:
    name = type(node).__name__
    alias = {
        "JoinedStr": ", an f-string",
        "FormattedValue": ", an f-string",
        "NamedExpr": ", the walrus operator :=",
        "Subscript": ", indexing or slicing",
        "GeneratorExp": " outside any/all/sum/count/min/max",
    }.get(name, "")
    where.fail(f"unsupported syntax: {name}{alias} ({_ALLOWED_FORMS})", node,
        codes.EXPR_UNSUPPORTED)


def _check_allowed(tree: ast.expr, where: SourceMap) -> None:
    """Walk the tree outermost first; the first refused construct raises."""
    allowed_generators: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.expr_context | ast.operator | ast.unaryop | ast.cmpop | ast.boolop):
            continue  # operators are checked with their parent node
        if isinstance(node, ast.comprehension):
            continue  # checked with its GeneratorExp
        if type(node) not in ALLOWED_NODES:
            _refuse_syntax(node, where)
        if isinstance(node, ast.GeneratorExp) and node not in allowed_generators:
            _refuse_syntax(node, where)
        checker = _NODE_CHECKS.get(type(node))
        if checker is not None:
            checker(node, where, allowed_generators)


def _check_name(node: ast.AST, where: SourceMap, _: set[ast.AST]) -> None:
    assert isinstance(node, ast.Name)
    if node.id.startswith("__"):
        where.fail(f"names starting with '__' are not allowed: {node.id}", node,
            codes.EXPR_UNSUPPORTED)


def _check_attribute(node: ast.AST, where: SourceMap, _: set[ast.AST]) -> None:
    assert isinstance(node, ast.Attribute)
    if node.attr.startswith("__"):
        where.fail(
            f"names starting with '__' are not allowed: {node.attr}",
            where.attr_start(node),
            codes.EXPR_UNSUPPORTED,
        )


def _check_constant(node: ast.AST, where: SourceMap, _: set[ast.AST]) -> None:
    assert isinstance(node, ast.Constant)
    value = node.value
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, str):
        if len(value) > MAX_STRING_CHARS:
            where.fail(
                f"string literal of {len(value)} characters; the limit is {MAX_STRING_CHARS}",
                node,
                codes.EXPR_LIMIT,
            )
        return
    if isinstance(value, int | float | complex):
        text = where.segment(node)
        digits = sum(ch.isdigit() for ch in text)
        if not _PLAIN_NUMBER.fullmatch(text) or isinstance(value, complex):
            where.fail(
                f"write numbers as plain decimals like 1500 or 0.25, not {text}",
                node,
                codes.EXPR_BAD_LITERAL,
            )
        if digits > MAX_NUMBER_DIGITS:
            where.fail(
                f"number literal of {digits} digits; the limit is {MAX_NUMBER_DIGITS}",
                node,
                codes.EXPR_LIMIT,
            )
        # Exact: the value comes from the source text, never through a float.
        node.value = Decimal(text.replace("_", ""))  # type: ignore[assignment]
        return
    if isinstance(value, bytes):
        where.fail("bytes literals are not allowed; use a string", node, codes.EXPR_BAD_LITERAL)
    _refuse_syntax(node, where)  # Ellipsis


def _check_binop(node: ast.AST, where: SourceMap, _: set[ast.AST]) -> None:
    assert isinstance(node, ast.BinOp)
    if type(node.op) not in BINARY_OPERATORS:
        _refuse_operator(node.op, node, where)


def _check_unaryop(node: ast.AST, where: SourceMap, _: set[ast.AST]) -> None:
    assert isinstance(node, ast.UnaryOp)
    if type(node.op) not in UNARY_OPERATORS:
        _refuse_operator(node.op, node, where)


def _refuse_operator(op: ast.AST, node: ast.AST, where: SourceMap) -> None:
    name = _REFUSED_OPERATORS.get(type(op), type(op).__name__)
    where.fail(
        f"unsupported operator: {name} (numbers allow + - * / and unary -)", node,
            codes.EXPR_UNSUPPORTED
    )


def is_none_literal(node: ast.AST) -> bool:
    """``none`` or ``None``."""
    return (isinstance(node, ast.Constant) and node.value is None) or (
        isinstance(node, ast.Name) and node.id == "none"
    )


def _check_compare(node: ast.AST, where: SourceMap, _: set[ast.AST]) -> None:
    assert isinstance(node, ast.Compare)
    for op, right in zip(node.ops, node.comparators, strict=True):
        if isinstance(op, ast.Is | ast.IsNot) and not is_none_literal(right):
            where.fail("'is' is only allowed as 'is none' or 'is not none'", right,
                codes.EXPR_UNSUPPORTED)


def _check_call(node: ast.AST, where: SourceMap, generators: set[ast.AST]) -> None:
    assert isinstance(node, ast.Call)
    func = node.func
    if not isinstance(func, ast.Name):
        where.fail(
            "only functions from the table can be called, by name (no methods or other callables)",
            func,
            codes.EXPR_UNKNOWN_FUNCTION,
        )
    function = FUNCTIONS.get(func.id)
    if function is None:
        from difflib import get_close_matches

        close = get_close_matches(func.id, FUNCTIONS, n=3)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        where.fail(
            f"'{func.id}' is not a function of the rule language{hint} "
            f"(functions: {', '.join(sorted(FUNCTIONS))})",
            func,
            codes.EXPR_UNKNOWN_FUNCTION,
        )
    if node.keywords:
        where.fail(
            f"{func.id}(): keyword arguments are not allowed", node.keywords[0],
                codes.EXPR_UNSUPPORTED
        )
    if len(node.args) == 1 and isinstance(node.args[0], ast.GeneratorExp):
        if function.over is None:
            where.fail(
                f"{func.id}() does not take a generator expression "
                "(only any, all, sum, count, min and max do)",
                node.args[0].elt,  # the generator's start is the call's own '('
                codes.EXPR_UNSUPPORTED,
            )
        generators.add(node.args[0])


def _check_generator(node: ast.AST, where: SourceMap, _: set[ast.AST]) -> None:
    assert isinstance(node, ast.GeneratorExp)
    if len(node.generators) != 1:
        where.fail(
            "a generator expression may have only one 'for'",
            node.generators[1].target,
            codes.EXPR_UNSUPPORTED,
        )
    comp = node.generators[0]
    if comp.is_async:
        where.fail("'async for' is not allowed", node, codes.EXPR_UNSUPPORTED)
    target = comp.target
    if not isinstance(target, ast.Name):
        where.fail("the loop variable must be a single name", target, codes.EXPR_UNSUPPORTED)
    if target.id in RESERVED_NAMES or target.id.startswith("__"):
        where.fail(f"'{target.id}' cannot be a loop variable", target, codes.EXPR_UNSUPPORTED)


def _check_list(node: ast.AST, where: SourceMap, _: set[ast.AST]) -> None:
    assert isinstance(node, ast.List)
    for item in node.elts:
        if isinstance(item, ast.UnaryOp) and isinstance(item.op, ast.USub):
            item = item.operand  # a negative number
        if not (
            isinstance(item, ast.Constant)
            or (isinstance(item, ast.Name) and item.id in LITERAL_NAMES)
        ):
            where.fail(
                "list literals may only hold literals (numbers, strings, true/false/none)",
                item,
                codes.EXPR_UNSUPPORTED,
            )


_NODE_CHECKS: Final = {
    ast.Name: _check_name,
    ast.Attribute: _check_attribute,
    ast.Constant: _check_constant,
    ast.BinOp: _check_binop,
    ast.UnaryOp: _check_unaryop,
    ast.Compare: _check_compare,
    ast.Call: _check_call,
    ast.GeneratorExp: _check_generator,
    ast.List: _check_list,
}


def _collect_names(node: ast.AST, bound: frozenset[str], free: set[str], params: set[str]) -> None:
    """Root names read (not loop variables, literals or functions) and parameters used."""
    if isinstance(node, ast.Name):
        if node.id not in bound and node.id not in RESERVED_NAMES:
            free.add(node.id)
    elif (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "params"
    ):
        params.add(node.attr)
    elif isinstance(node, ast.Call):
        for arg in node.args:  # node.func is a table function, not a name that is read
            _collect_names(arg, bound, free, params)
    elif isinstance(node, ast.GeneratorExp):
        comp = node.generators[0]
        _collect_names(comp.iter, bound, free, params)  # evaluated outside the loop's scope
        assert isinstance(comp.target, ast.Name)
        inner = bound | {comp.target.id}
        for part in (*comp.ifs, node.elt):
            _collect_names(part, inner, free, params)
    else:
        for child in ast.iter_child_nodes(node):
            _collect_names(child, bound, free, params)
