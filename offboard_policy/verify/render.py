"""The verify result as a short text report (the test file is printed by the CLI)."""

from __future__ import annotations

from .model import VerifyResult


def render_verify(result: VerifyResult) -> str:
    """One paragraph: what was checked, how many cases, and the counterexample if any."""
    lines = [f"verify {result.policy} (reference {result.reference}, seed {result.seed})",
             f"  invariants: {', '.join(result.invariants)}",
             f"  cases checked: {result.examples}"
             + ("  (stopped by the time budget)" if result.budget_exhausted else "")]
    found = result.counterexample
    if found is None:
        lines.append("  no counterexample found")
    else:
        v = found.violation
        lines.append(f"  COUNTEREXAMPLE to {v.invariant}: {v.message}")
        lines.append(f"  case {found.case.get('case_id')}: "
                     f"{found.case['termination'].get('ground')} in "
                     f"{found.case['jurisdiction'].get('city')}, hired "
                     f"{found.case['employee'].get('hire_date')}, ends "
                     f"{found.case['termination'].get('termination_date')}")
    return "\n".join(lines) + "\n"
