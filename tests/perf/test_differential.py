"""Differential test: the engine with policies/cn-beijing.yaml against the hand-written baseline.

Over 300 generated Beijing cases (fixed seed) the two must agree to the fen on the statutory
settlement lines (economic compensation, pay in lieu of notice, unused-leave payout) and on the
presence and status of the statutory findings (LCL-37, 40, 42, 43 and the lines' shortfalls).
``python benchmarks/run.py`` runs the same comparison on 10,000 cases.

Two disagreements found this way were traced to the rule files and fixed there (part-time
notices, LCL-71; retirement ages before the 2025 reform, LCL-42(5)); their cases stay below as
regression tests.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from benchmarks.differential import (
    baseline_view,
    beijing_cases,
    compare,
    engine_view,
    run_differential,
)
from offboard_policy.testing import cases
from tests.bundled import bundled_policy

ROOT = Path(__file__).resolve().parents[2]
SEED = 20261127
COUNT = 300


def _policy() -> Any:
    return bundled_policy("policies/cn-beijing.yaml")


@cache
def _results() -> tuple[dict[str, dict[str, Any]], list[tuple[str, list[str]]]]:
    sample = beijing_cases(SEED, COUNT)
    return {c["case_id"]: c for c in sample}, run_differential(sample, _policy())


def test_engine_agrees_with_baseline_to_the_fen() -> None:
    by_id, disagreements = _results()
    assert len(by_id) == COUNT
    assert disagreements == [], "\n".join(f"{cid}: {'; '.join(d)}" for cid, d in disagreements)


def _wages(last_month: str, gross: str) -> list[dict[str, str]]:
    year, month = int(last_month[:4]), int(last_month[5:])
    rows = []
    for _ in range(13):
        rows.append({"month": f"{year:04d}-{month:02d}", "gross": gross, "overtime": "0"})
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return rows


def _issue_case(issue: str) -> dict[str, Any]:
    """A small hand-made case that shows ``issue`` (an Art. 40 dismissal in Beijing)."""
    part_time = issue.startswith("part-time")
    end = "2026-09-30" if part_time else "2024-11-30"
    return {
        "case_id": f"KNOWN-{issue[:9]}", "jurisdiction": {"country": "CN", "city": "beijing"},
        "employer": {"has_union": True},
        "employee": {
            # Male born 1969-08-01: 60 on 2029-08-01, within 5 years of 2024-11-30 under the
            # law then in force; the 2025 delay (14 months) would move it to 2030-10-01.
            "birth_date": "1969-08-01", "gender": "male", "retirement_group": "male",
            "hire_date": "2004-03-01", "cumulative_work_years": 25,
            "contract": {"type": "part_time" if part_time else "open_ended",
                         "start": "2004-03-01"},
            "wages": {"monthly": _wages(end[:7], "12000.00")},
            "annual_leave": {"taken_days_this_year": 0},
        },
        "termination": {
            "ground": "no_fault_incompetence", "initiated_by": "employer",
            "notice_date": "2024-11-20" if not part_time else "2026-09-20",
            "notice_in_writing": True, "last_working_day": end, "termination_date": end,
            "union_notified_on": end,
        },
        "settlement": {"economic_compensation": "0", "notice_pay_in_lieu": "0",
                       "annual_leave_payout": "0"},
    }


def test_issue_cases_are_what_the_baseline_says() -> None:
    # Worked: notice 10 days short -> pay in lieu, except for part-time work (LCL-71).
    part_time = baseline_view(_issue_case("part-time notices (LCL-71)"))
    assert part_time.amounts["notice_pay_in_lieu"] == 0
    # 20 y 8 m service (>= 15) and retirement 2029-08-01 < 2024-11-30 + 5 years: protected.
    retirement = baseline_view(_issue_case("retirement age before the 2025 reform"))
    assert retirement.findings["protected_employee"] == "violation"
    assert retirement.amounts["notice_pay_in_lieu"] == 12000


@pytest.mark.parametrize("issue", ["part-time notices (LCL-71)",
                                   "retirement age before the 2025 reform (LCL-42(5))"])
def test_former_rule_issue_stays_fixed(issue: str) -> None:
    from offboard_policy.case import parse_case
    from offboard_policy.engine import evaluate

    case = _issue_case(issue)
    report = evaluate(_policy(), parse_case(case, display=case["case_id"]), trace=False)
    assert compare(engine_view(report), baseline_view(case)) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(city="beijing"))
def test_engine_agrees_on_hypothesis_cases(case: dict[str, Any]) -> None:
    from offboard_policy.case import parse_case
    from offboard_policy.engine import evaluate

    report = evaluate(_policy(), parse_case(case, display=case["case_id"]), trace=False)
    diffs = compare(engine_view(report), baseline_view(case))
    if diffs:
        pytest.fail(f"{case['case_id']}: {'; '.join(diffs)}")
