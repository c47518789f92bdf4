"""Work-injury disability grades (WIR Art. 36, 37; LCL Art. 45; LCLR Art. 23;
rules/cn/work_injury.yaml): grades 1-4 keep the employment, 5-6 end only at the employee's
request, 7-10 at expiry or at the employee's request; the one-off disability employment subsidy
must be proposed on a lawful exit of grades 5-10 (amount provincial, not checked)."""

import pytest
from cases import exposure, make_case, status

from offboard_policy.case import parse_case
from offboard_policy.errors import CaseError

EXIT = "CN-WIR-36-disability-exit"
SUBSIDY = "CN-LCLR-23-disability-subsidy"
SUBSIDY_PAID = [{"id": "disability_employment_subsidy", "amount": "50000.00"}]


def _case(grade, ground="no_fault_incompetence", initiated_by="employer", **more):
    return make_case({"employee.work_injury_disability_grade": grade,
                      "termination.ground": ground, "termination.initiated_by": initiated_by,
                      **more})


def _expiry(grade, **more):
    return _case(grade, "contract_expiry", **{
        "termination.renewal_offered": False, "employee.contract.type": "fixed_term",
        "employee.contract.start": "2023-10-01", "employee.contract.end": "2026-09-30",
        "employee.contract.probation_end": None, **more})


def test_grade_3_no_fault_dismissal_is_unlawful(check_case):
    report = check_case(_case(3))
    # exposure 2N = 2 x 11 x 22250.00 = 489500.00
    assert status(report, EXIT) == "violation"
    assert exposure(report, EXIT) == "489500.00"


def test_reported_once_when_the_art42_status_is_recorded(check_case):
    report = check_case(_case(3, **{"employee.protected_statuses": ["work_injury_incapacity"]}))
    assert status(report, "CN-LCL-42-2-work-injury") == "violation"
    assert status(report, EXIT) is None


def test_grade_2_even_the_employees_resignation(check_case):
    report = check_case(_case(2, "resignation", "employee"))
    # grades 1-4 keep the employment (digest 11.5); the employee leaves: exposure 0
    assert status(report, EXIT) == "violation"
    assert exposure(report, EXIT) == "0.00"


def test_grade_5_at_the_employees_request(check_case):
    report = check_case(_case(5, "mutual_agreement_employee_proposed", "employee"))
    assert status(report, EXIT) is None
    assert status(report, SUBSIDY) == "violation"   # no subsidy proposed: warning
    paid = check_case(_case(5, "mutual_agreement_employee_proposed", "employee",
                            **{"settlement.other": SUBSIDY_PAID}))
    assert status(paid, SUBSIDY) is None


def test_grade_6_not_at_expiry(check_case):
    report = check_case(_expiry(6))
    assert status(report, EXIT) == "violation"
    assert exposure(report, EXIT) == "489500.00"
    assert status(report, SUBSIDY) is None   # no lawful exit, no subsidy check


def test_grade_8_at_expiry(check_case):
    report = check_case(_expiry(8))
    assert status(report, EXIT) is None
    assert status(report, SUBSIDY) == "violation"
    assert status(check_case(_expiry(8, **{"settlement.other": SUBSIDY_PAID})), SUBSIDY) is None


def test_dismissal_for_cause_is_not_judged(check_case):
    report = check_case(_case(4, "dismissal_for_cause"))
    assert status(report, EXIT) is None


def test_no_grade_no_finding(check_case):
    report = check_case(make_case())
    assert status(report, EXIT) is None and status(report, SUBSIDY) is None


@pytest.mark.parametrize("grade", [0, 11, "5.5"])
def test_grade_outside_1_to_10_is_an_input_error(grade):
    with pytest.raises(CaseError) as info:
        parse_case(_case(grade), display="<test case>")
    assert "employee.work_injury_disability_grade" in str(info.value)
