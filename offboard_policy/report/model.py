"""The report: what checking one case under one policy found and computed.

Plain frozen dataclasses; renderers (``offboard_policy.render``) turn a :class:`Report` into
text, JSON (the public contract, see ``to_contract_dict``), Markdown and more. Money stays
``Decimal`` here and becomes a two-decimal string only at rendering time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

Verdict = Literal["ready", "blocked"]
Severity = Literal["blocking", "warning", "info"]
Status = Literal["violation", "incomplete", "waived"]
Lang = Literal["zh", "en"]

SEVERITY_ORDER: dict[str, int] = {"blocking": 0, "warning": 1, "info": 2}
SCHEMA_VERSION = "1"


@dataclass(frozen=True)
class LocalText:
    """A text in Chinese and English."""

    zh: str
    en: str

    def get(self, lang: Lang) -> str:
        """The text in ``lang``, falling back to the other language when empty."""
        primary, other = (self.zh, self.en) if lang == "zh" else (self.en, self.zh)
        return primary or other


@dataclass(frozen=True)
class Finding:
    """A check that did not pass (or could not be decided) for this case."""

    rule: str
    severity: Severity
    status: Status
    message: LocalText
    citation: str
    title: LocalText | None = None
    fields: tuple[str, ...] = ()
    hint: LocalText | None = None
    exposure: Decimal | None = None
    waiver: Waiver | None = None
    """The waiver that was honoured (status ``waived``), if any."""
    source: str | None = None
    """``path:line:column`` of the rule definition."""

    @property
    def is_blocking(self) -> bool:
        """True when this finding alone blocks closing the case."""
        return self.severity == "blocking" and self.status in ("violation", "incomplete")


@dataclass(frozen=True)
class Waiver:
    """An approved deviation from one check on one case, as given in the case file."""

    rule: str
    approved_by: str
    reason: str
    expires_on: date | None


@dataclass(frozen=True)
class SettlementLine:
    """One amount owed: required by the policy next to what HR proposes."""

    id: str
    rule: str
    title: LocalText
    required: Decimal | None
    """None when it could not be computed (an ``incomplete`` finding says why)."""
    proposed: Decimal
    citation: str
    basis: LocalText | None = None
    due: date | None = None

    @property
    def shortfall(self) -> Decimal | None:
        """``max(required - proposed, 0)``; None when ``required`` is unknown."""
        if self.required is None:
            return None
        return max(self.required - self.proposed, Decimal("0.00"))


@dataclass(frozen=True)
class TraceEntry:
    """How one derived value was computed."""

    value: str
    result: object
    formula: str
    inputs: dict[str, object]
    citation: str | None = None
    error: str | None = None
    """Set instead of ``result`` when the value could not be computed (missing data)."""


@dataclass(frozen=True)
class ParameterUse:
    """A parameter value the evaluation read, with where it comes from."""

    name: str
    value: object
    effective_from: date | None
    city: str | None
    source: str | None
    approximate: bool = False
    note: str | None = None
    """The table's note on the value (why a date is approximate, the data year, ...)."""
    company: bool = False
    """Supplied or changed by the company policy (``set:`` or a company parameter table)."""


@dataclass(frozen=True)
class Deviation:
    """A declared, approved departure of a company policy from a statutory rule."""

    rule: str
    reason: str
    approved_by: str
    approved_on: date | None
    policy: str


@dataclass(frozen=True)
class Notice:
    """Something every report of a policy says about the policy itself, not about the case
    (a stale approval record): shown above the findings, never a finding or a verdict."""

    code: str
    message: LocalText
    hint: LocalText | None = None


@dataclass(frozen=True)
class PolicyInfo:
    """Which policy produced the report."""

    id: str
    version: str
    digest: str
    title: LocalText | None = None


@dataclass(frozen=True)
class Report:
    """The outcome of checking one case."""

    case_id: str
    verdict: Verdict
    policy: PolicyInfo
    as_of: date
    findings: tuple[Finding, ...]
    settlement: tuple[SettlementLine, ...]
    trace: tuple[TraceEntry, ...] = ()
    parameters: tuple[ParameterUse, ...] = ()
    deviations: tuple[Deviation, ...] = ()
    waivers: tuple[Waiver, ...] = ()
    case_digest: str | None = None
    currency: str = "CNY"
    passed: tuple[str, ...] = field(default=())
    """Ids of the checks that were evaluated and held (for coverage)."""
    not_applicable: tuple[str, ...] = field(default=())
    """Ids of the checks whose ``when`` was false (for coverage)."""
    notices: tuple[Notice, ...] = ()
    """Report-level notices about the policy (a stale approval record)."""

    @property
    def total_required(self) -> Decimal | None:
        """Sum of the required amounts; None if any line could not be computed."""
        if any(line.required is None for line in self.settlement):
            return None
        return sum((line.required for line in self.settlement if line.required is not None),
                   Decimal("0.00"))

    @property
    def total_proposed(self) -> Decimal:
        """Sum of HR's proposed amounts."""
        return sum((line.proposed for line in self.settlement), Decimal("0.00"))

    @property
    def blocking(self) -> tuple[Finding, ...]:
        """The findings that make the verdict ``blocked``."""
        return tuple(f for f in self.findings if f.is_blocking)
