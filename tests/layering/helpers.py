"""Shared helpers of the layering tests: a copy of the small project, a base case, positions."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from offboard_policy.case import parse_case
from offboard_policy.errors import PolicyError
from offboard_policy.policy import load_policy
from tests.dotted import with_changes

DATA = Path(__file__).resolve().parent / "data"

BASE: dict[str, Any] = {
    "case_id": "L-1",
    "jurisdiction": {"country": "CN", "city": "beijing"},
    "employee": {"id": "E1", "hire_date": "2016-03-14"},
    "termination": {
        "ground": "no_fault_incompetence",
        "initiated_by": "employer",
        "notice_date": "2026-08-31",
        "notice_in_writing": True,
        "union_notified_on": "2026-08-20",
        "last_working_day": "2026-09-30",
        "termination_date": "2026-09-30",
    },
    "steps": {"exit_interview": {"held_on": "2026-09-28", "declined": False},
              "assets": [{"id": "LT-1", "kind": "laptop", "returned_on": "2026-09-30"}]},
    "settlement": {"economic_compensation": "157010.83"},
}
"""Employer-initiated, everything done: ready under law.yaml.

10 full years x 188413 / 12 = 157010.83.
"""


def make_case(**changes: Any) -> Any:
    """The base case with dotted-path changes: ``make_case(**{"jurisdiction.city": "x"})``."""
    return parse_case(with_changes(BASE, changes), display="<test>")


def project(tmp_path: Path, child: str | None = None, name: str = "child.yaml") -> Path:
    """A copy of tests/layering/data in ``tmp_path``; with ``child``, that policy written too."""
    root = tmp_path / "proj"
    shutil.copytree(DATA, root)
    if child is None:
        return root
    path = root / "policies" / name
    path.write_text(child, encoding="utf-8")
    return path


def position(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the first ``needle`` in ``text``."""
    before, _, _ = text.partition(needle)
    assert needle in text, needle
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    return line, column


def refused(path: Path) -> list[Any]:
    """The diagnostics of loading ``path`` (which must fail)."""
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    return info.value.diagnostics


def finding(report: Any, rule: str) -> Any:
    """The one finding for ``rule``."""
    matches = [f for f in report.findings if f.rule == rule]
    assert matches, f"no finding {rule}: {[f.rule for f in report.findings]}"
    return matches[0]
