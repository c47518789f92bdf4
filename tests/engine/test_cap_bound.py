"""N without an Art. 47 average-wage figure (issue 13, item 3): computed when the cap provably
cannot bite (base at most 3 x the minimum wage, since the average wage is never below the
minimum wage), otherwise incomplete with the uncapped amount stated as the most N can be."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from offboard_policy.engine import evaluate
from offboard_policy.policy import load_policy
from tests.engine.test_set_lists import ROOT, tianjin_case

STATUTORY = ROOT / "policies" / "cn-statutory.yaml"


def shenzhen(gross: str, termination: date = date(2025, 10, 31)) -> tuple[Any, Any]:
    """Shenzhen has minimum wages (2520 from 2025-03-01) but no Art. 47 figure."""
    report = evaluate(load_policy(STATUTORY), tianjin_case(termination, gross, city="shenzhen"))
    (line,) = [x for x in report.settlement if x.id == "economic_compensation"]
    return line, report


def rules(report: Any) -> dict[str, str]:
    return {f.rule: f.status for f in report.findings}


def test_below_three_minimum_wages_n_is_computed() -> None:
    line, report = shenzhen("7000.00")
    # Service 2019-01-01 .. 2025-10-31 = 6 y 10 m -> 7 months. Base 7000.00 <= 3 x 2520 = 7560:
    # the cap (3 x an average wage >= 2520) is at least 7560, so it cannot apply.
    # N = 7 x 7000.00 = 49000.00.
    assert line.required == Decimal("49000.00")
    assert rules(report)["CN-LCL-47-compensation"] == "violation"  # nothing proposed: shortfall
    assert "CN-LCL-47-cap-basis" not in rules(report)
    assert "average_monthly_wage" not in {p.name for p in report.parameters}


def test_exactly_three_minimum_wages_is_not_above_the_cap() -> None:
    line, _ = shenzhen("7560.00")
    # 7560.00 = 3 x 2520 is not "higher than" (高于) a cap of at least 7560: 7 x 7560.00 = 52920.00.
    assert line.required == Decimal("52920.00")


def test_the_minimum_wage_floor_counts() -> None:
    line, _ = shenzhen("1000.00")
    # Base max(1000.00, 2520) = 2520.00 (LCLR Art. 27) <= 7560: N = 7 x 2520.00 = 17640.00.
    assert line.required == Decimal("17640.00")


def test_above_three_minimum_wages_n_stays_incomplete_with_its_bound() -> None:
    line, report = shenzhen("9000.00")
    # 9000.00 > 3 x 2520 = 7560: the cap could bite, so N needs the average wage. At most the
    # uncapped amount, 7 x 9000.00 = 63000.00.
    assert line.required is None
    assert rules(report)["CN-LCL-47-compensation"] == "incomplete"
    (bound,) = [f for f in report.findings if f.rule == "CN-LCL-47-cap-basis"]
    assert bound.severity == "info"
    assert "at most CNY 63,000.00" in bound.message.en
    assert "最多为 63,000.00 元" in bound.message.zh
    assert "monthly base CNY 9,000.00" in bound.message.en


def test_the_minimum_wage_in_force_on_the_date_sets_the_bound() -> None:
    line, _ = shenzhen("7600.00", date(2026, 10, 31))
    # From 2026-09-01 the minimum wage is 2700: 3 x 2700 = 8100 >= 7600. Service 2019-01-01 ..
    # 2026-10-31 = 7 y 10 m -> 8 months; N = 8 x 7600.00 = 60800.00. (Under 2520 it would be
    # above 7560 and incomplete.)
    assert line.required == Decimal("60800.00")


def test_a_city_with_a_figure_is_unchanged(tmp_path: Path) -> None:
    from tests.engine.test_set_lists import compensation

    line, report = compensation(tmp_path, date(2025, 10, 31), "7000.00")
    # Tianjin with the policy's figures: cap 3 x 9500 = 28500.00, base 7000.00 below it;
    # N = 7 x 7000.00 = 49000.00, and the average wage is read (and listed) as before.
    assert line.required == Decimal("49000.00")
    assert "average_monthly_wage" in {p.name for p in report.parameters}
