"""The semantic difference of two policies: rules, values, settlement lines, parameters.

Works on :class:`~offboard_policy.policy.model.PolicyDef` (before compilation), so it also
describes a change to a policy that no longer compiles. Parameters are compared as the
engine sees them: tables with the policy's ``set:`` overrides applied, per city and start date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from ..policy.model import CheckDef, ParamEntry, PolicyDef, SettlementDef, ValueDef
from ..report.model import LocalText

ChangeKind = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class FieldChange:
    """One attribute that differs."""

    field: str
    before: str
    after: str


@dataclass(frozen=True)
class RuleChange:
    """A check, settlement line or derived value that was added, removed or changed."""

    kind: Literal["check", "settlement", "value"]
    id: str
    change: ChangeKind
    module: str
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class ParamChange:
    """A dated parameter value that was added, removed or changed."""

    name: str
    city: str | None
    start: date | None
    """None: the value applies from the beginning (an override without ``from``)."""
    change: ChangeKind
    before: str
    after: str
    source: str | None = None


@dataclass
class PolicyDiff:
    """Everything that differs between two policies."""

    base: str
    head: str
    meta: list[FieldChange] = field(default_factory=list)
    modules_added: list[str] = field(default_factory=list)
    modules_removed: list[str] = field(default_factory=list)
    rules: list[RuleChange] = field(default_factory=list)
    params: list[ParamChange] = field(default_factory=list)
    deviations_added: list[str] = field(default_factory=list)
    deviations_removed: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when the two policies mean the same."""
        return not (self.meta or self.modules_added or self.modules_removed or self.rules
                    or self.params or self.deviations_added or self.deviations_removed)


def show(value: Any) -> str:
    """A value as shown in a diff."""
    if value is None:
        return "none"
    if isinstance(value, LocalText):
        return f"zh: {value.zh} / en: {value.en}"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple | list):
        return ", ".join(show(v) for v in value) or "none"
    if hasattr(value, "text"):  # ExprSource
        return str(value.text)
    return str(value)


_CHECK_FIELDS = ("severity", "when", "assertion", "message", "citation", "title", "hint",
                 "fields", "exposure", "waivable", "description", "clause")
_LINE_FIELDS = ("rule", "when", "amount", "proposed", "due", "severity", "citation", "title",
                "basis", "shortfall_message", "hint", "description", "clause")
_VALUE_FIELDS = ("formula", "declared_type", "citation", "unit", "description")
_FIELD_NAMES = {"assertion": "assert", "declared_type": "type"}


def _fields(before: Any, after: Any, names: tuple[str, ...]) -> tuple[FieldChange, ...]:
    out = []
    for name in names:
        b, a = show(getattr(before, name)), show(getattr(after, name))
        if b != a:
            out.append(FieldChange(_FIELD_NAMES.get(name, name), b, a))
    return tuple(out)


def _index(policy: PolicyDef) -> dict[tuple[str, str], tuple[str, Any]]:
    out: dict[tuple[str, str], tuple[str, Any]] = {}
    for m in policy.modules:
        items: list[tuple[str, str, CheckDef | SettlementDef | ValueDef]] = [
            *(("check", c.id, c) for c in m.checks),
            *(("settlement", s.id, s) for s in m.settlement),
            *(("value", v.name, v) for v in m.values),
        ]
        for kind, key, item in items:
            out.setdefault((kind, key), (m.id, item))
    return out


_NAMES = {"check": _CHECK_FIELDS, "settlement": _LINE_FIELDS, "value": _VALUE_FIELDS}


def _rules(base: PolicyDef, head: PolicyDef) -> list[RuleChange]:
    b, h = _index(base), _index(head)
    out: list[RuleChange] = []
    for key in sorted(b.keys() | h.keys()):
        kind, ident = key
        if key not in h:
            out.append(RuleChange(kind, ident, "removed", b[key][0]))  # type: ignore[arg-type]
        elif key not in b:
            out.append(RuleChange(kind, ident, "added", h[key][0]))  # type: ignore[arg-type]
        else:
            changes = _fields(b[key][1], h[key][1], _NAMES[kind])
            if b[key][0] != h[key][0]:
                changes = (FieldChange("module", b[key][0], h[key][0]), *changes)
            if changes:
                out.append(RuleChange(kind, ident, "changed", h[key][0],  # type: ignore[arg-type]
                                      changes))
    return out


def effective_params(policy: PolicyDef) -> dict[tuple[str, str | None], dict[date, ParamEntry]]:
    """Every parameter series as the engine sees it, by (name, city), entries by start date."""
    from ..policy.params import WILDCARD, runtime_parameters

    out: dict[tuple[str, str | None], dict[date, ParamEntry]] = {}
    for name, param in runtime_parameters(policy.params, policy.overrides).items():
        if param.definition.by_city:
            for city, series in param.cities.items():
                out[(name, "*" if city == WILDCARD else city)] = {
                    e.start: e for e in series.entries}
        else:
            out[(name, None)] = {e.start: e for e in param.national.entries}
    return out


def _entry(entry: ParamEntry) -> str:
    """A dated value as shown: ``188413 / 12 = 15701.08`` when kept as an annual figure."""
    if entry.annual is not None and entry.value is not None:
        return f"{show(entry.annual)} / 12 = {entry.value.quantize(Decimal('0.01'))}"
    return show(entry.value)


def _in_force(series: dict[date, ParamEntry], day: date) -> ParamEntry | None:
    starts = [d for d in series if d <= day]
    return series[max(starts)] if starts else None


def _params(base: PolicyDef, head: PolicyDef) -> list[ParamChange]:
    """Where the value in force differs: checked at every start date of either side."""
    b, h = effective_params(base), effective_params(head)
    out: list[ParamChange] = []
    for key in sorted(b.keys() | h.keys(), key=lambda k: (k[0], k[1] or "")):
        name, city = key
        before, after = b.get(key, {}), h.get(key, {})
        previous: tuple[str, str] | None = None
        for start in sorted(before.keys() | after.keys()):
            old, new = _in_force(before, start), _in_force(after, start)
            pair = (_entry(old) if old else "", _entry(new) if new else "")
            if pair == previous:
                continue
            previous = pair
            if pair[0] == pair[1]:
                continue
            change: ChangeKind = ("added" if old is None else "removed" if new is None
                                  else "changed")
            shown = new if new is not None else old
            source = shown.source if shown is not None else None
            out.append(ParamChange(name, city, None if start == date.min else start, change,
                                   pair[0], pair[1], source))
    return out


def _deviation_keys(policy: PolicyDef) -> set[str]:
    return {f"{d.rule} (approved by {d.approved_by})" for d in policy.deviations}


def diff_policies(base: PolicyDef, head: PolicyDef, *, base_label: str = "base",
                  head_label: str = "head") -> PolicyDiff:
    """What changed from ``base`` to ``head``."""
    out = PolicyDiff(base=base_label, head=head_label)
    for name, b, a in (("policy", base.id, head.id), ("version", base.version, head.version),
                       ("title", base.title, head.title)):
        if show(b) != show(a):
            out.meta.append(FieldChange(name, show(b), show(a)))
    bm, hm = {m.id for m in base.modules}, {m.id for m in head.modules}
    out.modules_added = sorted(hm - bm)
    out.modules_removed = sorted(bm - hm)
    out.rules = _rules(base, head)
    out.params = _params(base, head)
    bd, hd = _deviation_keys(base), _deviation_keys(head)
    out.deviations_added = sorted(hd - bd)
    out.deviations_removed = sorted(bd - hd)
    return out
