"""Per-policy tables the engine evaluates from: which function runs each expression, trace keys.

Built once per compiled policy and kept in ``CompiledPolicy.engine_cache``. The first
``WARMUP`` evaluations of a policy run the reference closures (``Compiled.fn``); after that the
tables switch to the generated functions (``Compiled.fast``, see expr/codegen.py), which cost
about 40 µs per expression to make: a one-off ``check`` of one case should not pay ~15 ms for
code it runs once, a batch of thousands should not run the slower closures. Both give the same
results (tests/perf/test_golden_reports.py runs every case both ways).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from ..expr import Compiled, Scope
from ..policy.compile import CompiledCheck, CompiledLine, CompiledPolicy, CompiledValue

WARMUP: Final = 16
"""Evaluations of a policy on the closures before its generated functions are made."""

Fn = Callable[[Scope], Any]


@dataclass(frozen=True)
class TraceKeys:
    """What a derived value's trace entry lists, sorted once instead of per case."""

    values: tuple[str, ...]
    params: tuple[tuple[str, str], ...]  # (parameter, "params.NAME")
    fields: tuple[tuple[str, tuple[str, ...]], ...]  # (dotted path, its steps); no list items


@dataclass(frozen=True)
class CheckRow:
    check: CompiledCheck
    when: Fn | None
    assertion: Fn
    exposure: Fn | None
    texts: dict[str, Fn]  # message placeholders
    source: str  # str(definition.pos), for findings


@dataclass(frozen=True)
class LineRow:
    line: CompiledLine
    when: Fn | None
    amount: Fn
    proposed: Fn | None
    due: Fn | None
    texts: dict[str, Fn]
    source: str


@dataclass(frozen=True)
class Tables:
    fast: bool  # generated functions (True) or the closures
    values: dict[str, Fn]
    value_defs: dict[str, CompiledValue]
    trace_keys: dict[str, TraceKeys]
    checks: tuple[CheckRow, ...]
    lines: tuple[LineRow, ...]


def set_mode(policy: CompiledPolicy, fast: bool | None) -> None:
    """Always run the generated functions (True), the closures (False), or switch (None)."""
    policy.engine_cache["mode"] = fast


def tables_for(policy: CompiledPolicy) -> Tables:
    """The tables to evaluate the next case with."""
    cache = policy.engine_cache
    fast: bool | None = cache.get("mode")
    if fast is None:
        count = cache.get("evaluations", 0) + 1
        cache["evaluations"] = count  # a race between threads only shifts the switch-over
        fast = count > WARMUP
    key = "fast" if fast else "slow"
    tables: Tables | None = cache.get(key)
    if tables is None:
        tables = cache[key] = _build(policy, fast, cache.get("slow"))
    return tables


def _build(policy: CompiledPolicy, fast: bool, slow: Tables | None) -> Tables:
    def run(expr: Compiled | None) -> Any:
        return None if expr is None else expr.fast if fast else expr.fn

    keys = slow.trace_keys if slow is not None else {
        name: _trace_keys(v.expr) for name, v in policy.values.items()}
    return Tables(
        fast=fast,
        values={name: run(v.expr) for name, v in policy.values.items()},
        value_defs=policy.values,
        trace_keys=keys,
        checks=tuple(CheckRow(c, run(c.when), run(c.assertion), run(c.exposure),
                              {k: run(e) for k, e in c.texts.items()}, str(c.definition.pos))
                     for c in policy.checks),
        lines=tuple(LineRow(ln, run(ln.when), run(ln.amount), run(ln.proposed), run(ln.due),
                            {k: run(e) for k, e in ln.texts.items()}, str(ln.definition.pos))
                    for ln in policy.settlement),
    )


def _trace_keys(expr: Compiled) -> TraceKeys:
    return TraceKeys(
        values=tuple(sorted(expr.value_refs)),
        params=tuple((ref, f"params.{ref}") for ref in sorted(expr.param_refs)),
        fields=tuple((path, tuple(path.split("."))) for path in sorted(expr.field_refs)
                     if "[" not in path),
    )
