"""Each speed figure of issue 11 beside a floor measured in the same run, on the same machine.

Machines differ several times over and are shared, so only the ratios travel:
- per case: a batch worker's whole path (JSONL line -> validated case -> report -> JSON line,
  default options, trace off) against ``json.loads`` of the case line plus ``json.dumps`` of
  the report's data, twice (reading a case and writing a report of its size, twice);
- the engine against the hand-written baseline (``benchmarks/baseline.py``) on the same cases,
  evaluation only and with each side parsing its own input;
- one ``offboard-policy check -f json`` process against
  ``python -c "import pydantic, click, yaml"``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.baseline import evaluate_baseline, prepare
from benchmarks.measure import fmt_seconds, interleaved, process_wall

#: The targets of issue 11, as ratios to the floors.
TARGET_CASE = 6.0
TARGET_ENGINE = 2.0
TARGET_PROCESS = 1.5


def _verdict(ratio: float, target: float) -> str:
    return f"target <= {target}x: {'met' if ratio <= target else 'MISSED'}"


def per_case(cases: list[dict[str, Any]], policy_path: Path, policy: Any, runs: int) -> float:
    """A worker's time per case over the floor; prints both and returns the ratio."""
    from offboard_policy.batch import Checker, Job, RawCase

    lines = [json.dumps(c, ensure_ascii=False) for c in cases]
    raws = [RawCase(f"bench.jsonl:{i + 1}", "json", line, 0) for i, line in enumerate(lines)]
    checker = Checker(Job(policy_path, lang="en"), policy)
    reports = [json.loads(checker.check(raw).line) for raw in raws]

    def floor() -> None:
        for _ in range(2):
            for line, report in zip(lines, reports, strict=True):
                json.loads(line)
                json.dumps(report, ensure_ascii=False, separators=(",", ":"))

    rows = interleaved({"worker": lambda: [checker.check(raw) for raw in raws],
                        "floor": floor}, runs)
    n = len(cases)
    work, base = rows["worker"].median / n, rows["floor"].median / n
    ratio = work / base
    size = sorted(len(json.dumps(r, ensure_ascii=False, separators=(",", ":")))
                  for r in reports)[n // 2]
    trace = "on" if checker.job.trace else "off"
    print(f"  per case, batch worker, default options (trace {trace}): {work * 1e6:8.1f} us")
    print(f"  floor: json.loads(case line) + json.dumps(report), twice: {base * 1e6:8.1f} us")
    print(f"  ratio {ratio:.1f}x ({_verdict(ratio, TARGET_CASE)}); median report {size:,} bytes")
    return ratio


def engine_vs_baseline(cases: list[dict[str, Any]], policy: Any, runs: int) -> float:
    """Engine over the baseline, evaluation only; prints both ratios, returns that one."""
    from offboard_policy.case import parse_case
    from offboard_policy.engine import evaluate

    parsed = [parse_case(raw, display="<bench>") for raw in cases]
    prepared = [prepare(raw) for raw in cases]
    variants: dict[str, Callable[[], object]] = {
        "engine": lambda: [evaluate(policy, c, trace=False) for c in parsed],
        "baseline": lambda: [evaluate_baseline(c) for c in prepared],
        "engine+parse": lambda: [evaluate(policy, parse_case(raw, display="<bench>"),
                                          trace=False) for raw in cases],
        "baseline+parse": lambda: [evaluate_baseline(prepare(raw)) for raw in cases],
    }
    rows = interleaved(variants, runs)
    pure = rows["engine"].median / rows["baseline"].median
    full = rows["engine+parse"].median / rows["baseline+parse"].median
    print(f"  engine / hand-written baseline, evaluation only: {pure:.1f}x "
          f"({_verdict(pure, TARGET_ENGINE)})")
    print(f"  the same, each parsing its own input:            {full:.1f}x")
    return pure


def one_process(argv: list[str], runs: int) -> float:
    """One check process over the import floor; prints both and returns the ratio."""
    rows = {
        "floor": [sys.executable, "-c", "import pydantic, click, yaml"],
        "check": argv,
    }
    samples: dict[str, list[float]] = {name: [] for name in rows}
    for _ in range(runs):  # interleaved, one run of each per round
        for name, cmd in rows.items():
            samples[name].append(process_wall(cmd, 1, ok=(0, 1)).median)
    check = sorted(samples["check"])[runs // 2]
    floor = sorted(samples["floor"])[runs // 2]
    ratio = check / floor
    print(f"  one `check -f json` process: {fmt_seconds(check)}; "
          f"python -c 'import pydantic, click, yaml': {fmt_seconds(floor)}")
    print(f"  ratio {ratio:.1f}x ({_verdict(ratio, TARGET_PROCESS)})")
    return ratio
