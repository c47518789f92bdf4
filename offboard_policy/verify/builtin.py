"""The invariants every policy must keep, whatever it declares.

=====================  ==================================================================
id                     holds when
=====================  ==================================================================
no-raise               evaluating the case raises nothing (missing data is a finding)
amounts-fen            every amount (required, proposed, exposure, totals) is >= 0 and a
                       whole number of fen
statutory-floor        each statutory line is at least the reference policy's amount for
                       the same case (unless the policy declares a deviation for its rule)
n-monotone             economic compensation does not fall when the service is a year
                       longer, nor when every wage is 10% higher while below the cap
ready-consistent       a ready verdict has no blocking finding and no line whose required
                       amount is unknown or not fully proposed
citation-exposure      every blocking violation of a statutory check has a citation; every
                       Art. 42 / Art. 87 finding has an exposure (unless the data cannot
                       give it)
=====================  ==================================================================
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta

from ..case import parse_case
from ..engine import evaluate
from ..engine.scope import CaseScope
from ..errors import CaseError
from ..expr import EvaluationError, MissingValue
from ..policy.compile import CompiledPolicy
from ..report.model import Report
from .model import Violation

N_LINE = "economic_compensation"
CAP_FLAG = "n_cap_applies"
UNLAWFUL_PATTERNS = ("CN-LCL-42", "CN-LCL-87", "CN-LCL-48")
FEN = Decimal("0.01")
BUILTIN = ("no-raise", "amounts-fen", "statutory-floor", "n-monotone", "ready-consistent",
           "citation-exposure")


@dataclass
class Subject:
    """One case under test: its data, its report and the reference policy's report."""

    policy: CompiledPolicy
    reference: CompiledPolicy
    data: dict[str, Any]
    case: Any
    report: Report
    reference_report: Report


def amounts_fen(s: Subject) -> Violation | None:
    """Every amount is >= 0 and a multiple of 0.01."""
    r = s.report
    values: list[tuple[str, Decimal | None]] = []
    for line in r.settlement:
        values += [(f"{line.id}.required", line.required), (f"{line.id}.proposed", line.proposed)]
    values += [(f"{f.rule}.exposure", f.exposure) for f in r.findings]
    values += [("total_required", r.total_required), ("total_proposed", r.total_proposed)]
    for name, value in values:
        if value is not None and (value < 0 or value != value.quantize(FEN)):
            return Violation("amounts-fen", f"{name} is {value}: amounts are >= 0 and whole fen")
    return None


def statutory_floor(s: Subject) -> Violation | None:
    """No statutory line below the reference policy's amount for the same case."""
    if s.reference is s.policy:
        return None
    deviated = {d.rule for d in s.policy.deviations}
    kinds = {line.definition.id: (line.definition.kind, line.definition.rule)
             for line in s.policy.settlement}
    mine = {line.id: line for line in s.report.settlement}
    for ref in s.reference_report.settlement:
        kind, rule = kinds.get(ref.id, ("statutory", ref.rule))
        if kind != "statutory" or rule in deviated or ref.required is None:
            continue
        line = mine.get(ref.id)
        if line is None or line.required is None:
            if ref.required > 0:
                return Violation("statutory-floor", f"{ref.id}: the reference policy requires "
                                 f"{ref.required:.2f}, this policy "
                                 f"{'has no such line' if line is None else 'cannot compute it'}",
                                 {"settlement": {ref.id: f"{ref.required:.2f}"}})
            continue
        if line.required < ref.required:
            return Violation("statutory-floor", f"{ref.id}: {line.required:.2f} required, below "
                             f"the reference policy's {ref.required:.2f}",
                             {"settlement": {ref.id: f"{ref.required:.2f}"}})
    return None


def ready_consistent(s: Subject) -> Violation | None:
    """A ready verdict has no blocking finding and nothing unpaid."""
    r = s.report
    if r.verdict != "ready":
        return None
    if r.blocking:
        return Violation("ready-consistent", f"ready with blocking finding {r.blocking[0].rule}",
                         {"verdict": "blocked"})
    for line in r.settlement:
        if line.required is None or (line.shortfall or 0) > 0:
            what = ("cannot be computed" if line.required is None
                    else f"is short by {line.shortfall:.2f}")
            return Violation("ready-consistent", f"ready although {line.id} {what}",
                             {"verdict": "blocked"})
    return None


def citation_exposure(s: Subject) -> Violation | None:
    """Citations on blocking statutory violations; exposures on unlawful-termination findings
    (an exposure the data cannot give, e.g. without the wage history, is not required)."""
    statutory = {c.definition.id for c in s.policy.checks if c.definition.kind == "statutory"}
    for f in s.report.findings:
        if not f.is_blocking or f.status != "violation":
            continue
        if f.rule in statutory and not f.citation.strip():
            return Violation("citation-exposure", f"{f.rule} blocks without a citation")
        if f.rule.startswith(UNLAWFUL_PATTERNS) and f.exposure is None:
            check = s.policy.check_index.get(f.rule)
            if check is None or check.exposure is None:
                return Violation("citation-exposure", f"{f.rule} makes the termination "
                                 "unlawful but declares no exposure")
            try:
                value = check.exposure.fn(CaseScope(s.policy, s.case, s.report.as_of,
                                                    trace=False))
            except (MissingValue, EvaluationError):
                continue
            return Violation("citation-exposure", f"{f.rule} makes the termination unlawful; "
                             f"its exposure is {value} but the finding carries none")
    return None


def _n(policy: CompiledPolicy, data: dict[str, Any]) -> tuple[Decimal | None, bool | None]:
    """N and whether the cap applied, for changed case data (None when not computable)."""
    try:
        case = parse_case(data, display="verify")
    except CaseError:
        return None, None
    report = evaluate(policy, case)
    n = next((line.required for line in report.settlement if line.id == N_LINE), None)
    capped = next((t.result for t in report.trace if t.value == CAP_FLAG), None)
    return n, capped if isinstance(capped, bool) else None


def n_monotone(s: Subject) -> Violation | None:
    """N does not fall with a year more service, nor with 10% more wage below the cap."""
    base, capped = _n(s.policy, s.data)
    if base is None:
        return None
    longer = copy.deepcopy(s.data)
    hire: date = longer["employee"]["hire_date"]
    earlier = hire - relativedelta(years=1)
    longer["employee"]["hire_date"] = earlier
    contract = longer["employee"].get("contract") or {}
    if contract.get("start") == hire:
        contract["start"] = earlier
    more, _ = _n(s.policy, longer)
    if more is not None and more < base:
        return Violation("n-monotone", f"N falls from {base:.2f} to {more:.2f} when the "
                         f"service starts a year earlier ({earlier})")
    if capped is False:
        richer = copy.deepcopy(s.data)
        for month in richer["employee"]["wages"]["monthly"]:
            month["gross"] = (month["gross"] * Decimal("1.1")).quantize(FEN)
            month["overtime"] = (month.get("overtime") or Decimal(0)) * Decimal("1.1")
            month["overtime"] = min(month["overtime"].quantize(FEN), month["gross"])
        more, still = _n(s.policy, richer)
        if more is not None and still is False and more < base:
            return Violation("n-monotone", f"N falls from {base:.2f} to {more:.2f} when every "
                             "wage is 10% higher (below the cap)")
    return None


CHECKS: dict[str, Callable[[Subject], Violation | None]] = {
    "amounts-fen": amounts_fen, "statutory-floor": statutory_floor,
    "ready-consistent": ready_consistent, "citation-exposure": citation_exposure,
    "n-monotone": n_monotone}
"""The built-in invariants after ``no-raise``, in the order they are checked."""
