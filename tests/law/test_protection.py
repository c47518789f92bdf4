"""Protected employees: LCL Art. 42 (no dismissal under Art. 40/41), Art. 45 (expiry extended),
ODL Art. 35 (exit health examination), with the retirement-age reform (digest 11.6)."""

from cases import exposure, make_case, status


def _long_service(birth, group, gender="male", hire="2008-03-01"):
    return make_case({"employee.birth_date": birth, "employee.retirement_group": group,
                      "employee.gender": gender, "employee.hire_date": hire,
                      "employee.contract.start": hire, "employee.contract.signed_on": hire,
                      "employee.contract.probation_end": None})


def test_fifteen_years_and_within_five_years_of_retirement(check_case):
    report = check_case(_long_service("1966-08-15", "male"))
    # service 2008-03-01 .. 2026-09-30 = 18 y 7 m (>= 15)
    # male born 1966-08: k = 19 + 1 = 20 months after Jan 1965 -> delay ceil(20/4) = 5 months
    # retirement 60 y 5 m -> 2027-01-15 < 2026-09-30 + 5 y -> protected (LCL 42(5))
    # exposure 2N: 18 y 7 m -> 19 months x 22250 = 422750.00 x 2 = 845500.00
    assert status(report, "CN-LCL-42-5-long-service") == "violation"
    assert exposure(report, "CN-LCL-42-5-long-service") == "845500.00"


def test_female_cadre_retirement_under_the_reform(check_case):
    report = check_case(_long_service("1972-05-20", "female_cadre", gender="female"))
    # born 1972-05: k = 28 + 1 = 29 months after Jan 1970 -> delay ceil(29/4) = 8 months
    # retirement 55 y 8 m -> 2028-01-20, within 5 years of 2026-09-30 -> protected
    assert status(report, "CN-LCL-42-5-long-service") == "violation"


def test_under_fifteen_years_is_not_protected(check_case):
    report = check_case(_long_service("1966-08-15", "male", hire="2012-10-01"))
    # 2012-10-01 .. 2026-09-30 = 14 y 0 m 0 d... exactly 14 years < 15
    assert status(report, "CN-LCL-42-5-long-service") is None


def test_retirement_far_away_is_not_protected(check_case):
    report = check_case(_long_service("1978-03-10", "male", hire="2005-07-01"))
    # 21 years' service but retirement 63 y (delay capped at 36 months) -> 2041-03-10
    assert status(report, "CN-LCL-42-5-long-service") is None


def test_unknown_retirement_group_of_a_woman_is_incomplete_when_the_groups_disagree(check_case):
    # Born 1978-01-01, terminated 2026-09-30 (5 years on: 2031-09-30):
    #   female worker (50): k = 37 months from 1975-01 -> +ceil(37/2) = 19 months -> 2029-08-01,
    #     before 2031-09-30: protected;
    #   female cadre (55): k = 97 months from 1970-01 -> +ceil(97/4) = 25 months -> 2035-02-01,
    #     not before 2031-09-30: not protected. The groups disagree: incomplete.
    case = _long_service("1978-01-01", None, gender="female")
    assert status(check_case(case), "CN-LCL-42-5-long-service") == "incomplete"


def test_unknown_retirement_group_is_decided_when_every_group_agrees(check_case):
    # Born 1972-05-20, a woman: worker (50, before the 1975 cohort) retires 2022-05-20; cadre
    # (55): k = 29 months from 1970-01 -> +ceil(29/4) = 8 months -> 2028-01-20. Both are before
    # 2031-09-30, so she is protected whichever group applies: a violation, not incomplete.
    case = _long_service("1972-05-20", None, gender="female")
    assert status(check_case(case), "CN-LCL-42-5-long-service") == "violation"
    # No gender at all, born 1990-01-01: even the earliest group (female worker: 50 + 60 months
    # = 2045-01-01) retires long after 2031-09-30: not protected under any group.
    young = _long_service("1990-01-01", None, gender=None)
    assert status(check_case(young), "CN-LCL-42-5-long-service") is None


def test_medical_period_blocks_a_no_fault_dismissal(check_case):
    case = make_case({"employee.protected_statuses": ["medical_treatment_period"]})
    report = check_case(case)
    assert status(report, "CN-LCL-42-3-medical-period") == "violation"
    assert exposure(report, "CN-LCL-42-3-medical-period") == "489500.00"


def test_work_injury_incapacity_blocks_a_no_fault_dismissal(check_case):
    case = make_case({"employee.protected_statuses": ["work_injury_incapacity"]})
    assert status(check_case(case), "CN-LCL-42-2-work-injury") == "violation"


def test_suspected_occupational_disease_blocks_a_layoff(check_case):
    case = make_case({"employee.protected_statuses": ["occupational_disease_suspected"],
                      "termination.ground": "layoff",
                      "termination.layoff": {"headcount": 25, "workforce": 400,
                                             "explained_to_union_on": "2026-08-20",
                                             "reported_to_labor_bureau_on": "2026-08-25"}})
    assert status(check_case(case), "CN-LCL-42-1-occupational") == "violation"


def test_dismissal_for_cause_of_a_pregnant_employee_is_not_an_art_42_finding(check_case):
    case = make_case({"employee.gender": "female", "employee.retirement_group": "female_cadre",
                      "employee.protected_statuses": ["pregnancy"],
                      "termination.ground": "dismissal_for_cause"})
    assert status(check_case(case), "CN-LCL-42-4-female") is None  # Art. 39 stays possible


def test_missing_exit_exam_blocks_even_a_resignation(check_case):
    case = make_case({"employee.protected_statuses": ["occupational_hazard_no_exit_exam"],
                      "termination.ground": "resignation", "termination.initiated_by": "employee"})
    report = check_case(case)
    assert status(report, "CN-ODL-35-exit-exam") == "violation"
    assert report["verdict"] == "blocked"


def test_expiry_while_pregnant_is_extended(check_case):
    case = make_case({"employee.gender": "female", "employee.retirement_group": "female_cadre",
                      "employee.protected_statuses": ["pregnancy"],
                      "termination.ground": "contract_expiry",
                      "termination.renewal_offered": False,
                      "employee.contract.type": "fixed_term",
                      "employee.contract.start": "2023-10-01",
                      "employee.contract.end": "2026-09-30",
                      "employee.contract.consecutive_fixed_terms": 1})
    report = check_case(case)
    # LCL 45: the contract continues until the protection ends; ending it now is unlawful
    assert status(report, "CN-LCL-45-expiry-extended") == "violation"
    assert exposure(report, "CN-LCL-45-expiry-extended") == "489500.00"
