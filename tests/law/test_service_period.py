"""Training service period and penalties (LCL Art. 22, 25; LCLR Art. 16, 17, 26;
rules/cn/service_period.yaml), worked by hand.

Service period 2025-01-01 .. 2027-12-31 inclusive = 365 x 3 = 1095 days; training cost 36000.00.
Termination 2026-09-30: unexpired 2026-10-01 .. 2027-12-31 = 92 + 365 = 457 days; allocated
cost 36000.00 x 457 / 1095 = 15024.657... -> 15024.66.
"""

from cases import exposure, make_case, status

SP = {"start": "2025-01-01", "end": "2027-12-31", "training_cost": "36000.00",
      "agreed_penalty": "30000.00"}
RULE = "CN-LCL-22-service-penalty"


def _exit(ground, claimed, initiated_by="employee", **period):
    return make_case({"termination.ground": ground, "termination.initiated_by": initiated_by,
                      "employee.service_period": {**SP, "penalty_claimed": claimed, **period}})


def test_penalty_above_the_allocated_cost(check_case):
    report = check_case(_exit("resignation", "20000.00"))
    # cap = min(agreed 30000, cost 36000, allocated 15024.66) = 15024.66
    # 20000.00 > 15024.66 -> blocking; exposure 20000.00 - 15024.66 = 4975.34
    assert status(report, RULE) == "violation"
    assert exposure(report, RULE) == "4975.34"


def test_penalty_at_the_allocated_cost(check_case):
    assert status(check_case(_exit("resignation", "15024.66")), RULE) is None


def test_agreed_penalty_is_the_limit_when_lower(check_case):
    report = check_case(_exit("dismissal_for_cause", "10000.00", "employer",
                              agreed_penalty="10000.00"))
    # LCLR 26 para 2 dismissal: min(10000, 36000, 15024.66) = 10000.00 -> 10000.00 is lawful
    assert status(report, RULE) is None
    over = check_case(_exit("dismissal_for_cause", "10000.01", "employer",
                            agreed_penalty="10000.00"))
    assert exposure(over, RULE) == "0.01"


def test_no_penalty_on_an_article_38_resignation(check_case):
    report = check_case(_exit("resignation_employer_fault", "1000.00"))
    # LCLR 26 para 1: not a breach, the limit is 0 -> the whole claim is exposure
    assert status(report, RULE) == "violation"
    assert exposure(report, RULE) == "1000.00"


def test_no_penalty_when_the_employer_dismisses(check_case):
    # Art. 40(2) dismissal: the employee did not break the period (limit 0)
    report = check_case(_exit("no_fault_incompetence", "500.00", "employer"))
    assert exposure(report, RULE) == "500.00"


def test_no_claim_no_finding(check_case):
    assert status(check_case(_exit("resignation", None)), RULE) is None
    assert status(check_case(_exit("resignation", "0")), RULE) is None


def test_claim_without_the_agreed_penalty_is_incomplete(check_case):
    report = check_case(_exit("resignation", "5000.00", agreed_penalty=None))
    assert status(report, RULE) == "incomplete"


def test_agreed_penalty_above_the_training_cost(check_case):
    report = check_case(_exit("resignation", None, agreed_penalty="40000.00"))
    # 40000.00 > 36000.00 (LCL 22 para 2 sentence 2): warning
    assert status(report, "CN-LCL-22-agreed-penalty") == "violation"
    assert status(check_case(_exit("resignation", None)), "CN-LCL-22-agreed-penalty") is None


def _expiry(end):
    return make_case({"termination.ground": "contract_expiry", "termination.renewal_offered": False,
                      "employee.contract.type": "fixed_term",
                      "employee.contract.start": "2023-10-01",
                      "employee.contract.end": "2026-09-30",
                      "employee.contract.probation_end": None,
                      "employee.service_period": {**SP, "end": end}})


def test_expiry_inside_the_service_period_warns(check_case):
    rule = "CN-LCLR-17-service-period-extension"
    # contract ends 2026-09-30, service period runs to 2027-12-31: LCLR 17 extension
    assert status(check_case(_expiry("2027-12-31")), rule) == "violation"
    # period over on the expiry date itself: nothing to extend
    assert status(check_case(_expiry("2026-09-30")), rule) is None


def test_other_penalty_clause_is_unlawful(check_case):
    report = check_case(make_case({"employee.contract.other_penalty_clause": True}))
    assert status(report, "CN-LCL-25-penalty-clause") == "violation"
    assert report["verdict"] == "ready"   # a warning
    for value in (False, None):
        ok = check_case(make_case({"employee.contract.other_penalty_clause": value}))
        assert status(ok, "CN-LCL-25-penalty-clause") is None


def test_service_period_dates_out_of_order(check_case):
    report = check_case(_exit("resignation", None, start="2028-01-01"))
    assert status(report, "CN-DATA-service-period") == "violation"
    assert status(check_case(_exit("resignation", None)), "CN-DATA-service-period") is None
