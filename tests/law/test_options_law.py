"""The alternatives of the open legal questions (law README Q1-Q15), each chosen by a company policy
that extends cn-beijing with `set:` (they are options: no deviation needed), worked by hand.

Base case (tests/law/cases.py): hired 2016-03-14, Art. 40(2) dismissal on 2026-09-30; 11 months;
N base (11 x 21000 + 36000) / 12 = 22250.00 (overtime 800 in January 2026); August 2026 21000.00.
"""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path
from typing import Any

from cases import exposure, line, make_case, month_list, required

from offboard_policy.case import parse_case
from offboard_policy.engine import evaluate
from offboard_policy.policy import load_policy
from offboard_policy.render.json import to_contract_dict

ROOT = Path(__file__).resolve().parents[2]


@cache
def _project(tmp: str) -> Path:
    base = Path(tmp)
    shutil.copytree(ROOT / "rules", base / "rules")
    (base / "policies").mkdir()
    shutil.copy(ROOT / "policies" / "cn-beijing.yaml", base / "policies" / "cn-beijing.yaml")
    return base


def check_with(tmp_path: Path, setting: str, case: dict[str, Any]) -> dict[str, Any]:
    """Check ``case`` under a policy extending cn-beijing with the one parameter ``setting``."""
    base = _project(str(tmp_path))
    path = base / "policies" / "company.yaml"
    path.write_text(f'policy: company\nversion: "1"\nextends: cn-beijing.yaml\nset:\n  {setting}\n',
                    encoding="utf-8")
    report = evaluate(load_policy(path), parse_case(case, display="<test case>"))
    result: dict[str, Any] = to_contract_dict(report, "en")
    return result


def test_q6e_medical_subsidy_on_an_illness_dismissal(tmp_path):
    report = check_with(tmp_path, 'medical_subsidy_months: {value: 6, source: "SHLCR Art. 44"}',
                        make_case({"termination.ground": "no_fault_illness"}))
    # 6 months x 22250.00 (12-month average) = 133500.00, none proposed; N unchanged 244750.00
    ln = line(report, "medical_subsidy")
    assert ln["required"] == "133500.00" and ln["shortfall"] == "133500.00"
    assert required(report, "economic_compensation") == "244750.00"
    # not for other grounds
    other = check_with(tmp_path, 'medical_subsidy_months: {value: 6, source: "SHLCR Art. 44"}',
                       make_case())
    assert line(other, "medical_subsidy") is None


def test_q6a_pre2008_full_years_only(tmp_path):
    case = make_case({"employee.hire_date": "2005-07-01", "employee.contract.start": "2005-07-01",
                      "employee.contract.signed_on": "2005-07-01",
                      "employee.contract.probation_end": None, "employee.birth_date": "1978-03-10"})
    report = check_with(tmp_path, 'pre2008_partial_year_counts: {value: false, source: "legal"}',
                        case)
    # pre 2005-07-01 .. 2007-12-31 = 2 y 6 m -> 2 full years only (default: 3); post 19 months
    # N = (2 + 19) x 22250.00 = 467250.00
    assert required(report, "economic_compensation") == "467250.00"


def test_q4a_pay_in_lieu_on_top_of_2n(tmp_path):
    case = make_case({"employee.gender": "female", "employee.retirement_group": "female_cadre",
                      "employee.protected_statuses": ["pregnancy"],
                      "termination.notice_date": None})
    report = check_with(tmp_path, 'pay_in_lieu_with_unlawful: {value: true, source: "legal"}',
                        case)
    # 2N = 2 x 11 x 22250.00 = 489500.00, plus August's 21000.00 in lieu = 510500.00
    assert exposure(report, "CN-LCL-42-4-female") == "510500.00"


def test_q5_2n_without_the_caps(tmp_path):
    case = make_case({"employee.hire_date": "2010-01-04", "employee.contract.start": "2010-01-04",
                      "employee.contract.signed_on": "2010-01-04",
                      "employee.contract.probation_end": None,
                      "employee.gender": "female", "employee.retirement_group": "female_cadre",
                      "employee.protected_statuses": ["maternity_leave"],
                      "employee.wages.monthly": month_list("2025-09", 13, "60000.00")})
    report = check_with(tmp_path, 'unlawful_apply_caps: {value: false, source: "legal"}', case)
    # 2010-01-04 .. 2026-09-30 = 16 y 8 m 27 d -> 17 months, uncapped 60000.00
    # 2N = 2 x 17 x 60000.00 = 2040000.00 (default with the caps: 2 x 12 x 47103.25 = 1130478.00)
    assert exposure(report, "CN-LCL-42-4-female") == "2040000.00"
    # the lawful N keeps the cap: 12 x 47103.25 = 565239.00
    assert required(report, "economic_compensation") == "565239.00"


def test_q2_overtime_left_out_of_the_n_base(tmp_path):
    report = check_with(tmp_path, 'n_base_include_overtime: {value: false, source: "legal"}',
                        make_case())
    # base (267000 - 800) / 12 = 22183.333...; N = 11 x 266200 / 12 = 2928200 / 12
    #    = 244016.666... -> 244016.67
    assert required(report, "economic_compensation") == "244016.67"


def test_q3_pay_in_lieu_without_the_overtime_of_the_month(tmp_path):
    wages = month_list("2025-09", 13, gross_by_month={"2025-12": "36000.00", "2026-08": "23456.78"},
                       overtime_by_month={"2026-01": "800.00", "2026-08": "456.78"})
    case = make_case({"employee.wages.monthly": wages, "termination.notice_date": "2026-09-20"})
    report = check_with(
        tmp_path, 'pay_in_lieu_basis: {value: previous_month_excluding_overtime, source: "legal"}',
        case)
    # August 2026: 23456.78 - 456.78 overtime = 23000.00 (default: the gross 23456.78)
    assert required(report, "notice_pay_in_lieu") == "23000.00"


def test_q4b_pay_in_lieu_in_a_layoff(tmp_path):
    case = make_case({"termination.ground": "layoff", "termination.notice_date": None,
                      "termination.layoff": {"headcount": 25, "workforce": 400,
                                             "explained_to_union_on": "2026-08-20",
                                             "reported_to_labor_bureau_on": "2026-08-25"}})
    report = check_with(tmp_path, 'pay_in_lieu_in_layoff: {value: true, source: "legal"}', case)
    assert required(report, "notice_pay_in_lieu") == "21000.00"   # August 2026 gross


def test_q15_non_compete_topped_up_to_the_floor(tmp_path):
    case = make_case({"employee.position.confidentiality_obligation": True,
                      "non_compete": {"agreed": True, "duration_months": 24,
                                      "monthly_compensation": "5000.00",
                                      "had_access_to_trade_secrets": True}})
    report = check_with(tmp_path, 'non_compete_below_floor: {value: top_up, source: "legal"}',
                        case)
    # max(agreed 5000.00, 30% x 22250.00 = 6675.00) = 6675.00; shortfall 1675.00
    ln = line(report, "non_compete_compensation")
    assert ln["required"] == "6675.00" and ln["shortfall"] == "1675.00"


def _march(termination: str) -> dict[str, Any]:
    return make_case({"termination.termination_date": termination,
                      "termination.last_working_day": termination,
                      "termination.notice_date": "2026-02-10",
                      "termination.union_notified_on": "2026-02-09",
                      "employee.annual_leave.taken_days_this_year": 0,
                      "employee.wages.monthly": month_list("2025-03", 13)})


def test_q14c_termination_day_counted_or_not(check_case, tmp_path):
    # 2026-03-14 is day 31 + 28 + 14 = 73 of the year; 10 days' entitlement (14 years)
    # default (termination day elapsed): 73 x 10 / 365 = 2.000 -> 2 days
    #   2 x 2 x 21000 / 21.75 = 84000 / 21.75 = 3862.0689... -> 3862.07
    assert required(check_case(_march("2026-03-14")), "annual_leave_payout") == "3862.07"
    # alternative: 72 days elapsed -> 72 x 10 / 365 = 1.972 -> 1 day: 42000 / 21.75 = 1931.03
    report = check_with(tmp_path,
                        'annual_leave_count_termination_day: {value: false, source: "legal"}',
                        _march("2026-03-14"))
    assert required(report, "annual_leave_payout") == "1931.03"
