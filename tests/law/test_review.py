"""Second review of rules/cn against the digest and the law README defaults: each discrepancy found,
worked by hand, and the gaps of issue 3 (Art. 38, Art. 39, task-based contracts, SPC1 Art. 45).

Base case (tests/law/cases.py): Beijing, hired 2016-03-14, terminated 2026-09-30; service
10 y 6 m 17 d -> 11 months; N base (11 x 21000 + 36000) / 12 = 22250.00; N = 244750.00;
2N = 489500.00; previous (August 2026) month's wage 21000.00.
"""

from cases import exposure, line, make_case, month_list, required, status

# -- discrepancy 1: task-based contracts owe N on completion whatever a renewal offer (LCLR 22) ---


def _task(**more):
    overrides = {"termination.ground": "contract_expiry", "termination.initiated_by": "employer",
                 "employee.contract.type": "task_based", "employee.contract.end": None,
                 "employee.contract.probation_end": None}
    overrides.update(more)
    return make_case(overrides)


def test_task_completion_owes_n(check_case):
    report = check_case(_task())
    # LCLR 22: "因任务完成而终止的，用人单位应当依照劳动合同法第四十七条的规定向劳动者支付经济补偿"
    # service 2016-03-14 .. 2026-09-30 -> 11 months x 22250.00 = 244750.00
    assert required(report, "economic_compensation") == "244750.00"
    assert report["verdict"] == "ready"


def test_task_completion_owes_n_even_when_a_renewal_was_offered_and_declined(check_case):
    # The 46(5) exception (renewal on the same or better terms declined by the employee) is for
    # fixed-term contracts only; LCLR 22 has no such exception. Before the fix the engine gave
    # no N here (the fixed-term exception was applied to task-based contracts too).
    report = check_case(_task(**{"termination.renewal_offered": True,
                                 "termination.renewal_declined_by_employee": True}))
    assert required(report, "economic_compensation") == "244750.00"


def test_task_completion_counts_only_post_2008_service(check_case):
    report = check_case(_task(**{"employee.hire_date": "2005-07-01",
                                 "employee.contract.start": "2005-07-01",
                                 "employee.contract.signed_on": "2005-07-01",
                                 "employee.birth_date": "1978-03-10"}))
    # LCLR 22 is a 2008 rule; the 1994 rules did not compensate task completion (like expiry):
    # post-2008 2008-01-01 .. 2026-09-30 = 18 y 9 m -> 19 months; 19 x 22250.00 = 422750.00
    # (the pre-2008 2 y 6 m would have added 3 months on a compensable ground)
    assert required(report, "economic_compensation") == "422750.00"


def test_fixed_term_expiry_still_has_the_renewal_exception(check_case):
    report = check_case(make_case({
        "termination.ground": "contract_expiry", "employee.contract.type": "fixed_term",
        "employee.contract.start": "2023-10-01", "employee.contract.end": "2026-09-30",
        "employee.contract.probation_end": None, "employee.contract.consecutive_fixed_terms": 1,
        "termination.renewal_offered": True, "termination.renewal_declined_by_employee": True}))
    assert required(report, "economic_compensation") == "0.00"


# -- discrepancy 2: part-time work ends at any time: no N, no notice, no pay in lieu (LCL 71) ------


def test_part_time_no_fault_exit_without_notice_owes_nothing_in_lieu(check_case):
    report = check_case(make_case({"employee.contract.type": "part_time",
                                   "termination.notice_date": None}))
    # LCL 71: "任何一方都可以随时通知对方终止用工。终止用工，用人单位不向劳动者支付经济补偿。"
    # Before the fix: notice_pay_in_lieu required 21000.00 and CN-LCL-40-notice blocked.
    assert line(report, "notice_pay_in_lieu") is None
    assert required(report, "economic_compensation") == "0.00"
    assert status(report, "CN-LCL-40-notice") is None
    assert report["verdict"] == "ready"


def test_part_time_resignation_needs_no_notice(check_case):
    report = check_case(make_case({"employee.contract.type": "part_time",
                                   "termination.ground": "resignation",
                                   "termination.initiated_by": "employee",
                                   "termination.notice_date": "2026-09-29"}))
    # one day's notice is enough for part-time work; full-time it would be a warning (30 days)
    assert status(report, "CN-LCL-37-notice") is None
    full_time = check_case(make_case({"termination.ground": "resignation",
                                      "termination.initiated_by": "employee",
                                      "termination.notice_date": "2026-09-29"}))
    assert status(full_time, "CN-LCL-37-notice") == "violation"


# -- Art. 38 resignation for employer fault (and SPC1 Art. 45) -------------------------------------


def _art38(**more):
    overrides = {"termination.ground": "resignation_employer_fault",
                 "termination.initiated_by": "employee", "termination.notice_date": None,
                 "termination.union_notified_on": None,
                 "steps.legal_review": {"reviewer": None, "approved_on": None}}
    overrides.update(more)
    return make_case(overrides)


def test_art38_resignation_owes_n_without_notice_union_or_pay_in_lieu(check_case):
    report = check_case(_art38())
    # LCL 46(1): N = 11 x 22250.00 = 244750.00; no waiting period (LCL 38), so no Art. 37 notice
    # finding; not an employer's unilateral termination, so no union notice (LCL 43); no pay in
    # lieu (not Art. 40). The employee is "unemployed" (人社部令第13号 Art. 13): report due.
    assert required(report, "economic_compensation") == "244750.00"
    assert line(report, "notice_pay_in_lieu") is None
    for rule in ("CN-LCL-37-notice", "CN-LCL-43-union", "CN-LCL-40-notice"):
        assert status(report, rule) is None
    assert status(report, "CN-SIL-50-report") is None  # reported 2026-10-06, in time


def test_art38_resignation_must_be_the_employees(check_case):
    report = check_case(_art38(**{"termination.initiated_by": "employer"}))
    assert status(report, "CN-DATA-initiated-by") == "violation"


def test_art38_resignation_is_compensable_before_2008_without_a_limit(check_case):
    report = check_case(_art38(**{"employee.hire_date": "1990-03-01",
                                  "employee.contract.start": "1990-03-01",
                                  "employee.contract.signed_on": "1990-03-01",
                                  "employee.contract.probation_end": None,
                                  "employee.birth_date": "1972-01-01"}))
    # SPC2001 Art. 15 (now SPC1 Art. 45): forced resignation was compensable before 2008, and
    # C481 sets no 12-month limit for it (the limits are Art. 5 and Art. 7 only)
    # pre: 1990-03-01 .. 2007-12-31 = 17 y 10 m -> 18 months; post: 18 y 9 m -> 19 months
    # N = (18 + 19) x 22250.00 = 823250.00
    assert required(report, "economic_compensation") == "823250.00"


def test_art38_unemployment_report_is_due(check_case):
    report = check_case(_art38(**{"steps.unemployment_reported_on": "2026-10-15"}))
    # an Art. 38 exit is involuntary: the report is due within 15 days; on the last day is in time
    assert status(report, "CN-SIL-50-report") is None
    late = check_case(_art38(**{"steps.unemployment_reported_on": "2026-10-16"}))
    # 2026-09-30 + 15 = 2026-10-15 (a Thursday, a working day) -> a report on 10-16 is late
    assert status(late, "CN-SIL-50-report") == "violation"
    resigned = check_case(_art38(**{"termination.ground": "resignation",
                                    "steps.unemployment_reported_on": "2026-10-16"}))
    assert status(resigned, "CN-SIL-50-report") is None  # Art. 37: not "unemployed"


# -- Art. 39 dismissal for cause: no N, union notice still required ------------------------------


def _cause(**more):
    overrides = {"termination.ground": "dismissal_for_cause", "termination.notice_date": None,
                 "settlement.economic_compensation": "0"}
    overrides.update(more)
    return make_case(overrides)


def test_dismissal_for_cause_owes_no_n_and_no_notice(check_case):
    report = check_case(_cause())
    # LCL 39: no notice, no compensation (not in LCL 46); union notified 2026-08-28
    assert required(report, "economic_compensation") == "0.00"
    assert line(report, "notice_pay_in_lieu") is None
    assert status(report, "CN-LCL-43-union") is None
    assert report["verdict"] == "ready"


def test_dismissal_for_cause_without_union_notice_exposes_2n(check_case):
    report = check_case(_cause(**{"termination.union_notified_on": None}))
    # SPC1 Art. 47: lawful Art. 39 ground, but the unionised employer skipped LCL 43 -> 2N
    # 2 x 11 x 22250.00 = 489500.00
    assert status(report, "CN-LCL-43-union") == "violation"
    assert exposure(report, "CN-LCL-43-union") == "489500.00"


def test_dismissal_for_cause_of_a_long_serving_employee_near_retirement_is_allowed(check_case):
    report = check_case(_cause(**{"employee.hire_date": "2008-03-01",
                                  "employee.contract.start": "2008-03-01",
                                  "employee.contract.signed_on": "2008-03-01",
                                  "employee.contract.probation_end": None,
                                  "employee.birth_date": "1966-08-15"}))
    # 18 y 7 m of service and retirement on 2027-01-15 (42(5)) bars Art. 40/41 only
    assert status(report, "CN-LCL-42-5-long-service") is None
    assert report["verdict"] == "ready"


# -- window explanation also for the non-compete floor -------------------------------------------


def test_wage_window_is_explained_for_a_non_compete_without_n(check_case):
    case = make_case({"termination.ground": "resignation", "termination.initiated_by": "employee",
                      "employee.annual_leave.taken_days_this_year": 10,
                      "employee.position.confidentiality_obligation": True,
                      "employee.wages.monthly": month_list("2025-10", 12),
                      "non_compete": {"agreed": True, "duration_months": 12,
                                      "monthly_compensation": None}})
    report = check_case(case)
    # no N (resignation) and no leave to pay (10 taken > 7.479): the non-compete floor (30% of
    # the 2025-09 .. 2026-08 average) is what needs the window, and 2025-09 is missing
    assert status(report, "CN-SPC1-36-non-compete") == "incomplete"
    assert status(report, "CN-LCLR-27-wage-window") == "violation"


# -- discrepancy 3: Art. 42(5) before 2025 uses the retirement ages then in force ------------------


def _near_retirement(termination, notice, wages_from):
    return make_case({"employee.birth_date": "1969-08-01", "employee.hire_date": "2004-03-01",
                      "employee.contract.start": "2004-03-01",
                      "employee.contract.signed_on": "2004-03-01",
                      "employee.contract.probation_end": None,
                      "employee.cumulative_work_years": 25,
                      "employee.wages.monthly": month_list(wages_from, 13, "12000.00"),
                      "termination.termination_date": termination,
                      "termination.last_working_day": termination,
                      "termination.notice_date": notice, "termination.union_notified_on": notice})


def test_long_service_protection_before_the_reform_uses_age_sixty(check_case):
    report = check_case(_near_retirement("2024-11-30", "2024-10-31", "2023-11"))
    # male born 1969-08-01; on 2024-11-30 the 2025 reform (NPCSC decision 2024-09-13, in force
    # 2025-01-01) did not apply yet: retirement at 60 = 2029-08-01 < 2024-11-30 + 5 y = 2029-11-30
    # service 2004-03-01 .. 2024-11-30 = 20 y 9 m (>= 15) -> protected (LCL 42(5)).
    # Before the fix the 14-month delay was applied (retirement 2030-10-01): not protected.
    # 2N on full tenure: 20 y 9 m -> 21 months x 12000.00 (below the cap 188413 / 4) x 2
    #    = 504000.00
    assert status(report, "CN-LCL-42-5-long-service") == "violation"
    assert exposure(report, "CN-LCL-42-5-long-service") == "504000.00"
    # the lawful N would be split: pre 2004-03-01 .. 2007-12-31 = 3 y 10 m -> 4 months
    # (incompetence, C481 Art. 7 limit 12), post 16 y 11 m -> 17 months: 21 x 12000 = 252000.00
    assert required(report, "economic_compensation") == "252000.00"


def test_long_service_protection_after_the_reform_uses_the_delayed_age(check_case):
    report = check_case(_near_retirement("2025-01-31", "2024-12-31", "2023-12"))
    # from 2025-01-01: k = (1969 - 1965) x 12 + 8 = 56 -> delay ceil(56 / 4) = 14 months
    # retirement 60 y 14 m = 2030-10-01, not before 2025-01-31 + 5 y = 2030-01-31: not protected
    assert status(report, "CN-LCL-42-5-long-service") is None


def test_retirement_before_2025_at_the_old_age_is_lawful(check_case):
    case = make_case({"termination.ground": "retirement", "employee.birth_date": "1964-11-15",
                      "employee.hire_date": "2004-03-01", "employee.contract.start": "2004-03-01",
                      "employee.contract.probation_end": None,
                      "termination.termination_date": "2024-11-30",
                      "termination.last_working_day": "2024-11-30",
                      "termination.notice_date": None, "termination.union_notified_on": None,
                      "employee.wages.monthly": month_list("2023-11", 13)})
    # born 1964-11 (before the first delayed cohort anyway): 60 on 2024-11-15 <= 2024-11-30
    assert status(check_case(case), "CN-LCLR-21-retirement") is None
    early = make_case({"termination.ground": "retirement", "employee.birth_date": "1965-03-15",
                       "termination.termination_date": "2025-03-31",
                       "termination.last_working_day": "2025-03-31",
                       "termination.notice_date": None, "termination.union_notified_on": None,
                       "employee.wages.monthly": month_list("2024-03", 13)})
    # born 1965-03 (k = 3 -> delay ceil(3 / 4) = 1 month): 60 y 1 m = 2025-04-15 > 2025-03-31
    assert status(check_case(early), "CN-LCLR-21-retirement") == "violation"
