"""Who must act on a field: a small table from field path to actor, longest prefix first.

==================================  ============  ==========================================
field path prefix                   actor         why
==================================  ============  ==========================================
``steps.accounts``                  it            IT revokes system and door access
``steps.assets``                    it            IT / asset management collects equipment
``steps.handover``                  line_manager  the line manager runs the handover
``steps.approvals``                 line_manager  sign-offs start with the line manager
``steps.legal_review``              legal         legal reviews the termination
``steps``                           hr            certificate, file transfer, reports, archive
``settlement``                      payroll       amounts and payment dates
``employee.wages``                  payroll       the wage history comes from payroll
``non_compete``                     legal         the non-compete agreement
``termination``, ``employee``,      hr            facts of the case HR records
``employer``
==================================  ============  ==========================================

An approval step is given to the actor its ``role`` names when that role is one of the
actors (``hr``, ``legal``, ``line_manager``...).
"""

from __future__ import annotations

import re

from .model import Actor

ACTORS: tuple[tuple[str, Actor], ...] = (
    ("steps.accounts", "it"),
    ("steps.assets", "it"),
    ("steps.handover", "line_manager"),
    ("steps.approvals", "line_manager"),
    ("steps.legal_review", "legal"),
    ("steps", "hr"),
    ("settlement", "payroll"),
    ("employee.wages", "payroll"),
    ("non_compete", "legal"),
    ("termination", "hr"),
    ("employee", "hr"),
    ("employer", "hr"),
)
ROLE_ACTORS: dict[str, Actor] = {
    "hr": "hr", "it": "it", "legal": "legal", "payroll": "payroll",
    "line_manager": "line_manager", "manager": "line_manager",
}


def actor_for(path: str, role: str | None = None) -> Actor:
    """The actor responsible for recording ``path`` (a field path, indices allowed)."""
    if role is not None and role in ROLE_ACTORS:
        return ROLE_ACTORS[role]
    bare = re.sub(r"\[\d+\]", "", path)
    for prefix, actor in sorted(ACTORS, key=lambda item: -len(item[0])):
        if bare == prefix or bare.startswith(prefix + "."):
            return actor
    return "hr"
