"""A policy's approval state: its ``approval: {by, on, digest}`` record against its content.

An approval whose digest no longer matches what the policy and the files it reads give is a
warning (an error under ``--strict``); :func:`approval_notices` is what every report of the
policy then says about it.
"""

from __future__ import annotations

from dataclasses import replace

from offboard_policy import codes

from ..errors import Diagnostic
from ..report.model import LocalText, Notice
from .model import PolicyDef


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


def approval_notices(policy: PolicyDef) -> tuple[Notice, ...]:
    """The report-level notice of a stale approval record (none when it is current)."""
    approval = policy.approval
    if approval is None or not approval_warnings(policy):
        return ()
    return (Notice(
        code=codes.APPROVAL_STALE,
        message=LocalText(
            zh=f"策略 {policy.id} 的审批记录（{approval.by}）与其当前内容不符：批准后规则"
               f"或参数已被修改，需重新审批。",
            en=f"The approval record of policy {policy.id} (by {approval.by}) does not "
               f"match its current content: rules or parameters changed after approval."),
        hint=LocalText(zh="复核变更后用 offboard-policy approve 重新记录审批。",
                       en="Review the change, then record a new approval with "
                          "offboard-policy approve.")),)
