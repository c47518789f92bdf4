"""Issue 3 remainder: probation, layoffs, expiry and retirement, paperwork deadlines, final-wage
timing, non-compete, double wages, the Beijing expiry notice. For each rule one case where it
fires and one where it does not; amounts worked by hand beside the assertions."""

from cases import exposure, line, make_case, month_list, required, status

# -- probation (LCL 19, 21, 39(1)) -----------------------------------------------------------


def _probation(ground="no_fault_incompetence", **more):
    overrides = {"employee.hire_date": "2026-07-01", "employee.contract.start": "2026-07-01",
                 "employee.contract.signed_on": "2026-07-01",
                 "employee.contract.probation_end": "2026-12-31",
                 "employee.wages.monthly": month_list("2026-07", 3),
                 "termination.ground": ground}
    overrides.update(more)
    return make_case(overrides)


def test_probation_dismissal_on_changed_circumstances_is_unlawful(check_case):
    report = check_case(_probation("no_fault_changed_circumstances"))
    # 2026-07-01 .. 2026-09-30 = 3 months -> 0.5; window 2026-07 .. 2026-08, 21000 -> 21000.00
    # 2N = 2 x 0.5 x 21000.00 = 21000.00
    assert status(report, "CN-LCL-21-probation-ground") == "violation"
    assert exposure(report, "CN-LCL-21-probation-ground") == "21000.00"


def test_probation_dismissal_for_incompetence_is_allowed(check_case):
    assert status(check_case(_probation()), "CN-LCL-21-probation-ground") is None


def test_probation_dismissal_needs_the_reason_explained(check_case):
    # not stated: the case does not say (incomplete, naming the field); stated false: violation
    report = check_case(_probation(**{"termination.reason_explained": None}))
    assert status(report, "CN-LCL-21-reason") == "incomplete"
    report = check_case(_probation(**{"termination.reason_explained": False}))
    assert status(report, "CN-LCL-21-reason") == "violation"
    assert status(check_case(_probation()), "CN-LCL-21-reason") is None


def test_probation_rejection_after_probation_is_unlawful(check_case):
    report = check_case(_probation("probation_rejection",
                                   **{"employee.contract.probation_end": "2026-09-15"}))
    assert status(report, "CN-LCL-39-1-probation-rejection") == "violation"
    inside = check_case(_probation("probation_rejection"))
    assert status(inside, "CN-LCL-39-1-probation-rejection") is None


def test_probation_too_long_for_a_two_year_contract(check_case):
    contract = {"employee.contract.type": "fixed_term", "employee.contract.start": "2025-10-01",
                "employee.contract.end": "2027-09-30"}
    too_long = make_case({**contract, "employee.contract.probation_end": "2026-01-31"})
    # term 2025-10-01 .. 2027-09-30 = 24 months (1 to under 3 years) -> at most 2 months
    # probation to 2026-01-31 = 4 months -> warning
    assert status(check_case(too_long), "CN-LCL-19-probation-length") == "violation"
    ok = make_case({**contract, "employee.contract.probation_end": "2025-11-30"})
    assert status(check_case(ok), "CN-LCL-19-probation-length") is None  # exactly 2 months


# -- layoffs (LCL 41) ---------------------------------------------------------------------------


def _layoff(headcount, workforce, explained="2026-08-20", reported="2026-08-25"):
    return make_case({"termination.ground": "layoff", "termination.layoff": {
        "headcount": headcount, "workforce": workforce, "explained_to_union_on": explained,
        "reported_to_labor_bureau_on": reported}})


def test_layoff_below_both_thresholds(check_case):
    # 15 < 20 and 15 < 10% x 400 = 40
    assert status(check_case(_layoff(15, 400)), "CN-LCL-41-threshold") == "violation"


def test_layoff_under_twenty_but_ten_percent(check_case):
    # 15 >= 10% x 100 = 10 (以上 includes the number)
    assert status(check_case(_layoff(15, 100)), "CN-LCL-41-threshold") is None
    assert status(check_case(_layoff(10, 100)), "CN-LCL-41-threshold") is None


def test_layoff_explained_only_twenty_days_before(check_case):
    report = check_case(_layoff(25, 400, explained="2026-09-10"))
    # 2026-09-10 + 30 = 2026-10-10 > 2026-09-30
    assert status(report, "CN-LCL-41-explanation") == "violation"
    assert exposure(report, "CN-LCL-41-explanation") == "489500.00"
    assert status(check_case(_layoff(25, 400)), "CN-LCL-41-explanation") is None


def test_layoff_not_reported(check_case):
    assert status(check_case(_layoff(25, 400, reported=None)), "CN-LCL-41-report") == "violation"
    assert status(check_case(_layoff(25, 400)), "CN-LCL-41-report") is None


# -- expiry, holdover, second fixed term, Beijing notice, retirement ---------------------------


def _expiry(**more):
    overrides = {"termination.ground": "contract_expiry", "termination.renewal_offered": False,
                 "employee.contract.type": "fixed_term", "employee.contract.start": "2023-10-01",
                 "employee.contract.end": "2026-09-30", "employee.contract.probation_end": None,
                 "employee.contract.consecutive_fixed_terms": 1}
    overrides.update(more)
    return make_case(overrides)


def test_clean_expiry(check_case):
    report = check_case(_expiry())
    # notice 2026-08-31, end 2026-09-30: 30 days ahead -> no Beijing damages
    assert line(report, "expiry_notice_damages") is None
    for rule in ("CN-SPC2-11-holdover", "CN-LCL-14-second-fixed-term", "CN-DATA-expiry-date"):
        assert status(report, rule) is None


def test_holdover_beyond_a_month_is_a_dismissal(check_case):
    report = check_case(_expiry(**{"employee.contract.end": "2026-08-15"}))
    # worked on from 2026-08-16 to 2026-09-30 (> 2026-09-15): SPC2 Art. 11
    assert status(report, "CN-SPC2-11-holdover") == "violation"
    assert exposure(report, "CN-SPC2-11-holdover") == "489500.00"


def test_second_fixed_term_expiry_warns(check_case):
    report = check_case(_expiry(**{"employee.contract.consecutive_fixed_terms": 2}))
    found = [f for f in report["findings"] if f["rule"] == "CN-LCL-14-second-fixed-term"]
    assert found and found[0]["severity"] == "warning"


def test_beijing_expiry_notice_ten_days_late(check_case):
    report = check_case(_expiry(**{"termination.notice_date": "2026-09-20"}))
    # notice 2026-09-20, expiry 2026-09-30: 10 days ahead, 20 days late
    # damages = 20 x 21000 (August) / 21.75 = 420000 / 21.75 = 19310.3448... -> 19310.34
    assert required(report, "expiry_notice_damages") == "19310.34"
    assert status(report, "CN-BJ-LCR-47-expiry-notice") == "violation"


def test_beijing_expiry_without_notice_owes_thirty_days(check_case):
    report = check_case(_expiry(**{"termination.notice_date": None}))
    # 30 x 21000 / 21.75 = 630000 / 21.75 = 28965.5172... -> 28965.52
    assert required(report, "expiry_notice_damages") == "28965.52"


def test_no_expiry_notice_damages_outside_beijing(check_case):
    report = check_case(_expiry(**{"termination.notice_date": None,
                                   "jurisdiction.city": "shanghai"}),
                        policy="policies/cn-statutory.yaml")
    assert line(report, "expiry_notice_damages") is None


def test_retirement_before_the_statutory_age_is_unlawful(check_case):
    early = make_case({"termination.ground": "retirement", "employee.birth_date": "1966-08-15"})
    # male born 1966-08: delay ceil(20/4) = 5 months -> retires 2027-01-15 > 2026-09-30
    assert status(check_case(early), "CN-LCLR-21-retirement") == "violation"
    due = make_case({"termination.ground": "retirement", "employee.birth_date": "1966-04-15"})
    # born 1966-04: k = 15 + 1 = 16 -> 4 months -> 60 y 4 m = 2026-08-15 <= 2026-09-30
    assert status(check_case(due), "CN-LCLR-21-retirement") is None


# -- paperwork (LCL 50, SIL 50, UIR 16) --------------------------------------------------------


def test_certificate_after_termination(check_case):
    late = make_case({"steps.termination_certificate_issued_on": "2026-10-02"})
    assert status(check_case(late), "CN-LCL-50-certificate") == "violation"
    assert status(check_case(make_case()), "CN-LCL-50-certificate") is None


def test_transfer_deadline_moves_past_a_weekend(check_case):
    base = {"termination.termination_date": "2026-06-05",
            "termination.last_working_day": "2026-06-05",
            "termination.notice_date": "2026-05-05", "termination.union_notified_on": "2026-05-04",
            "steps.legal_review.approved_on": "2026-05-01",
            "employee.wages.monthly": month_list("2025-06", 13)}
    # 2026-06-05 + 15 = 2026-06-20, a Saturday -> the last day moves to Monday 2026-06-22 (CC 203)
    ok = make_case({**base, "steps.file_and_social_insurance_transferred_on": "2026-06-22"})
    assert status(check_case(ok), "CN-LCL-50-transfer") is None
    late = make_case({**base, "steps.file_and_social_insurance_transferred_on": "2026-06-23"})
    assert status(check_case(late), "CN-LCL-50-transfer") == "violation"


def test_unemployment_report_fifteen_and_seven_days(check_case):
    late = check_case(make_case({"steps.unemployment_reported_on": "2026-10-16"}))
    # deadline 2026-09-30 + 15 = 2026-10-15 (a working day) -> blocking; also the 7-day warning
    assert status(late, "CN-SIL-50-report") == "violation"
    assert status(late, "CN-UIR-16-report") == "violation"
    nine = check_case(make_case({"steps.unemployment_reported_on": "2026-10-09"}))
    assert status(nine, "CN-SIL-50-report") is None
    assert [f["severity"] for f in nine["findings"]
            if f["rule"] == "CN-UIR-16-report"] == ["warning"]
    resigned = check_case(make_case({"termination.ground": "resignation",
                                     "termination.initiated_by": "employee",
                                     "steps.unemployment_reported_on": "2026-10-16"}))
    assert status(resigned, "CN-SIL-50-report") is None  # a resignation is not "unemployment"


# -- final wages (WPR 9; Shenzhen 3 working days) -----------------------------------------------


def _june_exit(city, paid_on):
    return make_case({"jurisdiction.city": city, "termination.termination_date": "2026-06-30",
                      "termination.last_working_day": "2026-06-30",
                      "termination.notice_date": "2026-05-31",
                      "termination.union_notified_on": "2026-05-30",
                      "steps.legal_review.approved_on": "2026-05-29",
                      "employee.wages.monthly": month_list("2025-06", 13),
                      "settlement.final_wages_paid_on": paid_on})


def test_final_wages_same_day_in_beijing(check_case):
    assert status(check_case(_june_exit("beijing", "2026-07-01")),
                  "CN-WPR-9-final-wages-paid") == "violation"
    assert status(check_case(_june_exit("beijing", "2026-06-30")),
                  "CN-WPR-9-final-wages-paid") is None


def test_final_wages_three_working_days_in_shenzhen(check_case):
    statutory = "policies/cn-statutory.yaml"
    # 2026-06-30 (Tue) + 3 working days = Fri 2026-07-03
    ok = check_case(_june_exit("shenzhen", "2026-07-03"), policy=statutory)
    assert status(ok, "CN-SZ-WPR-13-final-wages-paid") is None
    late = check_case(_june_exit("shenzhen", "2026-07-06"), policy=statutory)
    (f,) = [f for f in late["findings"] if f["rule"].endswith("final-wages-paid")]
    assert f["rule"] == "CN-SZ-WPR-13-final-wages-paid"
    assert f["citation"].startswith("深圳市员工工资支付条例 第十三条 (SZWPR Art. 13)")
    assert f["message"] == ("The final wages were paid on 2026-07-06, after Shenzhen's "
                            "deadline of 3 working days, 2026-07-03.")


def test_a_beijing_late_final_wage_cites_only_the_national_rule(check_case):
    late = check_case(_june_exit("beijing", "2026-07-01"))
    (f,) = [f for f in late["findings"] if f["rule"].endswith("final-wages-paid")]
    assert f["rule"] == "CN-WPR-9-final-wages-paid"
    assert f["citation"] == "工资支付暂行规定 第九条 (WPR Art. 9)"
    assert "Shenzhen" not in f["hint"] and "深圳" not in f["hint"]


def test_final_wages_line_is_the_termination_month(check_case):
    assert required(check_case(make_case()), "final_wages") == "21000.00"


# -- non-compete (LCL 23, 24; SPC1 36; SPC2 13) --------------------------------------------------


def _nc(**nc):
    base = {"agreed": True, "duration_months": 24, "monthly_compensation": None,
            "had_access_to_trade_secrets": True}
    base.update(nc)
    return make_case({"non_compete": base, "employee.position.confidentiality_obligation": True})


def test_non_compete_without_agreed_pay_owes_thirty_percent(check_case):
    report = check_case(_nc())
    # 30% x 22250.00 = 6675.00 > minimum wage 2540 -> 6675.00 a month, none proposed
    ln = line(report, "non_compete_compensation")
    assert ln["required"] == "6675.00" and ln["shortfall"] == "6675.00"
    assert status(report, "CN-SPC1-36-non-compete") == "violation"


def test_non_compete_floor_is_the_minimum_wage(check_case):
    case = _nc()
    case["employee"]["wages"]["monthly"] = month_list("2025-09", 13, "7000.00")
    report = check_case(case)
    # 30% x 7000 = 2100.00 < Beijing minimum wage 2540 (from 2025-09-01) -> 2540.00
    assert required(report, "non_compete_compensation") == "2540.00"


def test_agreed_pay_below_thirty_percent_is_kept_with_a_warning(check_case):
    report = check_case(_nc(monthly_compensation="5000.00"))
    # Q15 library default "agreed": required 5000.00; 5000 < 6675 -> warning
    assert required(report, "non_compete_compensation") == "5000.00"
    assert [f["severity"] for f in report["findings"]
            if f["rule"] == "CN-SPC1-36-non-compete-floor"] == ["warning"]
    fine = check_case(_nc(monthly_compensation="7000.00"))
    assert status(fine, "CN-SPC1-36-non-compete-floor") is None


def test_non_compete_longer_than_two_years(check_case):
    report = check_case(_nc(duration_months=36))
    assert status(report, "CN-LCL-24-non-compete-duration") == "violation"
    assert status(check_case(_nc()), "CN-LCL-24-non-compete-duration") is None


def test_non_compete_for_an_ordinary_employee(check_case):
    case = _nc()
    case["employee"]["position"]["confidentiality_obligation"] = False
    assert status(check_case(case), "CN-LCL-24-non-compete-person") == "violation"
    assert status(check_case(_nc()), "CN-LCL-24-non-compete-person") is None


def test_non_compete_without_access_to_secrets(check_case):
    report = check_case(_nc(had_access_to_trade_secrets=False))
    assert status(report, "CN-SPC2-13-non-compete-secrets") == "violation"


# -- double wages (LCL 82; LCLR 6) -----------------------------------------------------------------


def test_contract_signed_late_owes_double_wages(check_case):
    case = make_case({"employee.hire_date": "2026-01-05", "employee.contract.start": "2026-01-05",
                      "employee.contract.signed_on": "2026-04-20",
                      "employee.contract.probation_end": None,
                      "employee.wages.monthly": month_list("2026-01", 9, "10000.00")})
    report = check_case(case)
    # from 2026-02-06 (the day after one month) to 2026-04-19 (the day before signing):
    # Feb 6-28 = 23/28 x 10000 = 8214.2857...; March 10000; Apr 1-19 = 19/30 x 10000 = 6333.33...
    # extra = 8214.2857 + 10000 + 6333.3333 = 24547.619... -> 24547.62
    assert required(report, "double_wages") == "24547.62"
    on_time = make_case({"employee.contract.signed_on": "2016-03-20"})
    assert line(check_case(on_time), "double_wages") is None
