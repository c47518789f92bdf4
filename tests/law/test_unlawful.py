"""Unlawful termination: 2N exposure (LCL Art. 48, 87; LCLR Art. 25) on blocking findings.

2N = 2 x the Art. 47 amount on full tenure from the hire date (no pre-2008 split), with the
3x cap and 12-year limit (Q5 default), without the pay in lieu (Q4 default).
"""

from cases import exposure, make_case, month_list, status


def test_pregnant_employee_dismissed_under_art_40_exposes_2n(check_case):
    case = make_case({"employee.gender": "female", "employee.retirement_group": "female_cadre",
                      "employee.protected_statuses": ["pregnancy"]})
    report = check_case(case)
    # 11 months x 22250.00 = 244750.00; 2N = 489500.00
    assert status(report, "CN-LCL-42-4-female") == "violation"
    assert exposure(report, "CN-LCL-42-4-female") == "489500.00"
    assert report["verdict"] == "blocked"


def test_2n_does_not_add_the_pay_in_lieu(check_case):
    case = make_case({"employee.gender": "female", "employee.retirement_group": "female_cadre",
                      "employee.protected_statuses": ["nursing_infant"],
                      "termination.notice_date": None})
    report = check_case(case)
    # Q4 default: 2N replaces N and the month in lieu -> still 489500.00, not 510500.00
    assert exposure(report, "CN-LCL-42-4-female") == "489500.00"


def test_2n_keeps_the_cap_and_the_twelve_year_limit(check_case):
    case = make_case({"employee.hire_date": "2010-01-04", "employee.contract.start": "2010-01-04",
                      "employee.contract.signed_on": "2010-01-04",
                      "employee.contract.probation_end": None,
                      "employee.gender": "female", "employee.retirement_group": "female_cadre",
                      "employee.protected_statuses": ["maternity_leave"],
                      "employee.wages.monthly": month_list("2025-09", 13, "60000.00")})
    report = check_case(case)
    # 17 months, base 60000 > 47103.25 -> 12 x 47103.25 = 565239.00; 2N = 1130478.00
    assert exposure(report, "CN-LCL-42-4-female") == "1130478.00"


def test_2n_counts_full_tenure_from_hire_without_the_pre_2008_split(check_case):
    case = make_case({"employee.hire_date": "2005-07-01", "employee.contract.start": "2005-07-01",
                      "employee.contract.signed_on": "2005-07-01",
                      "employee.contract.probation_end": None,
                      "employee.birth_date": "1978-03-10",
                      "employee.gender": "female", "employee.retirement_group": "female_cadre",
                      "employee.protected_statuses": ["pregnancy"]})
    report = check_case(case)
    # full tenure 2005-07-01 .. 2026-09-30 = 21 y 3 m -> 21.5 months (LCLR 25: from 用工之日)
    # 2N = 2 x 21.5 x 22250.00 = 956750.00 (the lawful N would be (3 + 19) x 22250 = 489500)
    assert exposure(report, "CN-LCL-42-4-female") == "956750.00"


def test_union_not_notified_exposes_2n(check_case):
    report = check_case(make_case({"termination.union_notified_on": None}))
    # SPC1 Art. 47: a unionised employer that skips the LCL 43 notice -> unlawful -> 2N
    assert status(report, "CN-LCL-43-union") == "violation"
    assert exposure(report, "CN-LCL-43-union") == "489500.00"


def test_union_notified_after_termination_is_late(check_case):
    report = check_case(make_case({"termination.union_notified_on": "2026-10-02"}))
    assert status(report, "CN-LCL-43-union") == "violation"


def test_no_union_no_union_finding(check_case):
    case = make_case({"termination.union_notified_on": None, "employer.has_union": False})
    assert status(check_case(case), "CN-LCL-43-union") is None


def test_unknown_union_status_is_treated_as_a_union(check_case):
    case = make_case({"termination.union_notified_on": None, "employer.has_union": None})
    assert status(check_case(case), "CN-LCL-43-union") == "violation"


def test_resignation_needs_no_union_notice(check_case):
    case = make_case({"termination.ground": "resignation", "termination.initiated_by": "employee",
                      "termination.union_notified_on": None})
    assert status(check_case(case), "CN-LCL-43-union") is None
