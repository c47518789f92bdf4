"""Compare a report with a test's expectations, field by field."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..report.model import Finding, Report, SettlementLine
from .spec import Expect, FindingRef, LineExpect


@dataclass(frozen=True)
class Mismatch:
    """One expectation that did not hold: which field, what was expected, what came out."""

    field: str
    expected: str
    actual: str

    def __str__(self) -> str:
        return f"{self.field}: expected {self.expected}, got {self.actual}"


def money(value: Decimal | None) -> str:
    """An amount as shown in comparisons (two decimals), or ``none``."""
    return "none" if value is None else f"{value.quantize(Decimal('0.01'))}"


def _delta(expected: Decimal | None, actual: Decimal | None) -> str:
    if expected is None or actual is None:
        return ""
    diff = actual - expected
    return f" ({'+' if diff > 0 else ''}{money(diff)})"


def _matches(ref: FindingRef, f: Finding) -> bool:
    return (f.rule == ref.rule and (ref.status is None or f.status == ref.status)
            and (ref.severity is None or f.severity == ref.severity))


def _listing(findings: tuple[Finding, ...], rule: str | None = None) -> str:
    picked = [f for f in findings if rule is None or f.rule == rule]
    if not picked:
        return "no such finding" if rule else "no findings"
    return ", ".join(f"{f.rule} {f.status}" for f in picked)


def _line(line_id: str, want: LineExpect, got: SettlementLine | None) -> list[Mismatch]:
    field = f"settlement.{line_id}"
    if not want.applies:
        # The report contract: a line that does not apply is absent or has required 0.00 (the
        # engine lists it when HR proposes the payment all the same).
        if got is not None and got.required != 0:
            return [Mismatch(field, "the line not to apply",
                             f"required {money(got.required)}")]
        return []
    if got is None:
        return [Mismatch(field, "the line to apply", "no such line")]
    out: list[Mismatch] = []
    if want.required_set and got.required != want.required:
        out.append(Mismatch(f"{field}.required", money(want.required),
                            money(got.required) + _delta(want.required, got.required)))
    if want.proposed is not None and got.proposed != want.proposed:
        out.append(Mismatch(f"{field}.proposed", money(want.proposed), money(got.proposed)))
    if want.shortfall is not None and got.shortfall != want.shortfall:
        out.append(Mismatch(f"{field}.shortfall", money(want.shortfall),
                            money(got.shortfall) + _delta(want.shortfall, got.shortfall)))
    if want.due is not None and got.due != want.due:
        out.append(Mismatch(f"{field}.due", want.due.isoformat(),
                            got.due.isoformat() if got.due else "none"))
    return out


def compare(expect: Expect, report: Report) -> list[Mismatch]:
    """Every expectation that ``report`` does not meet; empty when the test passes."""
    out: list[Mismatch] = []
    if expect.verdict is not None and report.verdict != expect.verdict:
        blocking = ", ".join(f.rule for f in report.blocking)
        out.append(Mismatch("verdict", expect.verdict,
                            report.verdict + (f" (blocking: {blocking})" if blocking else "")))
    for ref in expect.findings:
        if not any(_matches(ref, f) for f in report.findings):
            out.append(Mismatch(f"findings[{ref.rule}]", str(ref),
                                _listing(report.findings, ref.rule)))
    for ref in expect.no_findings:
        hits = [f for f in report.findings if _matches(ref, f)]
        if hits:
            out.append(Mismatch(f"no_findings[{ref.rule}]", f"no {ref}",
                                ", ".join(f"{f.rule} {f.status}" for f in hits)))
    for rule in expect.passed:
        if rule not in report.passed:
            out.append(Mismatch(f"passed[{rule}]", "passed", _outcome(report, rule)))
    for rule in expect.not_applicable:
        if rule not in report.not_applicable:
            out.append(Mismatch(f"not_applicable[{rule}]", "not applicable",
                                _outcome(report, rule)))
    for rule in expect.waived:
        if not any(f.rule == rule and f.status == "waived" for f in report.findings):
            out.append(Mismatch(f"waived[{rule}]", "waived", _outcome(report, rule)))
    lines = {line.id: line for line in report.settlement}
    for line_id, want in expect.settlement.items():
        out.extend(_line(line_id, want, lines.get(line_id)))
    if expect.total_required_set and report.total_required != expect.total_required:
        out.append(Mismatch("total_required", money(expect.total_required),
                            money(report.total_required)
                            + _delta(expect.total_required, report.total_required)))
    return out


def _outcome(report: Report, rule: str) -> str:
    if rule in report.passed:
        return "passed"
    if rule in report.not_applicable:
        return "not applicable"
    found = [f for f in report.findings if f.rule == rule]
    if found:
        return ", ".join(f.status for f in found)
    return "not evaluated"
