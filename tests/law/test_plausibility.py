"""Impossible data (rules/cn/consistency.yaml, engine/roots.py): one blocking CN-DATA finding
at the root, and the findings that read the impossible fields left out with a pointer to it.

The base case (tests/law/cases.py): born 1985-06-15, hired 2016-03-14, 14 cumulative work
years, terminated 2026-09-30 (a no-fault dismissal in Beijing), wages 2025-09 .. 2026-09."""

from cases import make_case, required, rules_fired, status


def blocking(report):
    return [(f["rule"], f["status"]) for f in report["findings"] if f["severity"] == "blocking"]


def test_termination_before_hire_is_one_root_finding(check_case):
    report = check_case(make_case({"termination.termination_date": "2015-09-30",
                                   "termination.last_working_day": "2015-09-30",
                                   "termination.notice_date": "2015-08-31",
                                   "termination.union_notified_on": "2015-08-31"}))
    assert blocking(report) == [("CN-DATA-dates", "violation")]
    (root,) = [f for f in report["findings"] if f["rule"] == "CN-DATA-dates"]
    assert root["message"].startswith(
        "The termination date 2015-09-30 is before the hire date 2016-03-14. Not shown until "
        "this is corrected (they read these fields): ")
    # the wage window "from 2027-03 to 2026-10 (-4 months)" and N are among those left out
    assert "CN-LCLR-27-wage-window" in root["message"]
    assert "CN-LCL-47-compensation" in root["message"]
    assert "CN-LCLR-27-wage-window" not in rules_fired(report)
    # every amount reads the dates: shown without an amount, pointing to the root
    lines = report["settlement"]["lines"]
    assert lines and all(x["required"] is None for x in lines)
    assert {x["basis"] for x in lines} == {"rests on impossible data: see CN-DATA-dates"}
    assert report["settlement"]["total_required"] is None


def test_birth_after_hire(check_case):
    report = check_case(make_case({"employee.birth_date": "2017-01-01"}))
    assert status(report, "CN-DATA-birth-date") == "violation"
    assert [r for r, _ in blocking(report) if r.startswith("CN-DATA")] == ["CN-DATA-birth-date"]


def test_work_years_beyond_age_minus_16(check_case):
    # born 1985-06-15: 41 full years on 2026-09-30; 41 - 16 = 25 years at most
    fine = check_case(make_case({"employee.cumulative_work_years": 25}))
    assert status(fine, "CN-DATA-work-years") is None
    report = check_case(make_case({"employee.cumulative_work_years": 800}))
    (f,) = [f for f in report["findings"] if f["rule"] == "CN-DATA-work-years"]
    assert f["message"].startswith("800 cumulative work years is more than the employee's age "
                                   "(41) minus 16.")
    # the leave payout reads the work years (the entitlement tier): no amount, a pointer
    assert required(report, "annual_leave_payout") is None
    assert status(report, "CN-ALM-12-annual-leave") is None
    # N does not read the work years: still computed (11 x 22250.00 = 244750.00)
    assert required(report, "economic_compensation") == "244750.00"


def test_leave_taken_above_any_entitlement(check_case):
    # at most 15 days (20+ years) plus 0 carried over
    assert status(check_case(make_case({"employee.annual_leave.taken_days_this_year": 15})),
                  "CN-DATA-leave-taken") is None
    report = check_case(make_case({"employee.annual_leave.taken_days_this_year": 400}))
    (f,) = [f for f in report["findings"] if f["rule"] == "CN-DATA-leave-taken"]
    assert f["message"] == ("400 days of annual leave taken this year is more than any "
                            "statutory entitlement (at most 15 days, plus 0 carried over).")
    assert required(report, "annual_leave_payout") is None


def test_wage_months_after_the_termination(check_case):
    from cases import month_list

    report = check_case(make_case({"employee.wages.monthly": month_list("2025-09", 14)}))
    # 2025-09 .. 2026-10: one month (2026-10) after September 2026
    (f,) = [f for f in report["findings"] if f["rule"] == "CN-DATA-wage-after-termination"]
    assert f["message"].startswith("employee.wages.monthly lists 1 month(s) after the month "
                                   "of the termination date 2026-09-30.")
    assert required(report, "economic_compensation") is None
