"""Test-run output: text (failures field by field), JSON, JUnit XML."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ..render.junit import JUnitCase, JUnitSuite, render_junit
from .coverage import PolicyCoverage, coverage_dict, coverage_table
from .run import RunResult, TestResult

TEST_FORMATS: tuple[str, ...] = ("text", "junit", "json")
"""The ``--format`` choices of ``test``, in help order."""

_LABELS = {"passed": "PASS", "failed": "FAIL", "error": "ERROR", "skipped": "SKIP"}


def summary_line(run: RunResult) -> str:
    """``3 passed, 1 failed, 1 error, 2 deselected``."""
    parts = [f"{run.count(o)} {o}" if o != "error" else
             f"{run.count(o)} error{'s' if run.count(o) != 1 else ''}"
             for o in ("passed", "failed", "error", "skipped") if run.count(o)]
    if run.deselected:
        parts.append(f"{run.deselected} deselected")
    if run.problems:
        parts.append(f"{len(run.problems)} file problem{'s' if len(run.problems) > 1 else ''}")
    return ", ".join(parts) or "no tests ran"


def problem_lines(run: RunResult) -> list[str]:
    """The unusable test files' diagnostics, for stderr."""
    return [d.format() for d in run.problems]


def _explain(r: TestResult) -> list[str]:
    if r.outcome == "failed":
        return [f"    {m}" for m in r.mismatches]
    if r.error:
        return [f"    {line}" for line in r.error.splitlines()]
    return []


def render_text(run: RunResult, coverage: list[PolicyCoverage] | None, *,
                verbose: bool = False) -> str:
    """Failures and errors with every differing field; all tests with ``verbose``.

    Unusable test files are not listed here: they are diagnostics, which the command prints
    on stderr (see :func:`problem_lines`); the summary line counts them.
    """
    out: list[str] = []
    for r in run.results:
        if r.outcome == "passed" and not verbose:
            continue
        out.append(f"{_LABELS[r.outcome]} {r.spec.id} ({r.spec.pos})")
        out.extend(_explain(r))
    out.append(summary_line(run))
    text = "\n".join(out) + "\n"
    if coverage is not None:
        text += "\n" + coverage_table(coverage)
    return text


def _result_dict(r: TestResult) -> dict[str, Any]:
    return {
        "id": r.spec.id, "file": r.spec.file, "name": r.spec.name, "line": r.spec.pos.line,
        "outcome": r.outcome,
        "mismatches": [{"field": m.field, "expected": m.expected, "actual": m.actual}
                       for m in r.mismatches],
        "error": r.error,
    }


def render_json(run: RunResult, coverage: list[PolicyCoverage] | None) -> str:
    """One JSON document: summary counts, tests, file problems and (with coverage) coverage."""
    doc: dict[str, Any] = {
        "summary": {o: run.count(o) for o in ("passed", "failed", "error", "skipped")}
        | {"deselected": run.deselected, "ok": run.ok},
        "tests": [_result_dict(r) for r in run.results],
        "problems": [d.to_dict() for d in run.problems],
    }
    if coverage is not None:
        doc["coverage"] = coverage_dict(coverage)
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def render_junit_run(run: RunResult, coverage: list[PolicyCoverage] | None) -> str:
    """JUnit XML: one suite per test file (coverage goes to ``--coverage-report``)."""
    suites: dict[str, list[JUnitCase]] = {}
    for r in run.results:
        failure = "\n".join(str(m) for m in r.mismatches) if r.outcome == "failed" else None
        suites.setdefault(r.spec.file, []).append(JUnitCase(
            name=r.spec.name, classname=r.spec.file, time=r.seconds, failure=failure,
            error=r.error if r.outcome == "error" else None,
            skipped=r.error if r.outcome == "skipped" else None,
            file=r.spec.file, line=r.spec.pos.line))
    for d in run.problems:
        suites.setdefault(d.file or "offboard-policy", []).append(JUnitCase(
            name="load", classname=d.file or "offboard-policy", error=d.format()))
    return render_junit([JUnitSuite(name, tuple(cases)) for name, cases in suites.items()])


_RENDERERS: dict[str, Callable[[RunResult, list[PolicyCoverage] | None, bool], str]] = {
    "text": lambda run, cov, verbose: render_text(run, cov, verbose=verbose),
    "junit": lambda run, cov, _v: render_junit_run(run, cov),
    "json": lambda run, cov, _v: render_json(run, cov),
}
assert tuple(_RENDERERS) == TEST_FORMATS


def render_run(run: RunResult, coverage: list[PolicyCoverage] | None, fmt: str, *,
               verbose: bool = False) -> str:
    """Render a test run in ``fmt``; an unknown format raises ValueError."""
    try:
        renderer = _RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown test format {fmt!r}; expected one of: "
                         f"{', '.join(TEST_FORMATS)}") from None
    return renderer(run, coverage, verbose)
