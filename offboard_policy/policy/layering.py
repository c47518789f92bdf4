"""Pipeline stage 2, layering (definitions to definitions): what a company policy may change
in the rules it builds on.

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
:class:`~offboard_policy.errors.PolicyError`. Reading ``adjust:`` is :mod:`.definitions`'
job, the approval state :mod:`.approval`'s and a company extra's own line :mod:`.extras`'.
"""

from __future__ import annotations

import difflib
from dataclasses import replace
from typing import Any

from offboard_policy import codes

from ..errors import Diagnostic, PolicyError, SourcePos
from ..report.model import LocalText
from .model import (
    CheckAdjust,
    CheckDef,
    ExtraDef,
    LineAdjust,
    ModuleDef,
    PolicyDef,
    SettlementDef,
)

SEVERITY_RANK = {"blocking": 0, "warning": 1, "info": 2}
"""Lower rank is stronger; a change to a higher rank lowers a check."""
DEFAULT_EXTRA_LABEL = LocalText(zh="公司额外支付", en="company extra")



def param_rule(name: str) -> str:
    """The deviation rule that allows changing statutory parameter ``name``."""
    return f"params.{name}"


# -- reading ``adjust:`` ------------------------------------------------------------------------


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
        """Each override (each entry of a ``set:`` list) on its own: a statutory figure needs a
        deviation unless it is an option or fills a city the statutory table has none for."""
        for o in self.policy.overrides:
            p = self.policy.params.get(o.name)
            if p is None or p.kind != "statutory" or p.option:
                continue  # internal values and documented options are the policy's to choose
            if p.by_city and o.city is not None and not p.cities.get(o.city):
                continue  # a figure for a city the statutory table has none for
            field = f"set.{o.name}" if o.index is None else f"set.{o.name}[{o.index}]"
            where = "" if o.index is None else (
                f"entry {o.index + 1} of the list ({o.city or 'every city'}, from "
                f"{o.start}) ")
            if param_rule(o.name) in self.deviations(o.pos.file):
                continue
            gaps = sorted(c for c, entries in p.cities.items() if not entries)
            gap_note = (f"; supplying a figure for a city without one ({', '.join(gaps)}) "
                        "with 'city:' is allowed" if gaps else "")
            self.fail(f"{where}changes statutory parameter '{o.name}' ({p.pos}){gap_note}. "
                      f"{_deviation_howto(param_rule(o.name))}", codes.LAYER_PARAM, o.pos,
                      field, o.source_line)

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
