"""The evaluation scope of one case: lazy derived values, parameter lookups and the trace."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from ..case import Case
from ..expr import EvaluationError, MissingValue
from ..policy.compile import CompiledPolicy
from ..report.model import ParameterUse, TraceEntry
from .tables import Tables, tables_for


class _Failed:
    """A derived value that could not be computed; re-raised on every later read."""

    __slots__ = ("error",)

    def __init__(self, error: Exception) -> None:
        self.error = error


class CaseScope:
    """Implements the expression ``Scope`` protocol for one case under one policy.

    Derived values are computed on first use and cached, so each is evaluated at most once
    per case and only if some check or settlement line needs it.
    """

    __slots__ = ("_cache", "_fns", "_params", "as_of", "case", "city", "policy",
                 "tables", "trace", "trace_on")

    def __init__(self, policy: CompiledPolicy, case: Case, as_of: date, *, trace: bool,
                 tables: Tables | None = None) -> None:
        self.policy = policy
        self.tables = tables or tables_for(policy)
        self._fns = self.tables.values
        self.case = case
        self.city: str = case.jurisdiction.city
        self.as_of = as_of
        self.trace_on = trace
        self.trace: list[TraceEntry] = []
        self._cache: dict[str, Any] = {}
        self._params: dict[str, ParameterUse | _Failed] = {}

    # -- Scope protocol -------------------------------------------------------------------
    def case_root(self, name: str) -> Any:
        """A top-level section of the case."""
        return getattr(self.case, name)

    def value(self, name: str) -> Any:
        """A derived value, computed once."""
        try:
            cached = self._cache[name]
        except KeyError:
            cached = self._compute(name)
        if cached.__class__ is _Failed:
            raise cached.error
        return cached

    def param(self, name: str) -> Any:
        """A parameter for the case's city on the as-of date."""
        try:
            use = self._params[name]
        except KeyError:
            try:
                use = self.policy.params[name].lookup(self.city, self.as_of)
            except MissingValue as exc:
                use = _Failed(exc)
            self._params[name] = use
        if isinstance(use, _Failed):
            raise use.error
        return use.value

    # -- internals ----------------------------------------------------------------------
    def _compute(self, name: str) -> Any:
        result: Any
        try:
            result = self._fns[name](self)
        except (MissingValue, EvaluationError) as exc:
            result = _Failed(exc)
        self._cache[name] = result
        if self.trace_on:
            self._record(name, result)
        return result

    def _record(self, name: str, result: Any) -> None:
        compiled = self.tables.value_defs[name]
        keys = self.tables.trace_keys[name]
        cache = self._cache
        inputs: dict[str, object] = {}
        for ref in keys.values:
            inputs[ref] = _peek(cache.get(ref))
        for ref, key in keys.params:
            use = self._params.get(ref)
            inputs[key] = use.value if isinstance(use, ParameterUse) else None
        for path, steps in keys.fields:
            inputs[path] = _field(self.case, steps)
        failed = isinstance(result, _Failed)
        self.trace.append(TraceEntry(
            value=name,
            result=None if failed else result,
            formula=compiled.expr.source,
            inputs=inputs,
            citation=compiled.definition.citation,
            error=_describe(result.error) if isinstance(result, _Failed) else None,
        ))

    def parameters_used(self) -> tuple[ParameterUse, ...]:
        """Every parameter value read, in name order (for the report); those the company
        policy supplied or changed are marked ``company``."""
        company = _company_params(self.policy)
        return tuple(replace(u, company=True) if name in company else u
                     for name, u in sorted(self._params.items())
                     if isinstance(u, ParameterUse))


def _company_params(policy: CompiledPolicy) -> frozenset[str]:
    """Parameters set by the policy (``set:``) or defined in a company table (cached)."""
    names: frozenset[str] | None = policy.engine_cache.get("company_params")
    if names is None:
        names = frozenset({o.name for o in policy.definition.overrides}
                          | {n for n, p in policy.params.items()
                             if p.definition.kind != "statutory"})
        policy.engine_cache["company_params"] = names
    return names


def _peek(value: Any) -> object:
    return None if isinstance(value, _Failed) else value


def _field(obj: Any, steps: tuple[str, ...]) -> object:
    for part in steps:
        if obj is None:
            return None
        obj = getattr(obj, part, None)
    if isinstance(obj, list):
        return f"<{len(obj)} items>"
    if isinstance(obj, int) and not isinstance(obj, bool):
        return Decimal(obj)
    return obj


def _describe(error: Exception) -> str:
    return str(error)
