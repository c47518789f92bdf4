"""OP711: assertions that turn absent case data into a violation.

``assert: steps.records_archived_on is not none`` fails for a case that simply does not carry
the field, and reports as a fact ("not filed") what the data does not say. A check must tell
"the data says no" (a violation) from "the data does not say" (incomplete, naming the field).
This rule flags ``x == true``, ``x == false`` and ``x is not none`` in an ``assert`` where ``x``
is a nullable case field, unless the check gives the absent value an explicit branch: an
``x is none`` test in its ``when`` or ``assert`` (the author said what absence means), a
``missing("x: what to record")`` in its ``assert`` (absence is incomplete), or any mention of
``x`` in its ``when`` (the check applies only when the field is stated).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from .. import codes
from ..case import case_types
from ..errors import Diagnostic
from ..expr.types import ListType, NullableType, RecordType, Type
from ..yamlio import Loaded

CODE = codes.LINT_ABSENT_AS_VIOLATION
HINT = ("absent data becomes a violation; use the value itself (`x`, `x <= d`: absent is "
        "incomplete, naming the field) or say what absence means (`x is none or ...`)")
_TRUTH = {"true": "true", "True": "true", "false": "false", "False": "false"}
_NONE = ("none", "None")


def _path(node: ast.AST, bound: dict[str, str]) -> str | None:
    """``steps.handover.items`` for an attribute chain; ``steps.assets[].kind`` through a
    generator variable; None for anything else."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    head = bound.get(node.id, node.id)
    return ".".join([head, *reversed(parts)]) if parts else head


def _type_at(path: str, roots: dict[str, Type]) -> Type | None:
    first, *rest = path.split(".")
    current: Type | None = roots.get(first.removesuffix("[]"))
    if current is not None and first.endswith("[]"):
        current = _item(current)
    for part in rest:
        record = current.inner if isinstance(current, NullableType) else current
        if not isinstance(record, RecordType):
            return None
        current = record.fields.get(part.removesuffix("[]"))
        if current is not None and part.endswith("[]"):
            current = _item(current)
    return current


def _item(t: Type) -> Type | None:
    inner = t.inner if isinstance(t, NullableType) else t
    return inner.item if isinstance(inner, ListType) else None


def _bindings(tree: ast.AST) -> dict[str, str]:
    """Generator variables and the list path they run over (``a`` -> ``steps.assets[]``)."""
    bound: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.GeneratorExp):
            for comp in node.generators:
                if isinstance(comp.target, ast.Name):
                    source = _path(comp.iter, bound)
                    if source is not None:
                        bound[comp.target.id] = source + "[]"
    return bound


def _parse(text: str) -> ast.AST | None:
    try:
        return ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        return None


def _none_tests(tree: ast.AST | None, bound: dict[str, str]) -> set[str]:
    found: set[str] = set()
    if tree is None:
        return found
    for node in ast.walk(tree):
        if (isinstance(node, ast.Compare) and len(node.ops) == 1
                and isinstance(node.ops[0], ast.Is)
                and isinstance(node.comparators[0], ast.Name)
                and node.comparators[0].id in _NONE):
            path = _path(node.left, bound)
            if path is not None:
                found.add(path)
    return found


def _missing_branches(tree: ast.AST | None) -> set[str]:
    """Fields a ``missing("field: what to record")`` in the expression names."""
    found: set[str] = set()
    if tree is None:
        return found
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id == "missing" and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)):
            found.add(node.args[0].value.split(":", 1)[0].strip())
    return found


def _mentions(tree: ast.AST | None, bound: dict[str, str]) -> set[str]:
    if tree is None:
        return set()
    return {p for n in ast.walk(tree) if isinstance(n, ast.Attribute)
            for p in [_path(n, bound)] if p is not None}


def _suspects(tree: ast.AST, bound: dict[str, str]) -> Iterator[tuple[str, str]]:
    """(field path, the test as written) for each ``== true/false`` or ``is not none``."""
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Compare) and len(node.ops) == 1):
            continue
        op, right = node.ops[0], node.comparators[0]
        if not isinstance(right, ast.Name):
            continue
        if isinstance(op, ast.Eq) and right.id in _TRUTH:
            test = f"== {_TRUTH[right.id]}"
        elif isinstance(op, ast.IsNot) and right.id in _NONE:
            test = "is not none"
        else:
            continue
        path = _path(node.left, bound)
        if path is not None:
            yield path, test


def nullable_assertions(loaded: Loaded) -> list[Diagnostic]:
    """OP711 for every check of a rule module whose ``assert`` decides absent data."""
    data = loaded.data if isinstance(loaded.data, dict) else {}
    roots = case_types()
    out: list[Diagnostic] = []
    for i, check in enumerate(data.get("checks") or []):
        if not isinstance(check, dict) or not isinstance(check.get("assert"), str):
            continue
        tree = _parse(check["assert"])
        if tree is None:
            continue
        when = _parse(check["when"]) if isinstance(check.get("when"), str) else None
        bound = _bindings(tree)
        when_bound = _bindings(when) if when is not None else {}
        explicit = (_none_tests(tree, bound) | _none_tests(when, when_bound)
                    | _mentions(when, when_bound) | _missing_branches(tree))
        reported: set[str] = set()
        for path, test in _suspects(tree, bound):
            if path in explicit or path in reported:
                continue
            if not isinstance(_type_at(path, roots), NullableType):
                continue
            reported.add(path)
            out.append(_diagnostic(loaded, i, check, path, test))
    return out


def _diagnostic(loaded: Loaded, index: int, check: dict[str, Any], path: str,
                test: str) -> Diagnostic:
    where = ("checks", index, "assert")
    pos = loaded.positions.nearest(where)
    return Diagnostic(
        f"'{check.get('id', f'#{index + 1}')}': '{path} {test}' on a field the case may not "
        f"carry, with no branch for its absence; {HINT}", CODE, file=pos.file, line=pos.line,
        column=pos.column, field=f"checks[{index}].assert", severity="warning",
        source_line=loaded.line(pos.line))
