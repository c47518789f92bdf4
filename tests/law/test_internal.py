"""Internal offboarding rules (rules/internal/offboarding.yaml)."""

from cases import make_case, status


def test_unreturned_asset_blocks(check_case):
    case = make_case({"steps.assets": [{"id": "AC-1", "kind": "access_card", "returned_on": None}]})
    report = check_case(case)
    assert status(report, "INT-asset-return") == "violation"
    assert report["verdict"] == "blocked"


def test_asset_returned_after_the_last_working_day_blocks(check_case):
    case = make_case({"steps.assets": [{"id": "LT-1", "kind": "laptop",
                                        "returned_on": "2026-10-01"}]})
    assert status(check_case(case), "INT-asset-return") == "violation"


def test_account_still_open_blocks(check_case):
    case = make_case({"steps.accounts": [{"system": "erp", "revoked_on": None}]})
    assert status(check_case(case), "INT-account-revocation") == "violation"


def test_handover_needs_the_supervisors_signature(check_case):
    case = make_case({"steps.handover.signed_by_supervisor_on": None})
    assert status(check_case(case), "INT-handover") == "violation"


def test_legal_review_for_employer_initiated_terminations(check_case):
    case = make_case({"steps.legal_review": {"reviewer": "L0003", "approved_on": None}})
    assert status(check_case(case), "INT-legal-review") == "violation"


def test_no_legal_review_needed_for_a_resignation(check_case):
    case = make_case({"termination.ground": "resignation", "termination.initiated_by": "employee",
                      "steps.legal_review": {"reviewer": None, "approved_on": None}})
    assert status(check_case(case), "INT-legal-review") is None


def test_exit_interview_missing_fires_and_is_waivable(check_case):
    missing = {"steps.exit_interview": {"held_on": None, "declined": False}}
    assert status(check_case(make_case(missing)), "INT-exit-interview") == "violation"
    waived = make_case(missing)
    waived["waivers"] = [{"rule": "INT-exit-interview", "approved_by": "H0001",
                          "reason": "employee on sick leave", "expires_on": "2026-12-31"}]
    report = check_case(waived)
    assert status(report, "INT-exit-interview") == "waived"
    assert report["verdict"] == "ready"


def test_declined_exit_interview_is_fine(check_case):
    case = make_case({"steps.exit_interview": {"held_on": None, "declined": True}})
    assert status(check_case(case), "INT-exit-interview") is None
