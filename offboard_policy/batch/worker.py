"""Check chunks of raw cases in one process: parse, evaluate, and render each result to a line.

A worker process is started with :func:`init_worker`: forked from a process that already
holds the policy (:func:`inherit`) it loads nothing, else it loads the policy once (through
the compiled-policy cache); :func:`check_chunk` then turns a list of
:class:`~offboard_policy.batch.sources.RawCase` into a list of :class:`Outcome`, in order.
The same :class:`Checker` serves a run without worker processes.
"""

from __future__ import annotations

import signal
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal, NamedTuple

from offboard_policy import codes
from offboard_policy.errors import Diagnostic, InputError
from offboard_policy.render.encode import dumps
from offboard_policy.report.model import Lang

from .parse import parse_raw
from .sources import RawCase

Status = Literal["ready", "blocked", "error"]
LineFormat = Literal["json", "text"]


@dataclass(frozen=True)
class Job:
    """What every worker needs to know (picklable: sent once to each worker)."""

    policy: Path
    as_of: date | None = None
    lang: Lang = "en"
    fmt: LineFormat = "json"
    cache: bool = True
    cache_dir: Path | None = None
    trace: bool = False
    """Reports carry the trace of derived values: opt-in for batches (``check --trace``), where
    it is most of each report's size and time."""


class Outcome(NamedTuple):
    """The result of one case, small enough to send back cheaply."""

    ref: str
    status: Status
    case_id: str | None
    line: str
    """What to write for it: a JSON line; in text format a line for a blocked case or an
    error, and nothing for a ready one."""
    required: str | None
    """Total required settlement (None when it could not be computed, or an error)."""
    proposed: str | None
    end: int


def _dumps(data: object) -> str:
    return dumps(data, indent=False)


class Checker:
    """Parses, evaluates and renders cases under one compiled policy."""

    def __init__(self, job: Job, policy: Any) -> None:
        from offboard_policy.engine import evaluate
        from offboard_policy.render import to_contract_dict

        self.job = job
        self.policy = policy
        self._evaluate = evaluate
        self._contract = to_contract_dict

    def check(self, raw: RawCase) -> Outcome:
        """One case's outcome; an unusable case becomes an error outcome, never an exception."""
        try:
            case = parse_raw(raw)
            report = self._evaluate(self.policy, case, as_of=self.job.as_of,
                                    trace=self.job.trace and self.job.fmt == "json")
        except InputError as exc:
            return self._error(raw, exc.diagnostics)
        except OSError as exc:
            return self._error(raw, [Diagnostic(f"cannot read file: {exc.strerror or exc}",
                                                codes.CASE_FILE, file=raw.ref)])
        required = report.total_required
        req = None if required is None else str(required)
        status: Status = report.verdict
        if self.job.fmt == "json":
            line = _dumps(self._contract(report, self.job.lang))
        elif status == "blocked":
            rules = ", ".join(dict.fromkeys(f.rule for f in report.findings if f.is_blocking))
            line = f"BLOCKED\t{report.case_id}\t{raw.ref}\t{rules}\n"
        else:
            line = ""
        return Outcome(raw.ref, status, report.case_id, line, req, str(report.total_proposed),
                       raw.end)

    def _error(self, raw: RawCase, diagnostics: list[Diagnostic]) -> Outcome:
        if self.job.fmt == "json":
            line = _dumps({"case": raw.ref,
                           "error": [d.to_dict() for d in diagnostics]})
        else:
            first = diagnostics[0].format(with_source=False)
            more = f" (+{len(diagnostics) - 1} more)" if len(diagnostics) > 1 else ""
            line = f"ERROR\t\t{raw.ref}\t{first}{more}\n"
        return Outcome(raw.ref, "error", None, line, None, None, raw.end)

    def check_chunk(self, chunk: list[RawCase]) -> list[Outcome]:
        """The outcomes of ``chunk``, in order."""
        return [self.check(raw) for raw in chunk]


def load_checker(job: Job) -> Checker:
    """Load the policy of ``job`` (through the cache unless it is off) into a Checker."""
    from offboard_policy.policy import load_policy

    policy = load_policy(job.policy, cache=job.cache, cache_dir=job.cache_dir)
    return Checker(job, policy)


_CHECKER: Checker | BaseException | None = None


def inherit(checker: Checker) -> None:
    """Make ``checker`` the one that workers forked from this process use (they load nothing)."""
    global _CHECKER
    _CHECKER = checker


def init_worker(job: Job) -> None:
    """Pool initializer: load the policy once; Ctrl-C is the parent's to handle, and SIGTERM
    (``Pool.terminate``) ends the worker at once (not the parent's handler, inherited by fork).

    A failure is kept and raised by the first task, so that it reaches the parent (a pool
    whose initializer raises restarts its workers forever).
    """
    global _CHECKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if isinstance(_CHECKER, Checker) and _CHECKER.job == job:
        return  # forked with the policy already loaded (see :func:`inherit`)
    try:
        _CHECKER = load_checker(job)
    except Exception as exc:  # re-raised in check_chunk, in the parent
        _CHECKER = exc


def check_chunk(chunk: list[RawCase]) -> list[Outcome]:
    """Pool task: check ``chunk`` with this worker's policy."""
    if isinstance(_CHECKER, BaseException):
        raise _CHECKER
    assert _CHECKER is not None, "init_worker was not called"
    return _CHECKER.check_chunk(chunk)
