"""Type-check a rule module that no linted policy includes, against the statutory namespace.

``lint rules/company/x.yaml`` in a CI job that lints only the changed files must still catch a
date compared with money. A module no policy of the run includes is compiled inside a
throw-away policy that extends the project's statutory policy (the case model, the statutory
parameters and derived values) and includes the module with the other rule modules of its
folder (company modules read each other's values) and their parameter tables. Only the
problems in the module itself are reported.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import Diagnostic, OffboardError
from ..yamlio import load_yaml

_STATUTORY: dict[Path, Path | None] = {}


def project_of(module: Path) -> Path | None:
    """The nearest folder above ``module`` that has a ``policies/`` folder."""
    for folder in module.resolve().parents:
        if (folder / "policies").is_dir():
            return folder
    return None


def statutory_policy(root: Path) -> Path | None:
    """The project's statutory policy: one that extends nothing and includes only statutory
    modules (the one with the most modules when there are several)."""
    if root in _STATUTORY:
        return _STATUTORY[root]
    from ..policy import read_policy

    best: tuple[int, Path] | None = None
    for path in sorted((root / "policies").glob("*.y*ml")):
        try:
            data = load_yaml(path).data
            if not isinstance(data, dict) or "policy" not in data or "extends" in data:
                continue
            definition = read_policy(path)
        except OffboardError:
            continue
        statutory = bool(definition.modules) and all(
            m.kind == "statutory" for m in definition.modules)
        if statutory and (best is None or len(definition.modules) > best[0]):
            best = (len(definition.modules), path)
    _STATUTORY[root] = best[1] if best else None
    return _STATUTORY[root]


def _siblings(module: Path) -> list[Path]:
    """The rule modules in the same folder as ``module`` (itself first)."""
    out = [module.resolve()]
    for path in sorted(module.resolve().parent.glob("*.y*ml")):
        if path == out[0]:
            continue
        try:
            data = load_yaml(path).data
        except OffboardError:
            continue
        if isinstance(data, dict) and "module" in data:
            out.append(path)
    return out


def check_alone(module: Path, display: str) -> list[Diagnostic]:
    """Type and reference problems of ``module`` (shown as ``display``) compiled against the
    statutory namespace; nothing when the project has no statutory policy."""
    from ..policy import compile_policy, read_policy

    root = project_of(module)
    statutory = statutory_policy(root) if root else None
    if statutory is None:
        return []
    with tempfile.TemporaryDirectory(prefix="offboard-lint-") as tmp:
        policy = Path(tmp) / "policies" / "lint-alone.yaml"
        policy.parent.mkdir()
        rel = [Path(os.path.relpath(p, policy.parent)).as_posix() for p in _siblings(module)]
        lines = ["policy: lint-alone", 'version: "0"',
                 f"extends: {_quoted(Path(os.path.relpath(statutory, policy.parent)).as_posix())}",
                 "include:", *(f"  - {_quoted(r)}" for r in rel)]
        policy.write_text("\n".join(lines) + "\n", encoding="utf-8")
        try:
            compile_policy(read_policy(policy, root=Path(policy.anchor)))
        except OffboardError as exc:
            return [d for d in exc.diagnostics if d.file == display]
    return []


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
