"""The plan as text (a terminal checklist), Markdown (an HR ticket) or JSON (``to_dict``)."""

from __future__ import annotations

import json
from decimal import Decimal

from .model import ACTOR_ORDER, ACTOR_TITLES, Plan, Step

PLAN_FORMATS = ("text", "markdown", "json")


def render_plan(plan: Plan, fmt: str) -> str:
    """``plan`` in ``fmt`` (one of :data:`PLAN_FORMATS`), ending with a newline."""
    if fmt == "json":
        return json.dumps(plan.to_dict(), ensure_ascii=False, indent=2) + "\n"
    md = fmt == "markdown"
    out: list[str] = []
    head = f"Plan for {plan.case_id} under {plan.policy} (as of {plan.as_of})"
    out += [f"# {head}" if md else head, ""]
    if plan.outcome == "ready":
        out += ["The case is ready: nothing to change.", ""]
    elif plan.outcome == "unlawful":
        _unlawful(plan, out, md)
    elif plan.outcome == "unresolved":
        out += ["No plan can make this case ready yet: it needs what no change to the case "
                "supplies: " + ", ".join(f"`{m}`" if md else m for m in plan.missing)
                + " (a params.* figure comes from the policy; a case field from the records).",
                ""]
        if plan.steps:
            out += ["Meanwhile, each of these steps clears a finding:", ""]
            _steps(plan.steps, out, md)
    else:
        out += [f"Blocked now; ready after the {len(plan.steps)} step(s) below (checked: the "
                "case with these changes evaluates ready).", ""]
        _steps(plan.steps, out, md)
    if plan.notice is not None:
        out += ["## Notice", ""] if md else ["Notice"]
        out += [f"- {plan.notice.note}" if md else f"  {plan.notice.note}", ""]
    _settlement(plan, out, md)
    return "\n".join(out).rstrip("\n") + "\n"


def _unlawful(plan: Plan, out: list[str], md: bool) -> None:
    out.append("Cannot be made lawful by any change HR controls: "
               f"{', '.join(plan.unlawful_rules)} forbids this ground for this employee.")
    if plan.exposure is not None:
        out.append(f"Exposure if it goes ahead: CNY {plan.exposure:,.2f} (unlawful "
                   "termination, LCL Art. 48, 87).")
    out += ["", "## Lawful alternatives", ""] if md else ["", "Lawful alternatives"]
    for i, alt in enumerate(plan.alternatives, start=1):
        out.append(f"{i}. {alt.description}" if md else f"  {i}. {alt.description}")
    out.append("")


def _steps(steps: tuple[Step, ...], out: list[str], md: bool) -> None:
    for actor in ACTOR_ORDER:
        mine = [s for s in steps if s.actor == actor]
        if not mine:
            continue
        out += [f"## {ACTOR_TITLES[actor]}", ""] if md else [ACTOR_TITLES[actor]]
        for s in mine:
            note = " (assumed value: replace it with the real one)" if s.assumption else ""
            rules = ", ".join(s.rules)
            if md:
                out.append(f"- [ ] `{s.field}`: {s.action} **{s.value}**{note} ({rules})")
            else:
                out.append(f"  [ ] {s.field}: {s.action}: {s.value}{note}  [{rules}]")
        out.append("")


def _money(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:,.2f}"


def _settlement(plan: Plan, out: list[str], md: bool) -> None:
    if not plan.settlement:
        return
    title = "Minimum compliant settlement (CNY)"
    rows = [(i.title, _money(i.required), _money(i.proposed), _money(i.shortfall),
             str(i.due) if i.due else "—") for i in plan.settlement]
    head = ("Line", "Required", "HR proposed", "Shortfall", "Due")
    if md:
        out += [f"## {title}", "", "| " + " | ".join(head) + " |",
                "|---|---:|---:|---:|---|"]
        out += ["| " + " | ".join(r) + " |" for r in rows]
    else:
        width = max(len(r[0]) for r in [*rows, head])
        out += [title, "  " + head[0].ljust(width) + "".join(h.rjust(14) for h in head[1:4])
                + "   " + head[4]]
        out += ["  " + r[0].ljust(width) + "".join(c.rjust(14) for c in r[1:4]) + "   " + r[4]
                for r in rows]
    out.append("")
