"""Why an amount or a finding is what it is: the computation of one case as a tree.

``explain(policy, case, names)`` evaluates the case (``engine.evaluate``, for the outcome of
each check and line) and then walks the expressions of the settlement lines, checks and derived
values named: every node carries its formula, its value for this case and its citation; a
parameter node carries the dated value used, its effective date, city, source and tier
(statutory, an option the law leaves open, or supplied by the company policy); a case field
node its value. A derived value is expanded once; later uses point back to it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from offboard_policy import codes

from ..engine import evaluate
from ..engine.scope import CaseScope
from ..errors import Diagnostic, InputError
from ..expr import Compiled, EvaluationError, MissingValue
from ..report.model import Report

NodeKind = Literal["line", "check", "value", "expr", "param", "field", "finding"]
Tier = Literal["statutory", "option", "company"]
FAILING = ("violation", "incomplete")


class ExplainError(InputError):
    """A name given to ``explain`` is not a settlement line, check or derived value."""


@dataclass(frozen=True)
class ParamInfo:
    """The dated value of a parameter the computation used."""

    value: object
    effective_from: date | None
    city: str | None
    source: str | None
    approximate: bool
    tier: Tier
    annual: object = None
    citation: str | None = None


@dataclass
class Node:
    """One step of a computation."""

    kind: NodeKind
    name: str
    value: object = None
    formula: str | None = None
    citation: str | None = None
    status: str | None = None
    """A check: violation, incomplete, waived, passed, not applicable; a line: applies or not."""
    error: str | None = None
    """Why the value could not be computed (missing data or parameter)."""
    message: dict[str, str] | None = None
    param: ParamInfo | None = None
    seen: bool = False
    """A derived value or parameter already expanded higher up in the tree."""
    money: bool = False
    """The value is an amount of money (shown with two decimals)."""
    children: list[Node] = field(default_factory=list)


@dataclass
class Explanation:
    """The trees of one case, and what they were computed from."""

    case_id: str
    policy: str
    as_of: date
    roots: list[Node]
    report: Report


def explain(policy: Any, case: Any, names: list[str] | tuple[str, ...] = (), *,
            as_of: date | None = None) -> Explanation:
    """The computation trees of ``names`` (settlement line ids, check ids, derived values);
    without names, of every settlement line and every failing check."""
    report = evaluate(policy, case, as_of=as_of)
    builder = _Builder(policy, case, report)
    targets = list(names) or _default_targets(policy, report)
    builder.resolve(targets)
    return Explanation(case_id=report.case_id, policy=policy.info.id, as_of=report.as_of,
                       roots=[builder.root(t) for t in targets], report=report)


def _default_targets(policy: Any, report: Report) -> list[str]:
    lines = [ln.id for ln in report.settlement]
    checks = {c.definition.id for c in policy.checks}
    failing = [f.rule for f in report.findings if f.status in FAILING and f.rule in checks]
    return lines + list(dict.fromkeys(failing))


class _Builder:
    def __init__(self, policy: Any, case: Any, report: Report) -> None:
        self.policy = policy
        self.case = case
        self.report = report
        self.scope = CaseScope(policy, case, report.as_of, trace=False)
        self.lines = {ln.definition.id: ln for ln in policy.settlement}
        self.line_rules = {ln.definition.rule: ln.definition.id for ln in policy.settlement}
        self.checks = {c.definition.id: c for c in policy.checks}
        self.expanded: set[str] = set()
        self.expanded_params: set[str] = set()
        self.overridden = {o.name for o in policy.definition.overrides}

    def resolve(self, names: list[str]) -> None:
        known = [*self.lines, *self.checks, *self.policy.values]
        problems = []
        for name in names:
            if name not in known and name not in self.line_rules:
                close = difflib.get_close_matches(name, [*known, *self.line_rules], n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                problems.append(Diagnostic(
                    f"policy {self.policy.info.id} has no settlement line, check or derived "
                    f"value named '{name}'{hint}", codes.EXPLAIN_UNKNOWN_NAME))
        if problems:
            raise ExplainError(problems)

    def root(self, name: str) -> Node:
        if name in self.lines or name in self.line_rules:
            return self.line(self.lines[self.line_rules.get(name, name)])
        if name in self.checks:
            return self.check(self.checks[name])
        return self.value(name)

    # -- nodes --------------------------------------------------------------------------
    def line(self, compiled: Any) -> Node:
        d = compiled.definition
        got = next((ln for ln in self.report.settlement if ln.id == d.id), None)
        node = Node("line", d.id, value=got.required if got else None, citation=d.citation,
                    status="applies" if got is not None else "does not apply", money=True)
        if d.title is not None:
            node.message = {"zh": d.title.zh, "en": d.title.en}
        for role, expr in (("when", compiled.when), ("amount", compiled.amount),
                           ("due", compiled.due)):
            if expr is not None and (role == "when" or got is not None):
                node.children.append(self.expr(role, expr, money=role == "amount"))
        return node

    def check(self, compiled: Any) -> Node:
        d = compiled.definition
        found = [f for f in self.report.findings if f.rule == d.id]
        status: str
        if found:
            status = found[0].status
        elif d.id in self.report.passed:
            status = "passed"
        elif d.id in self.report.not_applicable:
            status = "not applicable"
        else:
            status = "not evaluated"
        node = Node("check", d.id, citation=d.citation, status=status)
        if found:
            node.message = {"zh": found[0].message.zh, "en": found[0].message.en}
        for role, expr in (("when", compiled.when), ("assert", compiled.assertion)):
            if expr is not None and (role == "when" or status != "not applicable"):
                node.children.append(self.expr(role, expr))
        return node

    def expr(self, role: str, expr: Compiled, money: bool = False) -> Node:
        node = Node("expr", role, formula=expr.source, money=money)
        node.value, node.error = self.run(expr)
        node.children = self.refs(expr)
        return node

    def value(self, name: str) -> Node:
        compiled = self.policy.values[name]
        node = Node("value", name, formula=compiled.expr.source,
                    citation=compiled.definition.citation,
                    money=compiled.definition.declared_type == "money")
        node.value, node.error = self.get(lambda: self.scope.value(name))
        if name in self.expanded:
            node.seen = True
            return node
        self.expanded.add(name)
        node.children = self.refs(compiled.expr)
        return node

    def param(self, name: str) -> Node:
        value, error = self.get(lambda: self.scope.param(name))
        definition = self.policy.params[name].definition
        node = Node("param", name, value=value, error=error, citation=definition.citation,
                    money=definition.type_name == "money")
        if name in self.expanded_params:
            node.seen = True
            return node
        self.expanded_params.add(name)
        use = next((u for u in self.scope.parameters_used() if u.name == name), None)
        if use is not None:
            node.param = ParamInfo(
                value=use.value, effective_from=use.effective_from, city=use.city,
                source=use.source, approximate=use.approximate, tier=self.tier(definition),
                annual=_annual(definition, use.city, use.effective_from),
                citation=definition.citation)
        return node

    def field(self, path: str) -> Node:
        obj: Any = self.case
        for part in path.split("."):
            obj = None if obj is None else getattr(obj, part, None)
        if isinstance(obj, list):
            obj = f"<{len(obj)} items>"
        return Node("field", path, value=obj)

    def tier(self, definition: Any) -> Tier:
        if definition.name in self.overridden or definition.kind != "statutory":
            return "company"
        return "option" if definition.option else "statutory"

    # -- helpers ------------------------------------------------------------------------
    def refs(self, expr: Compiled) -> list[Node]:
        """The values, parameters and fields ``expr`` reads, in the order it reads them."""
        text = expr.source
        found: list[tuple[int, str, str]] = []
        for name in expr.value_refs:
            found.append((_first(text, rf"(?<![\w.]){re.escape(name)}\b"), "value", name))
        for name in expr.param_refs:
            found.append((_first(text, rf"params\.{re.escape(name)}\b"), "param", name))
        for path in expr.field_refs:
            if "[" not in path:
                found.append((_first(text, rf"(?<![\w.]){re.escape(path)}\b"), "field", path))
        out: list[Node] = []
        for _, kind, name in sorted(found):
            out.append(self.value(name) if kind == "value" else
                       self.param(name) if kind == "param" else self.field(name))
        return out

    def run(self, expr: Compiled) -> tuple[object, str | None]:
        return self.get(lambda: expr.fn(self.scope))

    @staticmethod
    def get(thunk: Any) -> tuple[object, str | None]:
        try:
            return thunk(), None
        except (MissingValue, EvaluationError) as exc:
            return None, str(exc)


def _first(text: str, pattern: str) -> int:
    m = re.search(pattern, text)
    return m.start() if m else len(text)


def _annual(definition: Any, city: str | None, start: date | None) -> object:
    entries = definition.cities.get(city, ()) if city else definition.national
    return next((e.annual for e in entries if e.start == start), None)
