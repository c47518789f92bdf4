"""The impact of a policy change on a corpus of cases: verdicts, findings and amounts.

Every case is evaluated under both policies; a case is listed when its verdict, its set of
findings (rule and status) or any settlement amount changes. The largest money change
comes first, then verdict changes, then finding changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Diagnostic, InputError, OffboardError
from ..paths import case_files
from ..report.model import Report

if TYPE_CHECKING:  # the library is imported only when cases are evaluated
    from ..policy.compile import CompiledPolicy

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class LineDelta:
    """One settlement line's required amount before and after (None: absent or unknown)."""

    id: str
    before: Decimal | None
    after: Decimal | None

    @property
    def delta(self) -> Decimal:
        """``after - before``, counting an absent amount as 0."""
        return (self.after or ZERO) - (self.before or ZERO)


@dataclass(frozen=True)
class CaseImpact:
    """How one case's outcome changes."""

    case_id: str
    path: str
    verdict_before: str
    verdict_after: str
    findings_added: tuple[str, ...]
    findings_removed: tuple[str, ...]
    lines: tuple[LineDelta, ...]

    @property
    def delta(self) -> Decimal:
        """Change of the total required amount."""
        return sum((line.delta for line in self.lines), ZERO)

    @property
    def verdict_changed(self) -> bool:
        """True when the verdict differs."""
        return self.verdict_before != self.verdict_after

    @property
    def findings_changed(self) -> bool:
        """True when a finding appears or disappears."""
        return bool(self.findings_added or self.findings_removed)

    @property
    def changed(self) -> bool:
        """True when anything differs."""
        return self.verdict_changed or self.findings_changed or bool(self.lines)


@dataclass
class Impact:
    """The impact over the whole corpus."""

    cases: int = 0
    changed: list[CaseImpact] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    """The case files that could not be checked (their diagnostics are in ``problems``)."""

    @property
    def verdicts_changed(self) -> int:
        """Cases whose verdict changes."""
        return sum(1 for c in self.changed if c.verdict_changed)

    @property
    def findings_changed(self) -> int:
        """Cases whose findings change."""
        return sum(1 for c in self.changed if c.findings_changed)

    @property
    def amounts_changed(self) -> int:
        """Cases whose settlement amounts change."""
        return sum(1 for c in self.changed if c.lines)

    @property
    def total_delta(self) -> Decimal:
        """Net change of the required amounts over all cases."""
        return sum((c.delta for c in self.changed), ZERO)


def gather_cases(paths: Iterable[Path]) -> list[Path]:
    """Case files: explicit files as given, folders through ``paths.case_files``."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(case_files(path))
        else:
            out.append(path)
    return out


def _keys(report: Report) -> set[str]:
    return {f"{f.rule} {f.status}" for f in report.findings}


def compare_reports(path: str, before: Report, after: Report) -> CaseImpact:
    """The difference of two reports on the same case."""
    b = {line.id: line.required for line in before.settlement}
    a = {line.id: line.required for line in after.settlement}
    lines = tuple(LineDelta(k, b.get(k), a.get(k)) for k in sorted(b.keys() | a.keys())
                  if b.get(k) != a.get(k))
    kb, ka = _keys(before), _keys(after)
    return CaseImpact(before.case_id, path, before.verdict, after.verdict,
                      tuple(sorted(ka - kb)), tuple(sorted(kb - ka)), lines)


def _order(c: CaseImpact) -> tuple[Any, ...]:
    return (-abs(c.delta), not c.verdict_changed, not c.findings_changed, c.case_id)


def measure_impact(base: CompiledPolicy, head: CompiledPolicy, paths: Iterable[Path], *,
                   as_of: date | None = None) -> Impact:
    """Evaluate every case under the compiled ``base`` and ``head`` policies."""
    from ..case import load_case
    from ..engine import evaluate
    from ..policy.definitions import display_path

    impact = Impact()
    for path in gather_cases(paths):
        try:
            case = load_case(path)
            before = evaluate(base, case, as_of=as_of)
            after = evaluate(head, case, as_of=as_of)
        except InputError as exc:
            impact.problems.extend(exc.diagnostics)
            impact.unreadable.append(display_path(path))
            continue
        except OffboardError as exc:  # pragma: no cover - engine refuses the case
            impact.problems.extend(exc.diagnostics)
            impact.unreadable.append(display_path(path))
            continue
        impact.cases += 1
        result = compare_reports(display_path(path), before, after)
        if result.changed:
            impact.changed.append(result)
    impact.changed.sort(key=_order)
    return impact
