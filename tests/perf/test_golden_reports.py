"""Reports are byte-for-byte what they were before the performance work (see golden.py).

The inputs (rules, policies, fixtures, generated cases) are frozen in tests/perf/data, so this
guards the engine and the expression language: a speed-up must not change any report.
"""

from __future__ import annotations

import json

import pytest

from tests.perf.golden import GOLDEN, POLICIES, compute


@pytest.fixture(scope="module")
def current() -> dict[str, dict[str, str]]:
    return compute()


@pytest.mark.parametrize("policy", POLICIES)
def test_reports_match_golden(policy: str, current: dict[str, dict[str, str]]) -> None:
    golden: dict[str, str] = json.loads(GOLDEN.read_text(encoding="utf-8"))[policy]
    now = current[policy]
    assert now.keys() == golden.keys()
    changed = sorted(key for key, digest in golden.items() if now[key] != digest)
    assert changed == [], (
        f"{len(changed)} of {len(golden)} reports changed under {policy}, e.g. {changed[:3]}. "
        "A speed-up must not change any report. If a change to the case model, the report or "
        "a renderer changes them on purpose, check the differences and re-record with "
        "`python -m tests.perf.golden` (see tests/perf/golden.py).")
