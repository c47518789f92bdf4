"""Rule coverage of a test run: which checks fired and passed, which lines and values ran.

Per policy, every check has two outcomes to cover, *fired* (a test made its assertion fail:
a ``violation`` or ``waived`` finding; ``incomplete`` does not count, since the rule was not
decided) and *passed* (a test where it held); every settlement line and derived value has one,
*computed*. The percentage is covered outcomes over all outcomes, like branch coverage.

The scope (``own``, the default of the CLI, or ``all``) says which rules count: ``own`` only
those the policy itself adds (see ``scope.py``), ``all`` everything it uses, statutory
library included.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..report.model import Report
from .scope import Scope, owned

FIRED_STATUSES = frozenset({"violation", "waived"})


@dataclass
class CheckCoverage:
    """How often one check fired, passed and did not apply."""

    id: str
    source: str
    fired: int = 0
    passed: int = 0
    not_applicable: int = 0


@dataclass
class PolicyCoverage:
    """Coverage of one policy by the tests that ran against it."""

    policy: str
    path: str
    tests: int = 0
    scope: Scope = "all"
    checks: dict[str, CheckCoverage] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    values: dict[str, int] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Outcomes to cover."""
        return 2 * len(self.checks) + len(self.lines) + len(self.values)

    @property
    def covered(self) -> int:
        """Outcomes covered."""
        return (sum((c.fired > 0) + (c.passed > 0) for c in self.checks.values())
                + sum(1 for n in self.lines.values() if n)
                + sum(1 for n in self.values.values() if n))

    @property
    def percent(self) -> float:
        """``covered / total`` in percent (100 for an empty policy)."""
        return 100.0 * self.covered / self.total if self.total else 100.0

    def never_fired(self) -> list[CheckCoverage]:
        """Checks no test made fail."""
        return [c for c in self.checks.values() if not c.fired]

    def never_passed(self) -> list[CheckCoverage]:
        """Checks no test saw hold."""
        return [c for c in self.checks.values() if not c.passed]

    def lines_never_computed(self) -> list[str]:
        """Settlement lines no test computed an amount for."""
        return [k for k, n in self.lines.items() if not n]

    def values_never_computed(self) -> list[str]:
        """Derived values no test computed."""
        return [k for k, n in self.values.items() if not n]


def _pos(pos: Any) -> str:
    return str(pos) if pos is not None else ""


def _line_pos(line: Any) -> str:
    """Where a settlement line is defined: an ``extra:`` line at its expression in the policy
    file, any other at its entry in the module."""
    d = line.definition
    if d.amount.display != d.pos.file and d.amount.origin is not None:
        origin = d.amount.origin
        return _pos(getattr(origin, "pos", origin))
    return _pos(d.pos)


def empty_coverage(path: Path, policy: Any, scope: Scope = "all") -> PolicyCoverage:
    """Zero coverage of a compiled policy: every check, line and value in ``scope`` listed."""
    cov = PolicyCoverage(policy=policy.info.id, path=policy.definition.path, scope=scope)
    own = owned(policy) if scope == "own" else None
    for check in policy.checks:
        cid = check.definition.id
        if own is None or cid in own.checks:
            cov.checks[cid] = CheckCoverage(cid, _pos(check.definition.pos))
    for line in policy.settlement:
        if own is None or line.definition.id in own.lines:
            cov.lines[line.definition.id] = 0
            cov.sources[f"line:{line.definition.id}"] = _line_pos(line)
    for name, value in policy.values.items():
        if own is None or name in own.values:
            cov.values[name] = 0
            cov.sources[f"value:{name}"] = _pos(value.definition.pos)
    return cov


def add_report(cov: PolicyCoverage, report: Report) -> None:
    """Count one report's outcomes."""
    cov.tests += 1
    for f in report.findings:
        if f.rule in cov.checks and f.status in FIRED_STATUSES:
            cov.checks[f.rule].fired += 1
    for rule in report.passed:
        if rule in cov.checks:
            cov.checks[rule].passed += 1
    for rule in report.not_applicable:
        if rule in cov.checks:
            cov.checks[rule].not_applicable += 1
    for line in report.settlement:
        if line.id in cov.lines and line.required is not None:
            cov.lines[line.id] += 1
    for entry in report.trace:
        if entry.value in cov.values and entry.error is None:
            cov.values[entry.value] += 1


def measure(policies: dict[Path, Any], reports: Iterable[tuple[Path, Report]],
            scope: Scope = "all") -> list[PolicyCoverage]:
    """Coverage of each policy by the reports of the tests that ran against it."""
    out = {path: empty_coverage(path, p, scope) for path, p in policies.items()}
    for path, report in reports:
        if path in out:
            add_report(out[path], report)
    return [out[p] for p in sorted(out)]


def overall(covs: list[PolicyCoverage]) -> float:
    """Covered over total outcomes, across every policy, in percent."""
    total = sum(c.total for c in covs)
    return 100.0 * sum(c.covered for c in covs) / total if total else 100.0


def coverage_dict(covs: list[PolicyCoverage]) -> dict[str, Any]:
    """The JSON form (``--format json`` and ``--coverage-report``)."""
    return {
        "percent": round(overall(covs), 2),
        "policies": [{
            "policy": c.policy,
            "path": c.path,
            "scope": c.scope,
            "tests": c.tests,
            "percent": round(c.percent, 2),
            "covered": c.covered,
            "total": c.total,
            "checks": [{"id": k.id, "source": k.source, "fired": k.fired, "passed": k.passed,
                        "not_applicable": k.not_applicable} for k in c.checks.values()],
            "settlement": [{"id": k, "computed": n, "source": c.sources[f"line:{k}"]}
                           for k, n in c.lines.items()],
            "values": [{"name": k, "computed": n, "source": c.sources[f"value:{k}"]}
                       for k, n in c.values.items()],
            "never_fired": [k.id for k in c.never_fired()],
            "never_passed": [k.id for k in c.never_passed()],
            "lines_never_computed": c.lines_never_computed(),
            "values_never_computed": c.values_never_computed(),
        } for c in covs],
    }


def coverage_json(covs: list[PolicyCoverage]) -> str:
    """:func:`coverage_dict` as indented JSON text ending with a newline."""
    return json.dumps(coverage_dict(covs), ensure_ascii=False, indent=2) + "\n"


def coverage_table(covs: list[PolicyCoverage]) -> str:
    """A plain-text table: one row per policy, then what is not covered, with positions."""
    scopes = sorted({c.scope for c in covs})
    rows = [("policy", "tests", "checks", "fired", "passed", "lines", "values", "cover")]
    for c in covs:
        rows.append((c.policy, str(c.tests), str(len(c.checks)),
                     str(len(c.checks) - len(c.never_fired())),
                     str(len(c.checks) - len(c.never_passed())),
                     f"{len(c.lines) - len(c.lines_never_computed())}/{len(c.lines)}",
                     f"{len(c.values) - len(c.values_never_computed())}/{len(c.values)}",
                     f"{c.percent:.1f}%"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                     for i, (cell, w) in enumerate(zip(row, widths, strict=True))).rstrip()
           for row in rows]
    out.append(f"total coverage: {overall(covs):.1f}% (scope: {', '.join(scopes) or 'all'})")
    for c in covs:
        sections = [
            ("checks never fired", [(k.id, k.source) for k in c.never_fired()]),
            ("checks never passed", [(k.id, k.source) for k in c.never_passed()]),
            ("settlement lines never computed",
             [(k, c.sources[f"line:{k}"]) for k in c.lines_never_computed()]),
            ("values never computed",
             [(k, c.sources[f"value:{k}"]) for k in c.values_never_computed()]),
        ]
        for title, items in sections:
            if items:
                out.append(f"{c.policy}: {title}:")
                width = max(len(i) for i, _ in items)
                out.extend(f"  {i.ljust(width)}  {src}".rstrip() for i, src in items)
    return "\n".join(out) + "\n"
