"""Differential comparison: the engine's report against the hand-written baseline.

Both sides are reduced to the same view: the required amount of each statutory settlement line
(``None`` when not computable; a line the engine leaves out counts as 0.00) and, per statutory
finding, its status (``violation`` / ``incomplete``). The engine's rule ids map onto the
baseline's finding keys below; every other finding of the policy is outside the comparison.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from .baseline import (
    F_NOTICE_OR_PAY,
    F_PROTECTED,
    F_RESIGNATION_NOTICE,
    F_UNION,
    LINES,
    Result,
    evaluate_baseline,
    prepare,
)

CHECK_KEYS: dict[str, str] = {
    "CN-LCL-37-notice": F_RESIGNATION_NOTICE,
    "CN-LCL-42-1-occupational": F_PROTECTED,
    "CN-LCL-42-2-work-injury": F_PROTECTED,
    "CN-LCL-42-3-medical-period": F_PROTECTED,
    "CN-LCL-42-4-female": F_PROTECTED,
    "CN-LCL-42-5-long-service": F_PROTECTED,
    "CN-LCL-43-union": F_UNION,
}
"""Engine check ids -> baseline finding keys (the five LCL-42 items are one key)."""

LINE_RULES: dict[str, str] = {
    "CN-LCL-47-compensation": "economic_compensation",
    "CN-LCL-40-notice": "notice_pay_in_lieu",   # the Art. 40 notice-or-pay finding too
    "CN-ALM-12-annual-leave": "annual_leave_payout",
}
"""Rule ids of the settlement lines' shortfall / incomplete findings -> line ids."""


_RANK = {"incomplete": 1, "violation": 2}
ZERO = Decimal("0.00")


def engine_view(report: Any) -> Result:
    """The engine's report reduced to the baseline's view."""
    amounts: dict[str, Decimal | None] = dict.fromkeys(LINES, ZERO)
    for line in report.settlement:
        if line.id in amounts:
            amounts[line.id] = line.required
    findings: dict[str, str] = {}
    for finding in report.findings:
        key = CHECK_KEYS.get(finding.rule) or LINE_RULES.get(finding.rule)
        if key is None or finding.status not in _RANK:
            continue
        if _RANK[finding.status] > _RANK.get(findings.get(key, ""), 0):
            findings[key] = finding.status
    return Result(amounts, findings)


def baseline_view(raw: dict[str, Any]) -> Result:
    """The baseline's result without its alias key (the Art. 40 finding is the line's)."""
    result = evaluate_baseline(prepare(raw))
    result.findings.pop(F_NOTICE_OR_PAY, None)
    return result


def compare(engine: Result, baseline: Result) -> list[str]:
    """Human-readable differences; empty when the two agree to the fen and on every finding."""
    diffs = []
    for line in LINES:
        e, b = engine.amounts[line], baseline.amounts[line]
        if e != b:
            diffs.append(f"{line}: engine {e} != baseline {b}")
    for key in sorted(set(engine.findings) | set(baseline.findings)):
        e_status, b_status = engine.findings.get(key), baseline.findings.get(key)
        if e_status != b_status:
            diffs.append(f"finding {key}: engine {e_status} != baseline {b_status}")
    return diffs


def run_differential(cases: list[dict[str, Any]], policy: Any) -> list[tuple[str, list[str]]]:
    """(case_id, differences) for every case on which engine and baseline disagree."""
    from offboard_policy.case import parse_case
    from offboard_policy.engine import evaluate

    out = []
    for raw in cases:
        report = evaluate(policy, parse_case(raw, display=raw["case_id"]), trace=False)
        diffs = compare(engine_view(report), baseline_view(raw))
        if diffs:
            out.append((raw["case_id"], diffs))
    return out


def beijing_cases(seed: int, count: int) -> list[dict[str, Any]]:
    """The first ``count`` Beijing cases of generator stream ``seed``."""
    from offboard_policy.testing import iter_cases

    stream = (c for c in iter_cases(seed, 10 * count + 100)
              if c["jurisdiction"]["city"] == "beijing")
    return list(itertools.islice(stream, count))
