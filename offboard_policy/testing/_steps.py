"""Parts of a generated case around the termination: non-compete, workflow steps, settlement.

The settlement is what HR proposes, not what the law requires: a rough estimate (average wage
times years of service, no cap), sometimes exact for simple cases, sometimes short, sometimes
generous, sometimes nothing at all.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

ESTIMATED_GROUNDS = frozenset({
    "resignation_employer_fault", "mutual_agreement_employer_proposed", "no_fault_illness",
    "no_fault_incompetence", "no_fault_changed_circumstances", "layoff", "contract_expiry",
    "employer_closure",
})
ART40 = frozenset({"no_fault_illness", "no_fault_incompetence", "no_fault_changed_circumstances"})


def _chance(rng: random.Random, p: float) -> bool:
    return rng.random() < p


def _on_or_missing(rng: random.Random, d: date, p_missing: float, spread: int) -> str | None:
    """``d`` moved by up to ``spread`` days either way, or None with probability p_missing."""
    if _chance(rng, p_missing):
        return None
    return (d + timedelta(days=rng.randint(-spread, spread))).isoformat()


def make_non_compete(rng: random.Random, person: dict[str, Any]) -> dict[str, Any]:
    """Mostly none; sometimes agreed, with compensation at, below or above 30% of the wage."""
    if not _chance(rng, 0.15):
        return {"agreed": False, "duration_months": None, "monthly_compensation": None}
    wages = person["wages"]["monthly"]
    avg = sum((Decimal(w["gross"]) for w in wages), Decimal(0)) / max(len(wages), 1)
    share = Decimal(rng.choice(("0.2", "0.3", "0.3", "0.5")))
    section: dict[str, Any] = {
        "agreed": True,
        "duration_months": rng.choice((6, 12, 24, 24, 36)),
        "monthly_compensation": f"{avg * share:.2f}" if _chance(rng, 0.9) else None,
    }
    if _chance(rng, 0.5):
        section["had_access_to_trade_secrets"] = _chance(rng, 0.8)
    return section


def make_steps(rng: random.Random, end: date) -> dict[str, Any]:
    """The offboarding workflow, each step present, late or missing."""
    approvals = [{"role": role, "by": f"{role[0].upper()}{rng.randint(1, 9999):04d}",
                  "approved_on": _on_or_missing(rng, end - timedelta(days=15), 0.1, 10)}
                 for role in ("line_manager", "hr") if _chance(rng, 0.9)]
    assets = [{"id": f"{kind[:2].upper()}-{rng.randint(1, 9999):04d}", "kind": kind,
               "returned_on": _on_or_missing(rng, end, 0.15, 3)}
              for kind in ("laptop", "access_card", "phone") if _chance(rng, 0.7)]
    accounts = [{"system": system, "revoked_on": _on_or_missing(rng, end, 0.15, 3)}
                for system in ("gitlab", "erp", "email") if _chance(rng, 0.7)]
    declined = _chance(rng, 0.1)
    return {
        "approvals": approvals,
        "handover": {
            "successor": f"E{rng.randint(1, 99999):05d}" if _chance(rng, 0.85) else None,
            "items": rng.randint(0, 30),
            "signed_by_successor_on": _on_or_missing(rng, end - timedelta(days=1), 0.15, 3),
            "signed_by_supervisor_on": _on_or_missing(rng, end - timedelta(days=1), 0.15, 3),
            "documents_archived": rng.choice((True, True, False, None)),
        },
        "assets": assets,
        "accounts": accounts,
        "exit_interview": {"held_on": None if declined else _on_or_missing(
            rng, end - timedelta(days=2), 0.2, 5), "declined": declined},
        "legal_review": {"reviewer": f"L{rng.randint(1, 999):04d}",
                         "approved_on": _on_or_missing(rng, end - timedelta(days=10), 0.3, 8)},
        "termination_certificate_issued_on": _on_or_missing(rng, end, 0.25, 5),
        "file_and_social_insurance_transferred_on": _on_or_missing(
            rng, end + timedelta(days=10), 0.3, 10),
        "unemployment_reported_on": _on_or_missing(rng, end + timedelta(days=7), 0.4, 9),
    }


def _estimate_n(person: dict[str, Any], ground: str, end: date) -> Decimal:
    """HR's rough N: average of the listed months x service months (no cap, no segments)."""
    if ground not in ESTIMATED_GROUNDS:
        return Decimal(0)
    wages = [Decimal(w["gross"]) for w in person["wages"]["monthly"]]
    if not wages:
        return Decimal(0)
    avg = sum(wages, Decimal(0)) / len(wages)
    days = (end - date.fromisoformat(person["hire_date"])).days + 1
    years, rest = divmod(days, 365)
    months = Decimal(years) + (1 if rest >= 182 else Decimal("0.5") if rest else 0)
    return avg * months


def make_settlement(rng: random.Random, person: dict[str, Any],
                    section: dict[str, Any]) -> dict[str, Any]:
    """What HR proposes: an estimate, short, generous, or nothing; payment dates."""
    end = date.fromisoformat(section["termination_date"])
    factor = Decimal(rng.choice(("1", "1", "1", "0.9", "1.2", "0")))
    estimate = _estimate_n(person, section["ground"], end) * factor
    wages = person["wages"]["monthly"]
    last = Decimal(wages[-1]["gross"]) if wages else Decimal(0)
    in_lieu = last if section["ground"] in ART40 and _chance(rng, 0.5) else Decimal(0)
    leave = Decimal(rng.choice((0, 0, 500, 1500, 4000)))
    return {
        "economic_compensation": f"{estimate:.2f}" if _chance(rng, 0.95) else None,
        "notice_pay_in_lieu": f"{in_lieu:.2f}" if _chance(rng, 0.9) else "0",
        "annual_leave_payout": f"{leave:.2f}",
        "final_wages": f"{last:.2f}",
        "final_wages_paid_on": _on_or_missing(rng, end + timedelta(days=2), 0.1, 2),
        "compensation_paid_on": _on_or_missing(rng, end, 0.4, 5),
        "other": [],
    }
