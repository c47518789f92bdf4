"""Invariants a policy declares (``invariants:``), compiled by the expression language.

An invariant's ``assert`` is an expression over the case (``employee``, ``termination``...),
``report`` (this policy's report for the case) and ``reference`` (the report of the policy it
extends). A report reads as a record: ``verdict``, ``blocking`` (how many blocking findings),
``total_required`` (none when a line cannot be computed), ``total_proposed``, ``rules`` (the
rule ids of the blocking findings), and ``required.LINE`` / ``proposed.LINE`` for each
settlement line the policy can produce (none when the line is absent or cannot be computed;
``proposed`` 0 when absent). The expression is parsed, type-checked and compiled like a rule's;
nothing is ever passed to ``eval``. An invariant that cannot be decided for a case (missing
data) is not a counterexample.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from ..case import case_types
from ..errors import Diagnostic, PolicyError
from ..expr import TypeEnv, compile_expression
from ..expr.compile import Compiled
from ..expr.types import (
    BOOL,
    NUMBER,
    STRING,
    EnumType,
    ListType,
    RecordType,
    Type,
    nullable,
)
from ..policy.compile import CompiledPolicy
from ..report.model import Report
from ..yamlio import load_yaml

REPORT_ROOTS = ("report", "reference")


@dataclass(frozen=True)
class Declared:
    """One compiled invariant of a policy file."""

    id: str
    message: str
    source: str
    fn: Compiled


def line_ids(policy: CompiledPolicy) -> tuple[str, ...]:
    """Every settlement line id the policy can produce."""
    return tuple(dict.fromkeys(line.definition.id for line in policy.settlement))


def report_type(name: str, ids: tuple[str, ...]) -> RecordType:
    """The expression type of a report under a policy with lines ``ids``."""
    return RecordType(name, {
        "verdict": EnumType("verdict", ("ready", "blocked")),
        "blocking": NUMBER,
        "total_required": nullable(NUMBER),
        "total_proposed": NUMBER,
        "rules": ListType(STRING),
        "required": RecordType(f"{name}_required", {i: nullable(NUMBER) for i in ids}),
        "proposed": RecordType(f"{name}_proposed", {i: NUMBER for i in ids}),
    })


def report_view(report: Report, ids: tuple[str, ...]) -> SimpleNamespace:
    """The runtime value of a report record (see :func:`report_type`)."""
    lines = {line.id: line for line in report.settlement}
    zero = Decimal("0.00")
    return SimpleNamespace(
        verdict=report.verdict,
        blocking=Decimal(len(report.blocking)),
        total_required=report.total_required,
        total_proposed=report.total_proposed,
        rules=[f.rule for f in report.blocking],
        required=SimpleNamespace(**{i: lines[i].required if i in lines else None for i in ids}),
        proposed=SimpleNamespace(**{i: lines[i].proposed if i in lines else zero for i in ids}),
    )


class InvariantScope:
    """The expression scope of an invariant: the case's sections and the two reports."""

    def __init__(self, case: Any, report: SimpleNamespace, reference: SimpleNamespace) -> None:
        self.case = case
        self.reports = {"report": report, "reference": reference}

    def case_root(self, name: str) -> Any:
        """A section of the case, or one of the reports."""
        if name in self.reports:
            return self.reports[name]
        return getattr(self.case, name)

    def value(self, name: str) -> Any:  # pragma: no cover - the type env declares none
        raise KeyError(name)

    def param(self, name: str) -> Any:  # pragma: no cover - the type env declares none
        raise KeyError(name)


def reference_path(policy_path: Path) -> Path:
    """The policy ``policy_path`` extends, or itself when it extends none."""
    data = load_yaml(policy_path).data
    parent = data.get("extends") if isinstance(data, dict) else None
    if not isinstance(parent, str):
        return policy_path
    return Path(os.path.normpath(policy_path.parent / parent))


def lint_declared(path: Path, policy: CompiledPolicy) -> list[Diagnostic]:
    """The problems of the invariants a policy file declares (for ``offboard-policy lint``)."""
    data = load_yaml(path).data
    if not isinstance(data, dict) or not data.get("invariants"):
        return []
    from ..policy import load_policy

    ref_path = reference_path(path)
    try:
        reference = (policy if ref_path.resolve() == path.resolve()
                     else load_policy(ref_path))
        load_declared(path, policy, reference)
    except PolicyError as exc:
        return list(exc.diagnostics)
    return []


def load_declared(path: Path, policy: CompiledPolicy,
                  reference: CompiledPolicy) -> tuple[Declared, ...]:
    """The invariants written in the policy file at ``path``, compiled (PolicyError if one is
    refused, with its ``file:line:column``)."""
    loaded = load_yaml(path)
    raw = loaded.data.get("invariants") if isinstance(loaded.data, dict) else None
    if not raw:
        return ()
    roots: dict[str, Type] = dict(case_types())
    roots["report"] = report_type("report", line_ids(policy))
    roots["reference"] = report_type("reference", line_ids(reference))
    env = TypeEnv(case_roots=roots)
    out: list[Declared] = []
    errors: list[Diagnostic] = []
    for i, item in enumerate(raw):
        where = ("invariants", i, "assert")
        try:
            fn = compile_expression(
                item["assert"], origin=loaded.positions.content(where), display=loaded.display,
                env=env, expected=BOOL, source_lines=loaded.source_lines)
        except PolicyError as exc:
            errors.extend(exc.diagnostics)
            continue
        pos = loaded.positions.nearest(where)
        out.append(Declared(id=item["id"], message=item["message"],
                            source=str(pos) if pos else loaded.display, fn=fn))
    if errors:
        raise PolicyError(errors)
    return tuple(out)
