"""Medical period (MED Arts. 3-4; LCL Art. 42(3); rules/cn/medical_period.yaml), worked by hand.

Base case: hired 2016-03-14, Art. 40(2) dismissal on 2026-09-30, cumulative work years 14 (at
termination). Total years at the sick-leave start = 14 - days(start -> 2026-09-30) / 365.
"""

from cases import exposure, findings, make_case, status

RULE = "CN-MED-3-medical-period"


def _sick(start, **more):
    return make_case({"employee.sick_leave_start": start, **more})


def test_dismissal_inside_a_twelve_month_period(check_case):
    report = check_case(_sick("2026-06-01"))
    # here: 2016-03-14 -> 2026-06-01 = 10 full years; total 14 - 121/365 = 13.67 (>= 10)
    # 10 to under 15 years here -> 12 months; earliest end 2027-06-01 >= 2026-09-30 -> inside
    # exposure 2N = 2 x 11 x 22250.00 = 489500.00
    assert status(report, RULE) == "violation"
    assert exposure(report, RULE) == "489500.00"
    (found,) = findings(report, RULE)
    assert "the medical period is 12 months" in found["message"]
    assert "ends on 2027-06-01 at the earliest" in found["message"]


def test_nine_month_period_long_over(check_case):
    # here: 2016-03-14 -> 2024-09-01 = 8 years; total 14 - 759/365 = 11.92 -> 9 months
    # earliest end 2025-06-01 < 2026-09-30: not certainly inside (breaks would extend it)
    assert status(check_case(_sick("2024-09-01")), RULE) is None


def test_six_months_ending_on_the_termination_day(check_case):
    report = check_case(_sick("2026-03-31", **{"employee.cumulative_work_years": 10}))
    # total 10 - 183/365 = 9.50 (< 10); here 10 years (>= 5) -> 6 months
    # CC 201-202: 2026-03-31 + 6 months = 2026-09-30 is the last day: termination still inside
    assert status(report, RULE) == "violation"


def test_six_months_over_the_day_before(check_case):
    # total 10 - 185/365 = 9.49 (< 10) -> 6 months -> last day 2026-09-29 < 2026-09-30
    report = check_case(_sick("2026-03-29", **{"employee.cumulative_work_years": 10}))
    assert status(report, RULE) is None


def test_ten_years_of_work_moves_to_the_higher_table(check_case):
    # total 11 - 185/365 = 10.49 (>= 10); here 10 years -> 12 months -> 2027-03-29: inside
    report = check_case(_sick("2026-03-29", **{"employee.cumulative_work_years": 11}))
    assert status(report, RULE) == "violation"


def test_reported_once_when_the_status_is_recorded(check_case):
    report = check_case(_sick("2026-06-01", **{
        "employee.protected_statuses": ["medical_treatment_period"]}))
    assert status(report, "CN-LCL-42-3-medical-period") == "violation"
    assert status(report, RULE) is None


def test_dismissal_for_cause_is_not_barred(check_case):
    report = check_case(_sick("2026-06-01", **{"termination.ground": "dismissal_for_cause"}))
    assert status(report, RULE) is None


def test_sick_leave_after_termination_is_a_data_error(check_case):
    report = check_case(_sick("2026-10-05"))
    assert status(report, "CN-DATA-sick-leave-start") == "violation"
    assert status(report, RULE) is None
    assert status(check_case(_sick("2026-06-01")), "CN-DATA-sick-leave-start") is None
