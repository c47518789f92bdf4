"""Policy layering: what a company policy may change in the rules it builds on, and its approval.

A policy ``extends`` another policy or includes rule modules, ``set:``s parameters and carries
an ``adjust:`` section. The rules of the game, checked here once the whole chain is read:

* internal rules and parameters may be changed freely;
* a statutory check may be raised (info -> warning -> blocking) but not lowered or switched
  off, a statutory settlement line may get an ``extra:`` amount on top (below zero counts as
  zero, so it cannot lower the line) but not a replacement ``amount:``, a lower severity or
  be switched off, and a statutory parameter may not be ``set:`` — unless the *same policy
  file* declares a deviation for that rule (``params.NAME`` for a parameter);
* supplying a figure for a city the statutory table lists without one (``[]``) or does not
  list is allowed: it fills a gap, it changes nothing the law fixed.

An undeclared change is an error placed at the ``adjust:``/``set:`` entry (``path:line:column``)
naming the rule and where the rule is defined; every problem of the chain is listed in one
:class:`~offboard_policy.errors.PolicyError`. A policy's ``approval: {by, on, digest}`` whose
digest no longer matches the policy's content is a warning here (an error under ``--strict``).
"""

from __future__ import annotations

import difflib
from dataclasses import replace
from decimal import Decimal
from typing import Any

from offboard_policy import codes

from ..errors import Diagnostic, PolicyError, SourcePos
from ..expr import Compiled, MissingValue, Scope
from ..report.model import LocalText
from ..yamlio import Loaded
from .model import (
    Adjustment,
    CheckAdjust,
    CheckDef,
    ExprSource,
    ExtraDef,
    LineAdjust,
    ModuleDef,
    PolicyDef,
    SettlementDef,
)

SEVERITY_RANK = {"blocking": 0, "warning": 1, "info": 2}
"""Lower rank is stronger; a change to a higher rank lowers a check."""
DEFAULT_EXTRA_LABEL = LocalText(zh="公司额外支付", en="company extra")

STALE_RULE = "OP-policy-approval-stale"
"""Rule id of the report finding that says a policy's approval is stale."""


def param_rule(name: str) -> str:
    """The deviation rule that allows changing statutory parameter ``name``."""
    return f"params.{name}"


# -- reading ``adjust:`` ------------------------------------------------------------------------


def _line_text(loaded: Loaded, pos: SourcePos) -> str | None:
    lines = loaded.source_lines
    return lines[pos.line - 1] if 0 < pos.line <= len(lines) else None


def _expr(loaded: Loaded, text: str, *path: str | int) -> ExprSource:
    origin = loaded.positions.content(path) or loaded.positions.nearest(path)
    return ExprSource(text=text, origin=origin, display=loaded.display,
                      field=".".join(str(p) for p in path))


def build_adjustments(loaded: Loaded, policy_id: str) -> tuple[Adjustment, ...]:
    """The ``adjust:`` entries of one schema-valid policy file, in file order."""
    section: dict[str, Any] = loaded.data.get("adjust") or {}
    out: list[Adjustment] = []
    for rule, spec in (section.get("checks") or {}).items():
        path = ("adjust", "checks", rule)
        pos = loaded.positions.key(path) or loaded.positions.nearest(path)
        out.append(CheckAdjust(rule=rule, severity=spec.get("severity"),
                               disabled=spec.get("disabled"), clause=spec.get("clause"),
                               policy=policy_id, pos=pos, source_line=_line_text(loaded, pos)))
    for line, spec in (section.get("settlement") or {}).items():
        path = ("adjust", "settlement", line)
        pos = loaded.positions.key(path) or loaded.positions.nearest(path)
        label = spec.get("label")
        out.append(LineAdjust(
            line=line,
            extra=_expr(loaded, spec["extra"], *path, "extra") if "extra" in spec else None,
            amount=_expr(loaded, spec["amount"], *path, "amount") if "amount" in spec else None,
            severity=spec.get("severity"), disabled=spec.get("disabled"),
            clause=spec.get("clause"),
            label=LocalText(zh=label["zh"], en=label["en"]) if label else None,
            policy=policy_id, pos=pos, source_line=_line_text(loaded, pos)))
    return tuple(out)


# -- checking and applying ----------------------------------------------------------------------


class _Layers:
    """Applies a chain's adjustments in order, collecting every refused change."""

    def __init__(self, policy: PolicyDef) -> None:
        self.policy = policy
        self.errors: list[Diagnostic] = []
        self.checks: dict[str, CheckDef] = {}
        self.lines: dict[str, SettlementDef] = {}
        for module in policy.modules:
            for c in module.checks:
                self.checks.setdefault(c.id, c)
            for line in module.settlement:
                self.lines.setdefault(line.id, line)
        self.original = {**self.checks}
        self.original_lines = {**self.lines}
        self.disabled: set[str] = set()
        self.extra_count = 0

    def deviations(self, file: str) -> set[str]:
        """Rules the policy file ``file`` declares deviations for."""
        return {d.rule for d in self.policy.deviations if d.pos.file == file}

    def fail(self, message: str, code: str, pos: SourcePos, field: str,
             source_line: str | None) -> None:
        self.errors.append(Diagnostic(message, code, file=pos.file, line=pos.line,
                                      column=pos.column, field=field, source_line=source_line))

    def check(self, adj: CheckAdjust) -> None:
        field = f"adjust.checks.{adj.rule}"
        original = self.original.get(adj.rule)
        if original is None:
            self.fail(self._unknown_check(adj.rule), codes.LAYER_UNKNOWN, adj.pos, field,
                      adj.source_line)
            return
        allowed = original.kind != "statutory" or adj.rule in self.deviations(adj.pos.file)
        how = _deviation_howto(adj.rule)
        where = f"statutory check '{adj.rule}' ({original.pos})"
        if adj.disabled and not allowed:
            self.fail(f"switches off {where}; a policy may not remove a statutory check. "
                      f"{how}", codes.LAYER_CHECK, adj.pos, field, adj.source_line)
        if adj.severity is not None and not allowed and _lowers(original.severity, adj.severity):
            self.fail(f"lowers {where} from {original.severity} to {adj.severity}; a policy "
                      f"may only raise a statutory severity. {how}",
                      codes.LAYER_CHECK, adj.pos, field, adj.source_line)
        if adj.severity is not None:
            self.checks[adj.rule] = replace(self.checks[adj.rule], severity=adj.severity)
        if adj.disabled is not None:
            (self.disabled.add if adj.disabled else self.disabled.discard)(adj.rule)

    def line(self, adj: LineAdjust) -> None:
        field = f"adjust.settlement.{adj.line}"
        original = self.original_lines.get(adj.line)
        if original is None:
            self.fail(self._unknown_line(adj.line), codes.LAYER_UNKNOWN, adj.pos, field,
                      adj.source_line)
            return
        allowed = (original.kind != "statutory"
                   or original.rule in self.deviations(adj.pos.file))
        how = _deviation_howto(original.rule)
        where = (f"statutory settlement line '{adj.line}' (rule {original.rule}, "
                 f"{original.pos})")
        if not allowed:
            if adj.amount is not None:
                self.fail(f"replaces the amount of {where}; a policy may add to it with "
                          f"'extra:' but not replace it. {how}",
                          codes.LAYER_LINE, adj.pos, f"{field}.amount", adj.source_line)
            if adj.disabled:
                self.fail(f"switches off {where}; a policy may not drop a statutory amount. "
                          f"{how}", codes.LAYER_LINE, adj.pos, field, adj.source_line)
            if adj.severity is not None and _lowers(original.severity, adj.severity):
                self.fail(f"lowers the shortfall severity of {where} from "
                          f"{original.severity} to {adj.severity}. {how}",
                          codes.LAYER_LINE, adj.pos, field, adj.source_line)
        current = self.lines[adj.line]
        if adj.amount is not None:
            current = replace(current, amount=adj.amount)
        if adj.severity is not None:
            current = replace(current, severity=adj.severity)
        if adj.extra is not None:
            self.extra_count += 1
            extra = ExtraDef(expr=adj.extra, label=adj.label or DEFAULT_EXTRA_LABEL,
                             policy=adj.policy, key=f"extra#{self.extra_count}",
                             clause=adj.clause)
            current = replace(current, extras=(*current.extras, extra))
        self.lines[adj.line] = current
        if adj.disabled is not None:
            (self.disabled.add if adj.disabled else self.disabled.discard)(adj.line)

    def params(self) -> None:
        for o in self.policy.overrides:
            p = self.policy.params.get(o.name)
            if p is None or p.kind != "statutory" or p.option:
                continue  # internal values and documented options are the policy's to choose
            if p.by_city and o.city is not None and not p.cities.get(o.city):
                continue  # a figure for a city the statutory table has none for
            if param_rule(o.name) in self.deviations(o.pos.file):
                continue
            gaps = sorted(c for c, entries in p.cities.items() if not entries)
            gap_note = (f"; supplying a figure for a city without one ({', '.join(gaps)}) "
                        "with 'city:' is allowed" if gaps else "")
            self.fail(f"changes statutory parameter '{o.name}' ({p.pos}){gap_note}. "
                      f"{_deviation_howto(param_rule(o.name))}", codes.LAYER_PARAM, o.pos,
                      f"set.{o.name}", o.source_line)

    def _unknown_check(self, rule: str) -> str:
        owner = next((line.id for line in self.lines.values() if line.rule == rule), None)
        if owner is not None:
            return (f"'{rule}' is the rule of settlement line '{owner}': adjust it under "
                    f"adjust.settlement.{owner}")
        return f"no included module defines a check '{rule}'{_did_you_mean(rule, self.checks)}"

    def _unknown_line(self, line: str) -> str:
        return (f"no included module defines a settlement line '{line}'"
                f"{_did_you_mean(line, self.lines)}")

    def modules(self) -> tuple[ModuleDef, ...]:
        """The modules with every adjustment applied and switched-off items left out."""
        return tuple(
            replace(
                m,
                checks=tuple(self.checks[c.id] if self.original[c.id] is c else c
                             for c in m.checks if c.id not in self.disabled),
                settlement=tuple(self.lines[s.id] if self.original_lines[s.id] is s else s
                                 for s in m.settlement if s.id not in self.disabled),
            )
            for m in self.policy.modules
        )


def _lowers(before: str, after: str) -> bool:
    return SEVERITY_RANK[after] > SEVERITY_RANK[before]


def _deviation_howto(rule: str) -> str:
    return (f"Declare it in this policy file (deviations: [{{rule: {rule}, reason, "
            "approved_by, approved_on}]) or remove the change")


def _did_you_mean(name: str, known: dict[str, Any]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def apply_layering(policy: PolicyDef) -> PolicyDef:
    """Check the chain's ``adjust:`` and ``set:`` against the layering rules and apply them.

    Raises one :class:`PolicyError` listing every refused change.
    """
    layers = _Layers(policy)
    for adj in policy.adjustments:
        if isinstance(adj, CheckAdjust):
            layers.check(adj)
        else:
            layers.line(adj)
    layers.params()
    if layers.errors:
        raise PolicyError(layers.errors)
    if not policy.adjustments:
        return policy
    return replace(policy, modules=layers.modules(), disabled=tuple(sorted(layers.disabled)))


# -- extras at run time -----------------------------------------------------------------------

ZERO = Decimal(0)


def _value(extra: Compiled, scope: Scope) -> Decimal:
    value = extra.fn(scope)
    if value is None:
        raise MissingValue((extra.source,), f"'{extra.source}' has no value for this case")
    result: Decimal = max(value, ZERO)
    return result


def clamped(extra: Compiled) -> Compiled:
    """``extra`` evaluated and floored at zero: a company's extra never takes anything away."""
    return replace(extra, source=f"max({extra.source}, 0)",
                   fn=lambda scope: _value(extra, scope))


def extra_line(line: SettlementDef, extra: ExtraDef, index: int) -> SettlementDef:
    """The company's own settlement line for ``extra``, beside the statutory ``line``.

    The statutory line keeps the statutory amount (a JSON consumer reads N as N); the extra is
    its own line, ``<line>_extra`` (``_extra_2``... for more than one), applying when the
    statutory line applies, proposed through ``settlement.other`` items with its id.
    """
    line_id = f"{line.id}_extra" if index == 0 else f"{line.id}_extra_{index + 1}"
    proposed = ExprSource(
        text=f'sum(o.amount for o in settlement.other if o.id == "{line_id}")',
        origin=extra.expr.origin, display=extra.expr.display, field=extra.expr.field)
    clause = f", {extra.clause}" if extra.clause else ""
    title = line.title or LocalText(zh=line.id, en=line.id)
    return replace(
        line,
        id=line_id,
        rule="INT-" + line_id.replace("_", "-"),
        amount=extra.expr,
        proposed=proposed,
        title=LocalText(zh=f"{title.zh}：{extra.label.zh}", en=f"{title.en}: {extra.label.en}"),
        citation=f"{extra.policy} (company policy{clause})",
        basis=LocalText(zh=f"公司政策 {extra.policy}：{extra.label.zh}",
                        en=f"company policy {extra.policy}: {extra.label.en}"),
        shortfall_message=None,
        hint=LocalText(zh=f"在 settlement.other 中以 id {line_id} 列出拟付金额。",
                       en=f"List the payment in settlement.other with id {line_id}."),
        fields=("settlement.other",),
        description=f"Company extra on top of {line.id} ({extra.policy}); never negative.",
        clause=extra.clause,
        kind="internal",
        extras=(),
        text_sources={},
    )


# -- approval ---------------------------------------------------------------------------------


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
