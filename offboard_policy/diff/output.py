"""Render a policy diff and its impact as text, Markdown (for a pull request) or JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from .impact import CaseImpact, Impact
from .semantic import ParamChange, PolicyDiff, RuleChange

DIFF_FORMATS: tuple[str, ...] = ("text", "markdown", "json")
"""The ``--format`` choices of ``diff``, in help order."""

_MARK = {"added": "+", "removed": "-", "changed": "~"}


def money(value: Decimal | None) -> str:
    """``12,345.60``; ``none`` when absent."""
    return "none" if value is None else f"{value.quantize(Decimal('0.01')):,}"


def signed(value: Decimal) -> str:
    """``+12,345.60`` / ``-0.05`` / ``0.00``."""
    return ("+" if value > 0 else "") + money(value)


def _param_name(p: ParamChange) -> str:
    city = f"[{p.city}]" if p.city else ""
    start = f"from {p.start.isoformat()}" if p.start else "from the start"
    return f"{p.name}{city} {start}"


def _param_text(p: ParamChange) -> str:
    value = {"added": p.after, "removed": p.before, "changed": f"{p.before} -> {p.after}"}
    source = f" (source: {p.source})" if p.source else ""
    return f"{_param_name(p)}: {value[p.change]}{source}"


def _rule_head(r: RuleChange) -> str:
    return f"{r.kind} {r.id} ({r.module})"


def _case_lines(c: CaseImpact) -> list[str]:
    out = []
    if c.verdict_changed:
        out.append(f"verdict: {c.verdict_before} -> {c.verdict_after}")
    out.extend(f"{line.id}: {money(line.before)} -> {money(line.after)} ({signed(line.delta)})"
               for line in c.lines)
    out.extend(f"+ finding {f}" for f in c.findings_added)
    out.extend(f"- finding {f}" for f in c.findings_removed)
    return out


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def impact_summary(impact: Impact) -> str:
    """``7 cases: 2 verdict changes, 1 with changed findings, 2 with changed amounts (net
    +1.00 CNY)``; cases that could not be checked are counted after the cases."""
    unchecked = len(impact.unreadable)
    skipped = f" ({_count(unchecked, 'case', 'cases')} could not be checked)" if unchecked else ""
    return (f"{_count(impact.cases, 'case', 'cases')}{skipped}: "
            f"{_count(impact.verdicts_changed, 'verdict change', 'verdict changes')}, "
            f"{impact.findings_changed} with changed findings, "
            f"{impact.amounts_changed} with changed amounts "
            f"(net {signed(impact.total_delta)} CNY)")


def render_text(diff: PolicyDiff, impact: Impact | None) -> str:
    """Plain text for a terminal."""
    out = [f"policy diff: {diff.base} -> {diff.head}"]
    if diff.empty:
        out.append("no semantic change")
    out.extend(f"{m.field}: {m.before} -> {m.after}" for m in diff.meta)
    out.extend(f"+ module {m}" for m in diff.modules_added)
    out.extend(f"- module {m}" for m in diff.modules_removed)
    for r in diff.rules:
        out.append(f"{_MARK[r.change]} {_rule_head(r)}")
        out.extend(f"    {f.field}: {f.before} -> {f.after}" for f in r.fields)
    out.extend(f"{_MARK[p.change]} parameter {_param_text(p)}" for p in diff.params)
    out.extend(f"+ deviation {d}" for d in diff.deviations_added)
    out.extend(f"- deviation {d}" for d in diff.deviations_removed)
    if impact is not None:
        out.append("")
        out.append("impact on " + impact_summary(impact))
        for c in impact.changed:
            out.append(f"  {c.case_id} ({c.path}): total {signed(c.delta)}")
            out.extend(f"      {line}" for line in _case_lines(c))
        # cases that could not be checked: on stderr (the command prints them), not here
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(diff: PolicyDiff, impact: Impact | None) -> str:
    """Markdown fit to paste into a pull request."""
    out = [f"### Policy change: `{diff.base}` → `{diff.head}`", ""]
    if diff.empty:
        out += ["No semantic change.", ""]
    if diff.meta or diff.modules_added or diff.modules_removed:
        out += [f"- **{m.field}**: {m.before} → {m.after}" for m in diff.meta]
        out += [f"- module added: `{m}`" for m in diff.modules_added]
        out += [f"- module removed: `{m}`" for m in diff.modules_removed]
        out.append("")
    if diff.rules:
        out += ["| | kind | id | module | what changed |", "|---|---|---|---|---|"]
        for r in diff.rules:
            what = "<br>".join(_cell(f"{f.field}: {f.before} → {f.after}") for f in r.fields)
            out.append(f"| {_MARK[r.change]} | {r.kind} | `{r.id}` | {r.module} | {what} |")
        out.append("")
    if diff.params:
        out += ["| | parameter | city | from | before | after | source |",
                "|---|---|---|---|---|---|---|"]
        for p in diff.params:
            out.append(f"| {_MARK[p.change]} | `{p.name}` | {p.city or ''} | "
                       f"{p.start.isoformat() if p.start else 'the start'} | {_cell(p.before)} "
                       f"| {_cell(p.after)} | {_cell(p.source or '')} |")
        out.append("")
    out += [f"- deviation added: {d}" for d in diff.deviations_added]
    out += [f"- deviation removed: {d}" for d in diff.deviations_removed]
    if impact is not None:
        out += [f"#### Impact on {impact_summary(impact)}", ""]
        if impact.changed:
            out += ["| case | verdict | total Δ (CNY) | lines | findings |",
                    "|---|---|---:|---|---|"]
            for c in impact.changed:
                verdict = (f"{c.verdict_before} → **{c.verdict_after}**" if c.verdict_changed
                           else c.verdict_after)
                lines = "<br>".join(f"{x.id}: {money(x.before)} → {money(x.after)}"
                                    for x in c.lines)
                findings = "<br>".join([*(f"+ {f}" for f in c.findings_added),
                                        *(f"− {f}" for f in c.findings_removed)])
                out.append(f"| `{c.case_id}` | {verdict} | {signed(c.delta)} | {lines} | "
                           f"{findings} |")
            out.append("")
        out += [f"- could not check: {_cell(d.format(with_source=False))}"
                for d in impact.problems]
    return "\n".join(out).rstrip() + "\n"


def diff_dict(diff: PolicyDiff, impact: Impact | None) -> dict[str, Any]:
    """The JSON form."""
    doc: dict[str, Any] = {
        "base": diff.base, "head": diff.head, "changed": not diff.empty,
        "meta": [vars(m) for m in diff.meta],
        "modules_added": diff.modules_added, "modules_removed": diff.modules_removed,
        "rules": [{"kind": r.kind, "id": r.id, "change": r.change, "module": r.module,
                   "fields": [vars(f) for f in r.fields]} for r in diff.rules],
        "parameters": [{"name": p.name, "city": p.city,
                        "from": p.start.isoformat() if p.start else None, "change": p.change,
                        "before": p.before or None, "after": p.after or None,
                        "source": p.source} for p in diff.params],
        "deviations_added": diff.deviations_added,
        "deviations_removed": diff.deviations_removed,
    }
    if impact is not None:
        doc["impact"] = {
            "cases": impact.cases, "verdicts_changed": impact.verdicts_changed,
            "findings_changed": impact.findings_changed,
            "amounts_changed": impact.amounts_changed,
            "total_delta": str(impact.total_delta.quantize(Decimal("0.01"))),
            "changed": [{
                "case_id": c.case_id, "path": c.path,
                "verdict": {"before": c.verdict_before, "after": c.verdict_after},
                "delta": str(c.delta.quantize(Decimal("0.01"))),
                "lines": [{"id": x.id,
                           "before": None if x.before is None else str(x.before),
                           "after": None if x.after is None else str(x.after),
                           "delta": str(x.delta.quantize(Decimal("0.01")))} for x in c.lines],
                "findings_added": list(c.findings_added),
                "findings_removed": list(c.findings_removed),
            } for c in impact.changed],
            "unreadable": impact.unreadable,
            "problems": [d.format(with_source=False) for d in impact.problems],
        }
    return doc


_RENDERERS: dict[str, Callable[[PolicyDiff, Impact | None], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": lambda d, i: json.dumps(diff_dict(d, i), ensure_ascii=False, indent=2) + "\n",
}
assert tuple(_RENDERERS) == DIFF_FORMATS


def render_diff(diff: PolicyDiff, impact: Impact | None, fmt: str) -> str:
    """Render in ``fmt``; an unknown format raises ValueError."""
    try:
        renderer = _RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown diff format {fmt!r}; expected one of: "
                         f"{', '.join(DIFF_FORMATS)}") from None
    return renderer(diff, impact)
