"""Per-policy tables the engine evaluates from: the closure of each expression, trace keys.

Built once per compiled policy and kept in ``CompiledPolicy.engine_cache``, so that nothing
per case looks up or sorts what is the same for every case.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import SourcePos
from ..expr import Compiled, Scope
from ..policy.compile import CompiledCheck, CompiledLine, CompiledPolicy, CompiledValue

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
    values: dict[str, Fn]
    value_defs: dict[str, CompiledValue]
    trace_keys: dict[str, TraceKeys]
    checks: tuple[CheckRow, ...]
    lines: tuple[LineRow, ...]


def tables_for(policy: CompiledPolicy) -> Tables:
    """The tables of ``policy``, built on first use."""
    tables: Tables | None = policy.engine_cache.get("tables")
    if tables is None:
        tables = policy.engine_cache["tables"] = _build(policy)
    return tables


def _build(policy: CompiledPolicy) -> Tables:
    def run(expr: Compiled | None) -> Any:
        return None if expr is None else expr.fn

    files = policy.definition.files
    root = Path(files[0]).parent.parent if files else Path.cwd()

    def source(pos: SourcePos) -> str:
        # Relative to the policy's project folder, not to the working directory, so that a
        # report is the same wherever the command runs (rules/cn/x.yaml:12:5).
        path = Path(os.path.relpath(os.path.abspath(pos.file), root)).as_posix()
        return f"{path}:{pos.line}:{pos.column}"

    return Tables(
        values={name: v.expr.fn for name, v in policy.values.items()},
        value_defs=policy.values,
        trace_keys={name: _trace_keys(v.expr) for name, v in policy.values.items()},
        checks=tuple(CheckRow(c, run(c.when), run(c.assertion), run(c.exposure),
                              {k: run(e) for k, e in c.texts.items()}, source(c.definition.pos))
                     for c in policy.checks),
        lines=tuple(LineRow(ln, run(ln.when), run(ln.amount), run(ln.proposed), run(ln.due),
                            {k: run(e) for k, e in ln.texts.items()}, source(ln.definition.pos))
                    for ln in policy.settlement),
    )


def _trace_keys(expr: Compiled) -> TraceKeys:
    return TraceKeys(
        values=tuple(sorted(expr.value_refs)),
        params=tuple((ref, f"params.{ref}") for ref in sorted(expr.param_refs)),
        fields=tuple((path, tuple(path.split("."))) for path in sorted(expr.field_refs)
                     if "[" not in path),
    )
