"""Waivers on a case under a layered policy (issue 4 item 3).

Honoured only for rules marked ``waivable``, only until they expire, always listed in the
report; a waiver of a non-waivable rule or an expired one is itself a finding; statutory
amounts (settlement shortfalls) are never waivable.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from helpers import DATA, finding, make_case

from offboard_policy.engine import evaluate
from offboard_policy.policy import load_policy
from offboard_policy.render import render

PAID = {"settlement.economic_compensation": "157010.83",
        "settlement.other": [{"id": "company_bonus", "amount": "2000"},
                             {"id": "economic_compensation_extra", "amount": "15701.08"}]}


@pytest.fixture(scope="module")
def company() -> Any:
    return load_policy(DATA / "policies" / "company.yaml")


def waiver(rule: str, expires_on: str | None = "2026-12-31") -> dict[str, Any]:
    return {"rule": rule, "approved_by": "H0001", "reason": "employee on sick leave",
            "expires_on": expires_on}


def test_a_valid_waiver_is_honoured_and_shown_in_text_and_json(company: Any) -> None:
    case = make_case(**PAID, **{"steps.exit_interview": {"held_on": None, "declined": False},
                                "waivers": [waiver("INT-interview")]})
    report = evaluate(company, case)
    f = finding(report, "INT-interview")
    assert f.status == "waived" and report.verdict == "ready"
    contract = json.loads(render(report, "json", lang="en"))
    assert contract["waivers"] == [{"rule": "INT-interview", "approved_by": "H0001",
                                    "reason": "employee on sick leave",
                                    "expires_on": "2026-12-31"}]
    (waived,) = [x for x in contract["findings"] if x["rule"] == "INT-interview"]
    assert waived["status"] == "waived" and waived["waiver"]["approved_by"] == "H0001"
    text = render(report, "text", lang="en", color=False)
    assert "INT-interview" in text and "employee on sick leave" in text and "H0001" in text


def test_a_waiver_is_listed_even_when_nothing_needed_it(company: Any) -> None:
    report = evaluate(company, make_case(**PAID, waivers=[waiver("INT-interview")]))
    assert [w.rule for w in report.waivers] == ["INT-interview"]
    assert report.findings == ()


def test_an_expired_waiver_is_a_finding_and_does_not_waive(company: Any) -> None:
    case = make_case(**PAID, **{"steps.exit_interview": {"held_on": None, "declined": False},
                                "waivers": [waiver("INT-interview", "2026-10-31")]})
    assert finding(evaluate(company, case), "INT-interview").status == "waived"
    later = evaluate(company, case, as_of=date(2026, 11, 1))
    assert finding(later, "INT-interview").status == "violation"
    assert finding(later, "OP-waiver-expired").severity == "warning"


def test_a_statutory_check_is_never_waived(company: Any) -> None:
    case = make_case(**PAID, **{"termination.union_notified_on": None,
                                "waivers": [waiver("T-union")]})
    report = evaluate(company, case)
    assert finding(report, "T-union").status == "violation"
    assert finding(report, "OP-waiver-not-waivable").status == "violation"
    assert report.verdict == "blocked"


def test_statutory_amounts_are_never_waivable(company: Any) -> None:
    short = {**PAID, "settlement.economic_compensation": "150000.00"}
    report = evaluate(company, make_case(**short, waivers=[waiver("T-compensation")]))
    f = finding(report, "T-compensation")
    assert (f.status, f.severity) == ("violation", "blocking")
    assert f.waiver is None
    problem = finding(report, "OP-waiver-not-waivable")
    assert "T-compensation" in problem.message.en
    assert report.verdict == "blocked"
    line = next(x for x in report.settlement if x.id == "economic_compensation")
    assert line.required is not None
    assert line.shortfall == line.required - line.proposed  # the shortfall stands


def test_an_internal_amount_is_not_waivable_either(company: Any) -> None:
    # settlement lines are not checks: no ``waivable`` flag, so no waiver applies to them
    unpaid = {"settlement.economic_compensation": "172711.92"}
    report = evaluate(company, make_case(**unpaid, waivers=[waiver("INT-bonus")]))
    assert finding(report, "INT-bonus").status == "violation"
    assert finding(report, "OP-waiver-not-waivable")
