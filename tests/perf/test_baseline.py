"""Hand-worked examples for the hand-written baseline (benchmarks/baseline.py).

Each test states its arithmetic in comments, worked from the law digest and the README
defaults, so that the baseline can serve as the reference of the differential test.
"""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from typing import Any

from benchmarks.baseline import (
    F_NOTICE_OR_PAY,
    F_PROTECTED,
    F_RESIGNATION_NOTICE,
    F_UNION,
    evaluate_baseline,
    prepare,
)

D = Decimal


def months(first: str, count: int, gross: str, overtime: str = "0") -> list[dict[str, Any]]:
    """``count`` wage months from ``first`` ("YYYY-MM"), all with the same gross and overtime."""
    year, month = int(first[:4]), int(first[5:])
    rows = []
    for _ in range(count):
        rows.append({"month": f"{year:04d}-{month:02d}", "gross": gross, "overtime": overtime})
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return rows


def make_case(**changes: Any) -> dict[str, Any]:
    """The case.example.yaml case (parsed), with 2025-09 added, then dotted-path changes."""
    wages = months("2025-09", 13, "21000.00")
    wages[3]["gross"] = "36000.00"      # 2025-12 year-end bonus month
    wages[4]["overtime"] = "800.00"     # 2026-01
    raw: dict[str, Any] = {
        "case_id": "T-1",
        "jurisdiction": {"country": "CN", "city": "beijing"},
        "employee": {
            "id": "E1", "hire_date": "2016-03-14", "cumulative_work_years": 14,
            "contract": {"type": "open_ended", "start": "2016-03-14", "end": None,
                         "probation_end": "2016-09-13"},
            "protected_statuses": [],
            "wages": {"monthly": wages},
            "annual_leave": {"taken_days_this_year": 4},
        },
        "termination": {
            "ground": "no_fault_incompetence", "initiated_by": "employer",
            "notice_date": "2026-09-20", "notice_in_writing": True,
            "last_working_day": "2026-09-30", "termination_date": "2026-09-30",
            "union_notified_on": "2026-09-18", "renewal_offered": None,
            "renewal_declined_by_employee": None, "layoff": None,
        },
        "settlement": {"economic_compensation": "220500.00", "notice_pay_in_lieu": "0",
                       "annual_leave_payout": "0"},
    }
    for path, value in changes.items():
        node = raw
        *parents, last = path.split("__")
        for part in parents:
            node = node[part]
        node[last] = copy.deepcopy(value)
    return prepare(raw)  # type: ignore[no-any-return]


def test_example_case() -> None:
    result = evaluate_baseline(make_case())
    # Window: the 12 months before September 2026 = 2025-09 .. 2026-08.
    # Gross: 11 x 21000 + 36000 = 267000 -> average 22250 (< cap 188413 / 4 = 47103.25;
    # > minimum wage 2540). Service 2016-03-14 .. 2026-09-30 inclusive: relativedelta to
    # 2026-10-01 = 10 y 6 m 17 d -> remainder >= 6 months -> 11 months. N = 22250 x 11.
    assert result.amounts["economic_compensation"] == D("244750.00")
    # Notice on 2026-09-20 needs termination >= 2026-10-20: short -> August's gross.
    assert result.amounts["notice_pay_in_lieu"] == D("21000.00")
    # 14 cumulative years -> 10 days. Elapsed 2026-01-01 .. 2026-09-30 = 273 days;
    # 273 x 10 / 365 = 7.479 - 4 taken = 3.479 -> 3 days. Excluding overtime the window sums
    # 267000 - 800 = 266200; 3 x 2 x 266200 / (12 x 21.75) = 1597200 / 261 = 6119.5402...
    assert result.amounts["annual_leave_payout"] == D("6119.54")
    assert result.findings == {
        F_NOTICE_OR_PAY: "violation",          # nothing proposed in lieu of notice
        "economic_compensation": "violation",  # 220500 proposed < 244750
        "notice_pay_in_lieu": "violation",
        "annual_leave_payout": "violation",
    }


def test_enough_notice_and_union_late() -> None:
    # Notice 2026-08-31 + 30 = 2026-09-30 = termination date: enough (CC 201).
    # Union told on 2026-10-01, after the termination date: LCL-43 violation.
    result = evaluate_baseline(make_case(termination__notice_date="2026-08-31",
                                         termination__union_notified_on="2026-10-01"))
    assert result.amounts["notice_pay_in_lieu"] == D("0.00")
    assert F_NOTICE_OR_PAY not in result.findings
    assert result.findings[F_UNION] == "violation"


def test_cap_and_twelve_year_limit() -> None:
    # 60000 a month > cap 47103.25 (2023 figure, in force from 2024-10-01) on 2025-06-30.
    # Service 2010-01-04 .. 2025-06-30: 15 y 5 m 27 d -> 15.5 months, limited to 12.
    # N = 47103.25 x 12 = 565239.00.
    case = make_case(employee__hire_date="2010-01-04",
                     employee__wages__monthly=months("2024-06", 13, "60000.00"),
                     termination__ground="mutual_agreement_employer_proposed",
                     termination__termination_date="2025-06-30")
    assert evaluate_baseline(case).amounts["economic_compensation"] == D("565239.00")


def test_half_fen_rounds_up_and_short_service() -> None:
    # Hired 2025-03-01, dismissed 2025-05-15: window 2025-03 .. 2025-04 (2 months, none
    # before hire), average 5000.01. Service to 2025-05-16 = 2 m 15 d -> 0.5 month.
    # N = 10000.02 x 0.5 / 2 = 2500.005 -> half-up 2500.01 (banker's rounding would give .00).
    case = make_case(employee__hire_date="2025-03-01", employee__cumulative_work_years="0.5",
                     employee__wages__monthly=months("2025-03", 3, "5000.01"),
                     employee__protected_statuses=["pregnancy"],
                     termination__ground="no_fault_changed_circumstances",
                     termination__notice_date=None, termination__union_notified_on=None,
                     termination__termination_date="2025-05-15")
    result = evaluate_baseline(case)
    assert result.amounts["economic_compensation"] == D("2500.01")
    assert result.amounts["notice_pay_in_lieu"] == D("5000.01")    # April's gross
    assert result.amounts["annual_leave_payout"] == D("0.00")      # < 1 year: no entitlement
    assert result.findings[F_PROTECTED] == "violation"
    assert result.findings[F_UNION] == "violation"


def test_minimum_wage_floor() -> None:
    # Average 1000 < Beijing minimum 2420 (from 2023-09-01) on 2024-06-30: base 2420.
    # Service 2023-06-30 .. 2024-06-30 = 1 y 1 d -> 1.5 months. N = 2420 x 1.5 = 3630.00.
    case = make_case(employee__hire_date="2023-06-30",
                     employee__wages__monthly=months("2023-06", 13, "1000.00"),
                     termination__termination_date="2024-06-30")
    assert evaluate_baseline(case).amounts["economic_compensation"] == D("3630.00")


def test_pre_2008_segments() -> None:
    # Hired 2005-07-01, dismissed for incompetence 2020-12-31, 10000 a month (cap 140581 / 4).
    # Pre-2008: 2 y 6 m -> 3 months (part year = 1), under the 12-month limit.
    # Post-2008: 2008-01-01 .. 2021-01-01 = 13 years -> 13 months. N = 16 x 10000.
    base = {"employee__hire_date": "2005-07-01",
            "employee__wages__monthly": months("2019-12", 12, "10000.00"),
            "termination__termination_date": "2020-12-31"}
    assert evaluate_baseline(make_case(**base)).amounts["economic_compensation"] == D("160000.00")
    # Contract expiry was not compensable before 2008: post-2008 years only -> 130000.
    expiry = make_case(**base, termination__ground="contract_expiry",
                       termination__renewal_offered=False)
    assert evaluate_baseline(expiry).amounts["economic_compensation"] == D("130000.00")
    # Hired 1990-03-01, employer-proposed agreement, 50000 a month (> cap 35145.25):
    # pre-2008 17 y 10 m -> 18, limited to 12, uncapped: 12 x 50000 = 600000;
    # post-2008 13 years, capped: min(13, 12) x 35145.25 = 421743. N = 1021743.00.
    old = make_case(**{**base, "employee__hire_date": "1990-03-01",
                       "employee__wages__monthly": months("2019-12", 12, "50000.00")},
                    termination__ground="mutual_agreement_employer_proposed")
    assert evaluate_baseline(old).amounts["economic_compensation"] == D("1021743.00")


def test_expiry_with_renewal_refused_owes_nothing() -> None:
    case = make_case(termination__ground="contract_expiry", termination__renewal_offered=True,
                     termination__renewal_declined_by_employee=True)
    assert evaluate_baseline(case).amounts["economic_compensation"] == D("0.00")


def test_leave_new_joiner_and_leap_year_cap() -> None:
    # 25 cumulative years -> 15 days. Hired 2025-04-10, leaves 2025-12-31: elapsed 266 days;
    # 266 x 15 / 365 = 10.93 - 2 taken = 8.93 -> 8 days. Window 2025-04 .. 2025-11 (8 months):
    # 8 x 8700 - 870 overtime = 68730. 8 x 2 x 68730 / (8 x 21.75) = 137460 / 21.75 = 6320.
    wages = months("2025-04", 9, "8700.00")
    wages[1]["overtime"] = "870.00"
    case = make_case(employee__hire_date="2025-04-10", employee__cumulative_work_years=25,
                     employee__annual_leave__taken_days_this_year=2,
                     employee__wages__monthly=wages, termination__ground="resignation",
                     termination__notice_date="2025-12-01",
                     termination__termination_date="2025-12-31")
    result = evaluate_baseline(case)
    assert result.amounts["annual_leave_payout"] == D("6320.00")
    assert result.amounts["economic_compensation"] == D("0.00")
    # 2024 is a leap year: 366 x 15 / 365 > 15 -> capped at 15 days, none taken.
    # 15 x 2 x 12 x 21750 / (12 x 21.75) = 30000.
    leap = make_case(employee__cumulative_work_years=25,
                     employee__annual_leave__taken_days_this_year=0,
                     employee__wages__monthly=months("2023-12", 13, "21750.00"),
                     termination__termination_date="2024-12-31")
    assert evaluate_baseline(leap).amounts["annual_leave_payout"] == D("30000.00")


def test_resignation_notice() -> None:
    # During probation 3 days' notice (any form): notice 03-01 suffices for 03-04, not 03-03.
    probation = {"employee__contract__probation_end": "2025-03-31",
                 "employee__hire_date": "2025-01-01", "termination__ground": "resignation",
                 "termination__notice_date": "2025-03-01", "termination__notice_in_writing": False}
    ok = make_case(**probation, termination__termination_date="2025-03-04")
    short = make_case(**probation, termination__termination_date="2025-03-03")
    assert F_RESIGNATION_NOTICE not in evaluate_baseline(ok).findings
    assert evaluate_baseline(short).findings[F_RESIGNATION_NOTICE] == "violation"
    # After probation: 30 days in writing. 06-01 + 30 = 07-01.
    after = {"termination__ground": "resignation", "termination__notice_date": "2025-06-01"}
    assert F_RESIGNATION_NOTICE not in evaluate_baseline(
        make_case(**after, termination__termination_date="2025-07-01")).findings
    assert F_RESIGNATION_NOTICE in evaluate_baseline(
        make_case(**after, termination__termination_date="2025-06-30")).findings
    oral = make_case(**after, termination__notice_in_writing=False,
                     termination__termination_date="2025-07-31")
    assert F_RESIGNATION_NOTICE in evaluate_baseline(oral).findings


def test_not_computable() -> None:
    # A window month (2026-02) missing from the wages: N and the leave payout are unknown.
    wages = months("2025-09", 13, "21000.00")
    del wages[5]
    result = evaluate_baseline(make_case(employee__wages__monthly=wages))
    assert result.amounts["economic_compensation"] is None
    assert result.amounts["annual_leave_payout"] is None
    assert result.amounts["notice_pay_in_lieu"] == D("21000.00")
    assert result.findings["economic_compensation"] == "incomplete"
    # Before 2019-08-16 Beijing has no verified Art. 47 figure: N is unknown.
    early = make_case(employee__wages__monthly=months("2018-05", 12, "9000.00"),
                      termination__termination_date="2019-05-31")
    assert early["termination"]["termination_date"] == date(2019, 5, 31)
    assert evaluate_baseline(early).amounts["economic_compensation"] is None


def test_near_retirement_protection() -> None:
    # LCL-42(5): 15 full years here and < 5 years to retirement (digest 11.6 tables).
    # Male born 1966-05-10: k = 12 + 5 = 17 months after Jan 1965 -> delay ceil(17/4) = 5
    # months -> retires 2026-10-10, within 5 years of 2025-06-30; service from 2005 > 15 years.
    male = {"employee__birth_date": "1966-05-10", "employee__gender": "male",
            "employee__hire_date": "2005-01-01",
            "employee__wages__monthly": months("2024-06", 13, "20000.00"),
            "termination__termination_date": "2025-06-30"}
    assert evaluate_baseline(make_case(**male)).findings[F_PROTECTED] == "violation"
    # Before the reform (2020-06-30) he retires at 60 = 2026-05-10: 5 y 10 m away -> no.
    before = make_case(**{**male, "termination__termination_date": "2020-06-30",
                          "employee__wages__monthly": months("2019-06", 13, "20000.00")})
    assert F_PROTECTED not in evaluate_baseline(before).findings
    # Female worker born 1978-02-01: k = 36 + 2 = 38 after Jan 1975 -> delay ceil(38/2) = 19
    # months -> 50 y 19 m = 2029-09-01, within 5 years of 2026-09-30; hired 2010 (16 years).
    female = make_case(employee__birth_date="1978-02-01", employee__gender="female",
                       employee__retirement_group="female_worker",
                       employee__hire_date="2010-09-01")
    assert evaluate_baseline(female).findings[F_PROTECTED] == "violation"
    # Without the retirement group a woman's retirement date is unknown: undecided.
    unknown = make_case(employee__birth_date="1978-02-01", employee__gender="female",
                        employee__hire_date="2010-09-01")
    assert evaluate_baseline(unknown).findings[F_PROTECTED] == "incomplete"
    # Under 15 years here the dates do not matter.
    short = make_case(employee__gender="female", employee__hire_date="2012-09-01")
    assert F_PROTECTED not in evaluate_baseline(short).findings


def test_extensions_union_and_declined_leave() -> None:
    # No union at the employer: nobody to notify (LCL-43 / SPC1-47 presuppose a union).
    no_union = make_case(employer={"has_union": False}, termination__union_notified_on=None)
    assert F_UNION not in evaluate_baseline(no_union).findings
    unknown = make_case(termination__union_notified_on=None)
    assert evaluate_baseline(unknown).findings[F_UNION] == "violation"
    # Leave declined in writing: only the normal wage, nothing extra (ALM-10 para 2).
    declined = make_case(employee__annual_leave={"taken_days_this_year": 0,
                                                 "declined_in_writing": True})
    assert evaluate_baseline(declined).amounts["annual_leave_payout"] == D("0.00")


def test_task_based_completion_owes_n_whatever_renewal_was_offered() -> None:
    # LCLR 22: a task-based contract ending on completion owes N; the 46(5) exception for a
    # declined same-or-better renewal is for fixed terms only. 11 months x 22250 = 244750.00.
    case = make_case(termination__ground="contract_expiry", termination__initiated_by="employer",
                     termination__renewal_offered=True,
                     termination__renewal_declined_by_employee=True,
                     employee__contract__type="task_based")
    assert evaluate_baseline(case).amounts["economic_compensation"] == D("244750.00")
    fixed = make_case(termination__ground="contract_expiry", termination__initiated_by="employer",
                      termination__renewal_offered=True,
                      termination__renewal_declined_by_employee=True,
                      employee__contract__type="fixed_term")
    assert evaluate_baseline(fixed).amounts["economic_compensation"] == D("0.00")
