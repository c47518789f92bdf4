"""Policy tests: YAML files of cases with their expected outcome, run against a policy.

    >>> run = run_tests(["tests/policies"], pattern="cap")        # doctest: +SKIP
    >>> run.ok, coverage_of(run)[0].percent                      # doctest: +SKIP
"""

from __future__ import annotations

from .coverage import PolicyCoverage, measure, overall
from .run import RunResult, TestResult, run_tests
from .scope import SCOPES, Scope


def coverage_of(run: RunResult, scope: Scope = "all") -> list[PolicyCoverage]:
    """Rule coverage of every policy the run used: of all its rules, or of its ``own``."""
    return measure(run.policies, ((r.spec.policy, r.report) for r in run.results
                                  if r.report is not None), scope)


__all__ = ["SCOPES", "PolicyCoverage", "RunResult", "Scope", "TestResult", "coverage_of",
           "overall", "run_tests"]
