"""The lines of a ``/v1/check/batch`` body, checked as the CLI checks a JSONL file.

Each line is parsed by the batch reader's own :func:`~offboard_policy.batch.parse.parse_raw`
(named ``body:LINE``), so an unusable line gives the same error record as
``check cases.jsonl``; a report line is the compact contract JSON of the CLI's JSONL output.
Blank lines are skipped, as in a JSONL file.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from offboard_policy import codes
from offboard_policy.batch.parse import parse_raw
from offboard_policy.batch.sources import RawCase
from offboard_policy.decisions.model import Decision, engine_version, make_decision
from offboard_policy.engine import BudgetExceeded, evaluate
from offboard_policy.errors import Diagnostic, InputError
from offboard_policy.render.encode import dumps
from offboard_policy.render.json import to_contract_dict
from offboard_policy.report.model import Lang

from .registry import PolicyEntry

BATCH_NAME = "body"
OP_BUDGET = codes.CASE_BUDGET
"""A case whose evaluation ran past the per-case budget (an error record, not a report)."""


def _dumps(data: object) -> str:
    return dumps(data, indent=False)


@dataclass(frozen=True)
class BatchChecker:
    """Checks batch lines under one policy entry for one caller."""

    entry: PolicyEntry
    lang: Lang
    as_of: date | None
    trace: bool
    who: str
    budget: float
    """Seconds each case may take (it then stops with ``BudgetExceeded``)."""

    def check_chunk(self, lines: list[str], first_line: int) -> list[tuple[str, Decision | None]]:
        """For each non-blank line: its output line and its decision (None for an error)."""
        version = engine_version()
        out: list[tuple[str, Decision | None]] = []
        for number, line in enumerate(lines, start=first_line):
            if not line.strip():
                continue
            raw = RawCase(f"{BATCH_NAME}:{number}", "json", line, 0)
            try:
                case = parse_raw(raw)
            except InputError as exc:
                record: dict[str, Any] = {
                    "case": raw.ref, "error": [d.to_dict() for d in exc.diagnostics]}
                out.append((_dumps(record), None))
                continue
            try:
                report = evaluate(self.entry.policy, case, as_of=self.as_of, trace=self.trace,
                                  deadline=time.monotonic() + self.budget)
            except BudgetExceeded as exc:
                out.append((_dumps({"case": raw.ref, "error": [Diagnostic(
                    f"the evaluation ran past its budget of {self.budget:g} s ({exc})",
                    OP_BUDGET, BATCH_NAME, number).to_dict()]}), None))
                continue
            text = _dumps(to_contract_dict(report, self.lang))
            decision = make_decision(report, text.rstrip("\n"), line.strip(), who=self.who,
                                     source="api-batch", lang=self.lang,
                                     policy_path=str(self.entry.path), engine_version=version)
            out.append((text, decision))
        return out
