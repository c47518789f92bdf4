"""How long the input limits let the worst admitted and refused inputs take, beside a floor.

    python benchmarks/limits.py [--runs N]

The test suite asserts these limits by counting work (parser events, function calls), never by
timing; this script prints the times, each next to a floor measured in the same run on the
same machine (reading an ordinary case; loading a one-check policy), so a figure is read as a
multiple of the floor rather than against a fixed number of seconds. Medians of interleaved
runs; the earlier target was "within a second".
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "tests" / "security"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from benchmarks.measure import interleaved  # noqa: E402
from offboard_policy.case import load_case  # noqa: E402
from offboard_policy.errors import InputError  # noqa: E402
from offboard_policy.policy import load_policy  # noqa: E402
from offboard_policy.policy.compile import (  # noqa: E402
    MAX_DEFINITIONS,
    MAX_EXPRESSION_CHARS,
    MAX_EXPRESSIONS,
)
from offboard_policy.yamlio import DEFAULT_LIMITS  # noqa: E402

DATA = ROOT / "tests" / "security" / "data"
SHAPES = {  # the costliest expression shapes (tests/security/test_policy_limits.py)
    "literals": "1 in [" + ", ".join(["1"] * 390) + "]",
    "comparisons": " and ".join(["employee.hire_date < termination.termination_date"] * 36),
    "nesting": "abs(" * 27 + "employee.annual_leave.taken_days_this_year" + ")" * 27 + " >= 0",
    "tiny": "true",
}


def _read_case(path: Path) -> Callable[[], object]:
    def run() -> None:
        with contextlib.suppress(InputError):
            load_case(path)
    return run


def _load_policy(path: Path) -> Callable[[], object]:
    return lambda: load_policy(path)


def hostile_files(folder: Path) -> dict[str, Path]:
    """The bombs and the largest accepted inputs, written to ``folder``."""
    under = DEFAULT_LIMITS.max_nodes - 10
    texts = {
        "billion-laughs.yaml": (DATA / "billion-laughs.yaml").read_text(encoding="utf-8"),
        "merge-bomb.yaml": (DATA / "merge-bomb.yaml").read_text(encoding="utf-8"),
        "deep-flow-nesting.yaml": "case_id: A\nx: " + "[" * 100_000 + "]" * 100_000,
        "too-many-nodes.yaml": "case_id: A\nx: [" + "0," * 100_001 + "]\n",
        "huge-file.yaml": "case_id: A\n# " + "x" * (10 * 1024 * 1024) + "\n",
        "nodes-under-limit.yaml": "x: [" + "0," * under + "]\n",
        "nodes-under-limit.json": "[" + "0," * under + "0]",
        "deep-nesting.json": "[" * 100_000 + "]" * 100_000,
    }
    out = {}
    for name, text in texts.items():
        out[name] = folder / name
        out[name].write_text(text, encoding="utf-8")
    return out


def budget_policies(folder: Path) -> dict[str, Path]:
    """A one-check policy (the floor) and one policy per shape at the expression budget."""
    from seckit import Project, check, module  # type: ignore[import-not-found]

    out = {}
    for shape, expr in {"one check": "true", **SHAPES}.items():
        count = 1 if shape == "one check" else min(MAX_EXPRESSION_CHARS // len(expr),
                                                   MAX_EXPRESSIONS, MAX_DEFINITIONS)
        project = Project(folder / shape.replace(" ", "-"))
        project.write_module(module(checks=[check(expr, id=f"SEC-c{i}") for i in range(count)]))
        out[f"{shape} ({count} expressions)" if count > 1 else shape] = project.policy
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        reads = {"floor: fixtures/cases/contract-example.yaml":
                 _read_case(ROOT / "fixtures" / "cases" / "contract-example.yaml")}
        reads |= {name: _read_case(path) for name, path in hostile_files(folder).items()}
        print("== reading hostile case files (refused or just admitted)")
        timings = interleaved(reads, runs)
        floor = next(iter(timings.values())).median
        for name, t in timings.items():
            print(f"{name:46} {t}  {t.median / floor:8.1f} x floor")
        loads = {name: _load_policy(path) for name, path in budget_policies(folder).items()}
        print("\n== loading a policy at the expression budget")
        timings = interleaved(loads, runs)
        floor = next(iter(timings.values())).median
        for name, t in timings.items():
            print(f"{name:46} {t}  {t.median / floor:8.1f} x floor")


if __name__ == "__main__":
    main()
