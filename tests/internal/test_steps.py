"""The company offboarding rules of rules/internal/steps, one behaviour at a time.

Each test starts from a ready fixture of an example policy (loaded as a dict) and changes
the fields it is about; the expected outcome and its working are written beside it.
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from offboard_policy.yamlio import load_yaml

ROOT = Path(__file__).resolve().parents[2]
MFG = "policies/example-manufacturing.yaml"
NET = "policies/example-internet.yaml"


@cache
def _fixture(name: str) -> dict[str, Any]:
    data: dict[str, Any] = load_yaml(ROOT / name).data
    return data


def case(policy: str, **changes: Any) -> dict[str, Any]:
    """The ready fixture of ``policy`` with dotted-path changes."""
    name = ("fixtures/manufacturing/ready.yaml" if policy == MFG
            else "fixtures/internet/ready.yaml")
    data = copy.deepcopy(_fixture(name))
    for path, value in changes.items():
        node = data
        *parents, last = path.split(".")
        for p in parents:
            node = node[p]
        node[last] = value
    return data


def status(report: dict[str, Any], rule: str) -> str | None:
    found = [f for f in report["findings"] if f["rule"] == rule]
    return found[0]["status"] if found else None


def severity(report: dict[str, Any], rule: str) -> str:
    (f,) = [f for f in report["findings"] if f["rule"] == rule]
    return str(f["severity"])


# -- approvals ----------------------------------------------------------------------------------


def test_key_position_needs_a_senior_approval(check_case: Any) -> None:
    approvals = case(MFG)["steps"]["approvals"][:2]  # line manager and HR only
    report = check_case(case(MFG, **{"steps.approvals": approvals}), policy=MFG)
    assert status(report, "INT-approvals-senior") == "violation"
    assert report["verdict"] == "blocked"
    not_key = case(MFG, **{"steps.approvals": approvals,
                           "employee.position.key_position": False})
    assert status(check_case(not_key, policy=MFG), "INT-approvals-senior") is None


def test_approval_after_the_last_working_day_does_not_count(check_case: Any) -> None:
    approvals = [{"role": "line_manager", "by": "M0007", "approved_on": "2026-08-20"},
                 {"role": "hr", "by": "H0002", "approved_on": "2026-10-01"}]
    report = check_case(case(NET, **{"steps.approvals": approvals}), policy=NET)
    assert status(report, "INT-approvals") == "violation"


# -- handover -----------------------------------------------------------------------------------


def test_handover_target_counts_prc_working_days(check_case: Any) -> None:
    # ready fixture: Thu 2026-09-24 .. Tue 2026-09-29 = Thu, Mon, Tue = 3 working days
    # (Fri 25 is the 2026 Mid-Autumn Festival): within the target of 3; Mon-Fri would give 4
    assert status(check_case(case(MFG), policy=MFG), "INT-handover-target") is None
    # one day earlier: Wed 23, Thu 24, Mon 28, Tue 29 = 4 > 3: a warning, still ready
    report = check_case(case(MFG, **{"steps.handover.started_on": "2026-09-23"}), policy=MFG)
    assert status(report, "INT-handover-target") == "violation"
    assert severity(report, "INT-handover-target") == "warning"
    assert report["verdict"] == "ready"
    (f,) = [f for f in report["findings"] if f["rule"] == "INT-handover-target"]
    assert f["message"].startswith("The handover took 4 working days (2026-09-23 to 2026-09-29)")


def test_adjusted_working_sunday_counts(check_case: Any) -> None:
    # Sun 2026-09-20 is a working day (made up for the Mid-Autumn Festival): started then,
    # Sun 20, Mon 21 .. Thu 24, Mon 28, Tue 29 = 7 working days; the internet target is 5
    report = check_case(case(NET, **{"steps.handover.started_on": "2026-09-20"}), policy=NET)
    (f,) = [f for f in report["findings"] if f["rule"] == "INT-handover-target"]
    assert "took 7 working days" in f["message"]


def test_handover_start_defaults_to_the_notice_date(check_case: Any) -> None:
    # notice 2026-08-31: a month of working days, far over the target
    report = check_case(case(MFG, **{"steps.handover.started_on": None}), policy=MFG)
    assert status(report, "INT-handover-target") == "violation"


def test_dual_signoff_for_key_positions(check_case: Any) -> None:
    # HR's signature is an extension field: a case without it does not say whether HR signed
    no_hr = case(MFG, **{"steps.handover.signed_by_hr_on": None})
    report = check_case(no_hr, policy=MFG)
    (f,) = [f for f in report["findings"] if f["rule"] == "INT-handover-dual-signoff"]
    assert (f["status"], f["fields"][0]) == ("incomplete", "steps.handover.signed_by_hr_on")
    assert f["message"] == ("Cannot decide, data missing: steps.handover.signed_by_hr_on: record "
                            "the day HR signed the handover ledger")
    late = case(MFG, **{"steps.handover.signed_by_hr_on": "2026-10-01"})  # last day 09-30
    assert status(check_case(late, policy=MFG), "INT-handover-dual-signoff") == "violation"
    no_supervisor = case(MFG, **{"steps.handover.signed_by_supervisor_on": None})
    assert status(check_case(no_supervisor, policy=MFG),
                  "INT-handover-dual-signoff") == "violation"  # contract field: not signed
    no_hr["employee"]["position"]["key_position"] = False
    assert status(check_case(no_hr, policy=MFG), "INT-handover-dual-signoff") is None


@pytest.mark.parametrize("field, value, rule, expected", [
    # the data says no: a violation
    ("steps.handover.successor", None, "INT-handover-successor", "violation"),
    ("steps.handover.checklist_complete", False, "INT-handover-checklist", "violation"),
    ("steps.handover.signed_by_successor_on", "2026-10-02", "INT-handover", "violation"),
    ("steps.handover.signed_by_successor_on", None, "INT-handover", "violation"),
    ("steps.handover.documents_archived", False, "INT-handover-archive", "violation"),
    # the data does not say: incomplete, naming the field
    ("steps.handover.checklist_complete", None, "INT-handover-checklist", "incomplete"),
    ("steps.handover.documents_archived", None, "INT-handover-archive", "incomplete"),
])
def test_handover_steps_block(check_case: Any, field: str, value: Any, rule: str,
                              expected: str) -> None:
    report = check_case(case(NET, **{field: value}), policy=NET)
    (f,) = [f for f in report["findings"] if f["rule"] == rule]
    assert f["status"] == expected
    if expected == "incomplete":
        assert f["fields"][0] == field
        assert f["message"].startswith(f"Cannot decide, data missing: {field}: record whether")
    assert report["verdict"] == "blocked"


def test_open_handover_task_blocks(check_case: Any) -> None:
    tasks = [{"id": "HT-1", "assignee": "E2001", "completed_on": "2026-09-28"},
             {"id": "HT-2", "assignee": "E2002", "completed_on": None}]
    report = check_case(case(NET, **{"steps.handover.tasks": tasks}), policy=NET)
    (f,) = [f for f in report["findings"] if f["rule"] == "INT-handover-tasks"]
    assert f["message"].startswith("1 handover task(s) not completed")


def test_product_documents_only_for_product_managers(check_case: Any) -> None:
    docs = [{"kind": "project_documents", "uploaded_on": "2026-09-22"}]
    missing = case(NET, **{"steps.handover.documents": docs})
    report = check_case(missing, policy=NET)
    (f,) = [f for f in report["findings"] if f["rule"] == "INT-handover-documents"]
    assert "2 of the three are missing" in f["message"]
    missing["employee"]["position"]["job_family"] = "engineering"
    assert status(check_case(missing, policy=NET), "INT-handover-documents") is None
    # the manufacturer does not require the uploads at all
    pm = case(MFG, **{"employee.position.job_family": "product", "steps.handover.documents": []})
    assert status(check_case(pm, policy=MFG), "INT-handover-documents") is None
    # a case with no upload records at all does not say whether anything was uploaded
    none_listed = check_case(case(NET, **{"steps.handover.documents": []}), policy=NET)
    assert status(none_listed, "INT-handover-documents") == "incomplete"


# -- assets and access --------------------------------------------------------------------------


def test_account_revoked_before_notice_is_a_warning(check_case: Any) -> None:
    accounts = [{"system": "gitlab", "revoked_on": "2026-08-15"},  # notice: 2026-08-31
                {"system": "erp", "revoked_on": "2026-09-30"}]
    report = check_case(case(NET, **{"steps.accounts": accounts}), policy=NET)
    assert severity(report, "INT-account-revoked-early") == "warning"
    assert report["verdict"] == "ready"


def test_account_revocation_cannot_be_waived(check_case: Any) -> None:
    data = case(NET)
    data["steps"]["accounts"][1]["revoked_on"] = None
    data["waivers"] = [{"rule": "INT-account-revocation", "approved_by": "H0001",
                        "reason": "still migrating data", "expires_on": "2026-12-31"}]
    report = check_case(data, policy=NET)
    assert status(report, "INT-account-revocation") == "violation"
    assert status(report, "OP-waiver-not-waivable") == "violation"
    assert report["verdict"] == "blocked"


# -- exit interview, payroll, archive -----------------------------------------------------------


def test_exit_interview_declined_is_fine_and_feedback_is_checked(check_case: Any) -> None:
    declined = case(NET, **{"steps.exit_interview": {"held_on": None, "declined": True}})
    report = check_case(declined, policy=NET)
    assert status(report, "INT-exit-interview") is None
    assert status(report, "INT-exit-feedback") is None
    no_feedback = case(NET, **{"steps.exit_interview.feedback_recorded": None})
    report = check_case(no_feedback, policy=NET)
    assert status(report, "INT-exit-feedback") == "incomplete"  # the case does not say
    assert report["verdict"] == "ready"  # a warning
    not_entered = case(NET, **{"steps.exit_interview.feedback_recorded": False})
    assert status(check_case(not_entered, policy=NET), "INT-exit-feedback") == "violation"


def test_records_filed_blocks_only_where_the_policy_raised_it(check_case: Any) -> None:
    mfg = check_case(case(MFG, **{"steps.records_archived_on": None}), policy=MFG)
    net = check_case(case(NET, **{"steps.records_archived_on": None}), policy=NET)
    assert (severity(mfg, "INT-records-archived"), mfg["verdict"]) == ("blocking", "blocked")
    assert (severity(net, "INT-records-archived"), net["verdict"]) == ("warning", "ready")
    # the case does not carry the date: incomplete (what to record), never "not filed"
    assert status(mfg, "INT-records-archived") == status(net, "INT-records-archived") == (
        "incomplete")


def test_door_access_without_a_record_is_incomplete(check_case: Any) -> None:
    accounts = [a for a in case(MFG)["steps"]["accounts"] if a["system"] != "door_access"]
    report = check_case(case(MFG, **{"steps.accounts": accounts}), policy=MFG)
    (f,) = [f for f in report["findings"] if f["rule"] == "INT-door-access"]
    assert (f["status"], f["fields"]) == ("incomplete", ["steps.accounts"])
    assert f["message"] == ("Cannot decide, data missing: steps.accounts: no door_access "
                            "record; record the door access (system door_access) and the day "
                            "it was revoked")


@pytest.mark.parametrize("policy", [MFG, NET])
def test_a_required_laptop_with_no_record_is_incomplete_not_passed(check_case: Any,
                                                                   policy: str) -> None:
    others = [a for a in case(policy)["steps"]["assets"] if a["kind"] != "laptop"]
    report = check_case(case(policy, **{"steps.assets": others}), policy=policy)
    (f,) = [f for f in report["findings"] if f["rule"] == "INT-asset-kinds-recorded"]
    assert f["status"] == "incomplete" and report["verdict"] == "blocked"
    assert f["message"] == ("Cannot decide, data missing: steps.assets: no laptop listed; "
                            "record the laptop (kind laptop) and the day it was returned")
    # no assets at all: the same (all() over nothing would have passed)
    empty = check_case(case(policy, **{"steps.assets": []}), policy=policy)
    assert status(empty, "INT-asset-kinds-recorded") == "incomplete"
    assert status(empty, "INT-asset-return") is None
    # written as HR writes it: 笔记本 is a laptop
    zh = case(policy, **{"steps.assets": [*others, {"id": "LT-1", "kind": "笔记本",
                                                    "returned_on": "2026-09-30"}]})
    assert status(check_case(zh, policy=policy), "INT-asset-kinds-recorded") is None


# -- legal review -------------------------------------------------------------------------------

RESIGNATION = {"termination.ground": "resignation", "termination.initiated_by": "employee",
               "termination.union_notified_on": None, "settlement.economic_compensation": "0",
               "steps.legal_review": {"reviewer": None, "approved_on": None}}


@pytest.mark.parametrize("policy, extra, needed", [
    (NET, {}, False),                                                   # plain resignation
    (NET, {"employee.protected_statuses": ["pregnancy"]}, True),
    (NET, {"termination.dispute_pending": True}, True),
    (NET, {"employee.position.key_position": True}, False),             # off by default
    (MFG, {}, True),                                                    # key position: on
    (NET, {"settlement.other": [{"id": "retention", "amount": "273000.00"}]}, True),
    (NET, {"settlement.other": [{"id": "retention", "amount": "200000.00"}]}, False),
])
def test_legal_review_triggers(check_case: Any, policy: str, extra: dict[str, Any],
                               needed: bool) -> None:
    # proposed total without 'other': 0 + 0 + 6119.54 + 21000.00 = 27119.54; with a
    # 273000.00 retention payment 300119.54 > 300000 (the internet threshold); with 200000.00
    # 227119.54, below it
    report = check_case(case(policy, **RESIGNATION, **extra), policy=policy)
    assert (status(report, "INT-legal-review") == "violation") is needed


def test_legal_review_below_the_threshold(check_case: Any) -> None:
    # 27119.54 + 272880.46 = 300000.00: not above 300000
    extra = {"settlement.other": [{"id": "retention", "amount": "272880.46"}]}
    report = check_case(case(NET, **RESIGNATION, **extra), policy=NET)
    assert status(report, "INT-legal-review") is None


def test_legal_review_approved_passes(check_case: Any) -> None:
    report = check_case(case(NET, **{"termination.dispute_pending": True}), policy=NET)
    assert status(report, "INT-legal-review") is None  # approved on 2026-08-27
