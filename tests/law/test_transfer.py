"""Service transferred from a previous employer (LCLR Art. 10, SPC1 Art. 46;
rules/cn/transfer.yaml): counted in the years of N and 2N, not in Art. 42(5) or the wage window."""

from cases import exposure, make_case, required, status


def test_transferred_years_count_for_n(check_case):
    report = check_case(make_case({"employee.transferred_service_start": "2012-03-14"}))
    # 2012-03-14 .. 2026-09-30 inclusive = 14 y 6 m 17 d -> 15 months; base 22250.00 (window
    # unchanged: the case's wages) -> N = 15 x 22250.00 = 333750.00 (proposed 244750.00: short)
    assert required(report, "economic_compensation") == "333750.00"
    assert status(report, "CN-LCL-47-compensation") == "violation"


def test_transferred_years_count_for_2n(check_case):
    report = check_case(make_case({"employee.transferred_service_start": "2012-03-14",
                                   "employee.protected_statuses": ["pregnancy"]}))
    # 2N = 2 x 15 x 22250.00 = 667500.00
    assert exposure(report, "CN-LCL-42-4-female") == "667500.00"


def test_transferred_years_before_2008_use_the_old_rules(check_case):
    report = check_case(make_case({"employee.transferred_service_start": "2005-07-01"}))
    # pre 2005-07-01 .. 2007-12-31 = 2 y 6 m -> 3 months (part year = a year, Q6; incompetence
    # limit 12); post 2008-01-01 .. 2026-09-30 = 18 y 9 m -> 19 months
    # N = (3 + 19) x 22250.00 = 489500.00 (the same as fixtures/cases/pre-2008-hire.yaml)
    assert required(report, "economic_compensation") == "489500.00"


def test_transfer_does_not_make_fifteen_years_at_this_employer(check_case):
    report = check_case(make_case({"employee.transferred_service_start": "2005-07-01",
                                   "employee.birth_date": "1968-06-15"}))
    # male born 1968-06: k = 41 + 1 = 42 -> delay ceil(42/4) = 11 months -> 2029-05-15, within
    # 5 years; but only 10 years at this employer (hire 2016-03-14): Art. 42(5) does not apply
    assert status(report, "CN-LCL-42-5-long-service") is None


def test_without_a_transfer_nothing_changes(check_case):
    report = check_case(make_case())
    assert required(report, "economic_compensation") == "244750.00"
    assert status(report, "CN-DATA-transferred-service") is None


def test_transferred_start_after_the_hire_date(check_case):
    report = check_case(make_case({"employee.transferred_service_start": "2017-01-01"}))
    assert status(report, "CN-DATA-transferred-service") == "violation"
    # the later date is ignored for the years (min with the hire date): N unchanged
    assert required(report, "economic_compensation") == "244750.00"
