"""Re-check a stored decision: the stored case under the stored policy, compared with the
stored report.

The policy file must still have the digest the decision was made under; if it does not, the
replay says which version the file is and which the decision used, and compares anyway (what
the report would be today). Reports are compared as JSON data, so the single check's indented
JSON and a batch line's compact JSON compare alike.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from offboard_policy.case import parse_case
from offboard_policy.engine import evaluate
from offboard_policy.render.json import to_contract_dict

from .model import Decision, engine_version

MAX_DIFFERENCES = 50


@dataclass(frozen=True)
class ReplayResult:
    """The outcome: no differences means the report is identical."""

    differences: list[str]
    policy_mismatch: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        return not self.differences and self.policy_mismatch is None


def replay(decision: Decision, policy: Any) -> ReplayResult:
    """Evaluate the decision's case under ``policy`` (compiled) and compare the reports."""
    info = policy.info
    mismatch = None
    if info.digest != decision.policy_digest:
        mismatch = (f"the policy file is {info.id}@{info.version} ({info.digest}); the decision "
                    f"was made under {decision.policy_id}@{decision.policy_version} "
                    f"({decision.policy_digest})")
    notes = []
    if decision.engine_version != engine_version():
        notes.append(f"engine version {engine_version()} replays a decision of "
                     f"{decision.engine_version}")
    stored = json.loads(decision.report_json)
    case = parse_case(json.loads(decision.case_json), display=f"decision {decision.id}")
    report = evaluate(policy, case, as_of=date.fromisoformat(decision.as_of),
                      trace=bool(stored.get("trace")))
    fresh = json.loads(json.dumps(to_contract_dict(report, decision.lang), ensure_ascii=False))
    differences = list(_diff(stored, fresh, ""))
    if len(differences) > MAX_DIFFERENCES:
        more = len(differences) - MAX_DIFFERENCES
        differences = [*differences[:MAX_DIFFERENCES], f"... and {more} more differences"]
    return ReplayResult(differences, mismatch, notes)


def _diff(old: Any, new: Any, path: str) -> Iterator[str]:
    """``path: stored -> now`` for every leaf that differs."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in list(old) + [k for k in new if k not in old]:
            where = f"{path}.{key}" if path else str(key)
            if key not in new:
                yield f"{where}: {_short(old[key])} -> (absent)"
            elif key not in old:
                yield f"{where}: (absent) -> {_short(new[key])}"
            else:
                yield from _diff(old[key], new[key], where)
    elif isinstance(old, list) and isinstance(new, list):
        for i in range(max(len(old), len(new))):
            where = f"{path}[{i}]"
            if i >= len(new):
                yield f"{where}: {_short(old[i])} -> (absent)"
            elif i >= len(old):
                yield f"{where}: (absent) -> {_short(new[i])}"
            else:
                yield from _diff(old[i], new[i], where)
    elif old != new or type(old) is not type(new):
        yield f"{path}: {_short(old)} -> {_short(new)}"


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 120 else text[:117] + "..."
