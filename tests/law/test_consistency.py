"""Data consistency checks: blocking violations, never input errors."""

from cases import make_case, status


def test_termination_before_hire(check_case):
    case = make_case({"termination.termination_date": "2016-03-01",
                      "termination.last_working_day": "2016-03-01",
                      "termination.notice_date": None})
    report = check_case(case)
    assert status(report, "CN-DATA-dates") == "violation"
    assert report["verdict"] == "blocked"


def test_notice_after_the_last_day(check_case):
    case = make_case({"termination.notice_date": "2026-10-05"})
    assert status(check_case(case), "CN-DATA-notice-date") == "violation"


def test_initiated_by_contradicts_the_ground(check_case):
    case = make_case({"termination.ground": "resignation", "termination.initiated_by": "employer"})
    assert status(check_case(case), "CN-DATA-initiated-by") == "violation"


def test_last_working_day_after_termination(check_case):
    case = make_case({"termination.last_working_day": "2026-10-02"})
    assert status(check_case(case), "CN-DATA-last-working-day") == "violation"


def test_duplicate_wage_month(check_case):
    case = make_case()
    case["employee"]["wages"]["monthly"].append(
        {"month": "2026-08", "gross": "1.00", "overtime": "0"})
    assert status(check_case(case), "CN-DATA-wage-months") == "violation"


def test_base_case_is_consistent(check_case):
    report = check_case(make_case())
    assert not {f["rule"] for f in report["findings"]} & {
        "CN-DATA-dates", "CN-DATA-notice-date", "CN-DATA-initiated-by",
        "CN-DATA-last-working-day", "CN-DATA-wage-months"}


def test_a_missing_initiator_is_not_a_contradiction(check_case):
    # initiated_by is optional in the contract: the ground says who ended the contract
    report = check_case(make_case({"termination.initiated_by": None}))
    assert status(report, "CN-DATA-initiated-by") is None
    contradicted = check_case(make_case({"termination.initiated_by": "employee"}))
    assert status(contradicted, "CN-DATA-initiated-by") == "violation"
