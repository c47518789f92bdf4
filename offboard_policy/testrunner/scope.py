"""Which rules of a policy are its *own*: the scope of ``test --coverage --scope own``.

A company policy extends the statutory library; its tests should be measured against what the
company wrote, not against dozens of statutory rules it inherits. A policy's own rules are
those of the non-statutory (``kind: internal``) modules it includes itself (not through
``extends``) and the settlement lines its own file defines (an ``extra:`` on a statutory line).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..errors import OffboardError
from ..yamlio import load_yaml

Scope = Literal["own", "all"]
SCOPES: tuple[Scope, ...] = ("own", "all")


@dataclass(frozen=True)
class Owned:
    """The own checks, settlement lines and derived values of one policy."""

    checks: frozenset[str]
    lines: frozenset[str]
    values: frozenset[str]


def _parent_module_paths(policy_file: Path) -> set[str]:
    """Paths of the modules the policy's ``extends`` chain brings in (empty without one)."""
    from ..policy import read_policy

    try:
        data = load_yaml(policy_file).data
    except OffboardError:
        return set()
    parent = data.get("extends") if isinstance(data, dict) else None
    if not isinstance(parent, str):
        return set()
    try:
        parent_def = read_policy(policy_file.parent / parent)
    except OffboardError:
        return set()
    return {str(Path(m.path).resolve()) for m in parent_def.modules}


def owned(policy: Any) -> Owned:
    """The own rules of a compiled policy (see the module docstring)."""
    definition = policy.definition
    policy_file = Path(definition.files[0]) if definition.files else Path(definition.path)
    inherited = _parent_module_paths(policy_file)
    modules = {m.id for m in definition.modules
               if m.kind != "statutory" and str(Path(m.path).resolve()) not in inherited}
    own_file = str(policy_file.resolve())
    lines = {ln.definition.id for ln in policy.settlement
             if ln.definition.module in modules
             or str(Path(ln.definition.amount.display).resolve()) == own_file}
    return Owned(
        checks=frozenset(c.definition.id for c in policy.checks
                         if c.definition.module in modules),
        lines=frozenset(lines),
        values=frozenset(name for name, v in policy.values.items()
                         if v.definition.module in modules),
    )
