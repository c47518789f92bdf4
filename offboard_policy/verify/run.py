"""The search: hypothesis draws cases, every invariant is checked, a failure is shrunk.

Runs are reproducible: hypothesis is seeded with ``seed`` (``hypothesis.seed``), keeps no
example database, has no deadline and draws at most ``max_examples`` cases. ``budget``
(seconds) stops the search early: once it is spent, the remaining examples are not checked
(so a budget can only make a run find less, never something different).

Hypothesis runs its generate phase only: its shrinker would work on the random stream the
case generator draws from, which shrinks slowly and poorly. The first failing case is made
small instead by delta debugging on the case itself (:mod:`.minimize`), keeping the failure
of the same invariant at every step; that is deterministic too.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed

from ..case import parse_case
from ..engine import evaluate
from ..errors import CaseError
from ..expr import EvaluationError, MissingValue
from ..plan.data import case_data
from ..policy.compile import CompiledPolicy
from .builtin import BUILTIN, CHECKS, Subject
from .declared import Declared, InvariantScope, line_ids, report_view
from .minimize import minimize
from .model import Counterexample, VerifyResult, Violation
from .strategy import GROUNDS, cases, with_ground

TURNS: tuple[str | None, ...] = (None, *GROUNDS)
"""The ground of the n-th example is ``TURNS[n % len(TURNS)]`` (None: the generated one), so
every ground is tried within ``len(TURNS)`` examples whatever hypothesis draws: which values
hypothesis draws for a seed also depends on the modules loaded in the process (it mixes in
literals of local code), so a bug tied to one ground must not depend on that draw."""


def check_case(policy: CompiledPolicy, reference: CompiledPolicy,
               declared: tuple[Declared, ...], raw: dict[str, Any],
               only: str | None = None) -> Violation | None:
    """The first invariant ``raw`` (case data) breaks (of ``only`` that one), or None."""
    try:
        case = parse_case(raw, display="verify")
    except CaseError:
        return None  # the generator's edge made an invalid case: not a policy's problem
    try:
        report = evaluate(policy, case)
        ref_report = report if reference is policy else evaluate(reference, case)
    except Exception as exc:
        if only not in (None, "no-raise"):
            return None
        return Violation("no-raise", f"evaluation raised {type(exc).__name__}: {exc}")
    subject = Subject(policy, reference, case_data(case), case, report, ref_report)
    for name, check in CHECKS.items():
        if only is None or only == name:
            found = check(subject)
            if found is not None:
                return found
    declared = tuple(d for d in declared if only is None or d.id == only)
    if declared:
        scope = InvariantScope(case, report_view(report, line_ids(policy)),
                               report_view(ref_report, line_ids(reference)))
        for inv in declared:
            try:
                holds = inv.fn.fn(scope)
            except (MissingValue, EvaluationError):
                continue
            if holds is False:
                return Violation(inv.id, inv.message)
    return None


def search(policy: CompiledPolicy, reference: CompiledPolicy, declared: tuple[Declared, ...],
           *, policy_name: str, reference_name: str, seed: int, max_examples: int,
           budget: float | None, clock: Callable[[], float] = time.monotonic) -> VerifyResult:
    """Search for a counterexample; the result names it (shrunk) or says none was found."""
    stop = None if budget is None else clock() + budget
    count = 0
    exhausted = False
    failing: list[dict[str, Any]] = []

    @hypothesis_seed(seed)
    @settings(max_examples=max_examples, deadline=None, database=None, derandomize=False,
              report_multiple_bugs=False, phases=(Phase.generate,),
              suppress_health_check=list(HealthCheck), print_blob=False)
    @given(cases(policy))
    def body(raw: dict[str, Any]) -> None:
        # No exception on a find: hypothesis would replay the example to confirm it, and the
        # replay has another turn (ground). The rest of the examples are skipped instead.
        nonlocal count, exhausted
        if failing:
            return
        if stop is not None and clock() > stop:
            exhausted = True
            return
        raw = with_ground(raw, TURNS[count % len(TURNS)])
        count += 1
        if check_case(policy, reference, declared, raw) is not None:
            failing.append(raw)

    names = (*BUILTIN, *(d.id for d in declared))
    body()
    if failing:
        raw = failing[0]
        violation = check_case(policy, reference, declared, raw)
        if violation is not None:
            target = violation.invariant
            small = minimize(raw, lambda d: check_case(policy, reference, declared, d,
                                                       only=target) is not None)
            final = check_case(policy, reference, declared, small) or violation
            return VerifyResult(policy_name, reference_name, seed, names, count,
                                Counterexample(final, small, observed(policy, small)),
                                budget_exhausted=exhausted)
    return VerifyResult(policy_name, reference_name, seed, names, count,
                        budget_exhausted=exhausted)


def observed(policy: CompiledPolicy, raw: dict[str, Any]) -> dict[str, Any]:
    """Today's verdict and required amounts for the case (for the test file)."""
    report = evaluate(policy, parse_case(raw, display="verify"))
    return {"verdict": report.verdict,
            "settlement": {line.id: None if line.required is None else f"{line.required:.2f}"
                           for line in report.settlement}}
