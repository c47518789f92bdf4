"""Batch checking: many cases from JSONL, CSV or directories, in worker processes, streamed.

    inputs --sources--> RawCase (lazily, in order) --worker--> Outcome (a rendered line)
           --run--> the writer (stdout or an atomic output file) + Summary

``offboard-policy check cases.jsonl -p policy.yaml --workers 2 -o results.jsonl`` is the CLI
over :func:`run_batch`; see ``docs/batch.md`` for the formats and exit codes.
"""

from ..atomic import atomic_output
from .run import outcomes, run_batch
from .sources import RawCase, is_batch_input, iter_cases
from .summary import Summary
from .worker import Checker, Job, Outcome, load_checker

__all__ = [
    "Checker",
    "Job",
    "Outcome",
    "RawCase",
    "Summary",
    "atomic_output",
    "is_batch_input",
    "iter_cases",
    "load_checker",
    "outcomes",
    "run_batch",
]
