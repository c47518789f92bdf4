"""Reports are byte-for-byte what they were before the performance work (see golden.py).

Every case runs twice: on the reference closures only, and on the generated functions only
(expr/codegen.py), with the generated code allowed to hand over to the closures only on the
errors evaluation is meant to raise, so that a slip in the generator shows as an exception.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator

import pytest

from offboard_policy.expr import EvaluationError, MissingValue, codegen
from tests.perf.golden import GOLDEN, POLICIES, compute


@pytest.fixture(scope="module", params=[False, True], ids=["closures", "generated"])
def current(request: pytest.FixtureRequest) -> Iterator[dict[str, dict[str, str]]]:
    saved = codegen.fallback_on
    codegen.fallback_on = (MissingValue, EvaluationError, ArithmeticError)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pydantic serializer warnings from case_digest
            yield compute(fast=request.param)
    finally:
        codegen.fallback_on = saved


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
