"""What a verify run found: the invariants checked, the counterexample (if any), the figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Violation:
    """One invariant that does not hold for one case."""

    invariant: str
    message: str
    expect: dict[str, Any] = field(default_factory=dict)
    """What the policy test file should expect (``verdict``, ``settlement``), when known."""


@dataclass(frozen=True)
class Counterexample:
    """A (shrunk) case that breaks an invariant."""

    violation: Violation
    case: dict[str, Any]
    """The case, as a case file holds it."""
    observed: dict[str, Any]
    """What the policy gives for it today (verdict, settlement required amounts)."""


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of ``verify`` on one policy."""

    policy: str
    reference: str
    seed: int
    invariants: tuple[str, ...]
    examples: int
    counterexample: Counterexample | None = None
    budget_exhausted: bool = False
