"""Root causes: one finding for impossible data, not a cascade of follow-on nonsense.

A violated plausibility check (:data:`ROOTS`: termination before hire, a birth date after hire, more
work years than the age allows, ...) says that the fields it names cannot be relied on.
Every other finding whose rule reads one of those fields (directly or through derived
values) would only repeat the error in another form ("needs every month from 2027-03 to
2026-10"), so it is left out and the root finding lists it; a settlement line that reads them
is shown without an amount, pointing to the root. A later data check on the same fields is
left out too: the first root speaks for them.
"""

from __future__ import annotations

from dataclasses import replace

from ..policy.compile import CompiledPolicy
from ..report.model import Finding, LocalText, SettlementLine

ROOTS = frozenset({
    "CN-DATA-dates",
    "CN-DATA-birth-date",
    "CN-DATA-work-years",
    "CN-DATA-leave-taken",
    "CN-DATA-wage-after-termination",
})
"""The data checks whose violation makes their fields impossible (rules/cn/consistency.yaml).
Other CN-DATA checks report a contradiction the rules still handle (a transferred start after
the hire date is ignored for the years), so they are findings like any other."""


def dependencies(policy: CompiledPolicy) -> dict[str, frozenset[str]]:
    """The case fields each rule id reads, through derived values too (cached)."""
    found: dict[str, frozenset[str]] | None = policy.engine_cache.get("dependencies")
    if found is not None:
        return found
    deps: dict[str, set[str]] = {}
    for c in policy.checks:
        deps.setdefault(c.definition.id, set()).update(
            policy.reach([c.when, c.assertion, c.exposure]).fields)
    for line in policy.settlement:
        deps.setdefault(line.definition.rule, set()).update(
            policy.reach([line.when, line.amount, line.due]).fields)
    found = {rule: frozenset(fields) for rule, fields in deps.items()}
    policy.engine_cache["dependencies"] = found
    return found


def _touches(reads: frozenset[str], fields: tuple[str, ...]) -> bool:
    return any(r == f or r.startswith((f + ".", f + "[")) for r in reads for f in fields)


def apply_roots(findings: list[tuple[int, Finding]], lines: list[SettlementLine],
                policy: CompiledPolicy) -> tuple[list[tuple[int, Finding]],
                                                 list[SettlementLine]]:
    """``findings`` and ``lines`` with what depends on a root cause left out or emptied."""
    if not any(f.rule in ROOTS for _, f in findings):
        return findings, lines
    deps = dependencies(policy)
    roots: list[tuple[int, Finding]] = []
    for order, f in sorted(findings, key=lambda item: item[0]):
        if (f.rule in ROOTS and f.status == "violation"
                and not any(_touches(deps.get(f.rule, frozenset(f.fields)), r.fields)
                            for _, r in roots)):
            roots.append((order, f))
    if not roots:
        return findings, lines
    suppressed: dict[str, list[str]] = {r.rule: [] for _, r in roots}
    kept: list[tuple[int, Finding]] = []
    root_rules = {r.rule for _, r in roots}
    for order, f in findings:
        if f.rule in root_rules or f.rule.startswith("OP-"):
            kept.append((order, f))
            continue
        reads = deps.get(f.rule, frozenset(f.fields))
        cause = next((r for _, r in roots if _touches(reads, r.fields)), None)
        if cause is None:
            kept.append((order, f))
        elif f.rule not in suppressed[cause.rule]:
            suppressed[cause.rule].append(f.rule)
    out_lines = []
    for line in lines:
        cause = next((r for _, r in roots
                      if _touches(deps.get(line.rule, frozenset()), r.fields)), None)
        if cause is None:
            out_lines.append(line)
            continue
        out_lines.append(replace(line, required=None, basis=LocalText(
            zh=f"依赖的数据不可能成立，见 {cause.rule}", en=f"rests on impossible data: see "
            f"{cause.rule}")))
    final = []
    for order, f in kept:
        hidden = suppressed.get(f.rule) if f.rule in root_rules else None
        if hidden:
            names = ", ".join(hidden)
            f = replace(f, message=LocalText(
                zh=f"{f.message.zh}更正前不显示依赖这些字段的结论：{names}。",
                en=f"{f.message.en} Not shown until this is corrected (they read these "
                   f"fields): {names}."))
        final.append((order, f))
    return final, out_lines
