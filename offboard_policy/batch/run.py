"""Run a batch: stream cases to worker processes and their results, in order, to a writer.

Memory stays bounded however large the input: cases are read lazily, at most
``window`` chunks are in flight at once (``Pool.imap`` would read the whole input ahead),
and each result is written as soon as the results before it are.
"""

from __future__ import annotations

import itertools
import multiprocessing
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from typing import Any, TypeVar

from .output import Writer
from .sources import RawCase, iter_cases, total_bytes
from .summary import Summary
from .worker import Checker, Job, Outcome, check_chunk, inherit, init_worker, load_checker

T = TypeVar("T")
R = TypeVar("R")

CHUNK = 64
"""Cases sent to a worker at a time: big enough that IPC costs little, small enough for a
smooth progress bar."""


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of ``size`` consecutive items (the last one shorter), read lazily."""
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def ordered_map(pool: Pool, fn: Callable[[T], R], tasks: Iterable[T],
                window: int) -> Iterator[R]:
    """``fn`` over ``tasks`` in the pool, results in task order, at most ``window`` in flight."""
    pending: deque[AsyncResult[R]] = deque()
    for task in tasks:
        pending.append(pool.apply_async(fn, (task,)))
        if len(pending) >= window:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


def _pool(job: Job, workers: int, checker: Checker | None = None) -> Pool:
    """A pool of ``workers`` processes, each with the policy loaded.

    Where fork is available the workers are forked after ``checker`` (the policy this process
    already loaded) is in place, so they inherit it and load nothing; otherwise (spawn) each
    worker loads the policy once, through the cache.
    """
    methods = multiprocessing.get_all_start_methods()
    fork = "fork" in methods
    if fork and checker is not None:
        inherit(checker)
    context = multiprocessing.get_context("fork" if fork else None)
    return context.Pool(workers, initializer=init_worker, initargs=(job,))


def outcomes(inputs: Sequence[Path], job: Job, *, workers: int = 1,
             checker: Checker | None = None, chunk: int = CHUNK) -> Iterator[Outcome]:
    """The outcome of every case of ``inputs``, in input order.

    With ``workers`` > 1 the worker processes are forked with ``checker`` (the policy loaded
    once, here) or, without fork, each loads the policy itself; otherwise ``checker`` (or one
    loaded from ``job``) runs in this process. The pool
    is started here, before the caller starts any thread (a progress bar), not at the first
    ``next``.
    """
    cases = iter_cases(inputs)
    if workers <= 1:
        local = checker or load_checker(job)
        return (local.check(raw) for raw in cases)
    return _pooled(_pool(job, workers, checker), cases, chunk, 4 * workers)


def _pooled(pool: Pool, cases: Iterator[RawCase], chunk: int, window: int) -> Iterator[Outcome]:
    try:
        for results in ordered_map(pool, check_chunk, chunked(cases, chunk), window):
            yield from results
        pool.close()
    finally:
        pool.terminate()
        pool.join()


class _Progress:
    """A rich progress bar over input bytes on stderr, or nothing."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.bar: Any = None
        self.task: Any = None
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(
            TextColumn("checking"), BarColumn(), TaskProgressColumn(),
            TextColumn("{task.fields[cases]:,} cases"), TimeElapsedColumn(),
            TextColumn("eta"), TimeRemainingColumn(),
            console=Console(stderr=True), transient=True)
        self.task = self.bar.add_task("check", total=max(total, 1), cases=0)

    def __enter__(self) -> _Progress:
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()

    def update(self, outcome: Outcome, count: int) -> None:
        if self.bar is not None and count % 16 == 0:
            self.bar.update(self.task, completed=outcome.end, cases=count)


def run_batch(inputs: Sequence[Path], job: Job, write: Writer, *, workers: int = 1,
              progress: bool | None = None, checker: Checker | None = None,
              chunk: int = CHUNK) -> Summary:
    """Check every case of ``inputs``, write each outcome's line, return the summary.

    ``progress`` None shows a bar when stderr is a terminal. Cases that cannot be used are
    counted and written as error lines; the run goes on.
    """
    show = sys.stderr.isatty() if progress is None else progress
    summary = Summary(workers=max(workers, 1))
    started = time.perf_counter()
    stream = outcomes(inputs, job, workers=workers, checker=checker, chunk=chunk)
    bar: AbstractContextManager[Any] = (
        _Progress(total_bytes(inputs), True) if show else nullcontext(None))
    try:
        with bar as shown:
            for outcome in stream:
                summary.add(outcome)
                if outcome.line:
                    write(outcome.line)
                if shown is not None:
                    shown.update(outcome, summary.cases)
    finally:
        close = getattr(stream, "close", None)
        if close is not None:
            close()
    summary.seconds = time.perf_counter() - started
    return summary
