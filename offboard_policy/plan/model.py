"""The plan: what to change, who does it, what it costs; plain data, JSON-ready by ``to_dict``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

Actor = Literal["hr", "it", "line_manager", "legal", "payroll"]
ACTOR_ORDER: tuple[Actor, ...] = ("hr", "line_manager", "it", "legal", "payroll")
ACTOR_TITLES: dict[str, str] = {
    "hr": "HR", "it": "IT", "line_manager": "Line manager", "legal": "Legal",
    "payroll": "Payroll",
}
Outcome = Literal["ready", "fixable", "unlawful", "unresolved"]
"""``unresolved``: what still blocks needs a figure the policy lacks or data the case must
record first (``Plan.missing``); the steps found so far each clear a finding."""


@dataclass(frozen=True)
class Change:
    """One field set in the case (``path`` with indices: ``steps.assets[0].returned_on``)."""

    path: str
    value: Any
    before: Any = None


@dataclass(frozen=True)
class Step:
    """One checklist item: who records what, and the value or date it needs."""

    actor: Actor
    field: str
    """The field to record, as findings name it (``steps.legal_review.approved_on``)."""
    action: str
    value: str
    """The value or date it needs, as text (``by 2026-09-29``, ``CNY 21,000.00``)."""
    rules: tuple[str, ...]
    changes: tuple[Change, ...]
    assumption: bool = False
    """True when the value is not known to the tool (a missing wage month, a person to name):
    the patched case uses a stated placeholder, to be replaced by the real figure."""


@dataclass(frozen=True)
class SettlementItem:
    """One line of the minimum compliant settlement."""

    id: str
    title: str
    required: Decimal | None
    proposed: Decimal
    shortfall: Decimal | None
    due: date | None
    citation: str


@dataclass(frozen=True)
class NoticeOption:
    """Keeping the notice as it is: the earliest lawful date, or paying in lieu instead."""

    earliest_termination: date | None
    pay_in_lieu: Decimal | None
    note: str


@dataclass(frozen=True)
class Alternative:
    """A lawful way out of a case HR cannot fix alone (needs the employee or time)."""

    id: str
    description: str
    amount: Decimal | None = None
    date: date | None = None


@dataclass(frozen=True)
class Plan:
    """What makes a blocked case ready, checked by applying it and evaluating again."""

    case_id: str
    policy: str
    as_of: date
    verdict_before: str
    outcome: Outcome
    steps: tuple[Step, ...] = ()
    settlement: tuple[SettlementItem, ...] = ()
    notice: NoticeOption | None = None
    unlawful_rules: tuple[str, ...] = ()
    exposure: Decimal | None = None
    alternatives: tuple[Alternative, ...] = ()
    patched: dict[str, Any] | None = field(default=None, compare=False, repr=False)
    """The patched case data (None when the case cannot be made lawful)."""
    verdict_after: str | None = None
    missing: tuple[str, ...] = ()
    """For ``unresolved``: the parameters and fields no change to the case can supply."""

    def to_dict(self, *, with_patched: bool = False) -> dict[str, Any]:
        """The JSON form (amounts as two-decimal strings, dates ISO); ``with_patched`` adds
        ``patched_case``, the case with the plan applied (None when there is none)."""
        out = {
            "case_id": self.case_id,
            "policy": self.policy,
            "as_of": self.as_of.isoformat(),
            "verdict_before": self.verdict_before,
            "outcome": self.outcome,
            "verdict_after": self.verdict_after,
            "steps": [{
                "actor": s.actor, "field": s.field, "action": s.action, "value": s.value,
                "rules": list(s.rules), "assumption": s.assumption,
                "changes": [{"path": c.path, "value": jsonable(c.value),
                             "before": jsonable(c.before)} for c in s.changes],
            } for s in self.steps],
            "settlement": [{
                "id": i.id, "title": i.title, "required": money(i.required),
                "proposed": money(i.proposed), "shortfall": money(i.shortfall),
                "due": i.due.isoformat() if i.due else None, "citation": i.citation,
            } for i in self.settlement],
            "notice": None if self.notice is None else {
                "earliest_termination": (self.notice.earliest_termination.isoformat()
                                         if self.notice.earliest_termination else None),
                "pay_in_lieu": money(self.notice.pay_in_lieu),
                "note": self.notice.note,
            },
            "missing": list(self.missing),
            "unlawful_rules": list(self.unlawful_rules),
            "exposure": money(self.exposure),
            "alternatives": [{
                "id": a.id, "description": a.description, "amount": money(a.amount),
                "date": a.date.isoformat() if a.date else None,
            } for a in self.alternatives],
        }
        if with_patched:
            out["patched_case"] = jsonable(self.patched)
        return out


def money(value: Decimal | None) -> str | None:
    """Two-decimal text of an amount, or None."""
    return None if value is None else f"{value:.2f}"


def jsonable(value: Any) -> Any:
    """Dates and Decimals as text, containers recursively."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value
