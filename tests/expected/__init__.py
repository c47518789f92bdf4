"""Expected reports: every fixture case under the bundled policy it is written for, as JSON.

One pretty-printed file per case under ``tests/expected/reports/POLICY/``, recorded from the
live ``rules/`` and ``policies/``: the JSON report contract in English (``as_of`` is the case's
termination date, so nothing depends on the day of the run), plus the ids of the checks that
passed and of those that did not apply. Left out, because they change when a rule file is
edited without any change to what it decides: the policy digest, each finding's ``source``
position (``rules/x.yaml:LINE:COL``) and the formula text and citation of each trace entry (the
rule files hold them; the trace keeps each value's name, result and inputs).

``test_expected_reports.py`` compares each report with its file and shows a unified diff on a
mismatch. After a deliberate change (a rule, a message, the engine), read the diff, then
re-record and commit the files with the change::

    python -m tests.expected            # list the reports that differ, with their diffs
    python -m tests.expected --record   # rewrite tests/expected/reports/ from the live rules
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.bundled import bundled_policy

ROOT = Path(__file__).resolve().parents[2]
REPORTS = Path(__file__).resolve().parent / "reports"

FIXTURE_POLICIES: dict[str, tuple[str, ...]] = {
    "fixtures/cases": ("cn-beijing",),
    "fixtures/internet": ("example-internet",),
    "fixtures/manufacturing": ("example-manufacturing",),
}
"""The bundled policy each fixture folder's cases are written for (their headers say so)."""


def pairs() -> Iterator[tuple[str, Path]]:
    """(policy name, case file) for every fixture case, in a fixed order."""
    for folder, policies in FIXTURE_POLICIES.items():
        for case in sorted((ROOT / folder).glob("*.yaml")):
            for policy in policies:
                yield policy, case


def expected_file(policy: str, case: Path) -> Path:
    """``reports/POLICY/FOLDER/CASE.json`` (FOLDER: the fixture folder below fixtures/)."""
    return REPORTS / policy / case.parent.name / f"{case.stem}.json"


def load_policy_named(name: str) -> Any:
    """The bundled policy ``policies/NAME.yaml``, compiled once per process."""
    return bundled_policy(f"policies/{name}.yaml")


def report_text(policy: str, case: Path) -> str:
    """The expected-report JSON of ``case`` under the live ``policy``, as it is stored."""
    from offboard_policy.case import load_case
    from offboard_policy.engine import evaluate
    from offboard_policy.render.json import to_contract_dict

    report = evaluate(load_policy_named(policy), load_case(case))
    data: dict[str, Any] = to_contract_dict(report, "en")
    del data["policy"]["digest"]
    for finding in data["findings"]:
        del finding["source"]
    for entry in data["trace"]:
        del entry["formula"], entry["citation"]
    data["checks_passed"] = list(report.passed)
    data["checks_not_applicable"] = list(report.not_applicable)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def difference(policy: str, case: Path) -> str:
    """A unified diff from the stored file to the live report; empty when they agree."""
    path = expected_file(policy, case)
    stored = path.read_text(encoding="utf-8") if path.exists() else ""
    live = report_text(policy, case)
    if stored == live:
        return ""
    name = path.relative_to(ROOT).as_posix()
    return "".join(difflib.unified_diff(stored.splitlines(keepends=True),
                                        live.splitlines(keepends=True),
                                        fromfile=f"{name} (recorded)", tofile=f"{name} (live)"))


def stale_files() -> list[Path]:
    """Recorded files that belong to no (policy, case) pair any more."""
    wanted = {expected_file(policy, case) for policy, case in pairs()}
    return sorted(set(REPORTS.rglob("*.json")) - wanted)


def record() -> int:
    """Rewrite every expected file from the live rules; remove stale ones. Returns the count
    of files written or removed."""
    changed = 0
    for policy, case in pairs():
        path = expected_file(policy, case)
        text = report_text(policy, case)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed += 1
    for path in stale_files():
        path.unlink()
        changed += 1
    for folder in sorted(REPORTS.rglob("*"), reverse=True):  # deepest first
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    return changed
