"""Where one Beijing case's time goes: ``python benchmarks/profile_engine.py [--profile]``.

Prints medians (interleaved rounds) of, per case: case validation (``parse_case``),
evaluation with the trace off and on, report JSON rendering, and the in-process time of
``load_policy`` for ``policies/cn-beijing.yaml`` (first load in the process, then warm).
Times are CPU time of this process (``time.process_time``), which a busy machine disturbs
less than wall time. ``--profile`` adds a cProfile of evaluation (trace off) sorted by own time, and
``--profile-load`` one of ``load_policy``; figures are written up in docs/performance.md.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BEIJING = ROOT / "policies" / "cn-beijing.yaml"


def _median_us(fn: Callable[[], object], count: int, runs: int) -> tuple[float, float]:
    """(median, min) microseconds per item of ``fn`` (which handles ``count`` items)."""
    samples = []
    for _ in range(runs):
        start = time.process_time()  # CPU time: other work on a shared machine adds less noise
        fn()
        samples.append((time.process_time() - start) / count * 1e6)
    return statistics.median(samples), min(samples)


def main() -> None:
    """Parse the options, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--profile", action="store_true", help="cProfile evaluation")
    parser.add_argument("--profile-load", action="store_true", help="cProfile load_policy")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()

    from benchmarks.differential import beijing_cases
    from offboard_policy.case import parse_case
    from offboard_policy.engine import evaluate
    from offboard_policy.policy import load_policy
    from offboard_policy.render.json import render_json

    start = time.perf_counter()
    policy = load_policy(BEIJING)
    first_load = time.perf_counter() - start
    warm_load = min(_median_us(lambda: load_policy(BEIJING), 1, 5)) / 1e3
    raw = beijing_cases(args.seed, args.count)
    parsed = [parse_case(c, display="<bench>") for c in raw]
    reports = [evaluate(policy, c) for c in parsed]
    n = len(raw)
    rows: dict[str, Callable[[], Any]] = {
        "validate (parse_case)": lambda: [parse_case(c, display="<bench>") for c in raw],
        "evaluate, trace off": lambda: [evaluate(policy, c, trace=False) for c in parsed],
        "evaluate, trace on": lambda: [evaluate(policy, c) for c in parsed],
        "validate + evaluate, trace off": lambda: [
            evaluate(policy, parse_case(c, display="<bench>"), trace=False) for c in raw],
        "render_json (trace on)": lambda: [render_json(r) for r in reports],
    }
    samples: dict[str, list[float]] = {name: [] for name in rows}
    for _ in range(args.runs):
        for name, fn in rows.items():
            samples[name].append(_median_us(fn, n, 1)[0])
    print(f"python {sys.version.split()[0]}; {n} Beijing cases (seed {args.seed}); "
          f"median of {args.runs} interleaved runs")
    for name, s in samples.items():
        med = statistics.median(s)
        print(f"  {name:34s} {med:8.1f} us/case  ({1e6 / med:9,.0f} /s; min {min(s):.1f})")
    print(f"  load_policy(cn-beijing): first in process {first_load * 1e3:.0f} ms, "
          f"best of 5 warm {warm_load:.0f} ms")

    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        for c in parsed:
            evaluate(policy, c, trace=False)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(args.top)
    if args.profile_load:
        prof = cProfile.Profile()
        prof.enable()
        load_policy(BEIJING)
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
