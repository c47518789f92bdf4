"""The Python source generated for expressions (expr/compile.py) holds no text of the policy.

Every hostile expression is refused before any source is generated; every expression that is
accepted (all of the bundled policies, and accepted strings written to break out of a literal)
generates source whose syntax tree holds only mangled names, the generated.py helpers, the
scope's three methods and literals of parsed values.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_hostile_expressions import ATTACKS, CANARY

from offboard_policy.case.types import case_types
from offboard_policy.errors import ExpressionError
from offboard_policy.expr import Compiled, TypeEnv, compile_expression
from offboard_policy.expr.generated import HELPERS
from offboard_policy.expr.types import NUMBER
from tests.bundled import bundled_policy

ENV = TypeEnv(case_roots=case_types(), values={"v": NUMBER}, params={"p": NUMBER})
MANGLED = re.compile(r"[cv]\d+")
SCOPE_METHODS = frozenset({"value", "param", "case_root"})
POLICIES = ("policies/cn-beijing.yaml", "policies/cn-statutory.yaml",
            "policies/example-internet.yaml", "policies/example-manufacturing.yaml")


def _compile(source: str) -> Compiled:
    return compile_expression(source, origin=None, display="rules/t.yaml", env=ENV)


def _compiled_in(obj: Any, seen: set[int]) -> Iterator[Compiled]:
    """Every Compiled reachable from a compiled policy's dataclasses, dicts and sequences."""
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, Compiled):
        yield obj
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            if f.name not in ("engine_cache", "definition"):
                yield from _compiled_in(getattr(obj, f.name), seen)
    elif isinstance(obj, dict):
        for value in obj.values():
            yield from _compiled_in(value, seen)
    elif isinstance(obj, list | tuple):
        for value in obj:
            yield from _compiled_in(value, seen)


def assert_only_generated_names(code: str) -> None:
    """``code`` defines ``expr(s)`` and uses nothing but mangled names, helpers and literals."""
    tree = ast.parse(code)
    (fn,) = tree.body
    assert isinstance(fn, ast.FunctionDef) and fn.name == "expr"
    assert [a.arg for a in fn.args.args] == ["s"]
    for node in ast.walk(fn):
        if isinstance(node, ast.Name):
            assert node.id == "s" or MANGLED.fullmatch(node.id) or node.id in HELPERS, node.id
        elif isinstance(node, ast.Attribute):
            assert isinstance(node.value, ast.Name) and node.value.id == "s", ast.unparse(node)
            assert node.attr in SCOPE_METHODS, node.attr
        elif isinstance(node, ast.Constant):
            assert node.value is None or type(node.value) in (str, int, bool), node.value
        elif isinstance(node, ast.Call):
            func = node.func
            assert isinstance(func, ast.Name | ast.Attribute), ast.unparse(node)
            if isinstance(func, ast.Name):
                assert func.id in HELPERS or MANGLED.fullmatch(func.id), func.id
        elif isinstance(node, ast.arg):
            assert node.arg == "s", node.arg
        else:
            assert not isinstance(node, ast.Import | ast.ImportFrom | ast.Global | ast.Nonlocal
                                  | ast.NamedExpr | ast.Subscript | ast.Starred), ast.dump(node)


@pytest.mark.parametrize("name,expr,code,marker", ATTACKS, ids=[a[0] for a in ATTACKS])
def test_each_attack_is_refused_before_code_is_generated(
    name: str, expr: str, code: str, marker: str | int, tmp_path: Path
) -> None:
    canary = tmp_path / "canary"
    with pytest.raises(ExpressionError):
        _compile(expr.replace(CANARY, str(canary)))  # check() refuses; codegen comes after
    assert not canary.exists()


@pytest.mark.parametrize("policy", POLICIES)
def test_generated_source_of_the_bundled_policies_holds_only_generated_names(
    policy: str,
) -> None:
    compiled = list(_compiled_in(bundled_policy(policy), set()))
    generated = [c for c in compiled if c.code]
    assert len(generated) > 100  # every check, line, value and message placeholder
    for c in generated:
        assert_only_generated_names(c.code)


@pytest.mark.parametrize(
    "source",
    [
        # strings written to break out of a literal, in the places a string may stand
        'case_id == "\\"); __import__(\'os\').system(\'touch CANARY\'); (\\""',
        "case_id == '\\'); __import__(\"os\").system(\"touch CANARY\"); (\\''",
        'coalesce(missing("x\\n__import__(\'os\').system(\'touch CANARY\')\\n"), 1) == 1',
        'coalesce(case_id, "\\\\\\"; open(\'CANARY\', \'w\')") == "a"',
        'case_id in ["a\\"]; open(\'CANARY\', \'w\'); [\\"", "b"]',
    ],
)
def test_accepted_hostile_strings_stay_literals(source: str, tmp_path: Path) -> None:
    canary = str(tmp_path / "canary")
    compiled = _compile(source.replace("CANARY", canary))
    assert_only_generated_names(compiled.code)
    strings = [n.value for n in ast.walk(ast.parse(compiled.code))
               if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    assert any(canary in text for text in strings) or any(  # the text is one literal's value
        canary in str(v) for v in compiled.fn.__globals__.values() if isinstance(v, frozenset))
    assert not Path(canary).exists()
