"""``offboard-policy lint``: every problem in policies, rule modules and parameter tables.

    >>> result = lint_paths(["policies", "rules"])      # doctest: +SKIP
    >>> result.exit_code, len(result.diagnostics)       # doctest: +SKIP

Lint keeps going after errors: each file is checked alone, each policy is read tolerantly
and compiled (see :mod:`.collect`), a module no linted policy includes is type-checked
against the statutory namespace (:mod:`.alone`), then the OP7xx rules run (:mod:`.rules`).
Diagnostics are deduplicated, sorted by file and position, and filtered by
``# offboard-policy: ignore[...]`` comments on their line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from offboard_policy import codes

from ..errors import Diagnostic, OffboardError
from ..verify.declared import lint_declared
from .alone import check_alone
from .collect import LintFile, discover, read_file, read_policy_tolerantly
from .nullable import nullable_assertions
from .rules import (
    Usage,
    city_gaps,
    constant_conditions,
    deviation_rules,
    module_rules,
    parameter_rules,
    unused,
    usage,
)

DEFAULT_PATHS = ("policies", "rules")
FailOn = Literal["error", "warning"]
FAIL_ON: tuple[FailOn, ...] = ("error", "warning")
_IGNORE = re.compile(re.escape(codes.SUPPRESS_MARKER) + r"(?:\[([A-Z0-9, ]+)\])?")


@dataclass
class LintResult:
    """The problems found and how many files were looked at."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0

    fail_on: FailOn = "error"
    """The least severity that makes lint fail: ``error``, or ``warning`` (any problem)."""

    @property
    def exit_code(self) -> int:
        """1 when a problem of at least ``fail_on`` severity was found, else 0."""
        if self.fail_on == "warning":
            return 1 if self.diagnostics else 0
        return 1 if any(d.severity == "error" for d in self.diagnostics) else 0


def _lint_policy(lf: LintFile, sink: list[Diagnostic], usages: list[Usage],
                 failed: set[str], covered: set[str]) -> None:
    from ..policy import compile_policy, read_policy

    try:
        definition = read_policy(lf.path)
    except OffboardError as exc:
        sink.extend(exc.diagnostics)
        partial = read_policy_tolerantly(lf.path, sink)
        failed.add(lf.display)
        if partial is not None:
            covered.update(m.path for m in partial.modules)
            failed.update(m.path for m in partial.modules)
            failed.update(p.path for p in partial.params.values())
            try:
                compile_policy(partial)
            except OffboardError as exc2:
                sink.extend(exc2.diagnostics)
        return
    covered.update(m.path for m in definition.modules)
    try:
        compiled = compile_policy(definition)
    except OffboardError as exc:
        sink.extend(exc.diagnostics)
        failed.update(m.path for m in definition.modules)
        failed.update(p.path for p in definition.params.values())
        return
    usages.append(usage(compiled))
    sink.extend(constant_conditions(compiled))
    sink.extend(city_gaps(compiled))
    sink.extend(deviation_rules(definition, compiled))
    sink.extend(lint_declared(lf.path, compiled))


def _suppressed(d: Diagnostic, lines: dict[str, list[str]]) -> bool:
    if d.file is None or d.line is None:
        return False
    if d.file not in lines:
        try:
            lines[d.file] = Path(d.file).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            lines[d.file] = []
    text = lines[d.file]
    if not 0 < d.line <= len(text):
        return False
    m = _IGNORE.search(text[d.line - 1])
    if m is None:
        return False
    codes = m.group(1)
    return codes is None or d.code in {c.strip() for c in codes.split(",")}


def _finish(diags: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[object, ...]] = set()
    unique = []
    for d in diags:
        key = (d.code, d.file, d.line, d.column, d.message)
        if key not in seen:
            seen.add(key)
            unique.append(d)
    lines: dict[str, list[str]] = {}
    kept = [d for d in unique if not _suppressed(d, lines)]
    return sorted(kept, key=lambda d: (d.file or "", d.line or 0, d.column or 0, d.code))


def lint_paths(paths: Sequence[Path | str] = (), *, fail_on: FailOn = "error") -> LintResult:
    """Lint ``paths`` (files or folders; default: ``policies/`` and ``rules/`` if present)."""
    targets = [Path(p) for p in paths] or [Path(p) for p in DEFAULT_PATHS if Path(p).exists()]
    files, sink = discover(targets)
    result = LintResult(files=len(files), fail_on=fail_on)
    read = [read_file(path, sink) for path in files]
    for lf in read:
        if lf.kind == "unknown" and lf.loaded is not None:
            pos = lf.loaded.positions.nearest(())
            sink.append(Diagnostic(codes.describe(codes.LINT_UNKNOWN_FILE).summary + " "
                                   "(start it with 'policy:', 'module:' or 'parameters:')",
                                   codes.LINT_UNKNOWN_FILE, file=lf.display, line=pos.line,
                                   column=pos.column))
        elif lf.kind == "module" and lf.loaded is not None:
            sink.extend(module_rules(lf.loaded))
            sink.extend(nullable_assertions(lf.loaded))
        elif lf.kind == "parameters" and lf.loaded is not None:
            sink.extend(parameter_rules(lf.loaded))
    usages: list[Usage] = []
    failed: set[str] = set()
    covered: set[str] = set()
    for lf in read:
        if lf.kind == "policy":
            _lint_policy(lf, sink, usages, failed, covered)
    for lf in read:  # a module no linted policy includes: types against the statutory namespace
        if lf.kind == "module" and lf.module is not None and lf.display not in covered:
            sink.extend(check_alone(lf.path, lf.display))
    sink.extend(unused(usages, failed))
    result.diagnostics = _finish(sink)
    return result


__all__ = ["DEFAULT_PATHS", "FAIL_ON", "FailOn", "LintResult", "lint_paths"]
