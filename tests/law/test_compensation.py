"""Economic compensation N (LCL Art. 46, 47; LCLR Art. 27) worked by hand.

Conventions (team decisions, law README defaults): service counts inclusive of the last day
(exclusive end = termination date + 1); months = full years + 1 if the remainder is >= 6 months,
+ 0.5 if it is under 6 months but not zero; N base = the 12 calendar months before the month of
termination (from the hire month if later), overtime included, floored at the minimum wage,
capped at 3 x the local average (Beijing: annual / 4); the 12-year limit only when the cap bites.
"""

from cases import (
    BEIJING_CAP,
    make_case,
    month_list,
    required,
    status,
)

BJ = "policies/cn-beijing.yaml"


def test_base_case_is_ready_with_eleven_months(check_case):
    report = check_case(make_case())
    # 2016-03-14 .. 2026-09-30 inclusive = 10 y 6 m 17 d -> 10 + 1 = 11 months
    # base = (11 x 21000 + 36000) / 12 = 267000 / 12 = 22250.00 (overtime 800 is inside gross)
    # N = 11 x 22250.00 = 244750.00
    assert required(report, "economic_compensation") == "244750.00"
    assert report["verdict"] == "ready"
    # only the note that the Beijing figure's start date (2024-10-01) is approximate
    assert [(f["rule"], f["severity"]) for f in report["findings"]] == [
        ("OP-approximate-parameter", "info")]


def _flat(hire, termination, notice, wages_from, months, gross="20000.00"):
    return make_case({
        "employee.hire_date": hire,
        "employee.contract.start": hire,
        "employee.contract.signed_on": hire,
        "employee.contract.probation_end": None,
        "employee.wages.monthly": month_list(wages_from, months, gross),
        "termination.termination_date": termination,
        "termination.last_working_day": termination,
        "termination.notice_date": notice,
        "termination.union_notified_on": notice,
    })


def test_six_month_remainder_exactly_counts_as_a_year(check_case):
    case = _flat("2020-03-01", "2026-08-31", "2026-08-01", "2025-08", 13)
    report = check_case(case)
    # 2020-03-01 .. 2026-08-31 inclusive: end (exclusive) 2026-09-01; 6 full years to 2026-03-01,
    # then 2026-03-01 .. 2026-08-31 = 6 months exactly -> 6 + 1 = 7 months
    # window 2025-08 .. 2026-07, 20000 a month -> base 20000.00; N = 7 x 20000 = 140000.00
    assert required(report, "economic_compensation") == "140000.00"


def test_one_day_short_of_six_months_is_half_a_month(check_case):
    case = _flat("2020-03-01", "2026-08-30", "2026-07-31", "2025-08", 13)
    report = check_case(case)
    # end (exclusive) 2026-08-31: 6 years + 5 months 30 days -> remainder < 6 months -> 6.5
    # N = 6.5 x 20000 = 130000.00
    assert required(report, "economic_compensation") == "130000.00"


def test_a_few_days_past_the_anniversary_earn_half_a_month(check_case):
    case = _flat("2020-03-01", "2026-03-05", "2026-02-01", "2025-01", 15)
    report = check_case(case)
    # 2020-03-01 .. 2026-03-05 inclusive = 6 y 0 m 5 d -> 6 + 0.5 = 6.5 (digest's literal reading)
    # N = 6.5 x 20000 = 130000.00
    assert required(report, "economic_compensation") == "130000.00"


def test_whole_years_exactly_earn_no_half_month(check_case):
    case = _flat("2020-03-01", "2026-02-28", "2026-01-28", "2025-01", 14)  # to 2026-02
    report = check_case(case)
    # 2020-03-01 .. 2026-02-28 inclusive: end (exclusive) 2026-03-01 = exactly 6 years -> 6
    # window 2025-02 .. 2026-01 (20000 each); N = 6 x 20000 = 120000.00
    assert required(report, "economic_compensation") == "120000.00"


def test_under_six_months_of_service_is_half_a_month_over_the_months_worked(check_case):
    case = make_case({
        "employee.hire_date": "2026-05-11",
        "employee.contract.start": "2026-05-11",
        "employee.contract.signed_on": "2026-05-11",
        "employee.contract.probation_end": "2026-08-10",
        "employee.cumulative_work_years": 3,
        "employee.annual_leave.taken_days_this_year": 0,
        "employee.wages.monthly": month_list("2026-05", 5, "12000.00",
                                             gross_by_month={"2026-05": "7000.00"}),
    })
    report = check_case(case)
    # 2026-05-11 .. 2026-09-30 inclusive = 4 m 20 d -> under 6 months -> 0.5 month
    # window: hire month 2026-05 .. 2026-08 = 4 months (May counts in full, LCLR 27)
    # base = (7000 + 3 x 12000) / 4 = 43000 / 4 = 10750.00; N = 0.5 x 10750 = 5375.00
    assert required(report, "economic_compensation") == "5375.00"


def _high(hire, gross="60000.00", termination="2026-09-30", wages_from="2025-09", months=13,
          notice="2026-08-31"):
    case = _flat(hire, termination, notice, wages_from, months, gross)
    case["employee"]["cumulative_work_years"] = 20
    return case


def test_cap_with_the_twelve_year_limit(check_case):
    report = check_case(_high("2010-01-04"))
    # 2010-01-04 .. 2026-09-30 = 16 y 8 m 27 d -> 17 months
    # base 60000.00 > cap 3 x 188413 / 12 = 47103.25 -> base 47103.25 and min(17, 12) = 12
    # N = 12 x 47103.25 = 565239.00
    assert required(report, "economic_compensation") == "565239.00"


def test_cap_without_reaching_the_twelve_year_limit(check_case):
    report = check_case(_high("2019-06-01"))
    # 2019-06-01 .. 2026-09-30 = 7 y 4 m -> remainder under 6 months -> 7.5 (< 12: no limit)
    # N = 7.5 x 47103.25 = 353274.375 -> half a fen rounds up -> 353274.38
    assert required(report, "economic_compensation") == "353274.38"


def test_no_twelve_year_limit_below_the_cap(check_case):
    case = make_case({"employee.hire_date": "2010-01-04", "employee.contract.start": "2010-01-04",
                      "employee.contract.signed_on": "2010-01-04",
                      "employee.contract.probation_end": None})
    report = check_case(case)
    # 16 y 8 m 27 d -> 17 months; base 22250.00 < 47103.25: no cap, no 12-year limit
    # N = 17 x 22250.00 = 378250.00
    assert required(report, "economic_compensation") == "378250.00"


def test_beijing_cap_is_annual_over_four_not_three_times_the_rounded_month(check_case):
    report = check_case(_high("2025-12-01", wages_from="2025-12", months=10))
    # 2025-12-01 .. 2026-09-30 = 10 months -> 1 month; window 2025-12 .. 2026-08 (9 months)
    # base 60000 > cap; cap = 3 x 188413 / 12 = 47103.25 exactly (3 x 15701.08 would be 47103.24)
    # N = 1 x 47103.25 = 47103.25
    assert required(report, "economic_compensation") == str(BEIJING_CAP) == "47103.25"


def test_cap_uses_the_figure_in_force_on_the_termination_date(check_case):
    case = _high("2023-12-01", termination="2024-09-30", wages_from="2023-12", months=10,
                 notice="2024-08-31")
    report = check_case(case)
    # 2024-09-30 is before 2024-10-01 (README default start of the 2023 figure): the 2022 figure
    # 178476 applies (from 2023-10-01) -> cap = 178476 / 4 = 44619.00
    # 2023-12-01 .. 2024-09-30 = 10 months -> 1 month; N = 44619.00
    assert required(report, "economic_compensation") == "44619.00"


def test_minimum_wage_floor(check_case):
    case = _flat("2023-03-01", "2026-09-30", "2026-08-31", "2025-09", 13, "2300.00")
    report = check_case(case)
    # 2023-03-01 .. 2026-09-30 = 3 y 7 m -> 4 months
    # average 2300.00 < Beijing minimum wage 2540 (from 2025-09-01) -> base 2540 (LCLR 27)
    # N = 4 x 2540 = 10160.00
    assert required(report, "economic_compensation") == "10160.00"


def test_a_missing_month_in_the_window_makes_n_incomplete(check_case):
    case = make_case({"employee.wages.monthly": month_list("2025-10", 12)})
    report = check_case(case)
    # window 2025-09 .. 2026-08 needs 12 months; 2025-09 is absent: never average over 11
    line = next(ln for ln in report["settlement"]["lines"] if ln["id"] == "economic_compensation")
    assert line["required"] is None
    assert status(report, "CN-LCL-47-compensation") == "incomplete"
    assert status(report, "CN-LCLR-27-wage-window") == "violation"
    assert report["verdict"] == "blocked"


def test_shenzhen_has_no_verified_average_wage_so_n_is_incomplete(check_case):
    case = make_case({"jurisdiction.city": "shenzhen"})
    report = check_case(case, policy="policies/cn-statutory.yaml")
    # no Art. 47 statistic verified for Shenzhen: the cap cannot be decided -> incomplete
    assert status(report, "CN-LCL-47-compensation") == "incomplete"


# -- Art. 46: when N is due -----------------------------------------------------------------------

def _ground(ground, initiated_by, **extra):
    overrides = {"termination.ground": ground, "termination.initiated_by": initiated_by}
    overrides.update(extra)
    return make_case(overrides)


def test_resignation_owes_no_compensation(check_case):
    report = check_case(_ground("resignation", "employee"))
    assert required(report, "economic_compensation") == "0.00"


def test_resignation_for_employer_fault_owes_n(check_case):
    report = check_case(_ground("resignation_employer_fault", "employee"))
    assert required(report, "economic_compensation") == "244750.00"  # 11 x 22250.00 (LCL 46(1))


def test_mutual_agreement_proposed_by_the_employer_owes_n(check_case):
    report = check_case(_ground("mutual_agreement_employer_proposed", "employer"))
    assert required(report, "economic_compensation") == "244750.00"  # LCL 46(2)


def test_mutual_agreement_proposed_by_the_employee_owes_nothing(check_case):
    report = check_case(_ground("mutual_agreement_employee_proposed", "employee"))
    assert required(report, "economic_compensation") == "0.00"


def test_dismissal_for_cause_owes_nothing(check_case):
    report = check_case(_ground("dismissal_for_cause", "employer"))
    assert required(report, "economic_compensation") == "0.00"


def test_employer_closure_owes_n(check_case):
    report = check_case(_ground("employer_closure", "employer"))
    assert required(report, "economic_compensation") == "244750.00"  # LCL 46(6)


def test_retirement_owes_nothing(check_case):
    report = check_case(_ground("retirement", "employer"))
    assert required(report, "economic_compensation") == "0.00"


def _expiry(renewal_offered, declined):
    return make_case({
        "termination.ground": "contract_expiry",
        "termination.initiated_by": "employer",
        "termination.renewal_offered": renewal_offered,
        "termination.renewal_declined_by_employee": declined,
        "employee.contract.type": "fixed_term",
        "employee.contract.start": "2023-10-01",
        "employee.contract.signed_on": "2023-09-25",
        "employee.contract.end": "2026-09-30",
        "employee.contract.probation_end": None,
        "employee.contract.consecutive_fixed_terms": 1,
    })


def test_expiry_without_a_renewal_offer_owes_n(check_case):
    report = check_case(_expiry(False, None))
    # LCL 46(5): service counted from hire (2016-03-14), all post-2008: 11 x 22250 = 244750.00
    assert required(report, "economic_compensation") == "244750.00"


def test_expiry_after_the_employee_declined_renewal_on_the_same_terms_owes_nothing(check_case):
    report = check_case(_expiry(True, True))
    assert required(report, "economic_compensation") == "0.00"


def test_part_time_termination_owes_nothing(check_case):
    case = make_case({"employee.contract.type": "part_time"})
    report = check_case(case)
    assert required(report, "economic_compensation") == "0.00"  # LCL 71


def test_a_wage_exactly_at_the_cap_is_not_capped(check_case):
    # 12 months at 47103.25 = 188413 / 4, the Beijing cap (2023 data, from 2024-10-01). LCL 47
    # caps only a wage *higher* (高于) than 3x the average: equal is not capped, so the 12-year
    # limit does not apply either. Service 2010-01-04 .. 2026-09-30 inclusive = 16 y 8 m 27 d
    # -> 16 + 1 = 17 months; N = 17 x 47103.25 = 800755.25.
    case = make_case({"employee.hire_date": "2010-01-04", "employee.contract.start": "2010-01-04",
                      "employee.contract.signed_on": "2010-01-04",
                      "employee.contract.probation_end": None,
                      "employee.wages.monthly": month_list("2025-09", 13, "47103.25")})
    report = check_case(case)
    assert required(report, "economic_compensation") == "800755.25"
