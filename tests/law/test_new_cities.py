"""The city figures added from docs/law/city-parameters.md: Wuhan, Nanjing and Suzhou minimum
wages, hand-worked through the non-compete floor (SPC1 Art. 36 para 2: 30% of the 12-month
average wage, never below the minimum wage of the place of performance). None of the new cities
has a verified Art. 47 average wage, so their tables are empty and the cap stays `incomplete`.

Base case (tests/law/cases.py): termination 2026-09-30, N window 2025-09 .. 2026-08. The wages
below are flat, so the 12-month average is the monthly figure itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from cases import line, make_case, month_list, required

ROOT_TABLES = Path(__file__).resolve().parents[2] / "rules" / "cn" / "params" / "cities.yaml"
NEW_CITIES = ("tianjin", "chongqing", "wuhan", "nanjing", "suzhou", "xian")


def _non_compete(city: str, gross: str, **more: Any) -> dict[str, Any]:
    """A senior engineer bound by a non-compete with no agreed compensation (SPC1 Art. 36)."""
    overrides = {
        "jurisdiction.city": city,
        "employee.wages.monthly": month_list("2025-09", 13, gross),
        "employee.position.senior_technical": True,
        "non_compete": {
            "agreed": True,
            "duration_months": 12,
            "monthly_compensation": None,
            "had_access_to_trade_secrets": True,
        },
    }
    overrides.update(more)
    return make_case(overrides)


def test_wuhan_non_compete_floor_is_the_wuhan_minimum_wage(check_case):
    report = check_case(_non_compete("wuhan", "3000.00"))
    # average 3000.00; 30% = 900.00 < Wuhan minimum wage 2400 (from 2025-12-01, in force on
    # 2026-09-30) -> the floor is 2400.00 a month
    assert required(report, "non_compete_compensation") == "2400.00"


def test_nanjing_non_compete_floor_is_the_jiangsu_first_class_minimum_wage(check_case):
    report = check_case(_non_compete("nanjing", "8000.00"))
    # average 8000.00; 30% = 2400.00 < Nanjing minimum wage 2660 (from 2026-01-01) -> 2660.00
    assert required(report, "non_compete_compensation") == "2660.00"


def test_suzhou_non_compete_above_the_minimum_wage_is_thirty_percent(check_case):
    report = check_case(_non_compete("suzhou", "9000.00"))
    # average 9000.00; 30% = 2700.00 > Suzhou minimum wage 2660 -> 2700.00
    assert required(report, "non_compete_compensation") == "2700.00"
    low = check_case(_non_compete("suzhou", "8800.00"))
    # 30% of 8800.00 = 2640.00 < 2660 -> 2660.00
    assert required(low, "non_compete_compensation") == "2660.00"


def test_wuhan_before_its_first_verified_figure_is_incomplete(check_case):
    # terminated 2025-11-28: the 2400 figure starts 2025-12-01 and the level before it (2210)
    # has no verified start date, so no minimum wage is known and the floor is not computed
    case = _non_compete(
        "wuhan",
        "3000.00",
        **{
            "employee.wages.monthly": month_list("2024-10", 14, "3000.00"),
            "termination.notice_date": "2025-10-28",
            "termination.union_notified_on": "2025-10-27",
            "termination.last_working_day": "2025-11-28",
            "termination.termination_date": "2025-11-28",
        },
    )
    report = check_case(case)
    noncompete = line(report, "non_compete_compensation")
    assert noncompete is not None and noncompete["required"] is None


@pytest.mark.parametrize("city", ["tianjin", "chongqing", "xian"])
def test_cities_without_a_verified_minimum_wage_stay_incomplete(check_case, city):
    noncompete = line(check_case(_non_compete(city, "3000.00")), "non_compete_compensation")
    assert noncompete is not None and noncompete["required"] is None


def test_every_new_city_has_tables_and_every_figure_a_dated_source():
    tables = yaml.safe_load(ROOT_TABLES.read_text(encoding="utf-8"))["parameters"]
    for name in ("average_monthly_wage", "minimum_monthly_wage"):
        values = tables[name]["values"]
        assert set(NEW_CITIES) <= set(values), name
        for city in NEW_CITIES:
            for entry in values[city]:
                assert entry["source"].startswith(("A: ", "B: ")), (name, city)
                assert "https://" in entry["source"], (name, city)
    assert tables["average_monthly_wage"]["values"]["wuhan"] == []
