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
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from .. import codes
from ..case import Case
from ..engine import evaluate
from ..errors import CaseError, Diagnostic, OffboardError
from ..policy.compile import CompiledPolicy
from ..report.model import Finding, Report
from .actors import actor_for
from .alternatives import notice_option, unlawful_alternatives
from .data import case_data, get, put, to_case
from .fixes import Candidate, DateFamily, anchors, candidates, editable
from .model import Change, Plan, SettlementItem, Step

MAX_ROUNDS = 60


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
    if report.verdict != "ready":
        gaps = unresolved(report, patched)
        if gaps is None:
            left = ", ".join(f"{f.rule} ({f.status}: {', '.join(f.fields)})"
                             for f in report.blocking)
            raise PlanBug(Diagnostic(
                f"internal error: the planner found no change that makes this case ready; "
                f"still blocking: {left}. This is a bug of offboard-policy plan (no advice "
                "is printed); please report it with the case.", codes.PLAN_UNCHECKED, file=display))
        return Plan(case_id=case.case_id, policy=_policy_name(before), as_of=before.as_of,
                    verdict_before="blocked", outcome="unresolved", steps=tuple(steps),
                    missing=gaps, verdict_after=report.verdict)
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
    """Apply kept candidates while they clear blocking findings, until none is left or no
    candidate clears what remains; returns the changed data, its report and the steps."""
    current = copy.deepcopy(data)
    steps: list[Step] = []
    tried: set[tuple[str, str, tuple[str, ...]]] = set()
    for _ in range(MAX_ROUNDS):
        pending = [f for f in report.blocking if _key(f) not in tried]
        if not pending:
            break
        target = pending[0]
        tried.add(_key(target))
        for option in candidates(target, current, report, policy):
            trial = Trial(policy, current, report, target, as_of, display)
            kept = trial.latest(option) if isinstance(option, DateFamily) else trial.run(option)
            if kept is not None:
                cand, current, report = kept
                steps.append(_step(cand, target))
                tried.clear()
                break
    return current, report, _merge(steps)


class Trial:
    """Tries candidates for one target finding against the current data."""

    def __init__(self, policy: CompiledPolicy, data: dict[str, Any], report: Report,
                 target: Finding, as_of: date | None, display: str) -> None:
        self.policy, self.data, self.report = policy, data, report
        self.target, self.as_of, self.display = target, as_of, display

    def run(self, cand: Candidate | None) -> tuple[Candidate, dict[str, Any], Report] | None:
        """The candidate, the changed data and its report, if the change clears the target."""
        if cand is None:
            return None
        trial = apply(self.data, cand.changes)
        try:
            case = to_case(trial, self.display)
        except CaseError:
            return None
        result = evaluate(self.policy, case, as_of=self.as_of, trace=False)
        return (cand, trial, result) if _progress(self.report, result, self.target) else None

    def latest(self, family: DateFamily) -> tuple[Candidate, dict[str, Any], Report] | None:
        """The latest date of ``family`` that clears the target: probe the anchor dates
        (latest first), then walk forward from the latest that works while it still works."""
        days = family.days
        if not days:
            return None
        end, last = anchors(self.data)
        notice = self.data["termination"].get("notice_date")
        marks = {end + timedelta(days=k) for k in (30, 15, 7, 3, 1, 0, -1, -30, -31)}
        marks |= {last, last - timedelta(days=1), days[0], days[-1]}
        if notice is not None:
            marks |= {notice, notice - timedelta(days=1)}
        probes = sorted((d for d in marks if days[-1] <= d <= days[0]), reverse=True)
        for i, day in enumerate(probes):
            found = self.run(family.build(day))
            if found is None:
                continue
            ceiling = probes[i - 1] if i > 0 else day
            step = day + timedelta(days=1)
            while step < ceiling:
                better = self.run(family.build(step))
                if better is None:
                    break
                found, step = better, step + timedelta(days=1)
            return found
        return None


def unresolved(report: Report, data: dict[str, Any]) -> tuple[str, ...] | None:
    """What no change to the case can supply, when that is all that still blocks, else None.

    An ``incomplete`` finding the search could not clear needs data: a figure the policy lacks
    (``params.*``) or a record the planner may not assume. A violation that names an empty
    fact needs that fact; one that names only facts HR may not change (a retirement before
    the retirement age) needs the record or the ground corrected. Any other violation left is
    the planner's failure (None).
    """
    missing: list[str] = []
    for f in report.blocking:
        params = [x for x in f.fields if x.startswith("params.")]
        empty = [x for x in f.fields if not x.startswith(("params.", "settlement."))
                 and get(data, x) in (None, [])]
        if f.status == "incomplete":
            missing += params or [f"{', '.join(empty or f.fields)} [{f.rule}]"]
        elif empty:
            missing += [f"{', '.join(empty)} [{f.rule}]"]
        elif not any(editable(x, data) for x in f.fields):
            missing.append(f"{', '.join(f.fields)} as recorded contradict {f.rule}: correct the "
                           "record or the ground")
        else:
            return None
    return tuple(dict.fromkeys(missing))


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
