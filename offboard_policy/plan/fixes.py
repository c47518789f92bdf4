"""Candidate changes for one blocking finding, derived from the fields the finding names.

The planner tries each candidate in turn and keeps the first one that, evaluated again,
clears the finding without blocking on anything new; nothing here decides legality. What a
field may be changed to depends on its kind in the case model (a date, a flag, a list of
items with dates, an amount) and on whether HR controls it:

- the workflow (``steps.*``), the settlement (``settlement.*``) and a few process facts
  (``HR_PROCESS``: the union notification, the reasons explained, the layoff report) may be
  recorded or changed;
- the history of the case (``HISTORY``: the ground, who initiated, the notice as given, the
  dates of the termination, the hire date, protected statuses, the city) is never changed;
- a missing month of the wage history is assumed equal to the nearest recorded month (the
  plan says so, to be replaced by payroll's figure); a person to name is a placeholder;
  no other fact is ever assumed: a plan never picks the fact that would make a case lawful
  (an empty gender, retirement group or work history is reported as data to record).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta

from ..policy.compile import CompiledPolicy
from ..report.model import Finding, Report
from .data import (
    annotation_at,
    fields_of_kind,
    get,
    item_model,
    kind_of,
    month_text,
    required_text_field,
    unwrap,
)
from .model import Change

HISTORY = frozenset({
    "case_id", "jurisdiction", "waivers", "termination.ground", "termination.initiated_by",
    "termination.notice_date", "termination.notice_in_writing",
    "termination.termination_date", "termination.last_working_day", "employee.hire_date",
    "employee.protected_statuses", "employee.transferred_service_start",
})
"""What happened and cannot be changed by recording something."""
HR_PROCESS = frozenset({
    "termination.union_notified_on", "termination.reason_explained",
    "termination.layoff.explained_to_union_on", "termination.layoff.reported_to_labor_bureau_on",
})
"""Process facts outside ``steps`` that HR can still bring about before closing."""
PLACEHOLDER = "TO-BE-NAMED"
DATE_SPAN_AFTER = 30
"""How many days after the termination date a step's date is searched (paperwork deadlines)."""
DATE_SPAN_BEFORE = 60
"""How many days before it (a layoff explained to the union 30 days ahead, approvals)."""
_LITERAL = re.compile(r"""["']([A-Za-z][A-Za-z0-9_]*)["']""")
_OTHER_ID = re.compile(r"""o\.id\s*==\s*["']([^"']+)["']""")
_AMOUNT_FIELD = re.compile(r"\b((?:settlement|non_compete)\.[a-z_]+)\b")


@dataclass(frozen=True)
class Candidate:
    """One way to clear a finding: the changes and how the checklist describes them."""

    field: str
    action: str
    value: str
    changes: tuple[Change, ...]
    assumption: bool = False
    role: str | None = None


@dataclass(frozen=True)
class DateFamily:
    """The same change made with different dates: the planner keeps the latest date that
    works (the deadline), probing a few dates and refining day by day (see make.latest)."""

    days: tuple[date, ...]
    """The dates allowed, latest first."""
    build: Callable[[date], Candidate | None]


Option = Candidate | DateFamily


def process(path: str) -> bool:
    """A step of the offboarding process (the workflow, the settlement, ``HR_PROCESS``)."""
    bare = re.sub(r"\[\d+\]", "", path)
    return bare.startswith(("steps.", "settlement.")) or bare in HR_PROCESS


def editable(path: str, data: dict[str, Any]) -> bool:
    """Whether the planner may set ``path`` (see the module docstring)."""
    bare = re.sub(r"\[\d+\]", "", path)
    if any(bare == h or bare.startswith(h + ".") for h in HISTORY):
        return False
    if bare.startswith(("steps.", "settlement.")) or bare in ("steps", "settlement"):
        return True
    if bare in HR_PROCESS or bare == "employee.wages.monthly":
        return True
    return get(data, path) in (None, [])


def anchors(data: dict[str, Any]) -> tuple[date, date]:
    """The termination date and the last working day (the termination date when absent)."""
    end: date = data["termination"]["termination_date"]
    last: date = data["termination"].get("last_working_day") or end
    return end, last


def step_dates(data: dict[str, Any]) -> tuple[date, ...]:
    """Dates to try for a workflow step, latest first: the latest that works is the deadline."""
    end, _ = anchors(data)
    first = end - timedelta(days=DATE_SPAN_BEFORE)
    days = (end + timedelta(days=DATE_SPAN_AFTER) - first).days
    return tuple(end + timedelta(days=DATE_SPAN_AFTER) - timedelta(days=i)
                 for i in range(days + 1))


def candidates(finding: Finding, data: dict[str, Any], report: Report,
               policy: CompiledPolicy) -> Iterator[Option]:
    """Every change worth trying for ``finding``, the most natural first."""
    yield from _settlement(finding, report, policy)
    literals = _literals(finding, policy)
    dated: list[str] = []
    for path in finding.fields:
        if not editable(path, data):
            continue
        if path == "employee.wages.monthly":
            yield from _wage_months(data)
            continue
        if not process(path):
            continue  # an empty fact is recorded from the records, never chosen by the plan
        annotation = annotation_at(path)
        kind = kind_of(annotation)
        current = get(data, path)
        if kind == "date":
            dated.append(path)
            yield _dates((path,), data)
        elif kind == "bool" and current is not True:
            yield Candidate(path, "confirm", "true", (Change(path, True, current),))
        elif kind == "text" and current is None:
            yield Candidate(path, "name the person and record the id", PLACEHOLDER,
                            (Change(path, PLACEHOLDER, current),), assumption=True)
        elif kind == "list":
            yield from _list_items(path, data, literals)
    if len(dated) > 1:
        yield _dates(tuple(dated), data)


def _dates(paths: tuple[str, ...], data: dict[str, Any]) -> DateFamily:
    """Set every one of ``paths`` to the same date."""
    def build(day: date) -> Candidate:
        return Candidate(", ".join(paths), "record the date", f"on or before {day}",
                         tuple(Change(p, day, get(data, p)) for p in paths))

    return DateFamily(step_dates(data), build)


def _settlement(finding: Finding, report: Report,
                policy: CompiledPolicy) -> Iterator[Candidate]:
    """Raise the proposed amount of every line of the finding's rule that falls short."""
    defs = {line.definition.id: line.definition for line in policy.settlement}
    changes: list[Change] = []
    fields: list[str] = []
    shown: list[str] = []
    for line in report.settlement:
        short = line.shortfall
        if line.rule != finding.rule or not short or line.required is None:
            continue
        definition = defs.get(line.id)
        if definition is None:
            continue
        # Without a ``proposed`` formula a line is proposed by the settlement field of its id.
        proposed = (definition.proposed.text if definition.proposed is not None
                    else f"settlement.{line.id}")
        other = _OTHER_ID.search(proposed)
        plain = set(_AMOUNT_FIELD.findall(proposed)) - {"settlement.other"}
        if other is not None:
            changes.append(Change(f"settlement.other#{other.group(1)}", line.required,
                                  line.proposed))
            fields.append("settlement.other")
        elif len(plain) == 1:
            path = plain.pop()
            changes.append(Change(path, line.required, line.proposed))
            fields.append(path)
        else:
            continue
        shown.append(f"CNY {line.required:,.2f}")
    if changes:
        yield Candidate(", ".join(dict.fromkeys(fields)), "propose at least",
                        " + ".join(shown), tuple(changes))


def _wage_months(data: dict[str, Any]) -> Iterator[Candidate]:
    """Add the missing months before the termination month: first only the 12 of the usual
    wage window, then 13 and the termination month itself. The wage is an assumption (the
    nearest recorded month's) until payroll gives the real figure."""
    end, _ = anchors(data)
    monthly: list[dict[str, Any]] = list(data["employee"]["wages"]["monthly"])
    have = {m["month"] for m in monthly}
    hire = month_text(data["employee"]["hire_date"])
    start = end.replace(day=1)
    if not monthly:
        return
    for back, upto in ((12, 1), (13, 0)):
        wanted = [month_text(start - relativedelta(months=k)) for k in range(back, upto - 1, -1)]
        missing = [m for m in wanted if m >= hire and m not in have]
        if not missing:
            continue
        added = []
        for month in missing:
            nearest = min(monthly,
                          key=lambda m: abs(_month_index(m["month"]) - _month_index(month)))
            added.append({"month": month, "gross": nearest["gross"], "overtime": Decimal("0")})
        new = sorted([*monthly, *added], key=lambda m: str(m["month"]))
        text = ", ".join(f"{m['month']} (assumed CNY {m['gross']:,.2f} like the nearest month)"
                         for m in added)
        yield Candidate("employee.wages.monthly", "record the gross wage of", text,
                        (Change("employee.wages.monthly", new, monthly),), assumption=True)


def _month_index(text: str) -> int:
    year, month = text.split("-")
    return int(year) * 12 + int(month)


def _literals(finding: Finding, policy: CompiledPolicy) -> list[str]:
    """String constants in the check's condition (``"door_access"``, document kinds)."""
    check = policy.check_index.get(finding.rule)
    if check is None:
        return []
    return list(dict.fromkeys(_LITERAL.findall(check.definition.assertion.text)))


def _list_items(path: str, data: dict[str, Any], literals: list[str]) -> Iterator[Option]:
    """Date the items that lack a date; add the items the check names that are absent."""
    model = item_model(path)
    if model is None:
        return
    date_fields = fields_of_kind(model, "date")
    if not date_fields:
        return
    stamp = date_fields[0]
    key = required_text_field(model)
    items: list[dict[str, Any]] = list(get(data, path) or [])
    present = {item.get(key) for item in items} if key else set()
    absent = [lit for lit in literals if key and lit not in present]
    role = next((item.get("role") for item in items if isinstance(item.get("role"), str)), None)

    def stamped(late_too: bool) -> Callable[[date], Candidate | None]:
        def build(day: date) -> Candidate | None:
            chosen = [i for i, item in enumerate(items)
                      if item.get(stamp) is None or (late_too and item[stamp] > day)]
            if not chosen:
                return None
            changes = tuple(Change(f"{path}[{i}].{stamp}", day, items[i].get(stamp))
                            for i in chosen)
            names = ", ".join(str(items[i].get(key or "", "")) for i in chosen)
            first = items[chosen[0]].get("role")
            return Candidate(path, f"record {stamp} for {names}", f"on or before {day}",
                             changes, role=first if isinstance(first, str) else role)
        return build

    def added(day: date) -> Candidate | None:
        if key is None:
            return None
        dated = [dict(item, **{stamp: day})
                 if item.get(stamp) is None or item[stamp] > day else item for item in items]
        filled = _fill_required(model, [*dated, *({key: lit, stamp: day} for lit in absent)])
        if filled is None:
            return None
        return Candidate(path, f"add {', '.join(absent)} with {stamp}", f"on or before {day}",
                         (Change(path, filled, items),),
                         assumption=any(v == PLACEHOLDER for item in filled
                                        for v in item.values()),
                         role=absent[0] if key == "role" else role)


    days = step_dates(data)
    if any(item.get(stamp) is None for item in items):
        yield DateFamily(days, stamped(False))
    if any(item.get(stamp) is not None for item in items):
        yield DateFamily(days, stamped(True))
    if absent:
        yield DateFamily(days, added)


def _fill_required(model: Any, items: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
    """New items with every other required text field set to the placeholder."""
    out = []
    for item in items:
        item = dict(item)
        for name, info in model.model_fields.items():
            if info.is_required() and name not in item:
                if kind_of(annotation_at_model(model, name)) != "text":
                    return None
                item[name] = PLACEHOLDER
        out.append(item)
    return out


def annotation_at_model(model: Any, name: str) -> Any:
    """The unwrapped annotation of one field of ``model``."""
    return unwrap(model.model_fields[name].annotation)
