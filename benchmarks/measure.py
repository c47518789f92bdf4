"""Timing helpers for the benchmark: medians of repeated runs, in-process and as processes."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Timing:
    """Median and spread of several runs, in seconds."""

    median: float
    low: float
    high: float
    runs: int

    def __str__(self) -> str:
        return f"{fmt_seconds(self.median)} (min {fmt_seconds(self.low)}, " \
               f"max {fmt_seconds(self.high)}, {self.runs} runs)"


def fmt_seconds(seconds: float) -> str:
    """Seconds as ms below one second, else as s."""
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def timing(samples: Sequence[float]) -> Timing:
    """The median and extremes of ``samples``."""
    return Timing(statistics.median(samples), min(samples), max(samples), len(samples))


def repeat(fn: Callable[[], object], runs: int) -> Timing:
    """Call ``fn`` ``runs`` times and time each call."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return timing(samples)


def interleaved(variants: dict[str, Callable[[], object]], runs: int) -> dict[str, Timing]:
    """Time every variant once per round, ``runs`` rounds: load changes hit all of them alike."""
    samples: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(runs):
        for name, fn in variants.items():
            start = time.perf_counter()
            fn()
            samples[name].append(time.perf_counter() - start)
    return {name: timing(s) for name, s in samples.items()}


def process_wall(argv: Sequence[str], runs: int, *, ok: Sequence[int] = (0,)) -> Timing:
    """Wall time of a whole process (start, imports, work, exit), ``runs`` times."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(argv, cwd=ROOT, capture_output=True, check=False)
        samples.append(time.perf_counter() - start)
        if done.returncode not in ok:
            raise RuntimeError(f"{' '.join(argv)} exited {done.returncode}: "
                               f"{done.stderr.decode(errors='replace')[-2000:]}")
    return timing(samples)


def python_seconds(code: str, runs: int) -> Timing:
    """Run ``code`` in a fresh interpreter ``runs`` times; it prints one float (seconds)."""
    samples = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout
        samples.append(float(out.strip().splitlines()[-1]))
    return timing(samples)


def _tree_rss_kib(pid: int) -> int:
    """Resident memory of ``pid`` and its descendants (Linux /proc), in KiB."""
    total = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as kids:
                    stack.extend(int(k) for k in kids.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def peak_tree_memory(argv: Sequence[str]) -> tuple[float, float]:
    """Run ``argv``; return (wall seconds, peak summed RSS of the process tree in MiB).

    The tree is sampled every 20 ms, so short spikes between samples can be missed.
    """
    peak = 0
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss_kib(proc.pid))
            stop.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    stop.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}: {err.decode()[-2000:]}")
    return wall, peak / 1024
