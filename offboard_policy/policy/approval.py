"""A policy's approval state: its ``approval: {by, on, digest}`` record against its content.

An approval whose digest no longer matches what the policy and the files it reads give is a
warning (an error under ``--strict``); :mod:`.compile` carries it to every report as a notice.
"""

from __future__ import annotations

from dataclasses import replace

from offboard_policy import codes

from ..errors import Diagnostic
from .model import PolicyDef

STALE_RULE = "OP-policy-approval-stale"
"""Rule id of the report finding that says a policy's approval is stale."""

def approval_warnings(policy: PolicyDef) -> tuple[Diagnostic, ...]:
    """A warning when the policy's approval record is for other content than it now has."""
    approval = policy.approval
    if approval is None or not policy.digest or approval.digest == policy.digest:
        return ()
    pos = approval.pos
    on = approval.on.isoformat() if approval.on else "?"
    return (Diagnostic(
        f"the approval by {approval.by} on {on} is for digest {approval.digest}, but the "
        f"policy and the files it reads now give {policy.digest}: something changed since "
        f"it was approved; review the change and record a new approval "
        f"(offboard-policy approve {policy.path} --by NAME)",
        codes.APPROVAL_STALE, file=pos.file, line=pos.line, column=pos.column, field="approval",
        severity="warning"),)


def strict_errors(warnings: tuple[Diagnostic, ...]) -> list[Diagnostic]:
    """``warnings`` turned into errors (for ``--strict``)."""
    return [replace(w, severity="error") for w in warnings]
