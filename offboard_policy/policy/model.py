"""Definitions read from rule modules, parameter tables and policies, before compilation.

These are plain frozen dataclasses with the source position of everything a diagnostic may
need to point at. ``offboard_policy.policy.compile`` turns them into closures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from ..errors import Diagnostic, SourcePos
from ..expr.origin import ScalarOrigin
from ..report.model import LocalText

Kind = Literal["statutory", "internal"]
CheckSeverity = Literal["blocking", "warning", "info"]


@dataclass(frozen=True)
class ExprSource:
    """An expression as written in a rule file, with where its text starts."""

    text: str
    origin: ScalarOrigin | SourcePos | None
    display: str
    """The file as shown to users (relative path)."""
    field: str
    """Where it sits in the file, e.g. ``checks[3].assert``."""


@dataclass(frozen=True)
class ValueDef:
    """A named derived value (``values:`` in a module)."""

    name: str
    formula: ExprSource
    declared_type: str | None
    description: str | None
    citation: str | None
    unit: str | None
    module: str
    pos: SourcePos


@dataclass(frozen=True)
class CheckDef:
    """A condition that must hold (``checks:`` in a module)."""

    id: str
    severity: CheckSeverity
    assertion: ExprSource
    message: LocalText
    citation: str
    when: ExprSource | None
    title: LocalText | None
    hint: LocalText | None
    fields: tuple[str, ...]
    exposure: ExprSource | None
    waivable: bool
    description: str | None
    clause: str | None
    module: str
    kind: Kind
    pos: SourcePos
    message_sources: dict[str, ExprSource] = field(default_factory=dict, compare=False)
    """Placeholder expressions found in ``message`` and ``hint`` (by their text)."""


@dataclass(frozen=True)
class SettlementDef:
    """A settlement line (``settlement:`` in a module)."""

    id: str
    rule: str
    amount: ExprSource
    citation: str
    when: ExprSource | None
    proposed: ExprSource | None
    due: ExprSource | None
    severity: CheckSeverity
    title: LocalText | None
    basis: LocalText | None
    shortfall_message: LocalText | None
    hint: LocalText | None
    fields: tuple[str, ...]
    description: str | None
    clause: str | None
    module: str
    kind: Kind
    pos: SourcePos
    text_sources: dict[str, ExprSource] = field(default_factory=dict, compare=False)
    """Placeholder expressions found in ``basis``, ``shortfall_message`` and ``hint``."""
    extras: tuple[ExtraDef, ...] = ()
    """Amounts a company policy adds on top (``adjust.settlement.ID.extra``), in layer order."""


@dataclass(frozen=True)
class ExtraDef:
    """A non-negative amount a policy adds to a settlement line (below 0 counts as 0)."""

    expr: ExprSource
    label: LocalText
    policy: str
    key: str
    """Unique key of the extra within the policy (``extra#1``)."""
    clause: str | None = None
    """The company policy clause it implements (cited by its settlement line)."""


@dataclass(frozen=True)
class ModuleDef:
    """One rule module file."""

    id: str
    kind: Kind
    path: str
    title: LocalText | None
    description: str | None
    values: tuple[ValueDef, ...]
    checks: tuple[CheckDef, ...]
    settlement: tuple[SettlementDef, ...]
    parameter_files: tuple[str, ...]
    pos: SourcePos


@dataclass(frozen=True)
class ParamEntry:
    """One dated value of a parameter."""

    start: date
    value: Any
    source: str | None
    note: str | None
    approximate: bool
    pos: SourcePos
    annual: Any = None


@dataclass(frozen=True)
class ParamDef:
    """A parameter and its dated values (per city when ``by_city``)."""

    name: str
    type_name: str
    unit: str | None
    description: str | None
    citation: str | None
    by_city: bool
    national: tuple[ParamEntry, ...]
    cities: dict[str, tuple[ParamEntry, ...]]
    path: str
    pos: SourcePos
    kind: Kind = "statutory"
    """``statutory`` values may not be changed by ``set:`` without a deviation."""
    option: bool = False
    """A documented choice on a point the law leaves open (e.g. which 12 months form the N base):
    a policy may set it without a deviation, and every report lists the value in use."""


@dataclass(frozen=True)
class Override:
    """A parameter value set by a policy's ``set:`` (the mapping form, or one entry of a list)."""

    name: str
    value: Any
    city: str | None
    start: date | None
    source: str
    note: str | None
    pos: SourcePos
    annual: Any = None
    source_line: str | None = field(default=None, compare=False)
    approximate: bool = False
    index: int | None = None
    """Position in a ``set:`` list (None for the mapping form)."""


@dataclass(frozen=True)
class DeviationDef:
    """A declared departure from a statutory rule, with its approval."""

    rule: str
    reason: str
    approved_by: str
    approved_on: date | None
    policy: str
    pos: SourcePos


@dataclass(frozen=True)
class CheckAdjust:
    """``adjust.checks.RULE`` in a policy: a new severity, or the check switched off/on."""

    rule: str
    severity: CheckSeverity | None
    disabled: bool | None
    clause: str | None
    policy: str
    pos: SourcePos
    source_line: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class LineAdjust:
    """``adjust.settlement.ID`` in a policy: an extra amount, a replacement, a severity."""

    line: str
    extra: ExprSource | None
    amount: ExprSource | None
    severity: CheckSeverity | None
    disabled: bool | None
    clause: str | None
    label: LocalText | None
    policy: str
    pos: SourcePos
    source_line: str | None = field(default=None, compare=False)


Adjustment = CheckAdjust | LineAdjust


@dataclass(frozen=True)
class ApprovalDef:
    """The four-eyes approval record of a policy."""

    by: str
    on: date | None
    digest: str
    pos: SourcePos


@dataclass(frozen=True)
class PolicyDef:
    """A policy file with everything it includes, flattened (extends resolved)."""

    id: str
    version: str
    path: str
    title: LocalText | None
    description: str | None
    modules: tuple[ModuleDef, ...]
    params: dict[str, ParamDef]
    overrides: tuple[Override, ...]
    deviations: tuple[DeviationDef, ...]
    approval: ApprovalDef | None
    files: tuple[str, ...]
    """Every file the policy reads (for the digest), as absolute paths, in load order."""
    parents: tuple[str, ...] = ()
    """Ids of the policies it extends, nearest first."""
    digest: str = ""
    """``sha256:...`` of the canonical content of every file read (see ``load._digest``)."""
    adjustments: tuple[Adjustment, ...] = ()
    """Every ``adjust:`` entry of the chain, parents first (already applied to ``modules``)."""
    disabled: tuple[str, ...] = ()
    """Ids of the checks and settlement lines switched off by ``adjust`` (not in ``modules``)."""
    warnings: tuple[Diagnostic, ...] = ()
    """Problems that do not stop loading: a stale approval record (see ``layering``)."""
