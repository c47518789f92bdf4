"""Hostile policy structure: long value chains, cycles, too many definitions or files, escapes.

Each limit lives in ``offboard_policy.policy``: the compiler orders derived values without
recursion and refuses chains deeper than ``MAX_VALUE_DEPTH`` (evaluation recurses along a
chain) and policies with more than ``MAX_DEFINITIONS`` definitions; the loader reads at most
``MAX_FILES`` files and never outside the policy's project folder.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from seckit import CASE, Project, check, cli, module

from offboard_policy.case import parse_case
from offboard_policy.engine import evaluate
from offboard_policy.errors import PolicyError
from offboard_policy.policy import definitions as policy_load
from offboard_policy.policy import load_policy
from offboard_policy.policy.compile import (
    MAX_DEFINITIONS,
    MAX_EXPRESSION_CHARS,
    MAX_EXPRESSIONS,
    MAX_VALUE_DEPTH,
)


def chain(n: int, shape: str = "X + 1") -> dict[str, str]:
    """``v0`` reads ``v1`` ... reads ``v{n-1}``, each formula ``shape`` around the next name."""
    return {f"v{i}": shape.replace("X", f"v{i + 1}" if i < n - 1 else "1") for i in range(n)}


def codes(exc: pytest.ExceptionInfo[PolicyError]) -> list[str]:
    return [d.code for d in exc.value.diagnostics]


def test_value_chain_over_the_limit_is_refused_with_position(tmp_path: Path) -> None:
    project = Project(tmp_path)
    project.write_module(module(values=chain(MAX_VALUE_DEPTH + 1), checks=[check("v0 > 0")]))
    with pytest.raises(PolicyError) as exc:
        load_policy(project.policy)
    (diag,) = exc.value.diagnostics
    assert diag.code == "OP407"
    assert "'v0'" in diag.message and str(MAX_VALUE_DEPTH) in diag.message
    assert diag.file is not None and diag.file.endswith("m.yaml")
    assert diag.line == 1 and diag.column is not None and diag.column > 1


def test_long_value_chain_is_refused_without_recursion(tmp_path: Path) -> None:
    # 3,000 values in a chain: the old recursive sort raised RecursionError here.
    project = Project(tmp_path)
    project.write_module(module(values=chain(3000), checks=[check("v0 > 0")]))
    with pytest.raises(PolicyError) as exc:
        load_policy(project.policy)
    assert codes(exc) == ["OP407"]


def test_long_cycle_is_reported_once_without_recursion(tmp_path: Path) -> None:
    n = 1500
    values = {f"v{i}": f"v{(i + 1) % n} + 1" for i in range(n)}
    project = Project(tmp_path)
    project.write_module(module(values=values, checks=[check("true")]))
    with pytest.raises(PolicyError) as exc:
        load_policy(project.policy)
    assert codes(exc) == ["OP402"]
    assert exc.value.diagnostics[0].message.startswith(
        "derived values depend on each other in a cycle: v0 -> v1 -> v2"
    )


@pytest.mark.parametrize(
    "shape",
    [
        # the deepest formulas the parser allows, in the forms that cost the most stack frames
        # (over literal lists: over case lists, generators nest at most two deep, OP303)
        "sum(" * 14 + "X" + "".join(f" for w{j} in [1])" for j in range(14)),
        "abs(" * 30 + "X" + ")" * 30,
        "-(" * 30 + "X" + ")" * 30,
    ],
    ids=["nested-generators", "nested-calls", "nested-unary"],
)
def test_chain_at_the_limit_of_deepest_formulas_evaluates(tmp_path: Path, shape: str) -> None:
    """The chain limit leaves room on the stack for the worst formulas (under pytest too)."""
    project = Project(tmp_path)
    deep_assert = "abs(" * 30 + "v0" + ")" * 30 + " > 0"
    project.write_module(module(values=chain(MAX_VALUE_DEPTH, shape), checks=[check(deep_assert)]))
    policy = load_policy(project.policy)
    report = evaluate(policy, parse_case(CASE, display="case"))
    assert report.verdict == "ready", report.findings
    case_path = project.case()
    result = cli("check", case_path, "-p", project.policy, "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["verdict"] == "ready"


def test_too_many_definitions_are_refused_before_compiling(tmp_path: Path) -> None:
    project = Project(tmp_path)
    checks = [check("true", id=f"SEC-c{i}") for i in range(MAX_DEFINITIONS + 1)]
    project.write_module(module(checks=checks))
    with pytest.raises(PolicyError) as exc:
        load_policy(project.policy)
    (diag,) = exc.value.diagnostics
    assert diag.code == "OP407"
    assert diag.file is not None and diag.file.endswith("m.yaml") and diag.line is not None


def test_definitions_at_the_limit_load(tmp_path: Path) -> None:
    project = Project(tmp_path)
    project.write_module(module(checks=[check("true", id=f"SEC-c{i}")
                                        for i in range(MAX_DEFINITIONS)]))
    assert len(load_policy(project.policy).checks) == MAX_DEFINITIONS


def test_too_many_expression_characters_are_refused_before_compiling(tmp_path: Path) -> None:
    # 1,900 characters each (under the 2,000 per expression), more than the policy's budget
    expr = " and ".join(["employee.hire_date < termination.termination_date"] * 36)
    count = MAX_EXPRESSION_CHARS // len(expr) + 1
    assert count < MAX_DEFINITIONS
    project = Project(tmp_path)
    project.write_module(module(checks=[check(expr, id=f"SEC-c{i}") for i in range(count)]))
    with pytest.raises(PolicyError) as exc:
        load_policy(project.policy)
    (diag,) = exc.value.diagnostics
    assert diag.code == "OP407" and "characters of expressions" in diag.message
    assert diag.file is not None and diag.file.endswith("m.yaml")


def test_too_many_expressions_are_refused_before_compiling(tmp_path: Path) -> None:
    message = {"zh": "{employee.id}", "en": "{employee.name}"}  # two placeholders
    per_check = 5  # when, assert, exposure and the two placeholders
    count = MAX_EXPRESSIONS // per_check + 1
    project = Project(tmp_path)
    project.write_module(module(checks=[
        check("true", id=f"SEC-c{i}", when="true", exposure="1", message=message)
        for i in range(count)]))
    with pytest.raises(PolicyError) as exc:
        load_policy(project.policy)
    (diag,) = exc.value.diagnostics
    assert diag.code == "OP407" and f"more than {MAX_EXPRESSIONS} expressions" in diag.message


def test_too_many_files_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(policy_load, "MAX_FILES", 20)
    project = Project(tmp_path)
    for i in range(25):
        (tmp_path / "rules" / f"extra{i:02}.yaml").write_text(
            json.dumps(module(checks=[check("true", id=f"SEC-x{i}")]) | {"module": f"x{i}"}),
            encoding="utf-8",
        )
    project.policy.write_text(
        'policy: p\nversion: "1"\ninclude: ["../rules/*.yaml"]\n', encoding="utf-8"
    )
    # params.yaml is matched by the glob too and fails as a module, so remove it
    project.params_path.unlink()
    with pytest.raises(PolicyError) as exc:
        load_policy(project.policy)
    assert codes(exc) == ["OP601"]


@pytest.mark.parametrize(
    "pattern",
    ["../../outside.yaml", "/etc/passwd.yaml", "../../*.yaml", "../rules/../../outside.yaml"],
)
def test_includes_outside_the_project_folder_are_refused(tmp_path: Path, pattern: str) -> None:
    project = Project(tmp_path / "project")
    (tmp_path / "outside.yaml").write_text(json.dumps(module(checks=[check("true")])))
    project.policy.write_text(
        f'policy: p\nversion: "1"\ninclude:\n  - {json.dumps(pattern)}\n', encoding="utf-8"
    )
    with pytest.raises(PolicyError) as exc:
        load_policy(project.policy)
    (diag,) = exc.value.diagnostics
    assert diag.code in {"OP604", "OP602"}  # outside the folder, or (for /etc) not there
    assert diag.line == 4 and diag.column == 5
    if Path(pattern).name == "outside.yaml" or "*" in pattern:
        assert diag.code == "OP604"


def test_symlink_out_of_the_project_folder_is_refused(tmp_path: Path) -> None:
    project = Project(tmp_path / "project")
    outside = tmp_path / "outside.yaml"
    outside.write_text(json.dumps(module(checks=[check("true")])), encoding="utf-8")
    project.module_path.unlink()
    project.module_path.symlink_to(outside)
    with pytest.raises(PolicyError) as exc:
        load_policy(project.policy)
    assert codes(exc) == ["OP604"]


def test_extends_cycle_is_refused(tmp_path: Path) -> None:
    project = Project(tmp_path)
    other = tmp_path / "policies" / "q.yaml"
    other.write_text('policy: q\nversion: "1"\nextends: p.yaml\n', encoding="utf-8")
    project.policy.write_text('policy: p\nversion: "1"\nextends: q.yaml\n', encoding="utf-8")
    with pytest.raises(PolicyError) as exc:
        load_policy(project.policy)
    assert codes(exc) == ["OP605"]


def test_cli_reports_policy_limits_with_exit_2(tmp_path: Path) -> None:
    project = Project(tmp_path)
    project.write_module(module(values=chain(3000), checks=[check("v0 > 0")]))
    out = tmp_path / "report.json"
    result = cli("check", project.case(), "-p", project.policy, "-o", out)
    assert result.exit_code == 2
    assert "[OP407]" in result.stderr and "m.yaml:1:" in result.stderr
    assert not out.exists()


WORST_SHAPES = {
    # many numeric literals: each one's source text is looked up for exact Decimal conversion
    "literals": "1 in [" + ", ".join(["1"] * 390) + "]",
    "comparisons": " and ".join(["employee.hire_date < termination.termination_date"] * 36),
    "nesting": "abs(" * 27 + "employee.annual_leave.taken_days_this_year" + ")" * 27 + " >= 0",
    "tiny": "true",  # as many as MAX_EXPRESSIONS admits
}
"""The costliest expression shapes; ``benchmarks/limits.py`` times a policy of each at the
budget (``MAX_EXPRESSION_CHARS``, ``MAX_EXPRESSIONS``) beside a one-check policy."""


def load_calls(root: Path, expr: str, count: int) -> int:
    """Python function calls made while loading a policy of ``count`` checks ``expr``: the work
    of loading, counted (the same on any machine, however busy)."""
    project = Project(root)
    project.write_module(module(checks=[check(expr, id=f"SEC-c{i}") for i in range(count)]))
    calls = 0

    def profile(_frame: object, event: str, _arg: object) -> None:
        nonlocal calls
        if event == "call":
            calls += 1

    sys.setprofile(profile)
    try:
        policy = load_policy(project.policy)
    finally:
        sys.setprofile(None)
    assert len(policy.checks) == count
    return calls


@pytest.mark.parametrize("shape", WORST_SHAPES, ids=list(WORST_SHAPES))
def test_loading_work_grows_linearly_with_the_expressions(tmp_path: Path, shape: str) -> None:
    """Twice the expressions of the costliest shapes cost at most about twice the work.

    Work is counted at 8 and 16 expressions. A constant cost per expression plus a fixed cost
    gives a ratio under 2; a cost per expression growing with the policy's size (quadratic
    work) would approach 4.
    """
    expr = WORST_SHAPES[shape]
    c8, c16 = (load_calls(tmp_path / str(n), expr, n) for n in (8, 16))
    assert c16 <= 2.2 * c8, (shape, c8, c16)


def test_nested_generators_over_case_lists_cannot_make_evaluation_explode(
    tmp_path: Path,
) -> None:
    """A rule nesting generators over a case list costs n**depth steps per case.

    With the largest list a case may hold (1,000 items), three levels are 10**9 steps: the
    policy is refused when it is loaded (OP303: at most two levels over case lists), so no case
    is ever evaluated under it.
    """
    months = "employee.wages.monthly"
    bomb = (f"sum(sum(sum(1 for c in {months}) for b in {months}) for a in {months}) > 0")
    project = Project(tmp_path)
    project.write_module(module(checks=[check(bomb)]))
    with pytest.raises(PolicyError) as exc:
        load_policy(project.policy)
    assert codes(exc) == ["OP303"]
    assert "power 3" in exc.value.diagnostics[0].message
