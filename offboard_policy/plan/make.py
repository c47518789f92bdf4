"""Make a plan: change the case until it is ready, and prove it by evaluating the result.

``make_plan(policy, case)`` evaluates the case, then repeatedly takes the first blocking
finding and tries the candidate changes of :mod:`.fixes` for it, keeping the first one that
clears it without blocking on anything new. The plan is the list of kept changes. A case
blocked by a finding that no change HR controls can clear, and whose fields include the
termination ground (an Art. 42 protected employee dismissed under Art. 40/41), is answered
as *cannot be made lawful*, with the exposure and the lawful alternatives. A case that the
search cannot make ready otherwise is a bug of the planner (:class:`PlanBug`), never advice.
"""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from typing import Any

from ..case import Case
from ..engine import evaluate
from ..errors import CaseError, Diagnostic, OffboardError
from ..policy.compile import CompiledPolicy
from ..report.model import Finding, Report
from .actors import actor_for
from .alternatives import notice_option, unlawful_alternatives
from .data import case_data, get, put, to_case
from .fixes import Candidate, candidates, editable
from .model import Change, Plan, SettlementItem, Step

MAX_ROUNDS = 60
PLAN_BUG = "OP950"


class PlanBug(OffboardError):
    """The planner could not make a case ready that it should have: a bug, exit 2."""


def make_plan(policy: CompiledPolicy, case: Case, *, as_of: date | None = None,
              display: str = "case") -> Plan:
    """The plan for ``case`` under ``policy`` (JSON-ready through ``Plan.to_dict``)."""
    before = evaluate(policy, case, as_of=as_of, trace=False)
    data = case_data(case)
    if before.verdict == "ready":
        return Plan(case_id=case.case_id, policy=_policy_name(before), as_of=before.as_of,
                    verdict_before="ready", outcome="ready", verdict_after="ready",
                    settlement=settlement_items(before, before), patched=data,
                    notice=notice_option(policy, data, before, as_of))
    barred = [f for f in before.blocking if unfixable(f, data)]
    if barred:
        exposure = max((f.exposure for f in barred if f.exposure is not None), default=None)
        return Plan(case_id=case.case_id, policy=_policy_name(before), as_of=before.as_of,
                    verdict_before="blocked", outcome="unlawful",
                    unlawful_rules=tuple(f.rule for f in barred), exposure=exposure,
                    alternatives=unlawful_alternatives(policy, data, as_of))
    patched, report, steps = search(policy, data, before, as_of=as_of, display=display)
    return Plan(case_id=case.case_id, policy=_policy_name(before), as_of=before.as_of,
                verdict_before="blocked", outcome="fixable", steps=tuple(steps),
                settlement=settlement_items(before, report), patched=patched,
                verdict_after=report.verdict,
                notice=notice_option(policy, patched, before, as_of))


def unfixable(finding: Finding, data: dict[str, Any]) -> bool:
    """A violation that makes the termination unlawful (it names the ground, or carries an
    exposure) and that no field HR controls can clear."""
    return (finding.status == "violation"
            and ("termination.ground" in finding.fields or finding.exposure is not None)
            and not any(editable(path, data) for path in finding.fields))


def search(policy: CompiledPolicy, data: dict[str, Any], report: Report, *,
           as_of: date | None, display: str) -> tuple[dict[str, Any], Report, list[Step]]:
    """Apply kept candidates until the case is ready; :class:`PlanBug` when it is not."""
    current = copy.deepcopy(data)
    steps: list[Step] = []
    tried: set[tuple[str, str, tuple[str, ...]]] = set()
    for _ in range(MAX_ROUNDS):
        pending = [f for f in report.blocking if _key(f) not in tried]
        if not pending:
            break
        target = pending[0]
        tried.add(_key(target))
        for cand in candidates(target, current, report, policy):
            trial = apply(current, cand.changes)
            try:
                case = to_case(trial, display)
            except CaseError:
                continue
            result = evaluate(policy, case, as_of=as_of, trace=False)
            if _progress(report, result, target):
                current, report = trial, result
                steps.append(_step(cand, target))
                tried.clear()
                break
    if report.verdict != "ready":
        left = ", ".join(f"{f.rule} ({f.status}: {', '.join(f.fields)})" for f in report.blocking)
        raise PlanBug(Diagnostic(
            f"internal error: the planner found no change that makes this case ready; still "
            f"blocking: {left}. This is a bug of offboard-policy plan (no advice is printed); "
            "please report it with the case.", PLAN_BUG, file=display))
    return current, report, _merge(steps)


def _key(f: Finding) -> tuple[str, str, tuple[str, ...]]:
    return (f.rule, f.status, f.fields)


def _progress(old: Report, new: Report, target: Finding) -> bool:
    """The target is cleared and nothing blocks that did not block before (same rule with
    another status, e.g. an amount now computed but short, counts as the same)."""
    old_rules = {f.rule for f in old.blocking}
    new_keys = {_key(f) for f in new.blocking}
    if _key(target) in new_keys:
        return False
    if not {f.rule for f in new.blocking} <= old_rules:
        return False
    return len(new.blocking) < len(old.blocking) or target.rule not in {
        f.rule for f in new.blocking}


def apply(data: dict[str, Any], changes: tuple[Change, ...]) -> dict[str, Any]:
    """A copy of ``data`` with ``changes`` made (``settlement.other#ID`` upserts an item)."""
    out = copy.deepcopy(data)
    for change in changes:
        if "#" in change.path:
            _, item_id = change.path.split("#", 1)
            other: list[dict[str, Any]] = out["settlement"].setdefault("other", [])
            for item in other:
                if item["id"] == item_id:
                    item["amount"] = change.value
                    break
            else:
                other.append({"id": item_id, "amount": change.value, "description": None})
        else:
            put(out, change.path, copy.deepcopy(change.value))
    return out


def _step(cand: Candidate, target: Finding) -> Step:
    return Step(actor=actor_for(cand.field.split(",")[0], cand.role), field=cand.field,
                action=cand.action, value=cand.value, rules=(target.rule,),
                changes=cand.changes, assumption=cand.assumption)


def _merge(steps: list[Step]) -> list[Step]:
    """One step per field and value: a change that cleared two findings is listed once."""
    out: dict[tuple[str, str, str], Step] = {}
    for s in steps:
        key = (s.field, s.action, s.value)
        if key in out:
            prev = out[key]
            out[key] = Step(prev.actor, prev.field, prev.action, prev.value,
                            tuple(dict.fromkeys((*prev.rules, *s.rules))), prev.changes,
                            prev.assumption)
        else:
            out[key] = s
    return list(out.values())


def settlement_items(before: Report, after: Report) -> tuple[SettlementItem, ...]:
    """Each required line of ``after``, with the shortfall against HR's original proposal."""
    proposed = {line.id: line.proposed for line in before.settlement}
    items = []
    for line in after.settlement:
        hr = proposed.get(line.id, Decimal("0.00"))
        short = None if line.required is None else max(line.required - hr, Decimal("0.00"))
        items.append(SettlementItem(id=line.id, title=line.title.en, required=line.required,
                                    proposed=hr, shortfall=short, due=line.due,
                                    citation=line.citation))
    return tuple(items)


def _policy_name(report: Report) -> str:
    return f"{report.policy.id}@{report.policy.version}"


__all__ = ["PlanBug", "get", "make_plan"]
