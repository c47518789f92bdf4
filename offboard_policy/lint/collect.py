"""Read every file ``lint`` is given, keeping going after errors.

Each file is first checked on its own (YAML, schema, definitions, expression syntax), then
each policy is read with a *tolerant* reader: a rule file whose schema check fails has the
offending items (the check, line, value or dated entry) set aside and the rest is read, and
a parameter series out of date order is sorted, so that compiling the policy still finds the
type and reference errors in everything else. Every problem found on the way is kept.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from offboard_policy import codes

from ..errors import Diagnostic, OffboardError, PolicyError
from ..paths import YAML_SUFFIXES
from ..policy import definitions as policy_load
from ..policy.build import as_date, build_module, build_param_defs
from ..policy.model import ModuleDef, ParamDef, PolicyDef
from ..policy.schema import validate
from ..yamlio import Loaded, load_yaml

FileKind = Literal["policy", "module", "parameters", "tests", "unknown"]
MAX_REPAIRS = 50
"""How many invalid items the tolerant reader sets aside in one file before giving up."""

_KIND_KEYS: tuple[tuple[str, FileKind], ...] = (
    ("policy", "policy"), ("module", "module"), ("parameters", "parameters"), ("tests", "tests"))
_FIELD_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


@dataclass
class LintFile:
    """One file seen by lint: its kind, what was read, and what is wrong with it."""

    path: Path
    display: str
    kind: FileKind
    loaded: Loaded | None = None
    module: ModuleDef | None = None
    params: dict[str, ParamDef] = field(default_factory=dict)


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """YAML files under ``paths`` (folders searched recursively, in sorted order)."""
    found: list[Path] = []
    problems: list[Diagnostic] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*")
                                if p.suffix in YAML_SUFFIXES and p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            problems.append(Diagnostic("no such file or folder", codes.YAML_READ, file=str(path)))
    seen: set[Path] = set()
    unique = []
    for p in found:
        if p.resolve() not in seen:
            seen.add(p.resolve())
            unique.append(p)
    return unique, problems


def classify(loaded: Loaded) -> FileKind:
    """What a YAML document is, by its first identifying top-level key."""
    if isinstance(loaded.data, dict):
        for key, kind in _KIND_KEYS:
            if key in loaded.data:
                return kind
    return "unknown"


def read_file(path: Path, sink: list[Diagnostic]) -> LintFile:
    """Check one file on its own; problems go to ``sink``."""
    display = policy_load.display_path(path)
    try:
        loaded = load_yaml(path, display=display)
    except OffboardError as exc:
        sink.extend(exc.diagnostics)
        return LintFile(path, display, "unknown")
    kind = classify(loaded)
    lf = LintFile(path, display, kind, loaded)
    try:
        if kind == "module":
            validate(loaded, "module")
            lf.module = build_module(loaded)
            sink.extend(_syntax(lf.module))
        elif kind == "parameters":
            validate(loaded, "parameters")
            lf.params = build_param_defs(loaded)
        elif kind == "policy":
            validate(loaded, "policy")
        elif kind == "tests":
            from ..testrunner.spec import parse_test_file

            parse_test_file(loaded, path)
    except OffboardError as exc:
        sink.extend(exc.diagnostics)
    return lf


def _syntax(module: ModuleDef) -> list[Diagnostic]:
    """Expression syntax errors of a module checked alone (types need a policy)."""
    from ..expr import parse_expression

    sources = [v.formula for v in module.values]
    for c in module.checks:
        sources += [s for s in (c.assertion, c.when, c.exposure) if s is not None]
    for s in module.settlement:
        sources += [x for x in (s.amount, s.when, s.proposed, s.due) if x is not None]
    out: list[Diagnostic] = []
    for src in sources:
        try:
            parse_expression(src.text, origin=src.origin, display=src.display)
        except OffboardError as exc:
            out.extend(exc.diagnostics)
    return out


def field_steps(text: str | None) -> list[str | int]:
    """``checks[2].message.zh`` -> ``["checks", 2, "message", "zh"]``."""
    if not text:
        return []
    return [int(m.group(2)) if m.group(2) else m.group(1) for m in _FIELD_PART.finditer(text)]


def _drop(data: Any, steps: list[str | int]) -> bool:
    """Remove the innermost list item (or a ``values``/``parameters``/``set`` entry) on the
    path of an error; False when nothing sensible can be removed."""
    cut = max((i for i, s in enumerate(steps) if isinstance(s, int)), default=None)
    if cut is None:
        if len(steps) >= 2 and steps[0] in ("values", "parameters", "set"):
            cut = 1
        elif len(steps) == 1 and steps[0] in ("description", "title", "extends"):
            cut = 0
        else:
            return False
    node = data
    for step in steps[:cut]:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return False
    try:
        del node[steps[cut]]
    except (KeyError, IndexError, TypeError):
        return False
    return True


def _sort_series(data: Any) -> None:
    """Sort every dated series of a parameter table and drop repeated dates (first kept)."""
    for spec in (data.get("parameters") or {}).values():
        if not isinstance(spec, dict):
            continue
        values = spec.get("values")
        series = values.values() if isinstance(values, dict) else [values]
        for entries in series:
            if not isinstance(entries, list):
                continue
            keyed = [(as_date(e.get("from")) if isinstance(e, dict) else None, e)
                     for e in entries]
            seen: set[Any] = set()
            kept = []
            for start, entry in sorted(keyed, key=lambda k: (k[0] is None, k[0] or 0)):
                if start is not None and start in seen:
                    continue
                seen.add(start)
                kept.append(entry)
            entries[:] = kept


def repaired(loaded: Loaded, schema: str) -> Loaded:
    """``loaded`` with its schema-invalid items set aside; raises PolicyError if it cannot."""
    data = copy.deepcopy(loaded.data)
    fixed = replace(loaded, data=data)
    for _ in range(MAX_REPAIRS):
        if schema == "parameters" and isinstance(data, dict):
            _sort_series(data)
        try:
            validate(fixed, schema)
            return fixed
        except PolicyError as exc:
            if not all(_drop(data, field_steps(d.field)) for d in exc.diagnostics[:1]):
                raise
    validate(fixed, schema)
    return fixed


class _TolerantReader(policy_load._Reader):
    """The loader's reader, but a file with schema errors is repaired instead of refused."""

    def __init__(self, root: Path, sink: list[Diagnostic]) -> None:
        super().__init__(root)
        self.sink = sink

    def read(self, path: Path, schema: str) -> Loaded:
        path = path.resolve()
        if path in self.loaded:
            return self.loaded[path]
        loaded = load_yaml(path, display=policy_load.display_path(path))
        try:
            validate(loaded, schema)
            if schema == "parameters":
                build_param_defs(loaded)
        except PolicyError as exc:
            self.sink.extend(exc.diagnostics)
            loaded = repaired(loaded, schema)
        self.loaded[path] = loaded
        self.order.append(path)
        return loaded


def read_policy_tolerantly(path: Path, sink: list[Diagnostic]) -> PolicyDef | None:
    """The policy with every readable part; problems go to ``sink``. None if unreadable."""
    reader = _TolerantReader(policy_load.project_root(path), sink)
    try:
        return policy_load._read(reader, path.resolve(), chain=())
    except OffboardError as exc:
        sink.extend(exc.diagnostics)
        return None
