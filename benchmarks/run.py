"""Benchmark of issue 6, in one command: ``python benchmarks/run.py [--quick]``.

Prints, measured side by side in one run on this machine (medians of several runs):
- the differential test at full count: engine vs hand-written baseline, to the fen;
- engine throughput (cases/s, one process, case validation included) and its ratio to the
  hand-written baseline;
- load-and-compile time of each bundled policy in a fresh process;
- wall time of one ``offboard-policy check`` process against ``python -c pass`` and
  ``python -c "import offboard_policy"``;
- load time from the compiled-policy cache next to a cold load;
- the ratios of issue 11, each beside a floor measured in the same run (``--floors`` for only
  those; see benchmarks/floors.py);
- the batch path: 1 and 2 workers over generated JSONL, with the peak memory of the process
  tree (100,000 cases in a full run, 10,000 with --quick).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.baseline import evaluate_baseline, prepare  # noqa: E402
from benchmarks.differential import beijing_cases, run_differential  # noqa: E402
from benchmarks.floors import engine_vs_baseline, one_process, per_case  # noqa: E402
from benchmarks.measure import (  # noqa: E402
    Timing,
    fmt_seconds,
    interleaved,
    peak_tree_memory,
    process_wall,
    python_seconds,
)

BEIJING = ROOT / "policies" / "cn-beijing.yaml"
ONE_CASE = ROOT / "fixtures" / "cases" / "beijing-no-fault-ready.yaml"
TARGET_RATE = 10_000
TARGET_RATIO = 2.0


def cli() -> list[str]:
    """The ``offboard-policy`` command: the installed script, else ``python -m``."""
    script = shutil.which("offboard-policy")
    return [script] if script else [sys.executable, "-m", "offboard_policy.cli"]


def heading(title: str) -> None:
    """A section title."""
    print(f"\n== {title} " + "=" * max(0, 72 - len(title)))


def rate(count: int, t: Timing) -> float:
    """Cases per second at the median."""
    return count / t.median


def throughput(cases: list[dict[str, Any]], policy: Any, runs: int) -> None:
    """Engine vs baseline, cases/s in this process, validation/parsing included."""
    from offboard_policy.case import parse_case
    from offboard_policy.engine import evaluate

    def engine(trace: bool) -> None:
        for raw in cases:
            evaluate(policy, parse_case(raw, display="<bench>"), trace=trace)

    parsed = [parse_case(raw, display="<bench>") for raw in cases]
    prepared = [prepare(raw) for raw in cases]
    variants: dict[str, Callable[[], object]] = {
        "engine: validate + evaluate (trace off)": lambda: engine(False),
        "engine: validate + evaluate (trace on)": lambda: engine(True),
        "engine: evaluate only (trace off)": lambda: [
            evaluate(policy, c, trace=False) for c in parsed],
        "engine: validate only (parse_case)": lambda: [
            parse_case(raw, display="<bench>") for raw in cases],
        "baseline: prepare + evaluate": lambda: [
            evaluate_baseline(prepare(raw)) for raw in cases],
        "baseline: evaluate only": lambda: [evaluate_baseline(c) for c in prepared],
    }
    rows = interleaved(variants, runs)
    print(f"{len(cases)} Beijing cases, median of {runs} runs, one process")
    for name, t in rows.items():
        print(f"  {name:44s} {rate(len(cases), t):>9,.0f} cases/s   "
              f"{t.median / len(cases) * 1e6:7.1f} us/case")
    eng = rows["engine: validate + evaluate (trace off)"]
    base = rows["baseline: prepare + evaluate"]
    ratio = eng.median / base.median
    pure = rows["engine: evaluate only (trace off)"].median / rows[
        "baseline: evaluate only"].median
    print(f"  engine / baseline time, inputs parsed by each: {ratio:.2f}x "
          f"(target <= {TARGET_RATIO}x: {'met' if ratio <= TARGET_RATIO else 'MISSED'})")
    print(f"  engine / baseline time, evaluation only:       {pure:.2f}x")
    fast = rate(len(cases), eng)
    print(f"  engine with validation: {fast:,.0f} cases/s "
          f"(target >= {TARGET_RATE:,}/s per core: {'met' if fast >= TARGET_RATE else 'MISSED'})")


def policy_loads(runs: int) -> None:
    """Load + compile each bundled policy in a fresh process (imports excluded), cold and from
    the cache (a private temporary cache directory, primed once)."""
    cold = ("import time; from offboard_policy.policy import load_policy; "
            "t = time.perf_counter(); load_policy({path!r}); print(time.perf_counter() - t)")
    cached = ("import time; from offboard_policy.policy import load_policy; "
              "from pathlib import Path; d = Path({cache!r}); load_policy({path!r}, "
              "cache=True, cache_dir=d); t = time.perf_counter(); "
              "load_policy({path!r}, cache=True, cache_dir=d);"
              " print(time.perf_counter() - t)")
    with tempfile.TemporaryDirectory() as tmp:
        cache_dir = Path(tmp) / "cache"
        for path in sorted((ROOT / "policies").glob("*.yaml")):
            t_cold = python_seconds(cold.format(path=str(path)), runs)
            t_cached = python_seconds(cached.format(path=str(path), cache=str(cache_dir)), runs)
            print(f"  {path.relative_to(ROOT)!s:36s} cold {t_cold}")
            print(f"  {'':36s} from the cache {t_cached}")


def processes(runs: int) -> None:
    """Wall time of whole processes: bare interpreter, import, one check."""
    rows = [
        ("python -c pass", [sys.executable, "-c", "pass"], (0,)),
        ("python -c 'import offboard_policy'", [sys.executable, "-c", "import offboard_policy"],
         (0,)),
        (f"offboard-policy check {ONE_CASE.name}",
         [*cli(), "check", str(ONE_CASE), "-p", str(BEIJING)], (0, 1)),
        (f"offboard-policy check {ONE_CASE.name} -f json",
         [*cli(), "check", str(ONE_CASE), "-p", str(BEIJING), "-f", "json"], (0, 1)),
        (f"offboard-policy check {ONE_CASE.name} --no-cache (cold)",
         [*cli(), "check", str(ONE_CASE), "-p", str(BEIJING), "--no-cache"], (0, 1)),
    ]
    base = None
    for name, argv, ok in rows:
        t = process_wall(argv, runs, ok=ok)
        base = base or t.median
        extra = t.median - base
        print(f"  {name:52s} {fmt_seconds(t.median):>9s}  ({'+' if extra >= 0 else '-'}"
              f"{fmt_seconds(abs(extra))} over python -c pass; min {fmt_seconds(t.low)})")
    print("  target: one check < 0.25 s wall (< 0.5 s with a cold policy cache)")


def _help(*args: str) -> str:
    done = subprocess.run([*cli(), *args, "--help"], capture_output=True, text=True,
                          check=False)
    return done.stdout


def batch_hooks(seed: int, quick: bool) -> None:
    """2 workers and 100k-case JSONL memory: measured only if the batch CLI exists."""
    if "--workers" not in _help("check"):
        print("  TODO: 2-worker throughput: needs `check FILE.jsonl --workers N --output` "
              "(issue 6 item 5); not measured")
        print("  TODO: peak memory of 100,000 cases JSONL -> JSONL: needs the same batch path;"
              " not measured")
        return
    from offboard_policy.testing import write_jsonl

    count = 10_000 if quick else 100_000
    data = ROOT / "benchmarks" / f".cases-{seed}-{count}.jsonl"
    out = data.with_suffix(".out.jsonl")
    if not data.exists():
        write_jsonl(data, seed, count)
    for workers in (1, 2):
        argv = [*cli(), "check", str(data), "-p", str(BEIJING), "--workers", str(workers),
                "--output", str(out)]
        wall, peak = peak_tree_memory(argv)
        print(f"  {count:,} cases JSONL -> JSONL, {workers} worker(s): {wall:.2f} s wall, "
              f"{count / wall:,.0f} cases/s, peak RSS {peak:.0f} MiB (process tree)")
    print("  targets: 100,000 cases with 2 workers < 15 s, peak memory < 300 MiB")


def lint_test_hooks(runs: int) -> None:
    """``lint`` and ``test`` with their defaults (all bundled policies, rules and policy tests)."""
    commands = _help()
    for command, what in (("lint", "policies/ and rules/"), ("test", "tests/policies/")):
        if f"  {command} " not in commands:
            print(f"  TODO: `offboard-policy {command}` does not exist yet; not measured")
            continue
        t = process_wall([*cli(), command], runs, ok=(0, 1))
        print(f"  offboard-policy {command:4s} ({what}): {t}  (target < 2 s)")


def floors(policy: Any, cases: list[dict[str, Any]], runs: int, proc_runs: int) -> None:
    """The figures of issue 11, each beside a floor measured here and now (benchmarks/floors.py)."""
    heading("Ratios to floors measured in this run (issue 11)")
    per_case(cases, BEIJING, policy, runs)
    engine_vs_baseline(cases, policy, runs)
    one_process([*cli(), "check", str(ONE_CASE), "-p", str(BEIJING), "-f", "json"], proc_runs)


def main() -> None:
    """Parse the options and print every section."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer cases and runs")
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--count", type=int, help="differential cases (default 10000)")
    parser.add_argument("--floors", action="store_true",
                        help="only the figures of issue 11 beside their floors (a few minutes)")
    args = parser.parse_args()
    diff_count = args.count or (1_000 if args.quick else 10_000)
    timing_count = 500 if args.quick else 2_000
    runs = 3 if args.quick else 5
    proc_runs = 5 if args.quick else 11

    from offboard_policy.policy import load_policy

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"python {sys.version.split()[0]} on {sys.platform}, {os.cpu_count()} CPUs, "
          f"load average {load:.2f}; seed {args.seed}; {'quick' if args.quick else 'full'} run")
    if load > 0.5 * (os.cpu_count() or 1):
        print("  warning: the machine is busy; figures are noisy (medians of interleaved runs)")
    start = time.perf_counter()
    policy = load_policy(BEIJING)
    if args.floors:
        floors(policy, beijing_cases(args.seed, timing_count), runs, proc_runs)
        print(f"\n(total benchmark time {time.perf_counter() - start:.0f} s)")
        return
    cases = beijing_cases(args.seed, diff_count)

    heading(f"Differential: engine vs baseline on {diff_count:,} Beijing cases")
    disagreements = run_differential(cases, policy)
    print(f"  agree on every amount and finding: {diff_count - len(disagreements):,} / "
          f"{diff_count:,}")
    for case_id, diffs in disagreements[:10]:
        print(f"  {case_id}: " + "; ".join(diffs))

    floors(policy, cases[:timing_count], runs, proc_runs)
    heading("Throughput (single process)")
    throughput(cases[:timing_count], policy, runs)
    heading("Policy load and compile")
    policy_loads(runs)
    heading("Process wall time (median)")
    processes(proc_runs)
    heading("Batch path (2 workers, 100k JSONL memory)")
    batch_hooks(args.seed, args.quick)
    heading("lint / test of bundled policies")
    lint_test_hooks(runs)
    print(f"\n(total benchmark time {time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
