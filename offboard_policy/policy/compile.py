"""Pipeline stage 3, compiler: type every expression against the case, parameters and values;
closures out (definitions to a :class:`CompiledPolicy`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from typing import Any

from offboard_policy import codes

from ..case import case_types
from ..errors import Diagnostic, ExpressionError, OffboardError, PolicyError
from ..expr import Compiled, TypeEnv, compile_parsed, parse_expression
from ..expr.origin import ScalarOrigin
from ..expr.types import (
    BOOL,
    DATE,
    NUMBER,
    TYPE_NAMES,
    NeverType,
    RecordType,
    Type,
    is_assignable,
    strip_null,
)
from ..report.model import Deviation, Notice, PolicyInfo
from .approval import approval_notices
from .extras import clamped, extra_line
from .model import CheckDef, ExprSource, PolicyDef, SettlementDef, ValueDef
from .params import Parameter, runtime_parameters

SHORTFALL_NAMES = frozenset({"required", "proposed", "shortfall"})
"""Placeholders a settlement line's texts may use besides expressions: its own amounts."""
RESERVED_NAMES = frozenset({"params", "true", "false", "none", "True", "False", "None"})
MAX_VALUE_DEPTH = 16
"""Longest chain of derived values reading each other (evaluation recurses along it)."""
MAX_DEFINITIONS = 2000
"""Most derived values, checks and settlement lines in one policy, all modules together."""
MAX_EXPRESSIONS = 4000
"""Most expressions (formulas, conditions, amounts, placeholders) in one policy; the bundled
policies have about 330."""
MAX_EXPRESSION_CHARS = 150_000
"""Most characters of expressions in one policy; the bundled policies have about 25,000.
With the limits above, the largest policy they admit compiles in well under a second."""


@dataclass(frozen=True)
class CompiledValue:
    """A derived value ready to evaluate."""

    definition: ValueDef
    expr: Compiled


@dataclass(frozen=True)
class CompiledCheck:
    """A check ready to evaluate."""

    definition: CheckDef
    when: Compiled | None
    assertion: Compiled
    exposure: Compiled | None
    texts: dict[str, Compiled]


@dataclass(frozen=True)
class CompiledLine:
    """A settlement line ready to evaluate."""

    definition: SettlementDef
    when: Compiled | None
    amount: Compiled
    proposed: Compiled | None
    due: Compiled | None
    texts: dict[str, Compiled]


@dataclass(frozen=True)
class CompiledPolicy:
    """Everything needed to check cases under one policy; immutable and reusable."""

    definition: PolicyDef
    info: PolicyInfo
    values: dict[str, CompiledValue]
    checks: tuple[CompiledCheck, ...]
    settlement: tuple[CompiledLine, ...]
    params: dict[str, Parameter]
    deviations: tuple[Deviation, ...]
    check_index: dict[str, CompiledCheck] = field(default_factory=dict)
    warnings: tuple[Diagnostic, ...] = ()
    """Problems that do not stop checking (a stale approval record); see ``approval``."""
    notices: tuple[Notice, ...] = ()
    """What every report of this policy says about it (``Report.notices``)."""
    engine_cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """The engine's own per-policy tables (engine/tables.py); not part of the policy."""

    def reach(self, exprs: Iterable[Compiled | None]) -> Reach:
        """What ``exprs`` read, directly or through the derived values they use (the one walk
        of the value graph that lint, the engine's notes and root causes share)."""
        values: set[str] = set()
        params: set[str] = set()
        fields_read: set[str] = set()
        todo = [e for e in exprs if e is not None]
        while todo:
            expr = todo.pop()
            params |= expr.param_refs
            fields_read |= expr.field_refs
            for name in expr.value_refs - values:
                values.add(name)
                if name in self.values:
                    todo.append(self.values[name].expr)
        return Reach(frozenset(values), frozenset(params), frozenset(fields_read))


@dataclass(frozen=True)
class Reach:
    """Derived values, parameters and case fields some expressions read (``reach``)."""

    values: frozenset[str]
    params: frozenset[str]
    fields: frozenset[str]


class _Compiler:
    def __init__(self, policy: PolicyDef) -> None:
        self.policy = policy
        self.errors: list[Diagnostic] = []
        self.case_roots = case_types()
        self.param_types: dict[str, Type] = {
            name: TYPE_NAMES[p.type_name] for name, p in policy.params.items()
        }
        self.value_types: dict[str, Type] = {}
        self.failed: set[str] = set()
        """Values that did not compile: what reads them is not reported again (one root cause,
        not a cascade of "unknown name" errors)."""

    def env(self) -> TypeEnv:
        return TypeEnv(case_roots=self.case_roots, values=dict(self.value_types),
                       params=self.param_types)

    def error(self, message: str, code: str, src: ExprSource | None = None,
              pos: Any = None) -> None:
        where = pos
        if where is None and src is not None:
            where = src.origin.pos if isinstance(src.origin, ScalarOrigin) else src.origin
        self.errors.append(Diagnostic(
            message, code,
            file=getattr(where, "file", None), line=getattr(where, "line", None),
            column=getattr(where, "column", None), field=src.field if src else None))

    def compile(self, src: ExprSource, want: Type | None, what: str) -> Compiled | None:
        """Compile ``src``; with ``want``, a nullable result becomes a missing value at run time
        (so the finding names the absent field) and any other type is an OP406 error."""
        try:
            parsed = parse_expression(src.text, origin=src.origin, display=src.display)
            if parsed.free_names & self.failed:
                return None  # the value it reads has its own error
            return compile_parsed(parsed, self.env(), expected=want)
        except OffboardError as exc:
            self.errors.extend(
                replace(d, message=f"{what}: {d.message}") if d.code == codes.EXPECTED_TYPE else d
                for d in exc.diagnostics)
            return None

    def values(self) -> dict[str, Any]:
        """Compile derived values in dependency order; report cycles and duplicates."""
        defs: dict[str, ValueDef] = {}
        for module in self.policy.modules:
            for v in module.values:
                if v.name in defs:
                    self.error(f"value '{v.name}' is defined twice (first at {defs[v.name].pos})",
                               codes.DUPLICATE_DEFINITION, pos=v.pos)
                elif v.name in self.case_roots or v.name in RESERVED_NAMES:
                    self.error(f"'{v.name}' is a reserved name (a case section or a literal)",
                               codes.DUPLICATE_DEFINITION, pos=v.pos)
                else:
                    defs[v.name] = v
        parsed: dict[str, Any] = {}
        for name, v in defs.items():
            try:
                parsed[name] = parse_expression(v.formula.text, origin=v.formula.origin,
                                                display=v.formula.display)
            except ExpressionError as exc:
                self.errors.extend(exc.diagnostics)
                self.failed.add(name)
        deps = {n: sorted(p.free_names & parsed.keys()) for n, p in parsed.items()}
        order = self._topological(deps, defs)
        self.failed |= set(parsed) - set(order)  # in a cycle (reported once) or too deep
        out: dict[str, CompiledValue] = {}
        for name in order:
            v = defs[name]
            if parsed[name].free_names & self.failed:
                self.failed.add(name)
                continue
            try:
                compiled = compile_parsed(parsed[name], self.env())
            except OffboardError as exc:
                self.errors.extend(exc.diagnostics)
                self.failed.add(name)
                continue
            if v.declared_type is not None:
                want = TYPE_NAMES[v.declared_type]
                if not is_assignable(strip_null(compiled.type), want) and not isinstance(
                        compiled.type, NeverType):
                    self.error(f"value '{name}' is declared {v.declared_type} but its formula "
                               f"is a {compiled.type.describe()}", codes.EXPECTED_TYPE, v.formula)
                    self.failed.add(name)
                    continue
            self.value_types[name] = compiled.type
            out[name] = CompiledValue(v, compiled)
        return out

    def _topological(self, deps: dict[str, list[str]], defs: dict[str, ValueDef]) -> list[str]:
        """Values in dependency order (dependencies first), without recursion.

        A cycle is reported once (OP402) and its members left out; a chain of derived values
        deeper than MAX_VALUE_DEPTH is refused (OP407), since evaluation recurses along it.
        """
        order: list[str] = []
        state: dict[str, int] = {}  # 1 = on the current path, 2 = done
        reported: set[frozenset[str]] = set()
        depth: dict[str, int] = {}  # longest chain of values below and including each one
        for root in sorted(deps):
            if state.get(root) == 2:
                continue
            path: list[str] = [root]
            where: dict[str, int] = {root: 0}  # name -> index in path
            stack = [iter(deps.get(root, []))]
            state[root] = 1
            while stack:
                dep = next(stack[-1], None)
                if dep is None:
                    stack.pop()
                    name = path.pop()
                    del where[name]
                    state[name] = 2
                    depth[name] = 1 + max((depth.get(d, 0) for d in deps.get(name, [])),
                                          default=0)
                    order.append(name)
                    continue
                if state.get(dep) == 2:
                    continue
                if state.get(dep) == 1:
                    cycle = [*path[where[dep]:], dep]
                    key = frozenset(cycle)
                    if key not in reported:
                        reported.add(key)
                        self.error("derived values depend on each other in a cycle: "
                                   + " -> ".join(cycle), codes.VALUE_CYCLE, defs[dep].formula)
                    continue
                state[dep] = 1
                where[dep] = len(path)
                path.append(dep)
                stack.append(iter(deps.get(dep, [])))
        cyclic = {n for key in reported for n in key}
        too_deep = [n for n in order if depth[n] > MAX_VALUE_DEPTH and n not in cyclic]
        if too_deep:
            name = min(too_deep, key=lambda n: (depth[n], n))
            self.error(f"value '{name}' sits on a chain of more than {MAX_VALUE_DEPTH} derived "
                       "values that depend on each other; shorten the chain",
                           codes.POLICY_TOO_LARGE,
                       defs[name].formula)
        return [n for n in order if n not in cyclic]

    def texts(self, sources: dict[str, ExprSource],
              skip: frozenset[str] = frozenset()) -> dict[str, Compiled]:
        out = {}
        for text, src in sources.items():
            if text in skip:
                continue
            compiled = self.compile(src, None, "a placeholder")
            if compiled is not None:
                out[text] = compiled
        return out

    def checks(self) -> list[CompiledCheck]:
        seen: dict[str, CheckDef] = {}
        out = []
        for module in self.policy.modules:
            for c in module.checks:
                if c.id in seen:
                    self.error(f"rule id '{c.id}' is used twice (first at {seen[c.id].pos})",
                               codes.DUPLICATE_DEFINITION, pos=c.pos)
                    continue
                seen[c.id] = c
                when = self.compile(c.when, BOOL, "'when'") if c.when else None
                assertion = self.compile(c.assertion, BOOL, "'assert'")
                exposure = self.compile(c.exposure, NUMBER, "'exposure'") if c.exposure else None
                texts = self.texts(c.message_sources)
                if assertion is not None:
                    out.append(CompiledCheck(c, when, assertion, exposure, texts))
        return out

    def settlement(self) -> list[CompiledLine]:
        section = self.case_roots.get("settlement")
        record = strip_null(section) if section is not None else None
        proposable = set(record.fields) if isinstance(record, RecordType) else set()
        seen: dict[str, SettlementDef] = {}
        out = []
        for module in self.policy.modules:
            for line in module.settlement:
                if line.id in seen:
                    self.error(f"settlement line '{line.id}' is defined twice (first at "
                               f"{seen[line.id].pos})", codes.DUPLICATE_DEFINITION, pos=line.pos)
                    continue
                seen[line.id] = line
                proposed_src = line.proposed
                if proposed_src is None and line.id in proposable:
                    proposed_src = ExprSource(f"settlement.{line.id}", line.amount.origin,
                                              line.amount.display, "settlement.proposed")
                when = self.compile(line.when, BOOL, "'when'") if line.when else None
                amount = self.compile(line.amount, NUMBER, "'amount'")
                proposed = (self.compile(proposed_src, NUMBER, "'proposed'")
                            if proposed_src else None)
                due = self.compile(line.due, DATE, "'due'") if line.due else None
                texts = self.texts(line.text_sources, SHORTFALL_NAMES)
                if amount is not None:
                    out.append(CompiledLine(line, when, amount, proposed, due, texts))
                for index, extra in enumerate(line.extras):
                    company = extra_line(line, extra, index)
                    extra_amount = self.compile(extra.expr, NUMBER, "'extra'")
                    extra_proposed = (self.compile(company.proposed, NUMBER, "'proposed'")
                                      if company.proposed else None)
                    if extra_amount is not None:
                        out.append(CompiledLine(company, when, clamped(extra_amount),
                                                extra_proposed, due, {}))
        return out


def _check_size(policy: PolicyDef) -> None:
    """Refuse a policy over MAX_DEFINITIONS definitions, MAX_EXPRESSIONS expressions or
    MAX_EXPRESSION_CHARS characters of them (OP407) before compiling any: compiling costs time
    per expression and per node."""
    count = exprs = chars = 0
    for module in policy.modules:
        items: tuple[ValueDef | CheckDef | SettlementDef, ...] = (
            *module.values, *module.checks, *module.settlement)
        for item in items:
            sources = _expression_sources(item)
            count += 1
            exprs += len(sources)
            chars += sum(len(src.text) for src in sources)
            what = (f"more than {MAX_DEFINITIONS} derived values, checks and settlement lines"
                    if count > MAX_DEFINITIONS else
                    f"more than {MAX_EXPRESSIONS} expressions" if exprs > MAX_EXPRESSIONS else
                    f"more than {MAX_EXPRESSION_CHARS} characters of expressions"
                    if chars > MAX_EXPRESSION_CHARS else None)
            if what is not None:
                pos = item.pos
                raise PolicyError(Diagnostic(
                    f"the policy defines {what} (all modules together); split or trim the rules",
                    codes.POLICY_TOO_LARGE, file=pos.file, line=pos.line, column=pos.column))


def _expression_sources(item: ValueDef | CheckDef | SettlementDef) -> list[ExprSource]:
    """Every expression of a definition: its fields and its placeholder tables."""
    out: list[ExprSource] = []
    for f in fields(item):
        value = getattr(item, f.name)
        if isinstance(value, ExprSource):
            out.append(value)
        elif isinstance(value, dict):
            out.extend(v for v in value.values() if isinstance(v, ExprSource))
    return out


def compile_policy(policy: PolicyDef) -> CompiledPolicy:
    """Compile every expression of ``policy``; one PolicyError lists every problem."""
    _check_size(policy)
    c = _Compiler(policy)
    values = c.values()
    checks = c.checks()
    lines = c.settlement()
    if c.errors:
        raise PolicyError(c.errors)
    return CompiledPolicy(
        definition=policy,
        info=PolicyInfo(id=policy.id, version=policy.version, digest=policy.digest,
                        title=policy.title),
        values=values,
        checks=tuple(checks),
        settlement=tuple(lines),
        params=runtime_parameters(policy.params, policy.overrides),
        deviations=tuple(Deviation(rule=d.rule, reason=d.reason, approved_by=d.approved_by,
                                   approved_on=d.approved_on, policy=d.policy)
                         for d in policy.deviations),
        check_index={c.definition.id: c for c in checks},
        warnings=policy.warnings,
        notices=approval_notices(policy),
    )
