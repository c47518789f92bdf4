"""``offboard-policy diff``: what a policy change means, and what it does to real cases.

    >>> with ExitStack() as stack:                                       # doctest: +SKIP
    ...     result = diff_specs("main:policies/cn-beijing.yaml", "policies/cn-beijing.yaml",
    ...                         cases=[Path("fixtures/cases")], stack=stack)
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .impact import Impact, measure_impact
from .output import DIFF_FORMATS, render_diff
from .revision import resolve
from .semantic import PolicyDiff, diff_policies


@dataclass(frozen=True)
class DiffResult:
    """The semantic diff and, when cases were given, the impact."""

    diff: PolicyDiff
    impact: Impact | None

    @property
    def changed(self) -> bool:
        """True when the policies differ in meaning or in any case's outcome."""
        return not self.diff.empty or bool(self.impact and self.impact.changed)


def diff_specs(base: str, head: str, *, cases: Sequence[Path] = (), as_of: date | None = None,
               stack: ExitStack) -> DiffResult:
    """Diff two operands (files or ``REV:path``); raises InputError for unusable ones."""
    from ..policy import compile_policy, read_policy

    b, h = resolve(base, stack), resolve(head, stack)
    bdef, hdef = read_policy(b.path), read_policy(h.path)
    diff = diff_policies(bdef, hdef, base_label=b.label, head_label=h.label)
    impact = None
    if cases:
        impact = measure_impact(compile_policy(bdef), compile_policy(hdef), cases, as_of=as_of)
    return DiffResult(diff, impact)


__all__ = ["DIFF_FORMATS", "DiffResult", "diff_specs", "render_diff"]
