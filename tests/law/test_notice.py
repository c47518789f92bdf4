"""Notice: LCL Art. 40 notice or one month's wage in lieu (LCLR Art. 20); LCL Art. 37 resignation.

Notice counting (CC Art. 201): notice given on day D satisfies "提前三十日" when the
termination date is on or after D + 30. Pay in lieu (Q3 default) = the gross wage of the
calendar month before the termination month.
"""

from cases import line, make_case, month_list, required, status


def test_thirty_days_written_notice_needs_no_pay_in_lieu(check_case):
    report = check_case(make_case())
    # notice 2026-08-31 + 30 = 2026-09-30 <= termination 2026-09-30
    assert required(report, "notice_pay_in_lieu") == "0.00"
    assert status(report, "CN-LCL-40-notice") is None


def test_twenty_nine_days_owe_the_previous_months_wage(check_case):
    report = check_case(make_case({"termination.notice_date": "2026-09-01"}))
    # 2026-09-01 + 30 = 2026-10-01 > 2026-09-30: short by one day -> one month's wage in lieu
    # = gross of August 2026 (the month before the termination month) = 21000.00
    ln = line(report, "notice_pay_in_lieu")
    assert ln["required"] == "21000.00"
    assert ln["shortfall"] == "21000.00"  # proposed "0"
    assert status(report, "CN-LCL-40-notice") == "violation"
    assert report["verdict"] == "blocked"


def test_pay_in_lieu_is_the_previous_month_not_the_average(check_case):
    wages = month_list("2025-09", 13, gross_by_month={"2025-12": "36000.00",
                                                      "2026-08": "23456.78"},
                       overtime_by_month={"2026-01": "800.00", "2026-08": "456.78"})
    case = make_case({"employee.wages.monthly": wages, "termination.notice_date": "2026-09-20",
                      "settlement.notice_pay_in_lieu": "23456.78"})
    report = check_case(case)
    # August 2026 gross 23456.78 (overtime 456.78 included, Q3 default gross) -- not the
    # 12-month average (267000 - 21000 + 23456.78) / 12 = 22454.73
    assert required(report, "notice_pay_in_lieu") == "23456.78"
    assert status(report, "CN-LCL-40-notice") is None  # fully proposed


def test_oral_notice_does_not_count(check_case):
    report = check_case(make_case({"termination.notice_in_writing": False}))
    assert required(report, "notice_pay_in_lieu") == "21000.00"  # Art. 40 requires writing


def test_no_notice_at_all_owes_the_month(check_case):
    report = check_case(make_case({"termination.notice_date": None}))
    assert required(report, "notice_pay_in_lieu") == "21000.00"


def test_layoff_owes_no_pay_in_lieu_by_default(check_case):
    case = make_case({"termination.ground": "layoff", "termination.notice_date": None,
                      "termination.layoff": {"headcount": 25, "workforce": 400,
                                             "explained_to_union_on": "2026-08-20",
                                             "reported_to_labor_bureau_on": "2026-08-25"}})
    report = check_case(case)
    # Q4 default: Art. 41 has its own procedure, no "+1"; N is still due (46(4))
    assert required(report, "notice_pay_in_lieu") == "0.00"
    assert required(report, "economic_compensation") == "244750.00"


def test_resignation_with_thirty_days_written_notice_is_clean(check_case):
    case = make_case({"termination.ground": "resignation", "termination.initiated_by": "employee"})
    report = check_case(case)
    assert status(report, "CN-LCL-37-notice") is None


def test_resignation_on_twenty_days_notice_is_a_warning(check_case):
    case = make_case({"termination.ground": "resignation", "termination.initiated_by": "employee",
                      "termination.notice_date": "2026-09-10"})
    report = check_case(case)
    # 2026-09-10 + 30 = 2026-10-10 > 2026-09-30: the employee's notice is short (LCL 37, 90)
    found = [f for f in report["findings"] if f["rule"] == "CN-LCL-37-notice"]
    assert found and found[0]["severity"] == "warning" and found[0]["status"] == "violation"


def test_resignation_in_probation_needs_three_days(check_case):
    case = make_case({"termination.ground": "resignation", "termination.initiated_by": "employee",
                      "employee.hire_date": "2026-07-01", "employee.contract.start": "2026-07-01",
                      "employee.contract.signed_on": "2026-07-01",
                      "employee.contract.probation_end": "2026-12-31",
                      "employee.wages.monthly": month_list("2026-07", 3),
                      "termination.notice_date": "2026-09-27",
                      "termination.notice_in_writing": False})
    report = check_case(case)
    # in probation: 3 days, writing not required; 2026-09-27 + 3 = 2026-09-30
    assert status(report, "CN-LCL-37-notice") is None
