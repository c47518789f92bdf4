"""The seeded case generator: deterministic, valid under the input contract, widely spread."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import given, settings

from offboard_policy.testing import cases, generate_case, iter_cases, write_jsonl
from offboard_policy.testing.generator import GROUNDS, PROTECTED

ROOT = Path(__file__).resolve().parents[2]


def test_stream_is_deterministic() -> None:
    assert list(iter_cases(7, 50)) == list(iter_cases(7, 50))
    assert list(iter_cases(7, 5)) != list(iter_cases(8, 5))
    assert generate_case(random.Random(3)) == next(iter_cases(3, 1))


def test_every_case_is_valid_under_the_contract() -> None:
    from offboard_policy.case import parse_case

    for i, case in enumerate(iter_cases(11, 400)):
        model = parse_case(case, display=f"generated case {i}")  # raises CaseError if invalid
        assert model.case_id == case["case_id"]


def test_spread() -> None:
    stream = list(iter_cases(1, 2000))
    grounds = Counter(c["termination"]["ground"] for c in stream)
    assert set(grounds) == {g for g, _ in GROUNDS}
    cities = Counter(c["jurisdiction"]["city"] for c in stream)
    assert {"beijing", "shanghai", "shenzhen", "hangzhou", "lanzhou"} <= set(cities)
    statuses = {s for c in stream for s in c["employee"]["protected_statuses"]}
    assert statuses == set(PROTECTED)
    tenures = [(date.fromisoformat(c["termination"]["termination_date"])
                - date.fromisoformat(c["employee"]["hire_date"])).days for c in stream]
    assert min(tenures) < 30 and max(tenures) > 35 * 365
    assert sum(c["employee"]["hire_date"] < "2008-01-01" for c in stream) > 100
    wages = [float(w["gross"]) for c in stream for w in c["employee"]["wages"]["monthly"]]
    assert min(wages) < 2420 and max(wages) > 10 * 47103.25 * 0.8
    assert any(float(w["overtime"]) > 0 for c in stream for w in c["employee"]["wages"]["monthly"])
    missing_steps = sum(c["steps"]["termination_certificate_issued_on"] is None for c in stream)
    assert 0 < missing_steps < len(stream)


def test_jsonl_file_and_cli(tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    assert write_jsonl(path, seed=5, count=20) == 20
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == list(iter_cases(5, 20))
    out = subprocess.run(
        [sys.executable, "-m", "offboard_policy.testing", "--seed", "5", "--count", "20"],
        cwd=ROOT, check=True, capture_output=True, text=True, encoding="utf-8",
    ).stdout
    assert out.splitlines() == lines


@settings(max_examples=30, deadline=None)
@given(cases(city="beijing"))
def test_strategy_gives_contract_cases(case: dict[str, Any]) -> None:
    assert case["jurisdiction"]["city"] == "beijing"
    assert case["termination"]["termination_date"] >= case["employee"]["hire_date"]
    json.dumps(case)  # JSON-ready: no dates, no Decimals
    assert not _floats(case)


def _floats(node: Any) -> bool:
    """True if a float hides anywhere in ``node`` (money must never go through float)."""
    if isinstance(node, dict):
        return any(_floats(v) for v in node.values())
    if isinstance(node, list):
        return any(_floats(v) for v in node)
    return isinstance(node, float)
