"""Unused annual leave on departure (ALR Art. 3, 5; ALM Art. 10-12; Q14 defaults).

days = floor(min(elapsed x entitlement / 365, entitlement) - taken), never negative; elapsed =
calendar days this year at this employer, termination day included, 365 even in leap years.
Pay = days x 2 x (12-month average EXCLUDING overtime) / 21.75 (the 300% includes the normal
wage already paid, ALM 10). Window = the N window (12 months before the termination month).
"""

from cases import make_case, month_list, required


def test_base_case_three_days(check_case):
    report = check_case(make_case())
    # 14 cumulative years -> 10 days; 2026-01-01 .. 2026-09-30 = 273 days (termination day in)
    # 273 x 10 / 365 = 7.479... - 4 taken = 3.479... -> 3 days
    # monthly excl. overtime = (267000 - 800) / 12 = 22183.33...; daily = / 21.75
    # pay = 3 x 2 x 266200 / (12 x 21.75) = 1597200 / 261 = 6119.5402... -> 6119.54
    assert required(report, "annual_leave_payout") == "6119.54"


def test_fractions_are_dropped_early_in_the_year(check_case):
    case = make_case({"termination.termination_date": "2026-03-15",
                      "termination.last_working_day": "2026-03-15",
                      "termination.notice_date": "2026-02-10",
                      "termination.union_notified_on": "2026-02-09",
                      "employee.annual_leave.taken_days_this_year": 0,
                      "employee.wages.monthly": month_list("2025-03", 13)})
    report = check_case(case)
    # elapsed 2026-01-01 .. 2026-03-15 = 31 + 28 + 15 = 74 days; 74 x 10 / 365 = 2.027 -> 2 days
    # window 2025-03 .. 2026-02, 21000 flat, no overtime
    # pay = 2 x 2 x 21000 / 21.75 = 84000 / 21.75 = 3862.0689... -> 3862.07
    assert required(report, "annual_leave_payout") == "3862.07"


def test_leap_year_divides_by_365(check_case):
    case = make_case({"termination.termination_date": "2024-12-31",
                      "termination.last_working_day": "2024-12-31",
                      "termination.notice_date": "2024-11-30",
                      "termination.union_notified_on": "2024-11-29",
                      "employee.wages.monthly": month_list("2023-12", 13)})
    report = check_case(case)
    # 2024 is a leap year: elapsed 366 days; 366 x 10 / 365 = 10.027 -> capped at 10
    # 10 - 4 taken = 6 days; pay = 6 x 2 x 21000 / 21.75 = 252000 / 21.75 = 11586.2068...
    #   -> 11586.21
    assert required(report, "annual_leave_payout") == "11586.21"


def test_mid_year_hire_counts_days_at_this_employer(check_case):
    case = make_case({
        "employee.hire_date": "2026-05-11", "employee.contract.start": "2026-05-11",
        "employee.contract.signed_on": "2026-05-11",
        "employee.contract.probation_end": "2026-08-10",
        "employee.cumulative_work_years": 3,
        "employee.annual_leave.taken_days_this_year": 0,
        "employee.wages.monthly": month_list("2026-05", 5, "12000.00",
                                             gross_by_month={"2026-05": "7000.00"})})
    report = check_case(case)
    # 3 cumulative years -> 5 days; 2026-05-11 .. 2026-09-30 = 21+30+31+31+30 = 143 days
    # 143 x 5 / 365 = 1.958... -> 1 day; window 2026-05 .. 2026-08 (4 months, 43000)
    # pay = 1 x 2 x 43000 / (4 x 21.75) = 86000 / 87 = 988.5057... -> 988.51
    assert required(report, "annual_leave_payout") == "988.51"


def test_leave_taken_beyond_the_pro_rata_share_is_not_clawed_back(check_case):
    case = make_case({"employee.cumulative_work_years": 9})
    report = check_case(case)
    # 9 years -> 5 days; 273 x 5 / 365 = 3.739 - 4 taken < 0 -> 0 days (ALM 12 para 3)
    assert required(report, "annual_leave_payout") == "0.00"


def test_tier_boundary_ten_years_is_ten_days(check_case):
    case = make_case({"employee.cumulative_work_years": 10})
    report = check_case(case)
    # 已满10年 -> 10 days (以上/满 include the number): same as the base case, 6119.54
    assert required(report, "annual_leave_payout") == "6119.54"


def test_carried_over_days_are_added(check_case):
    case = make_case({"employee.annual_leave.carried_over_days": 2})
    report = check_case(case)
    # 3 days this year + 2 carried over = 5 days
    # pay = 5 x 2 x 266200 / 261 = 2662000 / 261 = 10199.2337... -> 10199.23
    assert required(report, "annual_leave_payout") == "10199.23"


def test_written_refusal_means_no_extra_pay(check_case):
    case = make_case({"employee.annual_leave.declined_in_writing": True,
                      "settlement.annual_leave_payout": "0"})
    report = check_case(case)
    # ALM 10 para 2: the employer arranged leave and the employee declined in writing
    assert required(report, "annual_leave_payout") == "0.00"
