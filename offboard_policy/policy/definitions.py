"""Pipeline stage 1, definitions: a policy's YAML files to a :class:`PolicyDef`.

Reads the policy and everything it includes (files, globs, ``extends``, parameter tables), each
file through ``yamlio`` and its JSON Schema, builds the definitions (:mod:`.build`, and the
``adjust:`` entries here) and the policy's digest. Layering (:mod:`.layering`) and compiling
(:mod:`.compile`) are the next stages; :func:`~offboard_policy.policy.load_policy` runs them all.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from offboard_policy import codes

from ..errors import Diagnostic, PolicyError, SourcePos
from ..paths import YAML_SUFFIXES
from ..report.model import LocalText
from ..yamlio import Loaded, load_yaml
from .build import (
    build_approval,
    build_deviations,
    build_module,
    build_overrides,
    build_param_defs,
)
from .model import (
    Adjustment,
    CheckAdjust,
    ExprSource,
    Kind,
    LineAdjust,
    ModuleDef,
    ParamDef,
    PolicyDef,
)
from .schema import validate

MAX_EXTENDS_DEPTH = 8
"""How many policies may be stacked with ``extends`` (guards against long or cyclic chains)."""
MAX_FILES = 500
"""How many files one policy may read in total (includes, tables, parents)."""


def display_path(path: Path) -> str:
    """The path as shown in diagnostics: relative to the working directory when below it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def is_glob(pattern: str) -> bool:
    """Whether an include pattern is a glob (``*``, ``?`` or ``[``)."""
    return any(ch in pattern for ch in "*?[")


def match_files(folder: Path, pattern: str) -> list[Path]:
    """The files a reference names, resolved and sorted: the one include resolution (the
    reader and the cache's freshness check both use it)."""
    if is_glob(pattern):
        return sorted(p.resolve() for p in folder.glob(pattern) if p.is_file())
    candidate = (folder / pattern).resolve()
    return [candidate] if candidate.is_file() else []


class _Reader:
    """Loads files once each, in a stable order, and remembers them for the digest."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.loaded: dict[Path, Loaded] = {}
        self.order: list[Path] = []

    def read(self, path: Path, schema: str) -> Loaded:
        path = path.resolve()
        if path in self.loaded:
            return self.loaded[path]
        if len(self.order) >= MAX_FILES:
            raise PolicyError(Diagnostic(f"a policy may read at most {MAX_FILES} files",
                                         codes.INCLUDE_READ, file=display_path(path)))
        loaded = load_yaml(path, display=display_path(path))
        validate(loaded, schema)
        self.loaded[path] = loaded
        self.order.append(path)
        return loaded

    def resolve(self, base: Loaded, base_path: Path, pattern: str, field: tuple[str | int, ...],
                *, kind: str) -> list[Path]:
        """Files named by ``pattern`` (relative to ``base_path``'s folder; globs allowed)."""
        pos = base.positions.nearest(field)
        folder = base_path.parent
        matches = match_files(folder, pattern)
        if not matches:
            if is_glob(pattern):
                raise _error(f"no {kind} file matches '{pattern}'",
                    codes.INCLUDE_NO_MATCH, pos, base)
            candidate = (folder / pattern).resolve()
            raise _error(f"{kind} file not found: '{pattern}' (looked for "
                         f"{display_path(candidate)})", codes.INCLUDE_NO_MATCH, pos, base)
        for m in matches:
            if m.suffix not in YAML_SUFFIXES:
                raise _error(f"'{display_path(m)}' is not a .yaml file",
                    codes.INCLUDE_NOT_YAML, pos, base)
            if not m.is_relative_to(self.root):
                raise _error(
                    f"'{pattern}' points outside the policy's project folder "
                    f"({display_path(self.root)}); rule files must live beside the policy",
                    codes.INCLUDE_OUTSIDE, pos, base)
        return matches


def _error(message: str, code: str, pos: SourcePos, loaded: Loaded) -> PolicyError:
    line = loaded.source_lines[pos.line - 1] if 0 < pos.line <= len(loaded.source_lines) else None
    return PolicyError(Diagnostic(message, code, file=pos.file, line=pos.line, column=pos.column,
                                  source_line=line))


def project_root(policy_path: Path) -> Path:
    """The folder a policy's includes must stay in: the parent of the policy's folder."""
    return policy_path.resolve().parent.parent


def read_definitions(path: Path | str, *, root: Path | None = None) -> PolicyDef:
    """Read a policy file and everything it includes into a :class:`PolicyDef` (not layered)."""
    path = Path(path)
    if not path.is_file():
        raise PolicyError(Diagnostic(
            "policy file not found" if not path.exists() else "not a file",
            codes.YAML_SYNTAX, file=display_path(path)))
    reader = _Reader(root or project_root(path))
    policy = _read(reader, path.resolve(), chain=())
    return replace(policy, digest=_digest(path.resolve(), reader))


def _read(reader: _Reader, path: Path, chain: tuple[Path, ...]) -> PolicyDef:
    loaded = reader.read(path, "policy")
    data: dict[str, Any] = loaded.data
    policy_id: str = data["policy"]
    parent: PolicyDef | None = None
    if "extends" in data:
        (parent_path,) = reader.resolve(loaded, path, data["extends"], ("extends",),
                                        kind="policy")
        if parent_path in (*chain, path):
            names = " -> ".join(display_path(p) for p in (*chain, path, parent_path))
            raise _error(f"policies extend each other in a cycle: {names}", codes.EXTENDS_CYCLE,
                         loaded.positions.nearest(("extends",)), loaded)
        if len(chain) >= MAX_EXTENDS_DEPTH:
            raise _error(f"more than {MAX_EXTENDS_DEPTH} policies stacked with 'extends'",
                         codes.EXTENDS_DEPTH, loaded.positions.nearest(("extends",)), loaded)
        parent = _read(reader, parent_path, (*chain, path))

    modules: list[ModuleDef] = list(parent.modules) if parent else []
    seen_modules = {m.path for m in modules}
    # (file that names the table, its path, pattern, field, default kind of the table)
    table_paths: list[tuple[Loaded, Path, str, tuple[str | int, ...], Kind]] = [
        (loaded, path, p, ("parameters", i), "statutory")
        for i, p in enumerate(data.get("parameters") or [])
    ]
    for i, pattern in enumerate(data.get("include") or []):
        for mpath in reader.resolve(loaded, path, pattern, ("include", i), kind="rule module"):
            mloaded = reader.read(mpath, "module")
            if mloaded.display in seen_modules:
                continue
            seen_modules.add(mloaded.display)
            module = build_module(mloaded)
            modules.append(module)
            table_paths.extend((mloaded, mpath, p, ("parameters", j), module.kind)
                               for j, p in enumerate(module.parameter_files))

    params: dict[str, ParamDef] = dict(parent.params) if parent else {}
    seen_tables: set[Path] = set()
    for base_loaded, base_path, pattern, field, table_kind in table_paths:
        for tpath in reader.resolve(base_loaded, base_path, pattern, field,
                                    kind="parameter table"):
            if tpath in seen_tables:
                continue
            seen_tables.add(tpath)
            tloaded = reader.read(tpath, "parameters")
            for name, pdef in build_param_defs(tloaded, table_kind).items():
                if name in params and params[name].path != pdef.path:
                    first = params[name]
                    raise PolicyError(Diagnostic(
                        f"parameter '{name}' is defined twice (first at {first.pos})",
                        codes.DUPLICATE_PARAMETER, file=pdef.pos.file, line=pdef.pos.line,
                        column=pdef.pos.column))
                params[name] = pdef

    overrides = (*parent.overrides, *build_overrides(loaded, params)) if parent else \
        build_overrides(loaded, params)
    deviations = (*(parent.deviations if parent else ()), *build_deviations(loaded, policy_id))
    adjustments = (*(parent.adjustments if parent else ()), *build_adjustments(loaded, policy_id))
    title = data.get("title")
    return PolicyDef(
        id=policy_id,
        version=str(data["version"]),
        path=loaded.display,
        title=LocalText(zh=title["zh"], en=title["en"]) if title else None,
        description=data.get("description"),
        modules=tuple(modules),
        params=params,
        overrides=overrides,
        deviations=deviations,
        approval=build_approval(loaded),
        files=tuple(str(p) for p in reader.order),
        parents=((parent.id, *parent.parents) if parent else ()),
        adjustments=adjustments,
    )


# -- adjust: entries ----------------------------------------------------------------------------


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


# -- digest -------------------------------------------------------------------------------------


def _canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    return value


def _digest(policy_path: Path, reader: _Reader) -> str:
    """``sha256:...`` of the canonical content of every file a policy reads.

    Canonical content is the parsed data (so whitespace and comments do not count), with the
    policy's own ``approval`` record left out (it holds the digest itself), each file named
    by its path relative to the policy's folder, in sorted order.
    """
    base = policy_path.parent
    items = []
    for fpath in sorted(reader.order):
        data = reader.loaded[fpath].data
        if fpath == policy_path and isinstance(data, dict):
            data = {k: v for k, v in data.items() if k != "approval"}
        items.append({"file": Path(os.path.relpath(fpath, base)).as_posix(),
                      "data": _canonical(data)})
    blob = json.dumps(items, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(blob.encode("utf-8")).hexdigest()
