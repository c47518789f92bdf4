"""The package's import graph follows one layer order: lower layers never import higher ones.

Every import counts, including the ones inside functions (a lazy import is still a
dependency). A unit is a top-level module or subpackage of ``offboard_policy``; a unit may
import itself and units of a strictly lower layer, so there is no cycle between units.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "offboard_policy"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("__init__", "__version__", "codes", "errors"),
    ("paths", "atomic", "templates"),
    ("yamlio", "report"),
    ("expr",),
    ("case",),
    ("policy",),
    ("engine",),
    ("render",),
    ("batch", "diff", "testrunner", "testing", "plan", "decisions", "explain"),
    ("verify",),
    ("lint", "rulebook"),
    ("service",),
    ("cli",),
)
RANK = {unit: rank for rank, units in enumerate(LAYERS) for unit in units}


def _unit(dotted: str) -> str:
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports() -> Iterator[tuple[str, str, str]]:
    """(importing unit, imported unit, file) for every import of a package module."""
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        module = ".".join(rel.parts)
        package = module.removesuffix(".__init__") if path.name == "__init__.py" \
            else module.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    target = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    target = node.module or ""
                if target == "offboard_policy":
                    targets = [f"offboard_policy.{a.name}" for a in node.names]
                else:
                    targets = [target]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            for target in targets:
                if target.split(".")[0] == "offboard_policy":
                    yield _unit(module), _unit(target), str(rel)


def test_every_unit_has_a_layer() -> None:
    units = {p.stem if p.is_file() else p.name for p in PACKAGE.iterdir()
             if (p.suffix == ".py") or (p / "__init__.py").exists()}
    assert units - set(RANK) == set()


def test_no_upward_or_sideways_import() -> None:
    bad = sorted({f"{file}: {src} imports {dst}" for src, dst, file in _imports()
                  if src != dst and RANK[dst] >= RANK[src]})
    assert bad == []


def test_the_check_sees_lazy_imports() -> None:
    pairs = {(src, dst) for src, dst, _ in _imports()}
    assert ("cli", "policy") in pairs  # the CLI imports the library inside its commands
